/**
 * Flink 1.20's conf/config.yaml (the standard-YAML config file of 1.19+), rendered from the stack's
 * settings. Key names are Flink 1.20's, from docs/layouts/shortcodes/generated/*.html on
 * release-1.20 (checkpointing_configuration, state_backend_rocksdb_configuration,
 * exponential_delay_restart_strategy_configuration, rest_configuration, ...). Rendered with sorted
 * keys, so an unchanged stack renders an identical file.
 */
import { stringify } from "yaml";
import { FlinkSettings } from "../config/stackConfig";
import { flinkDuration, flinkMemory } from "../config/units";

export const FLINK_PORTS = {
  rest: 8081,
  rpc: 6123,
  blob: 6124,
  taskManagerRpc: 6122,
  /** TaskManagers exchange data on this port; fixed (default 0 = random) so network policies can name it. */
  taskManagerData: 6121,
  sqlGateway: 8083,
  /** PrometheusReporter's default port (flink-metrics-prometheus, PrometheusReporterFactory). */
  metrics: 9249,
} as const;

export interface FlinkStorage {
  /** URI of the checkpoint directory shared by every Flink process (file:///... or s3://...). */
  checkpoints: string;
  savepoints: string;
  /** URI of JobManager HA metadata (only with high availability). */
  highAvailability: string;
  /** S3 endpoint settings for Flink's s3 file system, when the storage is S3. */
  s3?: { endpoint: string; pathStyleAccess: boolean };
}

export interface FlinkConfigInput {
  settings: FlinkSettings;
  storage: FlinkStorage;
  /** Address TaskManagers and clients use for the JobManager (its service name). */
  jobManagerHost: string;
  /** Kubernetes HA: the cluster id and namespace of the ConfigMaps that hold leader information. */
  kubernetesHa?: { clusterId: string; namespace: string };
}

export type FlinkConfig = Record<string, string | number | boolean>;

export function flinkConfig(i: FlinkConfigInput): FlinkConfig {
  const s = i.settings;
  const c: FlinkConfig = {
    "jobmanager.rpc.address": i.jobManagerHost,
    "jobmanager.rpc.port": FLINK_PORTS.rpc,
    "jobmanager.bind-host": "0.0.0.0",
    "taskmanager.bind-host": "0.0.0.0",
    "taskmanager.rpc.port": FLINK_PORTS.taskManagerRpc,
    "taskmanager.data.port": FLINK_PORTS.taskManagerData,
    "blob.server.port": FLINK_PORTS.blob,
    "rest.address": i.jobManagerHost,
    "rest.bind-address": "0.0.0.0",
    "rest.port": FLINK_PORTS.rest,

    "jobmanager.memory.process.size": flinkMemory(s.jobManagerMiB),
    "taskmanager.memory.process.size": flinkMemory(s.taskManagerMiB),
    "taskmanager.numberOfTaskSlots": s.slotsPerTaskManager,
    "parallelism.default": 1,

    // Checkpointing (the seed: interval 30s-300s, timeout 10-15 min, min pause 5-10 s).
    "execution.checkpointing.interval": flinkDuration(s.checkpointIntervalMs),
    "execution.checkpointing.timeout": flinkDuration(s.checkpointTimeoutMs),
    "execution.checkpointing.min-pause": flinkDuration(s.checkpointMinPauseMs),
    "execution.checkpointing.mode": "EXACTLY_ONCE",
    "execution.checkpointing.externalized-checkpoint-retention": "RETAIN_ON_CANCELLATION",
    "execution.checkpointing.incremental": true,
    "execution.checkpointing.dir": i.storage.checkpoints,
    "execution.checkpointing.savepoint-dir": i.storage.savepoints,

    // State: RocksDB with a 64 MB write buffer (the seed), state TTL for SQL operators.
    "state.backend.type": "rocksdb",
    "state.backend.rocksdb.writebuffer.size": "64mb",
    "table.exec.state.ttl": flinkDuration(s.stateTtlMs),

    // Restarts: exponential backoff, at most `restartAttempts` (the seed: 3) before the job fails.
    "restart-strategy.type": "exponential-delay",
    "restart-strategy.exponential-delay.initial-backoff": "1 s",
    "restart-strategy.exponential-delay.max-backoff": "1 min",
    "restart-strategy.exponential-delay.backoff-multiplier": 2,
    "restart-strategy.exponential-delay.reset-backoff-threshold": "1 h",
    "restart-strategy.exponential-delay.jitter-factor": 0.1,
    "restart-strategy.exponential-delay.attempts-before-reset-backoff": s.restartAttempts,

    // Prometheus: every process serves /metrics on 9249.
    "metrics.reporter.prom.factory.class": "org.apache.flink.metrics.prometheus.PrometheusReporterFactory",
    "metrics.reporter.prom.port": FLINK_PORTS.metrics,

    // The SQL Gateway listens on every interface, next to the JobManager it submits to.
    "sql-gateway.endpoint.rest.address": "0.0.0.0",
    "sql-gateway.endpoint.rest.bind-address": "0.0.0.0",
    "sql-gateway.endpoint.rest.port": FLINK_PORTS.sqlGateway,
    "execution.target": "remote",
  };
  if (i.storage.s3) {
    c["s3.endpoint"] = i.storage.s3.endpoint;
    c["s3.path.style.access"] = i.storage.s3.pathStyleAccess;
  }
  if (i.kubernetesHa) {
    c["high-availability.type"] = "kubernetes";
    c["high-availability.storageDir"] = i.storage.highAvailability;
    c["kubernetes.cluster-id"] = i.kubernetesHa.clusterId;
    c["kubernetes.namespace"] = i.kubernetesHa.namespace;
    // With HA the JobManager's RPC port is this key's (default 0: a random port), not jobmanager.rpc.port
    // (Flink docs deployment/ha/overview.md, high_availability_configuration "high-availability.jobmanager.port").
    c["high-availability.jobmanager.port"] = String(FLINK_PORTS.rpc);
  }
  return c;
}

/**
 * The config.yaml text: flat keys, sorted, one `key: value` per line and never folded. StreamPark
 * 2.1.5 reads the Flink home's conf/config.yaml line by line, splitting each line at ": "
 * (apache/incubator-streampark@v2.1.5:streampark-common/src/main/scala/org/apache/streampark/common/util/PropertiesUtils.scala
 * loadFlinkConfYaml), so nested maps or folded values would be lost to it.
 */
export function renderFlinkConfig(c: FlinkConfig): string {
  const sorted = Object.fromEntries(Object.entries(c).sort(([a], [b]) => a.localeCompare(b)));
  return "# Generated by rtdw from the stack configuration. Flink 1.20 config.yaml (standard YAML).\n" + stringify(sorted, { lineWidth: 0 });
}
