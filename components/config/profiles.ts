/** Per-environment defaults, from the seed ("Resources per environment", "Flink 1.20.1"). */

export type Environment = "dev" | "test" | "prod";
export type ResourceProfile = "standard" | "high-concurrency";

export interface FlinkMemory {
  taskManagerMiB: number;
  jobManagerMiB: number;
}

/** TaskManager / JobManager process memory: dev 2/1 GB, test 3/2, prod 4/2, high concurrency 8/4. */
export const FLINK_MEMORY: Record<Environment | "high-concurrency", FlinkMemory> = {
  dev: { taskManagerMiB: 2048, jobManagerMiB: 1024 },
  test: { taskManagerMiB: 3072, jobManagerMiB: 2048 },
  prod: { taskManagerMiB: 4096, jobManagerMiB: 2048 },
  "high-concurrency": { taskManagerMiB: 8192, jobManagerMiB: 4096 },
};

export function flinkMemoryFor(env: Environment, profile: ResourceProfile): FlinkMemory {
  return profile === "high-concurrency" ? FLINK_MEMORY["high-concurrency"] : FLINK_MEMORY[env];
}

/** The seed's ranges for the cluster-wide checkpoint and state settings. */
export const SEED_RANGES = {
  checkpointIntervalMs: [30_000, 300_000],
  checkpointTimeoutMs: [600_000, 900_000],
  checkpointMinPauseMs: [5_000, 10_000],
  stateTtlMs: [86_400_000, 7 * 86_400_000],
  restartAttemptsMax: 3,
} as const;

export interface EnvironmentDefaults {
  checkpointInterval: string;
  checkpointTimeout: string;
  checkpointMinPause: string;
  stateTtl: string;
  taskManagers: number;
  slotsPerTaskManager: number;
  protectData: boolean;
  loadGenerator: boolean;
  mysqlMode: "deploy" | "external";
  storageKind: "volume" | "s3";
  prometheusRetention: string;
}

/**
 * Slots: the heaviest job (rt-dw-dwd-transform) runs at parallelism 6, and the five jobs together
 * at 2+4+6+4+1 = 17 on one session cluster, so every environment provides at least 17 slots.
 */
export const ENVIRONMENT_DEFAULTS: Record<Environment, EnvironmentDefaults> = {
  // dev: one TaskManager with 18 slots keeps the seed's 2 GB TaskManager and the laptop budget
  // (SERVICE_MEMORY below); slots share the TaskManager's memory.
  dev: {
    checkpointInterval: "30s", checkpointTimeout: "10min", checkpointMinPause: "5s", stateTtl: "1d",
    taskManagers: 1, slotsPerTaskManager: 18, protectData: false, loadGenerator: true,
    mysqlMode: "deploy", storageKind: "volume", prometheusRetention: "3d",
  },
  test: {
    checkpointInterval: "60s", checkpointTimeout: "10min", checkpointMinPause: "5s", stateTtl: "3d",
    taskManagers: 3, slotsPerTaskManager: 6, protectData: false, loadGenerator: true,
    mysqlMode: "deploy", storageKind: "volume", prometheusRetention: "7d",
  },
  prod: {
    checkpointInterval: "120s", checkpointTimeout: "15min", checkpointMinPause: "10s", stateTtl: "7d",
    taskManagers: 4, slotsPerTaskManager: 6, protectData: true, loadGenerator: false,
    mysqlMode: "external", storageKind: "s3", prometheusRetention: "30d",
  },
};

/** Container memory (MiB) of the services besides Flink's JobManager and TaskManagers, per environment. */
export interface ServiceMemory {
  sqlGateway: number;
  streampark: number;
  mysql: number;
  starrocks: { allin1: number; fe: number; be: number };
  loadGenerator: number;
  /** components/savepoints: Node, ~60 MiB resident when idle (measured). */
  savepointScheduler: number;
  monitoring: { prometheus: number; alertmanager: number; grafana: number; mysqldExporter: number; blackboxExporter: number; qualityExporter: number; dingtalk: number };
}

const CLUSTER_SIZES: ServiceMemory = {
  sqlGateway: 1024,
  streampark: 2048,
  mysql: 1024,
  starrocks: { allin1: 8192, fe: 4096, be: 8192 },
  loadGenerator: 256,
  savepointScheduler: 128,
  monitoring: { prometheus: 2048, alertmanager: 256, grafana: 512, mysqldExporter: 128, blackboxExporter: 64, qualityExporter: 128, dingtalk: 64 },
};

/**
 * dev fits a 16 GB laptop: every container's limit, one-shot steps included, adds up to at most
 * DEV_MEMORY_BUDGET_MIB (test/program/dev.test.ts sums the rendered containers), with Flink at the
 * seed's dev sizes (TaskManager 2 GB, JobManager 1 GB).
 */
export const SERVICE_MEMORY: Record<Environment, ServiceMemory> = {
  dev: {
    sqlGateway: 640,
    streampark: 1280,
    mysql: 640,
    starrocks: { allin1: 3072, fe: 2048, be: 2048 },
    loadGenerator: 128,
    savepointScheduler: 96,
    // Prometheus gave 32 MiB to the savepoint scheduler: dev scrapes a dozen targets.
    monitoring: { prometheus: 352, alertmanager: 128, grafana: 256, mysqldExporter: 64, blackboxExporter: 64, qualityExporter: 64, dingtalk: 64 },
  },
  test: CLUSTER_SIZES,
  prod: CLUSTER_SIZES,
};

export const DEV_MEMORY_BUDGET_MIB = 10 * 1024;
