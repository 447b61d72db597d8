/** Per-environment defaults, from the seed (SEED.md "Resources per environment", "Flink 1.20.1"). */

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
  dev: {
    checkpointInterval: "30s", checkpointTimeout: "10min", checkpointMinPause: "5s", stateTtl: "1d",
    taskManagers: 3, slotsPerTaskManager: 6, protectData: false, loadGenerator: true,
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
