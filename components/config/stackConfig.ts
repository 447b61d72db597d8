/**
 * Reads and validates a stack's configuration into one resolved, typed object. Every failure names
 * the config key, the value found and what was expected, and all failures are reported at once.
 */
import { z } from "zod";
import { Environment, ENVIRONMENT_DEFAULTS, flinkMemoryFor } from "./profiles";
import { UserError } from "./errors";
import { CanaryOverride, JobOverride, JobName, resolveJobs, ResolvedJob, StackJobSettings } from "./jobs";
import { MysqlConfig, ParsedStackConfig, PlatformConfig, StorageConfig, stackConfigSchema, CONFIG_KEYS } from "./schema";
import { SECRET_KEYS } from "./secretKeys";
import { parseDurationMs } from "./units";
import { checkVersions, DEFAULT_VERSIONS, Versions } from "./versions";

export const CONFIG_NAMESPACE = "rtdw";
/** Slots kept free beside the five jobs, for the SQL Gateway's batch statements (the schema provider's checks). */
export const GATEWAY_SLOTS = 1;

export interface FlinkSettings {
  taskManagerMiB: number;
  jobManagerMiB: number;
  taskManagers: number;
  slotsPerTaskManager: number;
  jobManagerReplicas: number;
  /**
   * The cluster's config.yaml defaults: rtdw:flink.<key> when set, else the environment's. They
   * apply only to sessions that set nothing (the SQL Gateway's DDL); every rtdw job sets its own
   * values in its SQL (StackConfig.jobs).
   */
  checkpointIntervalMs: number;
  checkpointTimeoutMs: number;
  checkpointMinPauseMs: number;
  stateTtlMs: number;
  restartAttempts: number;
  highAvailability: boolean;
}

export interface StarRocksSettings {
  topology: "allin1" | "cluster";
  frontends: number;
  backends: number;
  beStorageGiB: number;
  feStorageGiB: number;
}

export interface StackConfig {
  stack: string;
  environment: Environment;
  platform: PlatformConfig;
  /** Prefix for every name the stack creates on a shared platform. */
  namePrefix: string;
  versions: Versions;
  flink: FlinkSettings;
  mysql: MysqlConfig;
  storage: StorageConfig;
  starrocks: StarRocksSettings;
  /** Each job's settings, resolved: rtdw:jobs.<job> > rtdw:flink > the seed's per-job default. */
  jobs: Record<JobName, ResolvedJob>;
  loadGenerator: { enabled: boolean; changesPerSecond: number };
  monitoring: ParsedStackConfig["monitoring"] & { retentionMs: number };
  protectData: boolean;
  schema: { allowDataLoss: boolean | string[]; statementTimeoutSeconds: number };
  /** Findings that do not stop a deploy (an untested version pairing), shown as warnings. */
  warnings: string[];
}

/** Not `stack`: that would shadow Error.stack, which Node prints in place of the message. */
export class StackConfigError extends UserError {
  constructor(readonly stackName: string, readonly problems: string[]) {
    super(`Invalid configuration for stack "${stackName}":\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

function keyOf(path: PropertyKey[]): string {
  const [head, ...rest] = path.map(String);
  return `${CONFIG_NAMESPACE}:${head ?? ""}${rest.length ? "." + rest.join(".") : ""}`;
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value);
  return text.length > 80 ? text.slice(0, 77) + "..." : text;
}

/** What the user wrote at a path (zod reports values after its transforms, e.g. "10s" as 10000). */
function valueAt(raw: unknown, path: PropertyKey[]): unknown {
  let v: unknown = raw;
  for (const p of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

function formatIssue(issue: z.core.$ZodIssue, raw: unknown): string {
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((k) => `${keyOf([...issue.path, k])} is not a known setting`).join("; ");
  }
  const value = valueAt(raw, issue.path);
  if (value === undefined && issue.code === "invalid_type") {
    return `${keyOf(issue.path)} is required (expected ${issue.expected})`;
  }
  return `${keyOf(issue.path)}: got ${describe(value)}; ${issue.message}`;
}

/**
 * Validates raw config (key -> value, keys without the `rtdw:` prefix) for a stack.
 * Pure: testable without the Pulumi runtime.
 */
export function resolveStackConfig(stack: string, raw: Record<string, unknown>): StackConfig {
  const problems: string[] = [];
  const input = { ...raw };
  if (input.environment === undefined && ["dev", "test", "prod"].includes(stack)) {
    input.environment = stack; // a stack named after its environment needs no extra key
  }
  for (const key of Object.keys(input)) {
    if (!(CONFIG_KEYS as string[]).includes(key) && !(SECRET_KEYS as readonly string[]).includes(key)) {
      problems.push(`${CONFIG_NAMESPACE}:${key} is not a known setting (known: ${CONFIG_KEYS.join(", ")})`);
    }
    if ((SECRET_KEYS as readonly string[]).includes(key)) delete input[key];
  }
  const parsed = stackConfigSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) {
    problems.push(...parsed.error.issues.map((i) => formatIssue(i, input)));
  }
  if (problems.length || !parsed.success) throw new StackConfigError(stack, problems);
  const c = parsed.data;
  const env = c.environment;
  const d = ENVIRONMENT_DEFAULTS[env];

  const versions: Versions = { ...DEFAULT_VERSIONS, ...c.versions };
  const versionCheck = checkVersions(versions);
  for (const e of versionCheck.errors) problems.push(`${CONFIG_NAMESPACE}:versions.${e.key}: ${e.message}`);

  const mysql: MysqlConfig | undefined = c.mysql ?? (d.mysqlMode === "deploy"
    ? { mode: "deploy", database: "shop", cdcUser: "rtdw_cdc", storageGiB: 10, serverTimeZone: "UTC" }
    : undefined);
  if (!mysql) {
    problems.push(`${CONFIG_NAMESPACE}:mysql: got nothing; ${env} points at the existing business MySQL: set mode: external and its host`);
  }
  const storage: StorageConfig | undefined = c.storage ?? (d.storageKind === "volume" ? { kind: "volume", sizeGiB: 20 } : undefined);
  if (!storage) {
    problems.push(`${CONFIG_NAMESPACE}:storage: got nothing; ${env} keeps checkpoints and the Paimon warehouse in S3-compatible storage: set kind: s3, endpoint and bucket`);
  }
  if (storage?.kind === "volume" && c.platform.kind === "kubernetes" && !c.platform.sharedStorageClass) {
    problems.push(`${CONFIG_NAMESPACE}:platform.sharedStorageClass: got nothing; storage kind "volume" on Kubernetes needs a ReadWriteMany StorageClass shared by every Flink pod (or use storage kind "s3")`);
  }
  if (c.platform.kind === "kubernetes" && c.platform.exposure?.type === "NodePort" && !c.platform.exposure.nodeAddress) {
    problems.push(`${CONFIG_NAMESPACE}:platform.exposure.nodeAddress: got nothing; a NodePort exposure needs the node address the operator's machine uses`);
  }
  if (env === "prod" && c.platform.kind === "kubernetes" && !c.platform.images.registry && !c.platform.images.mavenMirror) {
    problems.push(`${CONFIG_NAMESPACE}:platform.images: got neither registry nor mavenMirror; prod pods never download jars from the internet at start: set images.registry (images built once and pushed there) or images.mavenMirror (a Maven mirror the cluster reaches)`);
  }
  const highAvailability = c.platform.kind === "kubernetes" && c.platform.highAvailability;
  if (highAvailability && storage?.kind === "volume" && !(c.platform.kind === "kubernetes" && c.platform.sharedStorageClass)) {
    problems.push(`${CONFIG_NAMESPACE}:platform.highAvailability: JobManager HA needs shared storage for its metadata`);
  }

  const memory = flinkMemoryFor(env, c.flink.profile);
  const flink: FlinkSettings = {
    taskManagerMiB: c.flink.taskManagerMemory ?? memory.taskManagerMiB,
    jobManagerMiB: c.flink.jobManagerMemory ?? memory.jobManagerMiB,
    taskManagers: c.flink.taskManagers ?? d.taskManagers,
    slotsPerTaskManager: c.flink.slotsPerTaskManager ?? d.slotsPerTaskManager,
    jobManagerReplicas: c.flink.jobManagerReplicas ?? (highAvailability ? 2 : 1),
    checkpointIntervalMs: c.flink.checkpointInterval ?? (parseDurationMs(d.checkpointInterval) as number),
    checkpointTimeoutMs: c.flink.checkpointTimeout ?? (parseDurationMs(d.checkpointTimeout) as number),
    checkpointMinPauseMs: c.flink.checkpointMinPause ?? (parseDurationMs(d.checkpointMinPause) as number),
    stateTtlMs: c.flink.stateTtl ?? (parseDurationMs(d.stateTtl) as number),
    restartAttempts: c.flink.restartAttempts,
    highAvailability,
  };
  if (flink.jobManagerReplicas > 1 && !highAvailability) {
    problems.push(`${CONFIG_NAMESPACE}:flink.jobManagerReplicas: got ${flink.jobManagerReplicas}; more than one JobManager needs platform.highAvailability on Kubernetes`);
  }
  if (flink.jobManagerMiB < 1024 || flink.taskManagerMiB < 1024) {
    problems.push(`${CONFIG_NAMESPACE}:flink: JobManager and TaskManager need at least 1g each (Flink's own minimum for its memory model)`);
  }

  const topology = c.starrocks.topology ?? (c.platform.kind === "docker" ? "allin1" : "cluster");
  if (topology === "allin1" && ((c.starrocks.frontends ?? 1) > 1 || (c.starrocks.backends ?? 1) > 1)) {
    problems.push(`${CONFIG_NAMESPACE}:starrocks.topology: "allin1" runs exactly one FE and one BE; use "cluster" for more`);
  }
  const starrocks: StarRocksSettings = {
    topology,
    frontends: c.starrocks.frontends ?? (topology === "cluster" && env === "prod" ? 3 : 1),
    backends: c.starrocks.backends ?? (topology === "cluster" ? 3 : 1),
    beStorageGiB: c.starrocks.beStorageGiB,
    feStorageGiB: c.starrocks.feStorageGiB,
  };

  const jobs = resolveJobs(stackJobSettings(c.flink), Object.fromEntries(Object.entries(c.jobs).map(([n, o]) => [n, o && jobOverride(o)])));
  const totalParallelism = Object.values(jobs).reduce((sum, j) => sum + j.parallelism, 0);
  // A job takes as many slots as its parallelism: Paimon's sources read at the job's parallelism
  // ('scan.infer-parallelism' = 'false' on every table of sql/paimon, else one reader per bucket),
  // and one slot stays free for the SQL Gateway's batch statements, which the Paimon schema
  // provider runs ("does this table hold data": SELECT 1 ... LIMIT 1 waits for a free slot).
  const slots = flink.taskManagers * flink.slotsPerTaskManager;
  if (slots < totalParallelism + GATEWAY_SLOTS) {
    problems.push(`${CONFIG_NAMESPACE}:flink.taskManagers: ${flink.taskManagers} TaskManagers x ${flink.slotsPerTaskManager} slots = ${slots} slots, but the five jobs need ${totalParallelism} and the SQL Gateway's batch statements ${GATEWAY_SLOTS} more`);
  }
  if (problems.length) throw new StackConfigError(stack, problems);

  const namePrefix = c.platform.kind === "docker" ? (c.platform.namePrefix ?? `rtdw-${stack}`.toLowerCase().replace(/[^a-z0-9-]/g, "-")) : c.platform.namespace;

  return {
    stack,
    environment: env,
    platform: c.platform,
    namePrefix,
    versions,
    flink,
    mysql: mysql as MysqlConfig,
    storage: storage as StorageConfig,
    starrocks,
    jobs,
    loadGenerator: { enabled: (c.loadGenerator.enabled ?? d.loadGenerator) && mysql?.mode === "deploy", changesPerSecond: c.loadGenerator.changesPerSecond },
    monitoring: { ...c.monitoring, retentionMs: c.monitoring.retention ?? (parseDurationMs(d.prometheusRetention) as number) },
    protectData: c.protectData ?? d.protectData,
    // Dev data is disposable; elsewhere a schema change that drops data must be asked for.
    schema: { allowDataLoss: c.schema.allowDataLoss ?? c.environment === "dev", statementTimeoutSeconds: c.schema.statementTimeoutSeconds },
    warnings: versionCheck.warnings.map((w) => `${CONFIG_NAMESPACE}:versions.${w.key}: ${w.message}`),
  };
}

type Durations = Partial<Record<"checkpointInterval" | "checkpointTimeout" | "checkpointMinPause" | "stateTtl", number>>;

/** rtdw:flink's job settings; a key left unset stays unset (each job's own default applies). */
function stackJobSettings(f: Durations): StackJobSettings {
  return { checkpointIntervalMs: f.checkpointInterval, checkpointTimeoutMs: f.checkpointTimeout, checkpointMinPauseMs: f.checkpointMinPause, stateTtlMs: f.stateTtl };
}

function jobOverride(o: Durations & Omit<JobOverride, `${string}Ms` | "savepoints" | "canary"> & { savepoints?: { every: number; keep: number }; canary?: { window: number; tolerances: CanaryOverride["tolerances"] } }): JobOverride {
  return {
    ...stackJobSettings(o), parallelism: o.parallelism, upgradeStrategy: o.upgradeStrategy, pinnedSqlVersion: o.pinnedSqlVersion, state: o.state, restoreFrom: o.restoreFrom,
    savepoints: o.savepoints && { everyMs: o.savepoints.every, keep: o.savepoints.keep },
    ...(o.canary ? { canary: { windowMs: o.canary.window, tolerances: o.canary.tolerances } } : {}),
  };
}

/** Collects this project's keys from the Pulumi runtime's config (`rtdw:key` -> parsed JSON or string). */
export function rawConfigFrom(all: Record<string, string>): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const [fullKey, text] of Object.entries(all)) {
    const [ns, key] = fullKey.split(":", 2);
    if (ns !== CONFIG_NAMESPACE || key === undefined) continue;
    raw[key] = parseConfigValue(text);
  }
  return raw;
}

/** Pulumi passes structured values as JSON text and scalars as plain text. */
function parseConfigValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
