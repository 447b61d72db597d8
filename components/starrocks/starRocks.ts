/**
 * StarRocks 3.5 for serving: one allin1 container (FE + BE, dev) or FE and BE as separate
 * StatefulSets (Kubernetes). Backends are registered with the FE by StarRocks' own start scripts;
 * root's password is the stack's secret from the first start (./rootPassword.ts).
 * Images, paths and scripts: StarRocks/starrocks docker/dockerfiles (allin1-ubuntu.Dockerfile:
 * WORKDIR /data/deploy, CMD ./entrypoint.sh, meta and storage under /data/deploy/starrocks;
 * fe-ubuntu / be-ubuntu: /opt/starrocks/{fe,be}, /opt/starrocks/fe_entrypoint.sh <fe service>,
 * /opt/starrocks/be_entrypoint.sh <fe service>, HOST_TYPE=FQDN for stable names).
 *
 * As the StarRocks operator does (StarRocks/starrocks-kubernetes-operator
 * pkg/common/resource_utils/service.go: a ClusterIP FE Service, plus a headless search Service with
 * publishNotReadyAddresses as the StatefulSet's governing service), followers reach the FE Service
 * before they are ready themselves: the platform creates Services independently of their workload.
 *
 * Chosen over the kube-starrocks operator: the operator would add a CRD, a controller and a Helm
 * release to every cluster and hide BE registration behind its reconcile loop; StarRocks' own
 * entrypoints already register FEs and BEs, and plain StatefulSets keep one platform model for
 * Docker and Kubernetes.
 */
import * as pulumi from "@pulumi/pulumi";
import { StarRocksSettings } from "../config/stackConfig";
import { DeployedService, EndpointRef, Flow, Platform, ServiceSpec, SharedMount } from "../platform/service";
import { jvmHeapFor, jvmNonHeapMiB } from "../platform/imageContract";
import { ROOT_PASSWORD_WRAPPER, ROOT_PASSWORD_WRAPPER_PATH } from "./rootPassword";
import { STARROCKS_PATHS, starrocksContract, starrocksImage } from "./image";

export { starrocksImage } from "./image";

export const STARROCKS_PORTS = {
  feHttp: 8030,
  feRpc: 9020,
  query: 9030,
  editLog: 9010,
  bePort: 9060,
  beHttp: 8040,
  heartbeat: 9050,
  brpc: 8060,
  /**
   * The all-in-one image's nginx FE proxy: it follows the FE's stream-load redirect to the BE inside
   * the container (StarRocks/starrocks docker/dockerfiles/allin1/services/feproxy/feproxy.conf.template:
   * `listen 8080`, `error_page 307 = @handle_redirect` for /api/transaction/load and _stream_load;
   * allin1-HOWTO.md). Straight to 8030, the FE redirects to the BE it registered as 127.0.0.1, i.e.
   * the TaskManager's own container.
   */
  allin1FeProxy: 8080,
} as const;


/** Memory of an allin1 container split between its FE (a quarter, at least 1 GiB) and its BE, with 256 MiB to spare. */
export function allin1Split(limitMiB: number): { feHeap: number; beMemLimit: number } {
  const feTotal = Math.max(1024, Math.floor(limitMiB / 4));
  const feHeap = jvmHeapFor(feTotal);
  return { feHeap, beMemLimit: limitMiB - (feHeap + jvmNonHeapMiB(feHeap)) - 256 };
}

/** Healthy = root's password works and at least one backend is alive (SHOW BACKENDS `Alive`). */
const SERVING_CHECK = ["bash", "-c",
  "MYSQL_PWD=\"$STARROCKS_ROOT_PASSWORD\" mysql -h 127.0.0.1 -P 9030 -u root -N -e 'SHOW BACKENDS' | grep -qw true"];

export interface StarRocksArgs {
  platform: Platform;
  version: string;
  settings: StarRocksSettings;
  rootPassword: pulumi.Output<string>;
  /** The lake, mounted where the Paimon external catalog expects it (volume storage). */
  sharedMounts: SharedMount[];
  /** Container memory: the allin1's, or the FE's and the BE's. */
  memoryMiB: { allin1: number; fe: number; be: number };
  /** What the Paimon catalog opens to read the lake (object storage), if anything. */
  lakeFlows: Flow[];
}

const FE_HOST = "starrocks-fe";
const BE_HOST = "starrocks-be";

export function starRocksServiceSpecs(a: StarRocksArgs): ServiceSpec[] {
  const wrapper = { path: ROOT_PASSWORD_WRAPPER_PATH, content: ROOT_PASSWORD_WRAPPER, mode: 0o755 };
  const secretEnv = { STARROCKS_ROOT_PASSWORD: a.rootPassword };
  const mem = a.memoryMiB;
  const lakeFlows = a.lakeFlows;
  if (a.settings.topology === "allin1") {
    const split = allin1Split(mem.allin1);
    return [{
      name: "starrocks",
      image: starrocksImage("allin1", a.version),
      contract: starrocksContract("allin1", a.version),
      command: ["bash", ROOT_PASSWORD_WRAPPER_PATH, "./entrypoint.sh"],
      env: {
        RTDW_ROLE: "allin1", RTDW_META_DIR: "/data/deploy/starrocks/fe/meta", RTDW_BOOTSTRAP_FILE: "/data/deploy/starrocks/bootstrap_done",
        RTDW_FE_CONF: STARROCKS_PATHS.allin1.feConf, RTDW_FE_HEAP_MIB: String(split.feHeap),
        RTDW_BE_CONF: STARROCKS_PATHS.allin1.beConf, RTDW_BE_MEM_LIMIT_MIB: String(split.beMemLimit),
      },
      secretEnv,
      files: [wrapper],
      ports: [
        { name: "query", port: STARROCKS_PORTS.query, expose: true },
        { name: "fe-http", port: STARROCKS_PORTS.feHttp, expose: true },
        { name: "be-http", port: STARROCKS_PORTS.beHttp },
        { name: "fe-proxy", port: STARROCKS_PORTS.allin1FeProxy },
      ],
      dataVolumes: [
        { name: "fe-meta", mountPath: "/data/deploy/starrocks/fe/meta", sizeGiB: a.settings.feStorageGiB },
        { name: "be-storage", mountPath: "/data/deploy/starrocks/be/storage", sizeGiB: a.settings.beStorageGiB },
      ],
      sharedMounts: a.sharedMounts,
      egress: lakeFlows,
      resources: { memoryMiB: mem.allin1, cpu: 2 },
      health: { command: SERVING_CHECK, startupSeconds: 300, periodSeconds: 10 },
    }];
  }
  const fe: ServiceSpec = {
    name: FE_HOST,
    image: starrocksImage("fe", a.version),
    contract: starrocksContract("fe", a.version),
    command: ["bash", ROOT_PASSWORD_WRAPPER_PATH, "/opt/starrocks/fe_entrypoint.sh", FE_HOST],
    env: {
      RTDW_ROLE: "fe", RTDW_FE_HOST: FE_HOST, RTDW_META_DIR: "/opt/starrocks/fe/meta", HOST_TYPE: "FQDN",
      RTDW_FE_CONF: STARROCKS_PATHS.fe.feConf, RTDW_FE_HEAP_MIB: String(jvmHeapFor(mem.fe)),
    },
    secretEnv,
    files: [wrapper],
    ports: [
      { name: "query", port: STARROCKS_PORTS.query, expose: true },
      { name: "http", port: STARROCKS_PORTS.feHttp, expose: true },
      { name: "rpc", port: STARROCKS_PORTS.feRpc },
      { name: "edit-log", port: STARROCKS_PORTS.editLog },
    ],
    replicas: a.settings.frontends,
    keepAvailable: a.settings.frontends > 1,
    dataVolumes: [{ name: "meta", mountPath: "/opt/starrocks/fe/meta", sizeGiB: a.settings.feStorageGiB }],
    sharedMounts: a.sharedMounts,
    egress: [
      { service: FE_HOST, ports: [STARROCKS_PORTS.editLog, STARROCKS_PORTS.feRpc, STARROCKS_PORTS.query, STARROCKS_PORTS.feHttp], why: "FE replication, leader probe and follower registration" },
      { service: BE_HOST, ports: [STARROCKS_PORTS.heartbeat, STARROCKS_PORTS.bePort, STARROCKS_PORTS.brpc, STARROCKS_PORTS.beHttp], why: "heartbeats, tablet and query RPCs to the backends" },
      ...lakeFlows,
    ],
    resources: { memoryMiB: mem.fe, cpu: 2 },
    health: { http: { path: "/api/health", port: STARROCKS_PORTS.feHttp }, startupSeconds: 300 },
  };
  const be: ServiceSpec = {
    name: BE_HOST,
    image: starrocksImage("be", a.version),
    contract: starrocksContract("be", a.version),
    command: ["bash", ROOT_PASSWORD_WRAPPER_PATH, "/opt/starrocks/be_entrypoint.sh", FE_HOST],
    env: {
      RTDW_ROLE: "be", RTDW_FE_HOST: FE_HOST, HOST_TYPE: "FQDN",
      // BE memory is be.conf's mem_limit (90% of the machine by default): 85% of the container.
      RTDW_BE_CONF: STARROCKS_PATHS.be.beConf, RTDW_BE_MEM_LIMIT_MIB: String(Math.floor(mem.be * 0.85)),
    },
    secretEnv,
    files: [wrapper],
    ports: [
      { name: "http", port: STARROCKS_PORTS.beHttp },
      { name: "be", port: STARROCKS_PORTS.bePort },
      { name: "heartbeat", port: STARROCKS_PORTS.heartbeat },
      { name: "brpc", port: STARROCKS_PORTS.brpc },
    ],
    replicas: a.settings.backends,
    dataVolumes: [{ name: "storage", mountPath: "/opt/starrocks/be/storage", sizeGiB: a.settings.beStorageGiB }],
    sharedMounts: a.sharedMounts,
    egress: [
      { service: FE_HOST, ports: [STARROCKS_PORTS.feRpc, STARROCKS_PORTS.query, STARROCKS_PORTS.feHttp], why: "registration, reports and RPCs to the FEs" },
      { service: BE_HOST, ports: [STARROCKS_PORTS.bePort, STARROCKS_PORTS.brpc, STARROCKS_PORTS.beHttp], why: "data exchange between backends" },
      ...lakeFlows,
    ],
    resources: { memoryMiB: mem.be, cpu: 2 },
    health: { http: { path: "/api/health", port: STARROCKS_PORTS.beHttp }, startupSeconds: 300 },
  };
  return [fe, be];
}

export class StarRocks extends pulumi.ComponentResource {
  readonly frontend: DeployedService;
  readonly backend: DeployedService;
  /** The MySQL-protocol query port as the operator's machine reaches it (DDL provider). */
  readonly queryEndpoint: pulumi.Output<EndpointRef>;
  /** What a client of the warehouse's serving layer connects to (query, stream load and its BE redirect). */
  readonly clientFlows: Flow[];
  /** The query port only (SQL clients: Grafana, the quality exporter). */
  readonly queryFlows: Flow[];
  /** host:port of the query port inside the platform network (Flink's StarRocks sink, Grafana). */
  readonly internalQueryEndpoint: pulumi.Output<string>;
  /** FE http (metrics, REST) inside the platform network. */
  readonly internalFeHttpEndpoint: pulumi.Output<string>;
  /**
   * Where Flink's StarRocks sink sends stream loads (its `load-url`): the all-in-one's FE proxy,
   * else the FE's http port (the BEs register under their service names there).
   */
  readonly streamLoadEndpoint: pulumi.Output<string>;
  readonly metricsTargets: { fe: pulumi.Output<string>; be: pulumi.Output<string> };
  /** The FE's service name inside the platform network, as a plain string (for rendering SQL). */
  readonly feHostInNetwork: string;
  /** The port of `streamLoadEndpoint` on `feHostInNetwork`, as a plain number (for rendering SQL). */
  readonly streamLoadPort: number;

  constructor(name: string, args: StarRocksArgs, opts?: pulumi.ComponentResourceOptions) {
    super("rtdw:starrocks:StarRocks", name, {}, opts);
    const specs = starRocksServiceSpecs(args);
    this.feHostInNetwork = specs[0].name;
    if (specs.length === 1) {
      this.frontend = this.backend = args.platform.deploy(specs[0], this);
      this.internalFeHttpEndpoint = this.frontend.internalEndpoint("fe-http");
      this.streamLoadEndpoint = this.frontend.internalEndpoint("fe-proxy");
      this.streamLoadPort = STARROCKS_PORTS.allin1FeProxy;
      this.metricsTargets = { fe: this.frontend.internalEndpoint("fe-http"), be: this.frontend.internalEndpoint("be-http") };
    } else {
      this.frontend = args.platform.deploy(specs[0], this);
      this.backend = args.platform.deploy({ ...specs[1], dependsOn: [this.frontend.ready] }, this);
      this.internalFeHttpEndpoint = this.frontend.internalEndpoint("http");
      this.streamLoadEndpoint = this.internalFeHttpEndpoint;
      this.streamLoadPort = STARROCKS_PORTS.feHttp;
      this.metricsTargets = { fe: this.frontend.internalEndpoint("http"), be: this.backend.internalEndpoint("http") };
    }
    this.queryEndpoint = this.frontend.endpoint("query");
    // The StarRocks sink's stream load goes to the FE's HTTP port, which redirects to a BE's (connector-sink.md).
    this.clientFlows = specs.length === 1
      ? [{ service: specs[0].name, ports: [STARROCKS_PORTS.query, STARROCKS_PORTS.feHttp, STARROCKS_PORTS.beHttp], why: "StarRocks query and stream load" }]
      : [
        { service: FE_HOST, ports: [STARROCKS_PORTS.query, STARROCKS_PORTS.feHttp], why: "StarRocks query and stream load" },
        { service: BE_HOST, ports: [STARROCKS_PORTS.beHttp], why: "stream load redirected to a backend" },
      ];
    this.queryFlows = [{ service: specs[0].name, ports: [STARROCKS_PORTS.query], why: "StarRocks query" }];
    this.internalQueryEndpoint = this.frontend.internalEndpoint("query");
    this.registerOutputs({ queryEndpoint: this.queryEndpoint });
  }
}
