/**
 * The stack configuration's shape: every `rtdw:*` key a Pulumi.<stack>.yaml may set, validated with
 * zod. Secrets are not here: they are read as Pulumi secrets (./secrets.ts) and never become plain values.
 */
import { z } from "zod";
import { SEED_RANGES } from "./profiles";
import { durationWithin, flinkDuration, memorySize, duration } from "./units";
import { monitoringTuningSchema } from "./monitoringTuning";
import { JOB_NAMES, JobName, SAVEPOINT_SCHEDULE } from "./jobs";
import { serverTimeZone } from "./timeZone";

export { JOB_NAMES };
export type { JobName };

const [ciLo, ciHi] = SEED_RANGES.checkpointIntervalMs;
const [ctLo, ctHi] = SEED_RANGES.checkpointTimeoutMs;
const [mpLo, mpHi] = SEED_RANGES.checkpointMinPauseMs;
const [ttlLo, ttlHi] = SEED_RANGES.stateTtlMs;

const dnsLabel = z.string().regex(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/, "expected a lower-case DNS label such as \"rtdw\"");
const host = z.string().min(1, "expected a host name or address");
const port = z.number().int().min(1).max(65535, "expected a TCP port 1-65535");
const identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, "expected an SQL identifier (letters, digits, _)");

const platform = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("docker"),
    /** Prefix of every container, volume and network name, so stacks can share one Docker host. */
    namePrefix: dnsLabel.optional(),
    /** Added to every port published on 127.0.0.1, so two stacks fit on one laptop. */
    portOffset: z.number().int().min(0).max(50000).default(0),
  }).strict(),
  z.object({
    kind: z.literal("kubernetes"),
    namespace: dnsLabel,
    /** StorageClass of per-instance volumes (empty: the cluster default). */
    storageClass: z.string().optional(),
    /** StorageClass offering ReadWriteMany, for volumes several pods share (checkpoints on a disk). */
    sharedStorageClass: z.string().optional(),
    /**
     * Nothing is exposed to a network by default: `pulumi up` reaches the services through the
     * Kubernetes API (port-forward). Exposing the operator ports is an explicit opt-in, limited to
     * source ranges (CIDRs).
     */
    exposure: z.object({
      type: z.enum(["LoadBalancer", "NodePort"]),
      sourceRanges: z.array(z.string().regex(/^[0-9a-fA-F:.]+\/\d{1,3}$/, "a CIDR such as 203.0.113.0/24")).min(1),
      /** NodePort: the node address the operator's machine uses. */
      nodeAddress: z.string().min(1).optional(),
    }).strict().optional(),
    /** The kubeconfig context the stack's providers use for port-forwards (the current one when absent). */
    context: z.string().min(1).optional(),
    /**
     * Where pods get their jars without downloading them from the internet at start: images built
     * once and pushed to `registry` (a repository prefix such as registry.example.com/rtdw), or
     * fetched from `mavenMirror` (a Maven repository URL in the cluster's reach). Prod requires one.
     */
    images: z.object({
      registry: z.string().min(1).optional(),
      mavenMirror: z.string().url().refine((u) => u.startsWith("https://"), "an https:// URL").optional(),
    }).strict().default({}),
    /** JobManager high availability through Kubernetes HA services. */
    highAvailability: z.boolean().default(true),
  }).strict(),
]);

const versions = z.object({
  flink: z.string(),
  flinkCdc: z.string(),
  paimon: z.string(),
  starrocks: z.string(),
  starrocksConnector: z.string(),
  streampark: z.string(),
}).partial().strict();

/** The seed's ranges (the seed: "Flink 1.20.1"), the same at stack level and per job. */
const jobDurations = {
  checkpointInterval: durationWithin(ciLo, ciHi, "the checkpoint interval").optional(),
  checkpointTimeout: durationWithin(ctLo, ctHi, "the checkpoint timeout").optional(),
  checkpointMinPause: durationWithin(mpLo, mpHi, "the minimum pause between checkpoints").optional(),
  stateTtl: durationWithin(ttlLo, ttlHi, "the state TTL").optional(),
};

const flink = z.object({
  profile: z.enum(["standard", "high-concurrency"]).default("standard"),
  taskManagerMemory: memorySize.optional(),
  jobManagerMemory: memorySize.optional(),
  taskManagers: z.number().int().min(1).max(64).optional(),
  slotsPerTaskManager: z.number().int().min(1).max(64).optional(),
  jobManagerReplicas: z.number().int().min(1).max(3).optional(),
  // Checkpointing and state TTL of every job (a job's rtdw:jobs entry wins); unset, each job keeps
  // the seed's per-job choice (components/config/jobs.ts).
  ...jobDurations,
  restartAttempts: z.number().int().min(0).max(SEED_RANGES.restartAttemptsMax, `the seed allows at most ${SEED_RANGES.restartAttemptsMax} restart attempts`).default(3),
}).strict();

const mysql = z.discriminatedUnion("mode", [
  z.object({
    mode: z.literal("deploy"),
    database: identifier.default("shop"),
    cdcUser: identifier.default("rtdw_cdc"),
    storageGiB: z.number().int().min(1).default(10),
    /** The zone the deployed server runs with (its --default-time-zone) and the CDC sources declare. */
    serverTimeZone: serverTimeZone.default("UTC"),
  }).strict(),
  z.object({
    mode: z.literal("external"),
    host,
    port: port.default(3306),
    database: identifier.default("shop"),
    /** An account allowed to create users and grant privileges (manages the CDC and StreamPark users). */
    adminUser: z.string().min(1).default("root"),
    cdcUser: identifier.default("rtdw_cdc"),
    /**
     * The zone the server runs with (`SELECT @@global.time_zone, @@system_time_zone`): MySQL CDC
     * refuses to start when its `server-time-zone` differs, so it is required, never guessed.
     */
    serverTimeZone,
  }).strict(),
]);

const storage = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("volume"), sizeGiB: z.number().int().min(1).default(20) }).strict(),
  z.object({
    kind: z.literal("s3"),
    endpoint: z.url("expected the S3 endpoint URL such as https://s3.eu-west-1.amazonaws.com"),
    bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "expected an S3 bucket name"),
    pathStyleAccess: z.boolean().default(false),
  }).strict(),
]);

const starrocks = z.object({
  /** allin1: one FE+BE container (dev); cluster: FE and BE as separate StatefulSets. */
  topology: z.enum(["allin1", "cluster"]).optional(),
  frontends: z.number().int().refine((n) => n === 1 || n === 3, "StarRocks FE followers must be 1 or 3 (an odd quorum)").optional(),
  backends: z.number().int().min(1).max(64).optional(),
  beStorageGiB: z.number().int().min(1).default(50),
  feStorageGiB: z.number().int().min(1).default(10),
}).strict();

/**
 * `{ every, keep }`: the Flink Kubernetes Operator's `kubernetes.operator.periodic.savepoint.interval`
 * and `kubernetes.operator.savepoint.history.max.count` (apache/flink-kubernetes-operator
 * docs/content/docs/custom-resource/job-management.md, "Periodic savepointing" and "Savepoint
 * history"). Unlike the operator (interval 0 disables), a schedule is either set or absent.
 */
const savepointSchedule = z.object({
  every: duration.refine((ms) => ms >= SAVEPOINT_SCHEDULE.minEveryMs && ms <= SAVEPOINT_SCHEDULE.maxEveryMs, {
    message: `the savepoint interval must be between ${flinkDuration(SAVEPOINT_SCHEDULE.minEveryMs)} and ${flinkDuration(SAVEPOINT_SCHEDULE.maxEveryMs)}`,
  }),
  keep: z.number().int().min(1, "keep at least 1 savepoint (the newest restore point is never disposed of)").max(SAVEPOINT_SCHEDULE.maxKeep, `keep at most ${SAVEPOINT_SCHEDULE.maxKeep} savepoints`),
}).strict();

const job = z.object({
  parallelism: z.number().int().min(1).max(256).optional(),
  ...jobDurations,
  upgradeStrategy: z.enum(["savepoint", "stateless", "blue-green", "canary"]).optional(),
  /** upgradeStrategy canary: how long green runs beside blue, and what its output may differ by. */
  canary: z.object({
    window: duration,
    tolerances: z.object({
      /** Rows per key range, relative difference in percent. */
      rowsPercent: z.number().min(0).max(100).optional(),
      /** Sum of each numeric column, relative difference in percent. */
      aggregatePercent: z.number().min(0).max(100).optional(),
      /** Average of each quality score column (0-100), absolute difference in points. */
      qualityPoints: z.number().min(0).max(100).optional(),
      /** Rows green must have written to each shadow table for the comparison to count. */
      minRows: z.number().int().min(0).optional(),
    }).strict().default({}),
  }).strict().optional(),
  /** One-click rollback: a SQL version number to return the job to. */
  pinnedSqlVersion: z.number().int().min(1).optional(),
  /** running, or suspended: stopped with a savepoint, the application kept (resumes from it). */
  state: z.enum(["running", "suspended"]).optional(),
  /** One-click rollback to a savepoint of the job's history (output savepointHistory), with the SQL version that wrote it. */
  restoreFrom: z.string().regex(/^([a-z][a-z0-9+.-]*:\/\/?|\/)\S+$/i, "expected a savepoint path from the job's savepointHistory output, e.g. s3://bucket/savepoints/savepoint-1a2b3c-0123456789ab").optional(),
  /** Periodic savepoints with retention, run by the stack's savepoint scheduler (components/savepoints). */
  savepoints: savepointSchedule.optional(),
}).strict().refine((j) => !(j.restoreFrom !== undefined && j.pinnedSqlVersion !== undefined), {
  message: "restoreFrom runs the SQL version that wrote the savepoint: set restoreFrom or pinnedSqlVersion, not both",
  path: ["restoreFrom"],
}).refine((j) => j.upgradeStrategy !== "canary" || j.canary !== undefined, {
  message: "upgradeStrategy canary needs canary.window (how long green runs beside blue before the comparison, e.g. \"10min\")",
  path: ["canary"],
}).refine((j) => j.canary === undefined || j.upgradeStrategy === "canary", {
  message: "canary settings apply only with upgradeStrategy: canary",
  path: ["canary"],
});

const jobs = z.object(Object.fromEntries(JOB_NAMES.map((n) => [n, job.optional()])) as Record<JobName, z.ZodOptional<typeof job>>).strict();

const loadGenerator = z.object({
  enabled: z.boolean().optional(),
  changesPerSecond: z.number().int().min(1).max(100_000).default(200),
}).strict();

const monitoring = z.object({
  enabled: z.boolean().default(true),
  retention: duration.optional(),
  storageGiB: z.number().int().min(1).default(20),
  /** Where non-native alert channels are delivered (webhook gateways): CRITICAL SMS and phone calls. */
  smsWebhookUrl: z.url().optional(),
  phoneWebhookUrl: z.url().optional(),
  emailTo: z.string().optional(),
  emailFrom: z.string().optional(),
  smtpSmarthost: z.string().optional(),
  wecomCorpId: z.string().optional(),
  wecomAgentId: z.string().optional(),
  wecomToUser: z.string().optional(),
  // KPI overrides, the LOW digest's time, the CRITICAL re-page URL (./monitoringTuning.ts).
  ...monitoringTuningSchema.shape,
}).strict();

const schema = z.object({
  /**
   * Whether a schema change may drop data: a replace (a changed column, key or distribution) or a
   * delete of a table or database that holds rows. true/false for all objects, or the objects by
   * name (e.g. ["starrocks:rtdw_serving.dws_sales_hourly"]). Default: on in dev only.
   */
  allowDataLoss: z.union([z.boolean(), z.array(z.string().regex(/^(mysql|starrocks|paimon):\S+$/, "expected an object name such as mysql:shop.orders"))]).optional(),
  /** Per-statement time limit of the schema provider. */
  statementTimeoutSeconds: z.number().int().min(1).max(3600).default(120),
}).strict();

export const stackConfigSchema = z.object({
  environment: z.enum(["dev", "test", "prod"]),
  platform,
  versions: versions.default({}),
  flink: flink.default({ profile: "standard", restartAttempts: 3 }),
  mysql: mysql.optional(),
  storage: storage.optional(),
  starrocks: starrocks.default({ beStorageGiB: 50, feStorageGiB: 10 }),
  jobs: jobs.default({}),
  loadGenerator: loadGenerator.default({ changesPerSecond: 200 }),
  monitoring: monitoring.default({ enabled: true, storageGiB: 20, kpis: {}, digestStartUtc: "01:00" }),
  schema: schema.default({ statementTimeoutSeconds: 120 }),
  /** Marks data-bearing resources protected and retained on delete (default: on in prod). */
  protectData: z.boolean().optional(),
}).strict();

export type ParsedStackConfig = z.output<typeof stackConfigSchema>;
export type PlatformConfig = ParsedStackConfig["platform"];
export type MysqlConfig = z.output<typeof mysql>;
export type StorageConfig = z.output<typeof storage>;

/** The stack config keys, as users write them after `rtdw:` in Pulumi.<stack>.yaml. */
export const CONFIG_KEYS = Object.keys(stackConfigSchema.shape) as (keyof typeof stackConfigSchema.shape)[];
