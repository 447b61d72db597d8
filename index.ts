/**
 * rtdw: a real-time data warehouse as code. This file only wires the components together and
 * exports what a user needs to reach the warehouse; every decision lives in components/.
 */
import * as pulumi from "@pulumi/pulumi";
import { loadStackConfig, StackSecrets } from "./components/config";
import { StackPlatform } from "./components/platform";
import { LakeStorage } from "./components/paimon/lakeStorage";
import { MySqlSource } from "./components/mysql/mysqlSource";
import { FlinkCluster } from "./components/flink/flinkCluster";
import { StreamParkConsole } from "./components/streampark/console";
import { StarRocks } from "./components/starrocks/starRocks";
import { StreamParkBootstrap } from "./components/streampark/streamParkBootstrap";
import { StreamingJobs } from "./components/streampark/streamingJobs";
import { jobDefinitions, mysqlSeedSql, schemaObjects } from "./components/warehouse";
import { lineage, lineageSummary } from "./components/lineage/lineage";
import { loadGeneratorBundle } from "./components/loadgen";
import { WarehouseSchema } from "./components/schema/warehouseSchema";
import { LoadGenerator } from "./components/loadgen/loadGenerator";
import { SavepointScheduler } from "./components/savepoints/savepointScheduler";
import { savepointSchedulerBundle } from "./components/savepoints/bundle";
import { Monitoring } from "./components/monitoring";
import { FLINK_PORTS } from "./components/flink/flinkConfig";
import { STARROCKS_PORTS } from "./components/starrocks/starRocks";
import { secretVariableRefs, secretVariableValues, warehouseVariablesFor } from "./components/warehouseBinding/warehouseVariables";
import { savepointSchedules, streamingJobsArgs } from "./components/warehouseBinding/streamingJobs";
import { SERVICE_MEMORY } from "./components/config/profiles";
import { describeEndpoint, inNetworkAddress } from "./components/platform/endpoint";
import { JOB_MANAGER_HOST } from "./components/flink/flinkCluster";
import { STREAMPARK_PORT } from "./components/streampark/console";

const config = loadStackConfig();
const secrets = new StackSecrets(config.environment);
const { platform } = new StackPlatform("platform", { config });
const memory = SERVICE_MEMORY[config.environment];

const s3Credentials = config.storage.kind === "s3"
  ? { accessKey: secrets.password("s3AccessKey"), secretKey: secrets.password("s3SecretKey") }
  : undefined;
const lake = new LakeStorage("lake", { platform, storage: config.storage, stack: config.stack, s3Credentials });

const mysql = new MySqlSource("mysql", {
  platform,
  config: config.mysql,
  adminPassword: secrets.password("mysqlRootPassword"),
  cdcPassword: secrets.password("mysqlCdcPassword"),
  streamparkPassword: secrets.password("streamparkDbPassword"),
  writer: config.loadGenerator.enabled ? { user: "rtdw_loadgen", password: secrets.password("mysqlLoadgenPassword") } : undefined,
  protectData: config.protectData,
  memoryMiB: memory.mysql,
});

const starrocks = new StarRocks("starrocks", {
  platform,
  version: config.versions.starrocks,
  settings: config.starrocks,
  rootPassword: secrets.password("starrocksRootPassword"),
  sharedMounts: lake.mounts,
  memoryMiB: memory.starrocks,
  lakeFlows: lake.flows,
});

const flink = new FlinkCluster("flink", {
  platform,
  versions: config.versions,
  settings: config.flink,
  storage: lake.flinkStorage,
  sharedMounts: lake.mounts,
  s3Credentials,
  kubernetesNamespace: config.platform.kind === "kubernetes" ? config.platform.namespace : undefined,
  sqlGatewayMiB: memory.sqlGateway,
  // The jobs read the source MySQL (CDC) and write StarRocks (sink).
  jobFlows: [mysql.clientFlow, ...starrocks.clientFlows],
  storageFlows: lake.flows,
  dependsOn: [lake],
});

const streampark = new StreamParkConsole("streampark", {
  platform,
  streamparkVersion: config.versions.streampark,
  flinkVersion: config.versions.flink,
  database: {
    host: mysql.internalHost,
    port: mysql.internalPort,
    database: mysql.streamparkDatabase,
    user: mysql.streamparkUser,
    password: secrets.password("streamparkDbPassword"),
  },
  flinkConfigYaml: flink.configYaml,
  // The same jars as the cluster's lib/: StreamPark's Flink home must match it.
  connectors: flink.connectors,
  sharedMounts: lake.mounts,
  memoryMiB: memory.streampark,
  apiPermissions: flink.clientApiPermissions,
  egress: [
    { service: JOB_MANAGER_HOST, ports: [FLINK_PORTS.rest], why: "submits and manages jobs over REST" },
    { ...mysql.clientFlow, why: "StreamPark's metadata database" },
    ...(flink.clientApiPermissions.length ? [{ external: "kubernetes-api", ports: [443, 6443], why: "finds the JobManager leader (Kubernetes HA)" }] : []),
  ],
  dependsOn: [...mysql.ready, flink.jobManager.ready],
});

const warehouse = warehouseVariablesFor(config, {
  mysqlHost: mysql.hostInNetwork,
  mysqlPort: mysql.portInNetwork,
  starrocksFeHost: starrocks.feHostInNetwork,
  starrocksStreamLoadPort: starrocks.streamLoadPort,
  paimonWarehouse: lake.warehouse,
  s3: lake.s3 && { endpoint: lake.s3.endpoint, pathStyleAccess: lake.s3.pathStyleAccess },
});
const jobSql = jobDefinitions(warehouse, secretVariableRefs());
const schemaDefinitions = schemaObjects(warehouse);

// The DDL of sql/ as resources. The business MySQL of an external source is not the stack's to manage.
const schema = new WarehouseSchema("schema", {
  objects: schemaDefinitions,
  engines: {
    mysql: config.mysql.mode === "deploy"
      ? { endpoint: mysql.endpoint, user: "root", password: secrets.password("mysqlRootPassword"), passwordConfigKey: "rtdw:mysqlRootPassword", dependsOn: mysql.ready }
      : undefined,
    starrocks: {
      endpoint: starrocks.queryEndpoint, user: "root", password: secrets.password("starrocksRootPassword"), passwordConfigKey: "rtdw:starrocksRootPassword",
      dependsOn: [starrocks.frontend.ready, starrocks.backend.ready],
    },
    paimon: { endpoint: flink.sqlGatewayEndpoint, dependsOn: [flink.sqlGateway.ready] },
  },
  secrets: s3Credentials ? {
    "s3.access-key": { value: s3Credentials.accessKey, configKey: "rtdw:s3AccessKey" },
    "s3.secret-key": { value: s3Credentials.secretKey, configKey: "rtdw:s3SecretKey" },
  } : {},
  allowDataLoss: config.schema.allowDataLoss,
  protectData: config.protectData,
  statementTimeoutSeconds: config.schema.statementTimeoutSeconds,
});

const streamparkSetup = new StreamParkBootstrap("streampark-setup", {
  consoleUrl: streampark.endpoint,
  adminPassword: secrets.password("streamparkAdminPassword"),
  flinkName: `flink-${config.versions.flink}`,
  flinkHome: streampark.flinkHome,
  jobManagerAddress: flink.restUrl,
  flinkRestUrl: flink.webUiEndpoint,
  flinkConfigYaml: flink.configYaml,
  // Every secret the job SQL references as a StreamPark variable `${code}`.
  variables: secretVariableValues({
    mysqlCdcPassword: secrets.password("mysqlCdcPassword"),
    starrocksRootPassword: secrets.password("starrocksRootPassword"),
    s3: s3Credentials,
  }),
  dependsOn: [streampark],
});

// Periodic savepoints with retention (rtdw:jobs.<job>.savepoints): a small service of the stack.
const scheduled = savepointSchedules(config, jobSql);
const savepointScheduler = scheduled.length > 0 ? new SavepointScheduler("savepoints", {
  platform,
  bundle: savepointSchedulerBundle(),
  jobs: scheduled,
  flinkRestUrl: flink.restUrl,
  jobManagerFlow: { service: JOB_MANAGER_HOST, ports: [FLINK_PORTS.rest], why: "triggers savepoints and disposes of old ones over REST" },
  memoryMiB: memory.savepointScheduler,
  dependsOn: [flink.jobManager.ready],
}) : undefined;

const jobs = new StreamingJobs("jobs", {
  streampark: streamparkSetup,
  // SQL and sinks from the content, settings from config.jobs; jobs with a schedule list the
  // scheduler's savepoints in their outputs (read on refresh); canary jobs reach their sinks'
  // engines (shadow tables, the comparison) where the schema does.
  ...streamingJobsArgs(config, jobSql, schemaDefinitions, {
    savepointHistoryUrl: savepointScheduler?.historyEndpoint,
    canaryPaimonEndpoint: flink.sqlGatewayEndpoint,
    canaryStarRocksEndpoint: starrocks.queryEndpoint,
  }),
  // Jobs read and write the tables: the schema first.
  dependsOn: [...mysql.ready, starrocks.frontend.ready, starrocks.backend.ready, ...schema.tables],
});

if (config.loadGenerator.enabled) {
  new LoadGenerator("loadgen", {
    platform,
    bundle: loadGeneratorBundle(),
    seedSql: mysqlSeedSql(warehouse).statements.map((st) => `${st.sql};`).join("\n"),
    mysql: { host: mysql.hostInNetwork, port: mysql.portInNetwork, database: config.mysql.database, user: "rtdw_loadgen", password: secrets.password("mysqlLoadgenPassword") },
    changesPerSecond: config.loadGenerator.changesPerSecond,
    mysqlFlow: mysql.clientFlow,
    memoryMiB: memory.loadGenerator,
    // Its seed writes into the source tables.
    dependsOn: [...mysql.ready, ...schema.tablesOn("mysql")],
  });
}

const monitoring = config.monitoring.enabled ? new Monitoring("monitoring", {
  platform, stack: config.stack, environment: config.environment, settings: config.monitoring,
  tuning: { kpis: config.monitoring.kpis, digestStartUtc: config.monitoring.digestStartUtc, escalationWebhookUrl: config.monitoring.escalationWebhookUrl },
  scrape: {
    flinkJobManagers: { service: flink.jobManager.name, dnsName: flink.jobManager.instancesDnsName, port: FLINK_PORTS.metrics },
    flinkTaskManagers: { service: flink.taskManagers.name, dnsName: flink.taskManagers.instancesDnsName, port: FLINK_PORTS.metrics },
    starrocksFrontends: { service: starrocks.frontend.name, dnsName: starrocks.frontend.instancesDnsName, port: STARROCKS_PORTS.feHttp },
    starrocksBackends: { service: starrocks.backend.name, dnsName: starrocks.backend.instancesDnsName, port: STARROCKS_PORTS.beHttp },
    streamparkEndpoint: streampark.actuatorTarget,
    streamparkService: { service: streampark.service.name, port: STREAMPARK_PORT },
  },
  starrocks: {
    endpoint: starrocks.internalQueryEndpoint, user: warehouse.starrocks.user,
    password: secrets.password("starrocksRootPassword"), database: warehouse.starrocks.database,
    flows: starrocks.queryFlows,
  },
  mysql: {
    admin: mysql.admin,
    host: mysql.internalHost, port: mysql.internalPort, flow: mysql.clientFlow, dependsOn: mysql.ready,
  },
  memory: memory.monitoring,
  secrets: {
    grafanaAdminPassword: secrets.password("grafanaAdminPassword"),
    dingtalkWebhookUrl: secrets.optional("dingtalkWebhookUrl"),
    wecomApiSecret: secrets.optional("wecomApiSecret"),
    smtpPassword: secrets.optional("smtpPassword"),
  },
  requireAllChannels: config.environment === "prod",
  // The quality exporter reads dq_results: the serving tables first.
}, { dependsOn: [flink, starrocks, streampark, ...schema.tablesOn("starrocks")] }) : undefined;

export const environment = config.environment;
export const platformKind = platform.kind;
export const versions = config.versions;
export const streamparkUrl = streampark.url;
export const flinkWebUiUrl = flink.webUiUrl;
export const flinkSqlGatewayUrl = flink.sqlGatewayUrl;
export const mysqlEndpoint = mysql.managementEndpoint;
export const starrocksQueryEndpoint = starrocks.queryEndpoint.apply(inNetworkAddress);
/**
 * How the machine running `pulumi up` reaches each service: `direct` (Docker's 127.0.0.1 ports, an
 * external MySQL, an opted-in load balancer) or `kubernetes` (through the Kubernetes API's
 * port-forward, components/platform/kubernetes/portForward.ts withEndpoint).
 */
const endpointRefs = {
  streampark: streampark.endpoint,
  flinkWebUi: flink.webUiEndpoint,
  flinkSqlGateway: flink.sqlGatewayEndpoint,
  mysql: mysql.endpoint,
  starrocksQuery: starrocks.queryEndpoint,
  ...(monitoring ? { prometheus: monitoring.prometheusEndpoint, alertmanager: monitoring.alertmanagerEndpoint, grafana: monitoring.grafanaEndpoint } : {}),
};
export const endpoints = pulumi.all(endpointRefs);
/** The same, one line each ("127.0.0.1:10000", "k8s:rtdw/streampark:10000"). */
export const endpointSummary = endpoints.apply((e) => Object.fromEntries(Object.entries(e).map(([k, v]) => [k, describeEndpoint(v)])));
export const paimonWarehouse = lake.warehouse;
/**
 * Per job: its state and its savepoints ({path, sqlVersion, takenAt, time}; scheduled ones appear
 * after `pulumi refresh`). Roll back to one: `pulumi config set --path 'rtdw:jobs.<job>.restoreFrom' <path>`, then `pulumi up`.
 */
export const jobStatus = Object.fromEntries(Object.entries(jobs.jobs).map(([name, job]) => [name, {
  appId: job.appId, state: job.state, sqlVersion: job.sqlVersion, lastSavepoint: job.lastSavepoint, savepoints: job.savepointHistory,
}]));
export const savepointSchedulerEndpoint = savepointScheduler?.historyEndpoint;
export const prometheusUrl = monitoring?.prometheusUrl;
export const alertmanagerUrl = monitoring?.alertmanagerUrl;
export const grafanaUrl = monitoring?.grafanaUrl;
export const alertRouting = monitoring?.routing;
export const unconfiguredAlertChannels = monitoring?.unconfiguredChannels;
/** Source and target tables of each job and the layer graph, derived from the jobs' SQL. */
export const lineageGraph = lineageSummary(lineage(jobSql));
export const warnings = config.warnings;
