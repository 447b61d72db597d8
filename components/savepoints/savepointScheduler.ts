/**
 * The savepoint scheduler as a service of the stack (platform-neutral; the Docker and Kubernetes
 * backends render it as they render the load generator): a stock Node image runs the bundle of
 * ./cli.ts with the rendered schedule as a file, its history on a small data volume, its HTTP
 * port exposed to the operator's machine (the job provider reads GET /history on refresh), and
 * one declared connection: the JobManager's REST port (network policies derive from it).
 */
import * as pulumi from "@pulumi/pulumi";
import type { DeployedService, Flow, ImageContract, Platform } from "../platform/service";
import type { EndpointRef } from "../platform/endpoint";
import { NODE_CONTRACT, NODE_IMAGE, packBundle } from "../loadgen/loadGenerator";
import type { JobSchedule, ScheduleFile } from "../streampark/savepointSchedule";
import { SCHEDULER_PATHS } from "../streampark/savepointSchedule";

export const SCHEDULER_SERVICE = "savepoint-scheduler";

/**
 * docker-library/node 20/bookworm-slim (user node, uid/gid 1000, home /home/node owned by it: a
 * new Docker volume mounted there takes that ownership; on Kubernetes fsGroup 1000 does).
 */
export const SCHEDULER_CONTRACT: ImageContract = {
  ...NODE_CONTRACT,
  writablePaths: ["/tmp", SCHEDULER_PATHS.dataDir],
  env: ["RTDW_SAVEPOINT_SCHEDULE", "RTDW_SAVEPOINT_HISTORY", "RTDW_SAVEPOINT_PORT"],
  ports: [SCHEDULER_PATHS.httpPort],
  memory: { kind: "native", note: "Node 20; V8's old space capped by --max-old-space-size in the command (measured ~60 MiB RSS idle)" },
};

const BUNDLE_PATH = "/opt/rtdw/savepoint-scheduler.js.gz.b64";
const UNPACKED_PATH = "/tmp/savepoint-scheduler.js";

export interface SavepointSchedulerArgs {
  platform: Platform;
  /** savepointSchedulerBundle() */
  bundle: string;
  /** The jobs with a schedule (rtdw:jobs.<job>.savepoints). */
  jobs: JobSchedule[];
  /** The JobManager's REST URL inside the platform's network. */
  flinkRestUrl: pulumi.Input<string>;
  /** How it reaches the JobManager's REST port. */
  jobManagerFlow: Flow;
  savepointDir?: string;
  memoryMiB: number;
  tickSeconds?: number;
  dependsOn?: pulumi.Input<pulumi.Resource>[];
}

/** Pure: the schedule file the service reads. */
export function scheduleFile(flinkRestUrl: string, jobs: JobSchedule[], savepointDir: string | undefined, tickSeconds: number): ScheduleFile {
  return {
    flinkRestUrl,
    ...(savepointDir ? { savepointDir } : {}),
    // A savepoint of the seed's largest state (the joins) within the checkpoint timeout's range.
    operationTimeoutSeconds: 900,
    tickSeconds,
    jobs: [...jobs].sort((a, b) => a.name.localeCompare(b.name)),
  };
}

export class SavepointScheduler extends pulumi.ComponentResource {
  readonly service: DeployedService;
  /** Where the operator's machine reads the history (the job provider's `savepointHistoryUrl`). */
  readonly historyEndpoint: pulumi.Output<EndpointRef>;

  constructor(name: string, args: SavepointSchedulerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("rtdw:savepoints:SavepointScheduler", name, {}, opts);
    const schedule = pulumi.output(args.flinkRestUrl).apply((url) => JSON.stringify(scheduleFile(url, args.jobs, args.savepointDir, args.tickSeconds ?? 15), null, 1));
    this.service = args.platform.deploy({
      name: SCHEDULER_SERVICE,
      image: NODE_IMAGE,
      contract: SCHEDULER_CONTRACT,
      egress: [args.jobManagerFlow],
      command: ["sh", "-c", `base64 -d ${BUNDLE_PATH} | gunzip > ${UNPACKED_PATH} && exec node --max-old-space-size=32 ${UNPACKED_PATH}`],
      env: {
        RTDW_SAVEPOINT_SCHEDULE: SCHEDULER_PATHS.schedule,
        RTDW_SAVEPOINT_HISTORY: SCHEDULER_PATHS.history,
        RTDW_SAVEPOINT_PORT: String(SCHEDULER_PATHS.httpPort),
      },
      ports: [{ name: "http", port: SCHEDULER_PATHS.httpPort, expose: true }],
      files: [
        { path: BUNDLE_PATH, content: packBundle(args.bundle) },
        { path: SCHEDULER_PATHS.schedule, content: schedule },
      ],
      dataVolumes: [{ name: "history", mountPath: SCHEDULER_PATHS.dataDir, sizeGiB: 1 }],
      health: { http: { path: SCHEDULER_PATHS.healthPath, port: SCHEDULER_PATHS.httpPort }, startupSeconds: 60 },
      resources: { memoryMiB: args.memoryMiB, cpu: 0.1 },
      dependsOn: args.dependsOn,
    }, this);
    this.historyEndpoint = this.service.endpoint("http");
    this.registerOutputs({ historyEndpoint: this.historyEndpoint });
  }
}
