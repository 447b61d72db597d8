/**
 * A Flink 1.20 session cluster: JobManager(s), TaskManagers and a SQL Gateway, sharing one
 * config.yaml, the connector jars and the checkpoint storage. With high availability, the
 * JobManagers elect a leader through Kubernetes HA services (ConfigMaps and leases).
 */
import * as pulumi from "@pulumi/pulumi";
import { FlinkSettings } from "../config/stackConfig";
import { Versions } from "../config/versions";
import { ApiPermission, Artifact, DeployedService, EndpointRef, Flow, Platform, ServiceSpec, SharedMount } from "../platform/service";
import { FLINK_PORTS, FlinkStorage, flinkConfig, renderFlinkConfig } from "./flinkConfig";
import { FLINK_CONFIG_PATH, FLINK_HOME, flinkContract, flinkImage } from "./image";
import { inNetworkAddress } from "../platform/endpoint";
import { connectorArtifacts } from "./connectors";
import { jvmHeapFor } from "../platform/imageContract";

export { FLINK_CONFIG_PATH, FLINK_HOME, flinkImage } from "./image";

/** The JobManager's service name: what TaskManagers, the SQL Gateway and StreamPark connect to. */
export const JOB_MANAGER_HOST = "flink-jobmanager";

/**
 * What Kubernetes HA services need of the API: ConfigMaps for leader information and checkpoint
 * pointers, for the JobManager and TaskManager pods alike (Flink docs deployment/ha/kubernetes_ha.md
 * "RBAC", and deployment/resource-providers/standalone/kubernetes.md "High-Availability with
 * Standalone Kubernetes": the service account needs the permissions to create, edit and delete
 * ConfigMaps, for JobManager and TaskManager pods).
 */
export const KUBERNETES_HA_PERMISSIONS: ApiPermission[] = [
  { apiGroups: [""], resources: ["configmaps"], verbs: ["create", "delete", "get", "list", "patch", "update", "watch"] },
  { apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: ["create", "delete", "get", "list", "patch", "update", "watch"] },
];

/** Clients that read the same HA config (SQL Gateway, StreamPark's Flink client) find the leader by watching the ConfigMaps. */
export const KUBERNETES_HA_CLIENT_PERMISSIONS: ApiPermission[] = [
  { apiGroups: [""], resources: ["configmaps"], verbs: ["get", "list", "watch"] },
];

/** The Kubernetes API as seen from a pod (HA services talk to it): the in-cluster service port 443, or the API server's own 6443. */
const KUBERNETES_API_FLOW: Flow = { external: "kubernetes-api", ports: [443, 6443], why: "Kubernetes HA services (ConfigMaps, leases)" };

export interface FlinkClusterArgs {
  platform: Platform;
  versions: Versions;
  settings: FlinkSettings;
  storage: FlinkStorage;
  /** Shared volumes every Flink process mounts (checkpoints, a lake warehouse on a disk). */
  sharedMounts: SharedMount[];
  /** S3 credentials for checkpoints and the lake, as the AWS SDK's standard environment. */
  s3Credentials?: { accessKey: pulumi.Output<string>; secretKey: pulumi.Output<string> };
  /** Kubernetes HA: the namespace the ConfigMaps live in. */
  kubernetesNamespace?: string;
  /** Memory of the SQL Gateway container in MiB (its heap is sized inside it). */
  sqlGatewayMiB: number;
  /** What the jobs connect to from the TaskManagers (the source MySQL, StarRocks). */
  jobFlows: Flow[];
  /** What every Flink process opens to reach the lake (object storage), if anything. */
  storageFlows: Flow[];
  dependsOn?: pulumi.Resource[];
}


export class FlinkCluster extends pulumi.ComponentResource {
  readonly jobManager: DeployedService;
  readonly taskManagers: DeployedService;
  readonly sqlGateway: DeployedService;
  /** Rendered config.yaml, also what StreamPark's Flink home carries. */
  readonly configYaml: string;
  /** The connector jars in lib/ (with paimon-s3 for a lake in S3), also what StreamPark's Flink home carries. */
  readonly connectors: Artifact[];
  /** http://host:8081 inside the platform network (StreamPark's remote cluster address). */
  readonly restUrl: pulumi.Output<string>;
  /** The Flink web UI from the operator's machine. */
  readonly webUiUrl: pulumi.Output<string>;
  /** The SQL Gateway from the operator's machine (the Paimon DDL provider uses it). */
  readonly sqlGatewayUrl: pulumi.Output<string>;
  /** Prometheus scrape targets (host:9249) inside the platform network. */
  readonly metricsTargets: pulumi.Output<string>[];
  /** The JobManager's REST port as the operator's machine reaches it. */
  readonly webUiEndpoint: pulumi.Output<EndpointRef>;
  /** The SQL Gateway as the operator's machine reaches it (the Paimon DDL provider). */
  readonly sqlGatewayEndpoint: pulumi.Output<EndpointRef>;
  /** API permissions a Flink client reading this cluster's config.yaml needs (HA: the leader ConfigMaps). */
  readonly clientApiPermissions: ApiPermission[];

  constructor(name: string, args: FlinkClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("rtdw:flink:FlinkCluster", name, {}, opts);
    const s = args.settings;
    const image = flinkImage(args.versions.flink);
    const ha = s.highAvailability && args.kubernetesNamespace
      ? { clusterId: `${name}`, namespace: args.kubernetesNamespace }
      : undefined;
    this.configYaml = renderFlinkConfig(flinkConfig({
      settings: s,
      storage: args.storage,
      jobManagerHost: JOB_MANAGER_HOST,
      kubernetesHa: ha,
    }));

    const s3Env = args.s3Credentials
      ? { AWS_ACCESS_KEY_ID: args.s3Credentials.accessKey, AWS_SECRET_ACCESS_KEY: args.s3Credentials.secretKey }
      : undefined;
    // The image's entrypoint (apache/flink-docker 1.20/scala_2.12-java11-ubuntu/docker-entrypoint.sh at
    // the 1.20.1 commit 5d24800) rewrites config.yaml before every start: it sets
    // jobmanager.rpc.address to $JOB_MANAGER_RPC_ADDRESS, or to the container's own `hostname -f` when
    // that is unset, which would point every TaskManager at itself. It also links built-in plugins from
    // opt/ named in ENABLE_BUILT_IN_PLUGINS (the S3 file system is only in opt/).
    const entrypointEnv: Record<string, string> = { JOB_MANAGER_RPC_ADDRESS: JOB_MANAGER_HOST };
    if (args.storage.s3) entrypointEnv.ENABLE_BUILT_IN_PLUGINS = `flink-s3-fs-hadoop-${args.versions.flink}.jar`;
    const external: Flow[] = [
      ...args.storageFlows,
      ...(ha ? [KUBERNETES_API_FLOW] : []),
    ];
    const toJobManager: Flow = { service: JOB_MANAGER_HOST, ports: [FLINK_PORTS.rpc, FLINK_PORTS.blob], why: "RPC and blobs (jars) from the JobManager" };
    this.clientApiPermissions = ha ? KUBERNETES_HA_CLIENT_PERMISSIONS : [];
    this.connectors = connectorArtifacts({ versions: args.versions, s3: args.storage.s3 !== undefined, libDir: `${FLINK_HOME}/lib` });
    const common = {
      image,
      env: entrypointEnv,
      secretEnv: s3Env,
      files: [{ path: FLINK_CONFIG_PATH, content: this.configYaml, writable: true }],
      sharedMounts: args.sharedMounts,
      artifacts: this.connectors,
    } satisfies Partial<ServiceSpec>;

    const jobManagerSpec: ServiceSpec = {
      ...common,
      contract: flinkContract(args.versions.flink, "jobmanager"),
      name: JOB_MANAGER_HOST,
      // With HA each JobManager advertises its own address for leader election (Flink docs
      // standalone/kubernetes.md, "High-Availability with Standalone Kubernetes").
      ...(ha
        ? { command: ["sh", "-c", 'exec /docker-entrypoint.sh jobmanager "$FLINK_OWN_ADDRESS"'], ownAddressEnv: "FLINK_OWN_ADDRESS", apiPermissions: KUBERNETES_HA_PERMISSIONS }
        : { args: ["jobmanager"] }),
      replicas: s.jobManagerReplicas,
      keepAvailable: s.jobManagerReplicas > 1,
      egress: [
        { service: "flink-taskmanager", ports: [FLINK_PORTS.taskManagerRpc], why: "RPC to the TaskManagers" },
        ...(s.jobManagerReplicas > 1 ? [{ service: JOB_MANAGER_HOST, ports: [FLINK_PORTS.rpc, FLINK_PORTS.blob], why: "standby JobManagers reach the leader" }] : []),
        ...external,
      ],
      ports: [
        { name: "rest", port: FLINK_PORTS.rest, expose: true },
        { name: "rpc", port: FLINK_PORTS.rpc },
        { name: "blob", port: FLINK_PORTS.blob },
        { name: "metrics", port: FLINK_PORTS.metrics },
      ],
      resources: { memoryMiB: s.jobManagerMiB, cpu: 1 },
      health: { http: { path: "/overview", port: FLINK_PORTS.rest }, startupSeconds: 120 },
      dependsOn: args.dependsOn,
    };
    this.jobManager = args.platform.deploy(jobManagerSpec, this);

    this.taskManagers = args.platform.deploy({
      ...common,
      contract: flinkContract(args.versions.flink, "taskmanager"),
      name: "flink-taskmanager",
      args: ["taskmanager"],
      replicas: s.taskManagers,
      // TaskManagers read the leader from the same ConfigMaps (see KUBERNETES_HA_PERMISSIONS).
      apiPermissions: ha ? KUBERNETES_HA_PERMISSIONS : undefined,
      egress: [
        toJobManager,
        { service: "flink-taskmanager", ports: [FLINK_PORTS.taskManagerData], why: "data exchange between TaskManagers" },
        ...args.jobFlows,
        ...external,
      ],
      ports: [
        { name: "rpc", port: FLINK_PORTS.taskManagerRpc },
        { name: "data", port: FLINK_PORTS.taskManagerData },
        { name: "metrics", port: FLINK_PORTS.metrics },
      ],
      resources: { memoryMiB: s.taskManagerMiB, cpu: s.slotsPerTaskManager > 2 ? 2 : 1 },
      health: { tcp: { port: FLINK_PORTS.taskManagerRpc }, startupSeconds: 120 },
      dependsOn: [this.jobManager.ready],
    }, this);

    this.sqlGateway = args.platform.deploy({
      ...common,
      contract: flinkContract(args.versions.flink, "sql-gateway"),
      // Without -Xmx the gateway's JVM would size its heap from the machine (flink-console.sh passes JVM_ARGS).
      env: { ...entrypointEnv, JVM_ARGS: `-Xms${jvmHeapFor(args.sqlGatewayMiB)}m -Xmx${jvmHeapFor(args.sqlGatewayMiB)}m` },
      apiPermissions: ha ? KUBERNETES_HA_CLIENT_PERMISSIONS : undefined,
      egress: [
        { service: JOB_MANAGER_HOST, ports: [FLINK_PORTS.rest], why: "submits statements' jobs over REST" },
        ...external,
      ],
      name: "flink-sql-gateway",
      // The gateway runs in the foreground with the shared config.yaml (Flink docs
      // dev/table/sql-gateway/overview.md, "SQL Gateway startup options": start-foreground). Passed as
      // arguments, not as the entrypoint: docker-entrypoint.sh runs any other command in pass-through
      // mode after preparing config.yaml and plugins, as the flink user.
      args: [`${FLINK_HOME}/bin/sql-gateway.sh`, "start-foreground"],
      ports: [{ name: "rest", port: FLINK_PORTS.sqlGateway, expose: true }],
      resources: { memoryMiB: args.sqlGatewayMiB, cpu: 1 },
      health: { http: { path: "/v1/info", port: FLINK_PORTS.sqlGateway }, startupSeconds: 120 },
      dependsOn: [this.jobManager.ready],
    }, this);

    this.restUrl = pulumi.interpolate`http://${this.jobManager.internalEndpoint("rest")}`;
    this.webUiEndpoint = this.jobManager.endpoint("rest");
    this.sqlGatewayEndpoint = this.sqlGateway.endpoint("rest");
    this.webUiUrl = pulumi.interpolate`http://${this.webUiEndpoint.apply(inNetworkAddress)}`;
    this.sqlGatewayUrl = pulumi.interpolate`http://${this.sqlGatewayEndpoint.apply(inNetworkAddress)}`;
    this.metricsTargets = [this.jobManager.internalEndpoint("metrics"), this.taskManagers.internalEndpoint("metrics")];
    this.registerOutputs({ restUrl: this.restUrl, webUiUrl: this.webUiUrl, sqlGatewayUrl: this.sqlGatewayUrl, webUiEndpoint: this.webUiEndpoint, sqlGatewayEndpoint: this.sqlGatewayEndpoint });
  }
}
