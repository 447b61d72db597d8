/**
 * The dynamic provider of a StreamPark Flink SQL job: a small table of check/diff/create/read/
 * update/delete over the job lifecycle (../lifecycle/jobLifecycle.ts). check and diff are pure
 * (they run in PR previews); diff gets old OUTPUTS, so outputs carry every non-secret input.
 *
 * Diff choice: this provider answers `changes` itself instead of leaving it to the engine
 * (`changes: undefined`). The engine's own diff would compare raw inputs, so a whitespace or
 * comment edit of the SQL would show as an update and restart a job for nothing. The preview
 * still shows the SQL change readably: for a dynamic resource the CLI renders old inputs
 * against new inputs, and `sql` is an input holding the SQL text.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { JobOptions, JobSpec, SavepointEntry, UpgradeStrategy } from "../lifecycle/jobSpec";
import { DESIRED_STATES, withSavepoint, JOB_NAME_MAX, JOB_NAME_PATTERN, normalizeSql, optionsFromLive, optionsJson, sqlFingerprint, tagsText, UPGRADE_STRATEGIES, variablePlaceholders } from "../lifecycle/jobSpec";
import type { ConvergeResult, JobObservation } from "../lifecycle/jobLifecycle";
import type { ReleaseMemory } from "../lifecycle/jobRelease";
import type { SinkTable } from "../lifecycle/blueGreen";
import { blueGreenRefusal } from "../lifecycle/blueGreen";
import type { CanarySinks } from "../lifecycle/canaryCompare";
import { CanaryFailed } from "../lifecycle/canary";
import type { CanaryComparison } from "../lifecycle/canaryCompare";
import type { CanaryInput, SinkEnginesInput } from "./canaryInputs";
import { canaryFailures, openSinkEngines } from "./canaryInputs";
import { converge, createOrAdopt, deleteJob, findAppById, getApp, observe, wantedFromSpec } from "../lifecycle/jobLifecycle";
import type { JobPlan, LiveJob } from "../lifecycle/jobPlan";
import { planJob } from "../lifecycle/jobPlan";
import type { StreamParkApi } from "../api/client";
import type { FlinkRest } from "../api/flinkRest";
import { connectFlink } from "../api/flinkRest";
import { parseDurationMs, parseMemoryBytes } from "../../config/units";
import { withDiscovered } from "../lifecycle/scheduledSavepoints";
import type { ConsoleInputs } from "./connection";
import { consoleFailures, consoleOutputs, containsUnknown, defined, isUnknown, openConsole, rememberConfig, stableJson } from "./connection";

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
const UPDATE_FIELDS = [
  "executionMode", "clusterId", "flinkEnvId", "options", "restartAttempts", "consoleRestarts", "description", "alertId",
  "upgradeStrategy", "healthGate", "pinnedSqlVersion", "desiredState", "restoreFrom", "savepointDir", "allowNonRestoredState", "waits",
  "variables", "variableRevisions", "adminUser", "passwordConfigKey", "requestTimeoutSeconds",
] as const;
/** The resource's own settings: a change is recorded, nothing live changes (how to reach it included). */
const SETTINGS_FIELDS = [
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
function memoryOf(olds: Partial<JobOutputs> | undefined): ReleaseMemory {
  return { savepointHistory: olds?.savepointHistory ?? [], restoredFrom: olds?.restoredFrom ?? null };
}

/** The memory after a run: its savepoints appended (with the time); restoredFrom kept only while restoreFrom is set. */
function memoryAfter(before: ReleaseMemory, result: ConvergeResult, n: JobInputs): ReleaseMemory {
  const time = new Date().toISOString();
  const savepointHistory = result.savepointsTaken.map((e) => ({ ...e, time: e.time ?? time })).reduce(withSavepoint, before.savepointHistory);
  return { savepointHistory, restoredFrom: n.restoreFrom ? result.restoredFrom : null };
}

function jobOutputs(n: JobInputs, o: JobObservation, plannedAction: string, memory: ReleaseMemory & { canaryComparison?: CanaryComparison | null }): JobOutputs {
  const { adminPassword: _secret, ...plain } = n;
  void _secret;
  return {
    ...plain,
    plannedAction,
    ...consoleOutputs(n),
    appId: o.appId, jobId: o.jobId, state: o.state, sqlVersion: o.sqlVersion, previousSqlVersion: o.previousSqlVersion,
    pendingSqlVersion: o.pendingSqlVersion, liveOptions: o.options, lastSavepoint: o.lastSavepoint, liveName: o.name,
    // Keep the program's text unless the live SQL really differs (a refresh must not churn whitespace).
    sql: n.pinnedSqlVersion === undefined && normalizeSql(o.sql) === normalizeSql(n.sql) ? n.sql : o.sql,
    sqlFingerprint: sqlFingerprint(o.sql),
    savepointHistory: memory.savepointHistory,
    restoredFrom: memory.restoredFrom,
    canaryComparison: memory.canaryComparison ?? null,
  };
}

/** Pure: the plan's view of stored outputs (tolerates outputs of older releases: missing fields). */
export function liveFromOutputs(olds: Partial<JobOutputs>, news: JobInputs): LiveJob {
  return {
    name: olds.liveName ?? olds.name ?? news.name,
    state: olds.state ?? "RUNNING",
    sql: olds.sql ?? "",
    sqlVersion: olds.sqlVersion ?? null,
    pendingSqlVersion: olds.pendingSqlVersion ?? null,
    options: olds.liveOptions ?? (olds.options ? optionsJson({ options: olds.options, restartAttempts: olds.restartAttempts ?? news.restartAttempts }) : null),
    restartSize: olds.consoleRestarts ?? 0,
    tags: tagsText(olds.tags ?? []),
    description: olds.description ?? "",
    alertId: olds.alertId ?? null,
    flinkEnvId: olds.flinkEnvId === undefined ? null : String(olds.flinkEnvId),
    clusterId: olds.clusterId === undefined ? null : String(olds.clusterId),
    executionMode: olds.executionMode ?? 1,
    needsRestart: (olds.variableRevisions ?? "") !== (news.variableRevisions ?? ""),
    restoredFrom: olds.restoredFrom ?? null,
  };
}

/** Pure: the plan for these outputs and inputs (what `up` would do, as far as the state knows). */
export function planFromState(olds: Partial<JobOutputs>, news: JobInputs): JobPlan {
  const settingsChanged = SETTINGS_FIELDS.some((k) => stableJson(olds[k] ?? null) !== stableJson(news[k] ?? null));
  // Outputs of an older release carry no savepointHistory: the version is then decided at up.
  return planJob(liveFromOutputs(olds, news), wantedFromSpec(jobSpec(news), settingsChanged, olds.savepointHistory ? { savepointHistory: olds.savepointHistory } : undefined));
}

/**
 * Pure: what `pulumi preview` shows for this job. The name is the job's identity (a change
 * replaces, delete first: two jobs must not write the same sinks); how to reach it (consoleUrl,
 * flinkRestUrl) is an update. `__provider` is not compared: it is a fixed stub that runs the
 * project's code (components/dynamicResource/hostedProvider.ts), so new provider code changes nothing live. detailedDiff names each changed property (the
 * Node dynamic-provider host forwards only changes/replaces/deleteBeforeReplace today, so the
 * plan also reaches the preview as the `plannedAction` input set by check).
 */
export interface PropertyDiff { kind: "add" | "delete" | "update" | "update-replace"; inputDiff: boolean }
/** DiffResult with the engine's detailedDiff (pulumi/sdk/nodejs/dynamic DiffResult lacks it in this SDK version). */
export type JobDiff = pulumi.dynamic.DiffResult & { detailedDiff?: Record<string, PropertyDiff> };

export function diffJob(stored: JobOutputs, news: JobInputs): JobDiff {
  // Outputs of an older release may lack fields: the same defaults as for inputs.
  const olds = withJobDefaults(stored) as JobOutputs;
  if ((olds.name ?? news.name) !== news.name) {
    return { changes: true, replaces: ["name"], deleteBeforeReplace: true, detailedDiff: { name: { kind: "update-replace", inputDiff: true } } };
  }
  if (containsUnknown(news)) return { changes: true };
  const plan = planFromState(olds, news);
  if (plan.action === "none") return { changes: false };
  const detailedDiff: Record<string, PropertyDiff> = {};
  const keys = ["sql", "tags", ...UPDATE_FIELDS, "consoleUrl", "flinkRestUrl"] as const;
  for (const k of keys) {
    const o = k === "tags" ? tagsText(olds.tags ?? []) : k === "sql" ? normalizeSql(olds.sql ?? "") : stableJson(olds[k] ?? null);
    const n = k === "tags" ? tagsText(news.tags ?? []) : k === "sql" ? normalizeSql(news.sql ?? "") : stableJson(news[k] ?? null);
    if (o !== n) detailedDiff[k] = { kind: "update", inputDiff: true };
  }
  if (Object.keys(detailedDiff).length === 0) detailedDiff.state = { kind: "update", inputDiff: false };
  return { changes: true, detailedDiff };
}

/** Pure: the plan shown at preview, from the old and new inputs check sees. */
export function plannedAction(olds: Partial<JobInputs> | undefined, news: JobInputs): string {
  if (!olds || olds.name === undefined) {
    return news.desiredState === "suspended" ? "create the StreamPark application and leave it stopped (state: suspended)" : "create the StreamPark application, release and start it";
  }
  if (olds.name !== news.name) return `replace: the job's name (its identity) changes from '${olds.name}' to '${news.name}' (delete with a final savepoint, then create)`;
  if (containsUnknown(news)) return "decided at up (some inputs are not known yet)";
  // Old inputs: a job suspended by the stack is stopped; after a refresh, `liveState` says what was
  // found (a job stopped by hand); a restoreFrom that stays the same was applied by the last up.
  const liveState = (olds as { liveState?: string }).liveState ?? (olds.desiredState === "suspended" ? "CANCELED" : "RUNNING");
  const summary = planFromState({ ...olds, state: liveState, liveName: olds.name, restoredFrom: olds.restoreFrom ?? null, savepointHistory: undefined } as Partial<JobOutputs>, news).summary;
  // The last canary's comparison, when what check gets carries it (outputs of a failed canary).
  const last = (olds as Partial<JobOutputs>).canaryComparison;
  return last && last.verdict === "fail" && news.upgradeStrategy === "canary" ? `${summary} (the last canary failed: ${last.summary})` : summary;
}

export interface JobProviderOptions {
  /** The sinks' engines of a canary (tests fake them); default: the schema engines' clients from `sinkEngines`. */
  canarySinks?: (n: JobInputs) => CanarySinks;
  /** Waits out a canary's window (default: a timer). */
  canarySleep?: (ms: number) => Promise<void>;
}

export class StreamParkJobProvider implements pulumi.dynamic.ResourceProvider<JobInputs, JobOutputs> {
  constructor(private readonly options: JobProviderOptions = {}) {}

  /** What converge needs for a canary job. */
  private canaryFor(n: JobInputs) {
    if (n.upgradeStrategy !== "canary") return undefined;
    return { sinks: n.sinks ?? [], engines: () => (this.options.canarySinks ?? ((x: JobInputs) => openSinkEngines(x.name, x.sinkEngines, x)))(n), sleep: this.options.canarySleep };
  }

  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    rememberConfig(req);
  }

  async check(olds: JobInputs, news: JobInputs): Promise<pulumi.dynamic.CheckResult<JobInputs>> {
    const inputs = withJobDefaults(news);
    const failures = jobFailures(inputs);
    if (failures.length === 0) inputs.plannedAction = plannedAction(olds && Object.keys(olds).length > 0 ? withJobDefaults(olds) : undefined, inputs);
    return { inputs, failures };
  }

  async diff(_id: string, olds: JobOutputs, news: JobInputs): Promise<JobDiff> {
    return diffJob(olds, withJobDefaults(news));
  }

  async create(inputs: JobInputs): Promise<pulumi.dynamic.CreateResult<JobOutputs>> {
    const n = withJobDefaults(inputs);
    const api = openConsole(n);
    const spec = jobSpec(n);
    const app = await createOrAdopt(api, spec);
    const result = await converge(api, await flinkFor(api, n), app, spec, undefined, memoryOf(undefined));
    return { id: result.observation.appId, outs: defined(jobOutputs(n, result.observation, result.plan.summary, memoryAfter(memoryOf(undefined), result, n))) };
  }

  async update(id: string, olds: JobOutputs, news: JobInputs): Promise<pulumi.dynamic.UpdateResult<JobOutputs>> {
    const n = withJobDefaults(news);
    const api = openConsole(n);
    const spec = jobSpec(n);
    // Deleted by hand since the last up: create it again (or adopt one of the same exact name).
    const app = (await findAppById(api, id)) ? await getApp(api, id) : await createOrAdopt(api, spec);
    if (app.id !== id) throw new Error(`${n.name}: StreamPark application ${id} is gone and another application ${app.id} has this name; import or delete it`);
    // Only the resource's settings changed: record them, call nothing that mutates.
    if (planFromState(olds, n).action === "record" && app.state === 5) {
      const o = await observe(api, id);
      if (o && o.state === "RUNNING") return { outs: defined(jobOutputs(n, o, "recorded the resource's new settings; nothing live changed", { ...memoryOf(olds), canaryComparison: olds.canaryComparison ?? null })) };
    }
    const flink = await flinkFor(api, n);
    // Savepoints of the run that is about to end (scheduled, or left by a failed run) first.
    const memory = await withDiscovered(memoryOf(olds), n, id, api, async () => flink, { jobId: olds.jobId ?? null, sqlVersion: olds.sqlVersion ?? null });
    let result: ConvergeResult;
    try {
      result = await converge(api, flink, app, spec, undefined, memory, this.canaryFor(n));
    } catch (e) {
      // A failed canary fails the update but keeps its comparison in the outputs (the engine
      // records `properties` of an ErrorResourceInitFailed: cmd/dynamic-provider/index.js#grpcResponseFromError).
      if (!(e instanceof CanaryFailed)) throw e;
      const failure = Object.assign(new Error(e.message), {
        id, reasons: [e.message],
        properties: { ...olds, canaryComparison: e.comparison, plannedAction: `canary failed; nothing live changed: ${e.comparison.summary}`, __provider: (news as unknown as Record<string, unknown>).__provider ?? (olds as unknown as Record<string, unknown>).__provider },
      });
      throw failure;
    }
    return { outs: defined(jobOutputs(n, result.observation, result.plan.summary, { ...memoryAfter(memory, result, n), canaryComparison: result.canaryComparison ?? olds.canaryComparison ?? null })) };
  }

  async read(id: string, stored: JobOutputs = {} as JobOutputs): Promise<pulumi.dynamic.ReadResult<JobOutputs>> {
    // Outputs of an older release may lack fields: defaults fill them, extra fields pass through.
    const props = withJobDefaults(stored) as JobOutputs;
    const api = openConsole(props);
    const o = await observe(api, id);
    if (!o) return { id: "", props: {} as JobOutputs };
    // StreamPark keeps tags as one string in its own order: the same set is no change (no churn).
    const liveTags = o.tags === "" ? [] : o.tags.split(",");
    const tags = tagsText(liveTags) === tagsText(props.tags ?? []) ? props.tags : liveTags;
    const live = { ...props, tags, consoleRestarts: o.consoleRestarts ?? props.consoleRestarts };
    const memory = await withDiscovered(memoryOf(props), props, id, api, () => flinkFor(api, props), { jobId: o.jobId, sqlVersion: o.sqlVersion });
    const outs = jobOutputs(live, o, props.plannedAction ?? "refreshed", { ...memory, canaryComparison: props.canaryComparison ?? null });
    // What the UI holds, as inputs: the preview after a refresh renders live -> program.
    const liveInputs = { ...outs, options: props.options ? optionsFromLive(o.options, props.options) : outs.options };
    const inputs: Record<string, unknown> = {};
    for (const k of ["name", "sql", "tags", ...UPDATE_FIELDS, "consoleUrl", "flinkRestUrl", "savepointHistoryUrl"] as const) inputs[k] = (liveInputs as unknown as Record<string, unknown>)[k];
    // A job found stopped (by hand, or failed): the next preview plans its resume from this.
    if (o.state !== "RUNNING" && props.desiredState !== "suspended") inputs.liveState = o.state;
    return { id, props: defined(outs), inputs: defined(inputs as unknown as JobOutputs) };
  }

  async delete(id: string, stored: JobOutputs): Promise<void> {
    const props = withJobDefaults(stored) as JobOutputs;
    const api = openConsole(props);
    const waits = { ...JOB_DEFAULTS.waits, ...(props.waits ?? {}) };
    const { finalSavepoint } = await deleteJob(api, await flinkFor(api, props), id, props.name, props.savepointDir ?? undefined, waits);
    // delete has no outputs: the path goes to the provider log (pulumi destroy --logtostderr -v=9).
    if (finalSavepoint) console.error(`${props.name}: final savepoint ${finalSavepoint}`);
  }
}

/** Flink's REST API for this job: flinkRestUrl, else (state of an older release) the cluster's address in StreamPark. */
async function flinkFor(api: StreamParkApi, n: Partial<JobInputs>): Promise<FlinkRest> {
  const timeoutMs = (n.requestTimeoutSeconds ?? 30) * 1000;
  if (typeof n.flinkRestUrl === "string" && n.flinkRestUrl !== "") return connectFlink(n.flinkRestUrl, timeoutMs);
  const cluster = api.schemas.cluster(await api.data("/flink/cluster/get", { form: { id: n.clusterId }, safe: true }));
  if (!cluster?.address) throw new Error(`${n.name ?? "job"}: no Flink REST URL: set flinkRestUrl (StreamPark's cluster ${n.clusterId ?? "?"} has no address)`);
  return connectFlink(cluster.address, timeoutMs);
}
