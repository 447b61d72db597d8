/**
 * A StreamPark job's inputs and outputs as the stack declares them: the defaults, the pure checks
 * (`jobFailures`: each failure names the input), and the JobSpec the lifecycle works from. Split
 * from ./jobProvider.ts, which runs the lifecycle over them.
 */
import type { JobOptions, JobSpec, SavepointEntry, UpgradeStrategy } from "../lifecycle/jobSpec";
import { DESIRED_STATES, JOB_NAME_MAX, JOB_NAME_PATTERN, normalizeSql, UPGRADE_STRATEGIES, variablePlaceholders } from "../lifecycle/jobSpec";
import type { SinkTable } from "../lifecycle/blueGreen";
import { blueGreenRefusal } from "../lifecycle/blueGreen";
import type { CanaryComparison } from "../lifecycle/canaryCompare";
import type { CanaryInput, SinkEnginesInput } from "./canaryInputs";
import { canaryFailures } from "./canaryInputs";
import { parseDurationMs, parseMemoryBytes } from "../../config/units";
import type { ConsoleInputs } from "./connection";
import { consoleFailures, containsUnknown, isUnknown } from "./connection";

/** The job's spec as stack inputs, plus the console it lives on and the variables it uses. */
export interface JobInputs extends ConsoleInputs, JobSpec {
  /** Codes of the StreamPark variables the SQL references as `${code}`. */
  variables: string[];
  /** "code@revision,..." of those variables: a changed value restarts the job to pick it up. */
  variableRevisions?: string;
  /**
   * The Flink JobManager REST URL as the machine running Pulumi reaches it (how to reach the job,
   * like consoleUrl: an update, never a replace). Read for what StreamPark does not track:
   * restarts and checkpoints in the health gate, and jobs left running after a failed cancel.
   * Missing (state of an older release): the session cluster's address in StreamPark is used.
   */
  flinkRestUrl?: string;
  /** What `up` will do and why (set by check from the old and new inputs; preview shows it). */
  plannedAction?: string;
  /** The job's sinks and whether each is a primary-key table: blue-green is refused otherwise. */
  sinks?: SinkTable[];
  /**
   * The savepoint scheduler's URL as the machine running Pulumi reaches it (a job with
   * `savepoints: { every, keep }`): read and up list its savepoints in `savepointHistory`.
   */
  savepointHistoryUrl?: string;
  /** upgradeStrategy canary: the window and the comparison's tolerances. */
  canary?: CanaryInput;
  /** upgradeStrategy canary: how to reach the sinks' engines (shadow tables, the comparison). */
  sinkEngines?: SinkEnginesInput;
  /** upgradeStrategy canary: the Flink SQL Gateway URL (Paimon sinks) and StarRocks FE host:query-port. */
  canaryPaimonEndpoint?: string;
  canaryStarRocksEndpoint?: string;
}

export interface JobOutputs extends Omit<JobInputs, "adminPassword"> {
  appId: string;
  jobId: string | null;
  state: string;
  sqlVersion: number | null;
  previousSqlVersion: number | null;
  pendingSqlVersion: number | null;
  /** `options` JSON as StreamPark holds it (drift of parallelism and friends). */
  liveOptions: string | null;
  lastSavepoint: string | null;
  sqlFingerprint: string;
  /** The name StreamPark shows (differs from `name` when renamed in the UI: drift). */
  liveName: string;
  /** What the last `up` did and why. */
  plannedAction: string;
  /** Savepoints the stack took, each with the SQL version that wrote it: what `restoreFrom` can name. */
  savepointHistory: SavepointEntry[];
  /** The `restoreFrom` applied (a rollback happens once while the input stays the same). */
  restoredFrom: string | null;
  /** The last canary's comparison (what differed, by how much, the tolerance), passed or failed. */
  canaryComparison?: CanaryComparison | null;
}

export const JOB_DEFAULTS = {
  restartAttempts: 3,
  consoleRestarts: 0,
  upgradeStrategy: "savepoint" as UpgradeStrategy,
  healthGate: { checkpoints: 3, timeoutSeconds: 600 },
  waits: { buildSeconds: 900, startSeconds: 600, cancelSeconds: 600, pollMs: 2000 },
  passwordConfigKey: "rtdw:streamparkAdminPassword",
};

/** Inputs the plan compares with what is live (their change is a change of the job). */
export const UPDATE_FIELDS = [
  "executionMode", "clusterId", "flinkEnvId", "options", "restartAttempts", "consoleRestarts", "description", "alertId",
  "upgradeStrategy", "healthGate", "pinnedSqlVersion", "desiredState", "restoreFrom", "savepointDir", "allowNonRestoredState", "waits",
  "variables", "variableRevisions", "adminUser", "passwordConfigKey", "requestTimeoutSeconds",
] as const;
/** The resource's own settings: a change is recorded, nothing live changes (how to reach it included). */
export const SETTINGS_FIELDS = [
  "upgradeStrategy", "healthGate", "savepointDir", "allowNonRestoredState", "waits", "variables",
  "adminUser", "passwordConfigKey", "requestTimeoutSeconds", "consoleUrl", "flinkRestUrl", "pinnedSqlVersion",
  "savepointHistoryUrl", "canary", "sinkEngines", "canaryPaimonEndpoint", "canaryStarRocksEndpoint",
] as const;

export function withJobDefaults(news: Partial<JobInputs>): JobInputs {
  const n = { ...news } as JobInputs;
  n.restartAttempts ??= JOB_DEFAULTS.restartAttempts;
  n.consoleRestarts ??= JOB_DEFAULTS.consoleRestarts;
  n.upgradeStrategy ??= JOB_DEFAULTS.upgradeStrategy;
  n.healthGate = isUnknown(n.healthGate) ? n.healthGate : { ...JOB_DEFAULTS.healthGate, ...(n.healthGate ?? {}) };
  n.waits = isUnknown(n.waits) ? n.waits : { ...JOB_DEFAULTS.waits, ...(n.waits ?? {}) };
  n.tags ??= [];
  n.variables ??= [];
  n.allowNonRestoredState ??= false;
  n.passwordConfigKey ??= JOB_DEFAULTS.passwordConfigKey;
  n.executionMode ??= 1;
  return n;
}

export function jobFailures(n: JobInputs): { property: string; reason: string }[] {
  const f = consoleFailures(n);
  const job = typeof n.name === "string" ? n.name : "job";
  const known = (v: unknown) => !isUnknown(v) && !containsUnknown(v);
  if (known(n.name) && (typeof n.name !== "string" || !new RegExp(JOB_NAME_PATTERN).test(n.name) || n.name.length > JOB_NAME_MAX)) {
    f.push({ property: "name", reason: `job name '${String(n.name)}' must match ${JOB_NAME_PATTERN} and have at most ${JOB_NAME_MAX} characters (StreamPark's job name rule)` });
  }
  if (known(n.sql) && (typeof n.sql !== "string" || normalizeSql(n.sql) === "")) {
    f.push({ property: "sql", reason: `${job}: the SQL is empty` });
  }
  if (known(n.executionMode) && n.executionMode !== 1) {
    f.push({ property: "executionMode", reason: `${job}: executionMode must be 1 (remote session cluster, also on Kubernetes: see components/streampark/README.md), got ${String(n.executionMode)}` });
  }
  for (const k of ["clusterId", "flinkEnvId"] as const) {
    if (known(n[k]) && !/^\d+$/.test(String(n[k] ?? ""))) f.push({ property: k, reason: `${job}: ${k} must be a StreamPark id (digits), got '${String(n[k])}'` });
  }
  if (known(n.options)) {
    const o = (n.options ?? {}) as Partial<JobOptions>;
    if (!Number.isInteger(o.parallelism) || (o.parallelism ?? 0) < 1) f.push({ property: "options", reason: `${job}: options.parallelism must be a whole number >= 1` });
    for (const k of ["checkpointInterval", "checkpointTimeout", "checkpointMinPause", "stateTtl"] as const) {
      if (typeof o[k] !== "string" || parseDurationMs(o[k]!) === undefined) f.push({ property: "options", reason: `${job}: options.${k} must be a Flink duration such as "30s" or "10min", got '${String(o[k])}'` });
    }
    for (const k of ["taskManagerMemory", "jobManagerMemory"] as const) {
      if (o[k] !== undefined && (typeof o[k] !== "string" || parseMemoryBytes(o[k]!) === undefined)) f.push({ property: "options", reason: `${job}: options.${k} must be a Flink memory size such as "2g" or "1024m", got '${String(o[k])}'` });
    }
  }
  for (const k of ["restartAttempts", "consoleRestarts"] as const) {
    if (known(n[k]) && (!Number.isInteger(n[k]) || n[k] < 0)) f.push({ property: k, reason: `${job}: ${k} must be a whole number >= 0` });
  }
  if (known(n.upgradeStrategy) && !Object.keys(UPGRADE_STRATEGIES).includes(String(n.upgradeStrategy))) {
    f.push({ property: "upgradeStrategy", reason: `${job}: upgradeStrategy must be one of ${Object.keys(UPGRADE_STRATEGIES).map((k) => `"${k}"`).join(" or ")}` });
  }
  if (n.upgradeStrategy === "blue-green" && known(n.sinks)) {
    const why = blueGreenRefusal(job, n.sinks);
    if (why) f.push({ property: "upgradeStrategy", reason: why });
  }
  if (known(n.canary) && known(n.sinks) && known(n.sinkEngines)) f.push(...canaryFailures(job, n.upgradeStrategy, n.canary, n.sinks, n.sinkEngines, n));
  if (known(n.flinkRestUrl) && n.flinkRestUrl !== undefined && (typeof n.flinkRestUrl !== "string" || !/^https?:\/\/[^\s/]+/.test(n.flinkRestUrl))) {
    f.push({ property: "flinkRestUrl", reason: `${job}: flinkRestUrl must be the Flink JobManager REST URL, e.g. http://localhost:8081` });
  }
  if (known(n.healthGate) && (!Number.isInteger(n.healthGate.checkpoints) || n.healthGate.checkpoints < 0 || !(n.healthGate.timeoutSeconds > 0))) {
    f.push({ property: "healthGate", reason: `${job}: healthGate needs checkpoints >= 0 and timeoutSeconds > 0` });
  }
  if (known(n.healthGate) && known(n.options) && n.healthGate && n.options && typeof n.options.checkpointInterval === "string") {
    const intervalMs = parseDurationMs(n.options.checkpointInterval);
    if (intervalMs !== undefined && n.healthGate.checkpoints * intervalMs > n.healthGate.timeoutSeconds * 1000) {
      f.push({ property: "healthGate", reason: `${job}: the health gate can never pass: ${n.healthGate.checkpoints} checkpoints every ${n.options.checkpointInterval} take longer than its ${n.healthGate.timeoutSeconds}s time limit` });
    }
  }
  if (known(n.pinnedSqlVersion) && n.pinnedSqlVersion !== undefined && n.pinnedSqlVersion !== null && (!Number.isInteger(n.pinnedSqlVersion) || n.pinnedSqlVersion < 1)) {
    f.push({ property: "pinnedSqlVersion", reason: `${job}: pinnedSqlVersion must be a SQL version number from the job's history (>= 1)` });
  }
  if (known(n.desiredState) && n.desiredState !== undefined && !(DESIRED_STATES as readonly unknown[]).includes(n.desiredState)) {
    f.push({ property: "desiredState", reason: `${job}: state must be one of ${DESIRED_STATES.map((s) => `"${s}"`).join(" or ")}, got '${String(n.desiredState)}'` });
  }
  if (known(n.restoreFrom) && n.restoreFrom !== undefined && n.restoreFrom !== null && (typeof n.restoreFrom !== "string" || !/^[a-z][a-z0-9+.-]*:\/\/?\S+$|^\/\S+$/i.test(n.restoreFrom))) {
    f.push({ property: "restoreFrom", reason: `${job}: restoreFrom must be a savepoint path from the job's savepointHistory output (e.g. s3://rtdw/savepoints/savepoint-1a2b3c-...), got '${String(n.restoreFrom)}'` });
  }
  if (known(n.restoreFrom) && known(n.pinnedSqlVersion) && n.restoreFrom && n.pinnedSqlVersion !== undefined && n.pinnedSqlVersion !== null) {
    f.push({ property: "restoreFrom", reason: `${job}: restoreFrom runs the SQL version that wrote the savepoint; remove pinnedSqlVersion (${n.pinnedSqlVersion}) or restoreFrom` });
  }
  if (known(n.sql) && known(n.variables) && typeof n.sql === "string" && Array.isArray(n.variables)) {
    const missing = variablePlaceholders(n.sql).filter((v) => !n.variables.includes(v));
    if (missing.length > 0) {
      f.push({ property: "variables", reason: `${job}: the SQL references ${missing.map((m) => "${" + m + "}").join(", ")} but no StreamPark variable with that code is declared for the job` });
    }
  }
  return f;
}

export function jobSpec(n: JobInputs): JobSpec {
  return {
    name: n.name, sql: n.sql, executionMode: n.executionMode, clusterId: String(n.clusterId), flinkEnvId: String(n.flinkEnvId),
    options: n.options, restartAttempts: n.restartAttempts, consoleRestarts: n.consoleRestarts, tags: n.tags, description: n.description,
    alertId: n.alertId ?? undefined, upgradeStrategy: n.upgradeStrategy, healthGate: n.healthGate,
    pinnedSqlVersion: n.pinnedSqlVersion ?? undefined, savepointDir: n.savepointDir ?? undefined,
    desiredState: n.desiredState ?? "running", restoreFrom: n.restoreFrom ?? undefined,
    allowNonRestoredState: n.allowNonRestoredState, waits: n.waits,
    ...(n.upgradeStrategy === "canary" && n.canary ? { canary: n.canary } : {}),
  };
}

/** What the stack remembers of earlier runs (outputs of an older release: nothing yet). */
