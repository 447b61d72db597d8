/**
 * StarRocks 3.5 for serving: one allin1 container (FE + BE, dev) or FE and BE as separate
 * StatefulSets (Kubernetes). Backends are registered with the FE by StarRocks' own start scripts;
 * root's password is the stack's secret from the first start (./rootPassword.ts).
 * Images, paths and scripts: StarRocks/starrocks docker/dockerfiles (allin1-ubuntu.Dockerfile:
 * WORKDIR /data/deploy, CMD ./entrypoint.sh, meta and storage under /data/deploy/starrocks;
 * fe-ubuntu / be-ubuntu: /opt/starrocks/{fe,be}, /opt/starrocks/fe_entrypoint.sh <fe service>,
 * /opt/starrocks/be_entrypoint.sh <fe service>, HOST_TYPE=FQDN for stable names).
 *
 * Chosen over the kube-starrocks operator: the operator would add a CRD, a controller and a Helm
 * release to every cluster and hide BE registration behind its reconcile loop; StarRocks' own
 * entrypoints already register FEs and BEs, and plain StatefulSets keep one platform model for
 * Docker and Kubernetes.
 */
import * as pulumi from "@pulumi/pulumi";
import { StarRocksSettings } from "../config/stackConfig";
import { DeployedService, Platform, ServiceSpec, SharedMount } from "../platform/service";
import { ROOT_PASSWORD_WRAPPER, ROOT_PASSWORD_WRAPPER_PATH } from "./rootPassword";

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

export function starrocksImage(role: "allin1" | "fe" | "be", version: string): string {
  return `starrocks/${role}-ubuntu:${version}`;
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
  /** The service name of the FE inside the platform network (for BE and follower registration). */
  memoryMiB?: { fe: number; be: number };
}

export function starRocksServiceSpecs(a: StarRocksArgs): ServiceSpec[] {
  const wrapper = { path: ROOT_PASSWORD_WRAPPER_PATH, content: ROOT_PASSWORD_WRAPPER, mode: 0o755 };
  const secretEnv = { STARROCKS_ROOT_PASSWORD: a.rootPassword };
  const mem = a.memoryMiB ?? { fe: 4096, be: 8192 };
  if (a.settings.topology === "allin1") {
    return [{
      name: "starrocks",
      image: starrocksImage("allin1", a.version),
      command: ["bash", ROOT_PASSWORD_WRAPPER_PATH, "./entrypoint.sh"],
      env: { RTDW_ROLE: "allin1", RTDW_META_DIR: "/data/deploy/starrocks/fe/meta", RTDW_BOOTSTRAP_FILE: "/data/deploy/starrocks/bootstrap_done" },
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
      resources: { memoryMiB: Math.max(4096, mem.be), cpu: 2 },
      health: { command: SERVING_CHECK, startupSeconds: 300, periodSeconds: 10 },
    }];
  }
  const fe: ServiceSpec = {
    name: "starrocks-fe",
    image: starrocksImage("fe", a.version),
    command: ["bash", ROOT_PASSWORD_WRAPPER_PATH, "/opt/starrocks/fe_entrypoint.sh", "starrocks-fe"],
    env: { RTDW_ROLE: "fe", RTDW_FE_HOST: "starrocks-fe", RTDW_META_DIR: "/opt/starrocks/fe/meta", HOST_TYPE: "FQDN" },
    secretEnv,
    files: [wrapper],
    ports: [
      { name: "query", port: STARROCKS_PORTS.query, expose: true },
      { name: "http", port: STARROCKS_PORTS.feHttp, expose: true },
      { name: "rpc", port: STARROCKS_PORTS.feRpc },
      { name: "edit-log", port: STARROCKS_PORTS.editLog },
    ],
    replicas: a.settings.frontends,
    dataVolumes: [{ name: "meta", mountPath: "/opt/starrocks/fe/meta", sizeGiB: a.settings.feStorageGiB }],
    sharedMounts: a.sharedMounts,
    resources: { memoryMiB: mem.fe, cpu: 2 },
    health: { http: { path: "/api/health", port: STARROCKS_PORTS.feHttp }, startupSeconds: 300 },
  };
  const be: ServiceSpec = {
    name: "starrocks-be",
    image: starrocksImage("be", a.version),
    command: ["bash", ROOT_PASSWORD_WRAPPER_PATH, "/opt/starrocks/be_entrypoint.sh", "starrocks-fe"],
    env: { RTDW_ROLE: "be", RTDW_FE_HOST: "starrocks-fe", HOST_TYPE: "FQDN" },
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
    resources: { memoryMiB: mem.be, cpu: 2 },
    health: { http: { path: "/api/health", port: STARROCKS_PORTS.beHttp }, startupSeconds: 300 },
  };
  return [fe, be];
}

export class StarRocks extends pulumi.ComponentResource {
  readonly frontend: DeployedService;
  readonly backend: DeployedService;
  /** host:port of the MySQL-protocol query port from the operator's machine (DDL provider). */
  readonly queryEndpoint: pulumi.Output<string>;
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

  constructor(name: string, args: StarRocksArgs, opts?: pulumi.ComponentResourceOptions) {
    super("rtdw:starrocks:StarRocks", name, {}, opts);
    const specs = starRocksServiceSpecs(args);
    this.feHostInNetwork = specs[0].name;
    if (specs.length === 1) {
      this.frontend = this.backend = args.platform.deploy(specs[0], this);
      this.internalFeHttpEndpoint = this.frontend.internalEndpoint("fe-http");
      this.streamLoadEndpoint = this.frontend.internalEndpoint("fe-proxy");
      this.metricsTargets = { fe: this.frontend.internalEndpoint("fe-http"), be: this.frontend.internalEndpoint("be-http") };
    } else {
      this.frontend = args.platform.deploy(specs[0], this);
      this.backend = args.platform.deploy({ ...specs[1], dependsOn: [this.frontend.ready] }, this);
      this.internalFeHttpEndpoint = this.frontend.internalEndpoint("http");
      this.streamLoadEndpoint = this.internalFeHttpEndpoint;
      this.metricsTargets = { fe: this.frontend.internalEndpoint("http"), be: this.backend.internalEndpoint("http") };
    }
    this.queryEndpoint = this.frontend.externalEndpoint("query");
    this.internalQueryEndpoint = this.frontend.internalEndpoint("query");
    this.registerOutputs({ queryEndpoint: this.queryEndpoint });
  }
}
