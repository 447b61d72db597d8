/**
 * WarehouseVariables from a resolved stack configuration and the endpoints the platform gives the
 * services (plain strings: resolve Outputs with pulumi.all first, see README.md).
 *
 * Per job: parallelism and state TTL default to the seed's per-job choice (DEFAULT_JOB_SETTINGS);
 * the checkpoint interval follows the environment's (rtdw:flink.checkpointInterval) scaled by the
 * job's weight and kept inside the seed's 30 s - 5 min; rtdw:jobs.<name>.* overrides win.
 */
import type { StackConfig } from "../config/stackConfig";
import { SEED_RANGES } from "../config/profiles";
import { DEFAULT_JOB_SETTINGS, defaultWarehouseVariables, JOB_NAMES, JobSettings, parseWarehouseVariables, WarehouseJobName, WarehouseVariables } from "./variables";

export interface WarehouseEndpoints {
  /** MySQL as Flink's TaskManagers reach it. */
  mysqlHost: string;
  mysqlPort: number;
  /** StarRocks FE as Flink's TaskManagers reach it. */
  starrocksFeHost: string;
  starrocksQueryPort: number;
  starrocksHttpPort: number;
  /** The Paimon warehouse URI (LakeStorage.warehouse). */
  paimonWarehouse: string;
}

/** Heavier state checkpoints less often: dwd-transform's joins and the hourly monitor. */
const CHECKPOINT_WEIGHT: Record<WarehouseJobName, number> = {
  "rt-dw-cdc-ingestion": 1,
  "rt-dw-ods-processing": 1,
  "rt-dw-dwd-transform": 2,
  "rt-dw-dws-aggregate": 1,
  "rt-dw-monitor": 2.5,
};

const clamp = (v: number, [lo, hi]: readonly [number, number]) => Math.min(hi, Math.max(lo, v));

export function jobSettingsFromStack(config: Pick<StackConfig, "flink" | "jobs">, name: WarehouseJobName): JobSettings {
  const o = config.jobs[name] ?? {};
  const d = DEFAULT_JOB_SETTINGS[name];
  const interval = o.checkpointInterval ?? clamp(Math.round(config.flink.checkpointIntervalMs * CHECKPOINT_WEIGHT[name] / 1000) * 1000, SEED_RANGES.checkpointIntervalMs);
  return {
    parallelism: o.parallelism ?? d.parallelism,
    checkpointIntervalMs: interval,
    checkpointTimeoutMs: config.flink.checkpointTimeoutMs,
    checkpointMinPauseMs: Math.min(config.flink.checkpointMinPauseMs, interval - 1000),
    stateTtlMs: o.stateTtl ?? d.stateTtlMs,
  };
}

export function warehouseVariablesFromStack(config: StackConfig, endpoints: WarehouseEndpoints): WarehouseVariables {
  const d = defaultWarehouseVariables;
  const s3 = config.storage.kind === "s3" ? { endpoint: config.storage.endpoint, pathStyleAccess: config.storage.pathStyleAccess } : undefined;
  const cluster = config.starrocks.topology === "cluster";
  return parseWarehouseVariables({
    versions: { flinkCdc: config.versions.flinkCdc, paimon: config.versions.paimon, starrocksConnector: config.versions.starrocksConnector },
    mysql: { ...d.mysql, host: endpoints.mysqlHost, port: endpoints.mysqlPort, database: config.mysql.database, cdcUser: config.mysql.cdcUser },
    paimon: { ...d.paimon, warehouse: endpoints.paimonWarehouse, ...(s3 ? { s3 } : {}) },
    starrocks: {
      ...d.starrocks,
      feHost: endpoints.starrocksFeHost,
      queryPort: endpoints.starrocksQueryPort,
      httpPort: endpoints.starrocksHttpPort,
      // StarRocks refuses a replication number above the number of BEs.
      replicationNum: Math.min(3, cluster ? config.starrocks.backends : 1),
    },
    jobs: Object.fromEntries(JOB_NAMES.map((n) => [n, jobSettingsFromStack(config, n)])),
  });
}
