/**
 * What the warehouse SQL is rendered from: hosts, ports, database names, the Paimon warehouse,
 * table options and per-job settings. components/warehouseBinding/warehouseVariables.ts fills it from the
 * stack configuration; `defaultWarehouseVariables` is dev's with the seed's per-job defaults.
 * Secrets are not values here: they are named by SECRET_VARIABLES and rendered as StreamPark
 * variable references (see template.ts).
 */
import { z } from "zod";
import { SEED_RANGES } from "../config/profiles";
import { flinkDuration } from "../config/units";
import { JOB_NAMES, JobName, SEED_JOB_DEFAULTS } from "../config/jobs";
import { UserError } from "../config/errors";
import { serverTimeZone } from "../config/timeZone";

export { JOB_NAMES };
export type WarehouseJobName = JobName;

const within = (what: string, [lo, hi]: readonly [number, number]) =>
  z.number().int().refine((ms) => ms >= lo && ms <= hi, { message: `${what} must be between ${flinkDuration(lo)} and ${flinkDuration(hi)} (the seed's range)` });

const identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, "expected an SQL identifier (letters, digits, _)");
const host = z.string().min(1).regex(/^[A-Za-z0-9._:-]+$/, "expected a host name or address");
const port = z.number().int().min(1).max(65535);
/** Paimon memory sizes as its MemorySize parses them ("128 mb"). */
const memory = z.string().regex(/^\d+\s*(b|kb|mb|gb)$/i, 'expected a size such as "128 mb"');

export const jobSettingsSchema = z.object({
  parallelism: z.number().int().min(1).max(256),
  checkpointIntervalMs: within("the checkpoint interval", SEED_RANGES.checkpointIntervalMs),
  checkpointTimeoutMs: within("the checkpoint timeout", SEED_RANGES.checkpointTimeoutMs),
  checkpointMinPauseMs: within("the minimum pause between checkpoints", SEED_RANGES.checkpointMinPauseMs),
  /** Flink's `table.exec.state.ttl` (the seed's `state.ttl` is not a Flink key). */
  stateTtlMs: within("the state TTL", SEED_RANGES.stateTtlMs),
}).strict().refine((j) => j.checkpointMinPauseMs < j.checkpointIntervalMs, { message: "the minimum pause must be shorter than the checkpoint interval" });
export type JobSettings = z.infer<typeof jobSettingsSchema>;

const changelogProducer = z.enum(["none", "input", "lookup", "full-compaction"]);

export const warehouseVariablesSchema = z.object({
  /** Connector versions: they select the option lists the SQL is checked against. */
  versions: z.object({ flinkCdc: z.string(), paimon: z.string(), starrocksConnector: z.string() }).strict(),
  mysql: z.object({
    /** As Flink's TaskManagers reach MySQL. */
    host,
    port,
    database: identifier,
    cdcUser: z.string().min(1),
    /** MySQL CDC `server-id` range start; each source parallel reader takes one id. */
    serverIdStart: z.number().int().min(1).max(4294967295 - 64),
    /** MySQL CDC `server-time-zone` and the jobs' `table.local-time-zone` (components/config/timeZone.ts). */
    serverTimeZone,
  }).strict(),
  paimon: z.object({
    catalog: identifier,
    /** Warehouse URI as Flink sees it (file:///lake/paimon, s3://bucket/paimon). */
    warehouse: z.string().regex(/^[a-z][a-z0-9+.-]*:\//, "expected a URI such as file:///lake/paimon or s3://bucket/paimon"),
    /** S3-compatible storage: endpoint and path style; keys are secrets. */
    s3: z.object({ endpoint: z.string().url(), pathStyleAccess: z.boolean() }).strict().optional(),
    databases: z.object({ ods: identifier, dwd: identifier, dws: identifier }).strict(),
    tables: z.object({
      writeBufferSize: memory,
      targetFileSize: memory,
      /**
       * The seed's 'compaction.max.file-num' = '30' bounds how many small files wait for a
       * compaction. Paimon 0.9 reads that key for append-only tables only (CoreOptions
       * COMPACTION_MAX_FILE_NUM: "to trigger a compaction for append-only table"), and every table
       * of sql/paimon has a primary key: there the bound is the number of sorted runs (each level-0
       * file is one), `num-sorted-run.compaction-trigger` (compaction starts; Paimon's default 5)
       * and `num-sorted-run.stop-trigger` (writes wait for compaction; default trigger + 3).
       * apache/paimon@release-0.9.0: paimon-common/src/main/java/org/apache/paimon/CoreOptions.java.
       * compactionMaxFileNum is what an append-only table would get (test/warehouse checks that
       * each table carries the keys of its kind).
       */
      compactionMaxFileNum: z.number().int().min(2).max(1000),
      sortedRunCompactionTrigger: z.number().int().min(1).max(1000),
      sortedRunStopTrigger: z.number().int().min(2).max(1000),
      tagCreationPeriod: z.enum(["daily", "hourly", "two-hours"]),
      tagNumRetainedMax: z.number().int().min(1),
      buckets: z.object({ ods: z.number().int().min(1), dwd: z.number().int().min(1), dws: z.number().int().min(1) }).strict(),
      changelogProducer: z.object({ ods: changelogProducer, dwd: changelogProducer, dws: changelogProducer }).strict(),
    }).strict().refine((t) => t.sortedRunStopTrigger > t.sortedRunCompactionTrigger, {
      message: "sortedRunStopTrigger must be above sortedRunCompactionTrigger (writes stop only after compaction has been triggered)",
      path: ["sortedRunStopTrigger"],
    }),
  }).strict(),
  starrocks: z.object({
    /** FE host as Flink's TaskManagers reach it. */
    feHost: host,
    queryPort: port,
    httpPort: port,
    user: z.string().min(1),
    database: identifier,
    /** Catalog name under which StarRocks sees the Paimon warehouse. */
    paimonCatalog: identifier,
    replicationNum: z.number().int().min(1).max(3),
    buckets: z.number().int().min(1),
    /**
     * The V2 sink's flush triggers: bytes buffered, or time. The seed's `max-rows` (100,000) has no
     * V2 counterpart (the V1 sink alone reads it, StarRocksSinkOptions#getProperties at v1.2.10/1.2.11):
     * at the seed's 10,000 records/s a 5 s interval holds 50,000 rows, within the seed's batch.
     */
    sink: z.object({
      /** Bytes; the connector accepts 64 MB - 10 GB (StarRocksSinkOptions#validateParamsRange, v1.2.11). */
      maxBytes: z.number().int().min(64 * 1024 * 1024).max(10 * 1024 * 1024 * 1024),
      intervalMs: z.number().int().min(1000).max(3600000),
    }).strict(),
  }).strict(),
  jobs: z.object(Object.fromEntries(JOB_NAMES.map((n) => [n, jobSettingsSchema])) as Record<WarehouseJobName, typeof jobSettingsSchema>).strict(),
}).strict();

export type WarehouseVariables = z.infer<typeof warehouseVariablesSchema>;

const MB = 1024 * 1024;

/** Dev: the Docker service names of the dev stack, the seed's table options. */
export const defaultWarehouseVariables: WarehouseVariables = {
  versions: { flinkCdc: "3.3.0", paimon: "0.9.0", starrocksConnector: "1.2.11" },
  mysql: { host: "mysql", port: 3306, database: "shop", cdcUser: "rtdw_cdc", serverIdStart: 5400, serverTimeZone: "UTC" },
  paimon: {
    catalog: "paimon",
    warehouse: "file:///lake/paimon",
    databases: { ods: "ods", dwd: "dwd", dws: "dws" },
    tables: {
      writeBufferSize: "128 mb",
      targetFileSize: "256 mb",
      // The seed's 30 as the cap on pending small files: append-only tables compact at 30 files;
      // primary-key tables start compacting at Paimon's default 5 sorted runs and hold writes at 30
      // (Paimon's default stop is 8: more room for bursts, never more than the seed's 30 files).
      compactionMaxFileNum: 30,
      sortedRunCompactionTrigger: 5,
      sortedRunStopTrigger: 30,
      tagCreationPeriod: "hourly",
      tagNumRetainedMax: 48,
      buckets: { ods: 2, dwd: 4, dws: 2 },
      changelogProducer: { ods: "input", dwd: "lookup", dws: "lookup" },
    },
  },
  starrocks: {
    feHost: "starrocks",
    queryPort: 9030,
    httpPort: 8030,
    user: "root",
    database: "rtdw_serving",
    paimonCatalog: "paimon_lake",
    replicationNum: 1,
    buckets: 4,
    sink: { maxBytes: 64 * MB, intervalMs: 5_000 },
  },
  jobs: SEED_JOB_DEFAULTS,
};

/** Placeholders whose values are secrets, with the StreamPark variable code each renders as. */
export const SECRET_VARIABLES = {
  "mysql.cdc.password": "mysql.cdc.password",
  "starrocks.root.password": "starrocks.root.password",
  "s3.access-key": "s3.access.key",
  "s3.secret-key": "s3.secret.key",
} as const;
export type SecretVariable = keyof typeof SECRET_VARIABLES;

/**
 * The secret placeholders these variables need (S3 keys only when the warehouse is in S3).
 * The lead registers each as a StreamPark secret variable under the code SECRET_VARIABLES gives.
 */
export function secretVariables(vars: WarehouseVariables): SecretVariable[] {
  const names: SecretVariable[] = ["mysql.cdc.password", "starrocks.root.password"];
  if (vars.paimon.s3) names.push("s3.access-key", "s3.secret-key");
  return names;
}

/** The default secret references: placeholder name -> StreamPark variable code. */
export function defaultSecretRefs(vars: WarehouseVariables): Record<string, string> {
  return Object.fromEntries(secretVariables(vars).map((n) => [n, SECRET_VARIABLES[n]]));
}

/** Validates variables (e.g. built by the lead from stack config); errors name the variable path. */
export function parseWarehouseVariables(input: unknown): WarehouseVariables {
  const r = warehouseVariablesSchema.safeParse(input);
  if (r.success) return r.data;
  throw new UserError(`Invalid warehouse variables:\n${r.error.issues.map((i) => `  - ${i.path.join(".")}: ${i.message}`).join("\n")}`);
}

/** The flat `${name}` values the SQL templates use, derived from the variables. */
export function templateValues(v: WarehouseVariables): Record<string, string> {
  const t = v.paimon.tables;
  const values: Record<string, string> = {
    "mysql.host": v.mysql.host,
    "mysql.port": String(v.mysql.port),
    "mysql.database": v.mysql.database,
    "mysql.cdc.user": v.mysql.cdcUser,
    "mysql.server-time-zone": v.mysql.serverTimeZone,
    "paimon.catalog": v.paimon.catalog,
    "paimon.warehouse": v.paimon.warehouse,
    "paimon.db.ods": v.paimon.databases.ods,
    "paimon.db.dwd": v.paimon.databases.dwd,
    "paimon.db.dws": v.paimon.databases.dws,
    "paimon.write-buffer-size": t.writeBufferSize,
    "paimon.target-file-size": t.targetFileSize,
    "paimon.compaction.max-file-num": String(t.compactionMaxFileNum),
    "paimon.num-sorted-run.compaction-trigger": String(t.sortedRunCompactionTrigger),
    "paimon.num-sorted-run.stop-trigger": String(t.sortedRunStopTrigger),
    "paimon.tag.period": t.tagCreationPeriod,
    "paimon.tag.num-retained-max": String(t.tagNumRetainedMax),
    "paimon.buckets.ods": String(t.buckets.ods),
    "paimon.buckets.dwd": String(t.buckets.dwd),
    "paimon.buckets.dws": String(t.buckets.dws),
    "paimon.changelog-producer.ods": t.changelogProducer.ods,
    "paimon.changelog-producer.dwd": t.changelogProducer.dwd,
    "paimon.changelog-producer.dws": t.changelogProducer.dws,
    "starrocks.fe.host": v.starrocks.feHost,
    "starrocks.query-port": String(v.starrocks.queryPort),
    "starrocks.http-port": String(v.starrocks.httpPort),
    "starrocks.user": v.starrocks.user,
    "starrocks.database": v.starrocks.database,
    "starrocks.paimon-catalog": v.starrocks.paimonCatalog,
    // StarRocks mounts the same lake (or reaches the same bucket) as Flink.
    "starrocks.paimon-warehouse": v.paimon.warehouse,
    "starrocks.replication-num": String(v.starrocks.replicationNum),
    "starrocks.buckets": String(v.starrocks.buckets),
    "starrocks.sink.max-bytes": String(v.starrocks.sink.maxBytes),
    "starrocks.sink.interval-ms": String(v.starrocks.sink.intervalMs),
  };
  return values;
}
