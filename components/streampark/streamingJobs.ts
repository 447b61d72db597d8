/**
 * The warehouse's Flink SQL jobs as StreamPark jobs: one StreamParkJob per definition, with the
 * stack's checkpointing, state TTL, memory and restart settings, per-job overrides (parallelism,
 * checkpoint interval, state TTL, upgrade strategy, pinned SQL version), the secret variables its
 * SQL references, and the health gate its upgrades must pass.
 */
import * as pulumi from "@pulumi/pulumi";
import type { HealthGate, UpgradeStrategy } from "./lifecycle/jobSpec";
import { variablePlaceholders } from "./lifecycle/jobSpec";
import type { StreamParkBootstrap } from "./streamParkBootstrap";
import type { SinkTable } from "./lifecycle/blueGreen";
import { StreamParkJob } from "./resources";
import type { CanaryInput, SinkEnginesInput } from "./providers/canaryInputs";
import type { EndpointRef } from "../platform/endpoint";

export interface StreamingJobDefinition {
  name: string;
  /** Rendered SQL; secrets as `${code}` references to the bootstrap's variables. */
  sql: pulumi.Input<string>;
  parallelism: number;
  /** Variable codes the SQL uses; found in the SQL when it is a plain string, else all variables. */
  variables?: string[];
  tags?: string[];
  description?: string;
  /** The job's sinks and whether each is a primary-key table (blue-green is refused otherwise). */
  sinks?: SinkTable[];
}

/** A Flink duration ("30s") or milliseconds (what the stack config resolves durations to). */
export type Duration = string | number;

function flinkDuration(d: Duration): string {
  return typeof d === "number" ? `${d}ms` : d;
}

/** Stack-wide job settings (memory sizes as Flink writes them: "2048m"); a job's override wins. */
export interface StreamingJobSettings {
  checkpointInterval?: Duration;
  checkpointTimeout?: Duration;
  checkpointMinPause?: Duration;
  stateTtl?: Duration;
  taskManagerMemory?: string;
  jobManagerMemory?: string;
  restartAttempts: number;
}

export interface StreamingJobOverride {
  parallelism?: number;
  checkpointInterval?: Duration;
  checkpointTimeout?: Duration;
  checkpointMinPause?: Duration;
  stateTtl?: Duration;
  upgradeStrategy?: UpgradeStrategy;
  pinnedSqlVersion?: number;
  /** running (default) or suspended (stopped with a savepoint, the application kept). */
  state?: "running" | "suspended";
  /** One-click rollback to a savepoint of the job's history (output savepointHistory). */
  restoreFrom?: string;
  /** This job's gate (e.g. derived from its checkpoint interval); default `healthGate`. */
  healthGate?: HealthGate;
  /** The savepoint scheduler's history endpoint, for a job with `savepoints: { every, keep }`. */
  savepointHistoryUrl?: pulumi.Input<string | EndpointRef>;
  /** upgradeStrategy canary: the window and the comparison's tolerances. */
  canary?: CanaryInput;
}

export interface StreamingJobsArgs {
  streampark: StreamParkBootstrap;
  jobs: StreamingJobDefinition[];
  settings: StreamingJobSettings;
  overrides?: Record<string, StreamingJobOverride | undefined>;
  healthGate?: HealthGate;
  /** Where upgrade and final savepoints go; default the cluster's execution.checkpointing.savepoint-dir. */
  savepointDir?: pulumi.Input<string>;
  /** How canary jobs reach their sinks' engines (shadow tables, the comparison); only canary jobs get it. */
  sinkEngines?: pulumi.Input<SinkEnginesInput>;
  canaryPaimonEndpoint?: pulumi.Input<string | EndpointRef>;
  canaryStarRocksEndpoint?: pulumi.Input<string | EndpointRef>;
  /** Name of one of the bootstrap's alert configurations, bound to every job. */
  alertName?: string;
  tags?: string[];
  dependsOn?: pulumi.Input<pulumi.Resource>[];
}

export class StreamingJobs extends pulumi.ComponentResource {
  readonly jobs: Record<string, StreamParkJob>;

  constructor(name: string, args: StreamingJobsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("rtdw:streampark:StreamingJobs", name, {}, opts);
    const sp = args.streampark;
    const alert = args.alertName ? sp.alerts[args.alertName] : undefined;
    if (args.alertName && !alert) throw new Error(`StreamingJobs: no alert configuration named '${args.alertName}' in the StreamPark bootstrap`);
    const seen = new Set<string>();
    this.jobs = {};
    for (const job of args.jobs) {
      if (seen.has(job.name)) throw new Error(`StreamingJobs: job '${job.name}' is defined twice`);
      seen.add(job.name);
      const o = args.overrides?.[job.name] ?? {};
      const codes = job.variables ?? (typeof job.sql === "string" ? variablePlaceholders(job.sql) : Object.keys(sp.variables));
      const duration = (k: "checkpointInterval" | "checkpointTimeout" | "checkpointMinPause" | "stateTtl"): string => {
        const d = o[k] ?? args.settings[k];
        if (d === undefined) throw new Error(`StreamingJobs: job '${job.name}' has no ${k} (set it in settings or in the job's override)`);
        return flinkDuration(d);
      };
      const missing = codes.filter((c) => !sp.variables[c]);
      if (missing.length > 0) throw new Error(`StreamingJobs: job '${job.name}' references StreamPark variables ${missing.join(", ")} that the bootstrap does not define`);
      this.jobs[job.name] = new StreamParkJob(`${name}-${job.name}`, {
        connection: sp.connection,
        name: job.name,
        sql: job.sql,
        executionMode: sp.executionMode,
        clusterId: sp.clusterId,
        flinkEnvId: sp.envId,
        flinkRestUrl: sp.flinkRestUrl,
        options: {
          parallelism: o.parallelism ?? job.parallelism,
          checkpointInterval: duration("checkpointInterval"),
          checkpointTimeout: duration("checkpointTimeout"),
          checkpointMinPause: duration("checkpointMinPause"),
          stateTtl: duration("stateTtl"),
          taskManagerMemory: args.settings.taskManagerMemory,
          jobManagerMemory: args.settings.jobManagerMemory,
        },
        restartAttempts: args.settings.restartAttempts,
        tags: [...(args.tags ?? []), ...(job.tags ?? [])],
        description: job.description ?? "Managed by Pulumi (rtdw)",
        alertId: alert?.alertId,
        upgradeStrategy: o.upgradeStrategy,
        healthGate: o.healthGate ?? args.healthGate,
        pinnedSqlVersion: o.pinnedSqlVersion,
        desiredState: o.state,
        // Only blue-green and canary read them: other jobs' inputs stay as they were (no change on
        // upgrade of rtdw); only canary needs each sink's DDL (its shadow table is created from it).
        sinks: o.upgradeStrategy === "blue-green" ? (job.sinks ?? []).map(({ table, primaryKey }) => ({ table, primaryKey }))
          : o.upgradeStrategy === "canary" ? job.sinks ?? [] : undefined,
        canary: o.upgradeStrategy === "canary" ? o.canary : undefined,
        sinkEngines: o.upgradeStrategy === "canary" ? args.sinkEngines : undefined,
        canaryPaimonEndpoint: o.upgradeStrategy === "canary" ? args.canaryPaimonEndpoint : undefined,
        canaryStarRocksEndpoint: o.upgradeStrategy === "canary" ? args.canaryStarRocksEndpoint : undefined,
        restoreFrom: o.restoreFrom,
        savepointHistoryUrl: o.savepointHistoryUrl,
        savepointDir: args.savepointDir,
        variables: codes.map((c) => sp.variables[c]),
      }, { parent: this, dependsOn: [sp, ...(args.dependsOn ?? [])] });
    }
    this.registerOutputs({
      appIds: Object.fromEntries(Object.entries(this.jobs).map(([n, j]) => [n, j.appId])),
      sqlVersions: Object.fromEntries(Object.entries(this.jobs).map(([n, j]) => [n, j.sqlVersion])),
    });
  }
}
