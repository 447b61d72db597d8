/**
 * The dynamic provider of a StreamPark Flink SQL job: a small table of check/diff/create/read/
 * update/delete over the job lifecycle (../lifecycle/jobLifecycle.ts). check and diff are pure
 * (they run in PR previews); diff gets old OUTPUTS, so outputs carry every non-secret input.
 *
 * Diff choice: this provider answers `changes` itself instead of leaving it to the engine
 * (`changes: undefined`). The engine's own diff would compare raw inputs, so a whitespace or
 * comment edit of the SQL would show as an update and restart a job for nothing. The preview
 * still shows the SQL change readably: for a dynamic resource the CLI renders old inputs
 * against new inputs (pulumi/pulumi sdk/nodejs/cmd/dynamic-provider/index.ts forwards no detailedDiff), and `sql` is an input holding the SQL text.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { JobOptions, JobSpec, UpgradeStrategy } from "../lifecycle/jobSpec";
import { durationSeconds, JOB_NAME_MAX, JOB_NAME_PATTERN, normalizeSql, optionsFromLive, optionsJson, sameOptions, sqlFingerprint, tagsText, variablePlaceholders } from "../lifecycle/jobSpec";
import type { JobObservation } from "../lifecycle/jobLifecycle";
import { converge, createOrAdopt, deleteJob, findAppById, getApp, observe } from "../lifecycle/jobLifecycle";
import type { ConsoleInputs } from "./connection";
import { consoleFailures, consoleOutputs, containsUnknown, defined, isUnknown, openConsole, rememberConfig, stableJson } from "./connection";

/** The job's spec as stack inputs, plus the console it lives on and the variables it uses. */
export interface JobInputs extends ConsoleInputs, JobSpec {
  /** Codes of the StreamPark variables the SQL references as `${code}`. */
  variables: string[];
  /** "code@revision,..." of those variables: a changed value restarts the job to pick it up. */
  variableRevisions?: string;
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
}

export const JOB_DEFAULTS = {
  restartAttempts: 3,
  consoleRestarts: 0,
  upgradeStrategy: "savepoint" as UpgradeStrategy,
  healthGate: { checkpoints: 3, timeoutSeconds: 600 },
  waits: { buildSeconds: 900, startSeconds: 600, cancelSeconds: 600, pollMs: 2000 },
  passwordConfigKey: "rtdw:streamparkAdminPassword",
};

/** Inputs whose change updates the job in place (the SQL and live state are compared apart). */
const UPDATE_FIELDS = [
  "executionMode", "clusterId", "flinkEnvId", "options", "restartAttempts", "consoleRestarts", "description", "alertId",
  "upgradeStrategy", "healthGate", "pinnedSqlVersion", "savepointDir", "allowNonRestoredState", "waits",
  "variables", "variableRevisions", "adminUser", "passwordConfigKey", "requestTimeoutSeconds",
] as const;

const DURATION = /^\d+\s*(ms|milli|millis|milliseconds|s|sec|secs|second|seconds|min|m|minute|minutes|h|hour|hours|d|day|days)?$/;
const MEMORY = /^\d+\s*(b|bytes|k|kb|kibibytes|m|mb|mebibytes|g|gb|gibibytes|t|tb|tebibytes)?$/i;

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
  if (known(n.executionMode) && n.executionMode !== 1 && n.executionMode !== 5) {
    f.push({ property: "executionMode", reason: `${job}: executionMode must be 1 (remote session cluster) or 5 (Kubernetes session), got ${String(n.executionMode)}` });
  }
  for (const k of ["clusterId", "flinkEnvId"] as const) {
    if (known(n[k]) && !/^\d+$/.test(String(n[k] ?? ""))) f.push({ property: k, reason: `${job}: ${k} must be a StreamPark id (digits), got '${String(n[k])}'` });
  }
  if (known(n.options)) {
    const o = (n.options ?? {}) as Partial<JobOptions>;
    if (!Number.isInteger(o.parallelism) || (o.parallelism ?? 0) < 1) f.push({ property: "options", reason: `${job}: options.parallelism must be a whole number >= 1` });
    for (const k of ["checkpointInterval", "checkpointTimeout", "checkpointMinPause", "stateTtl"] as const) {
      if (typeof o[k] !== "string" || !DURATION.test(o[k]!.trim())) f.push({ property: "options", reason: `${job}: options.${k} must be a Flink duration such as "30s" or "10min", got '${String(o[k])}'` });
    }
    for (const k of ["taskManagerMemory", "jobManagerMemory"] as const) {
      if (o[k] !== undefined && (typeof o[k] !== "string" || !MEMORY.test(o[k]!.trim()))) f.push({ property: "options", reason: `${job}: options.${k} must be a Flink memory size such as "2g" or "1024m", got '${String(o[k])}'` });
    }
  }
  for (const k of ["restartAttempts", "consoleRestarts"] as const) {
    if (known(n[k]) && (!Number.isInteger(n[k]) || n[k] < 0)) f.push({ property: k, reason: `${job}: ${k} must be a whole number >= 0` });
  }
  if (known(n.upgradeStrategy) && n.upgradeStrategy !== "savepoint" && n.upgradeStrategy !== "stateless") {
    f.push({ property: "upgradeStrategy", reason: `${job}: upgradeStrategy must be "savepoint" or "stateless"` });
  }
  if (known(n.healthGate) && (!Number.isInteger(n.healthGate.checkpoints) || n.healthGate.checkpoints < 0 || !(n.healthGate.timeoutSeconds > 0))) {
    f.push({ property: "healthGate", reason: `${job}: healthGate needs checkpoints >= 0 and timeoutSeconds > 0` });
  }
  if (known(n.healthGate) && known(n.options) && n.healthGate && n.options && typeof n.options.checkpointInterval === "string") {
    const interval = durationSeconds(n.options.checkpointInterval);
    if (interval !== undefined && n.healthGate.checkpoints * interval > n.healthGate.timeoutSeconds) {
      f.push({ property: "healthGate", reason: `${job}: the health gate can never pass: ${n.healthGate.checkpoints} checkpoints every ${n.options.checkpointInterval} take longer than its ${n.healthGate.timeoutSeconds}s time limit` });
    }
  }
  if (known(n.pinnedSqlVersion) && n.pinnedSqlVersion !== undefined && n.pinnedSqlVersion !== null && (!Number.isInteger(n.pinnedSqlVersion) || n.pinnedSqlVersion < 1)) {
    f.push({ property: "pinnedSqlVersion", reason: `${job}: pinnedSqlVersion must be a SQL version number from the job's history (>= 1)` });
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
    allowNonRestoredState: n.allowNonRestoredState, waits: n.waits,
  };
}

function jobOutputs(n: JobInputs, o: JobObservation): JobOutputs {
  const { adminPassword: _secret, ...plain } = n;
  void _secret;
  return {
    ...plain,
    ...consoleOutputs(n),
    appId: o.appId, jobId: o.jobId, state: o.state, sqlVersion: o.sqlVersion, previousSqlVersion: o.previousSqlVersion,
    pendingSqlVersion: o.pendingSqlVersion, liveOptions: o.options, lastSavepoint: o.lastSavepoint, liveName: o.name,
    // Keep the program's text unless the live SQL really differs (a refresh must not churn whitespace).
    sql: n.pinnedSqlVersion === undefined && normalizeSql(o.sql) === normalizeSql(n.sql) ? n.sql : o.sql,
    sqlFingerprint: sqlFingerprint(o.sql),
  };
}

/** Pure: what `pulumi preview` shows for this job. */
export function diffJob(olds: JobOutputs, news: JobInputs): pulumi.dynamic.DiffResult {
  const replaces: string[] = [];
  if (olds.name !== news.name) replaces.push("name");
  if (olds.consoleUrl !== news.consoleUrl) replaces.push("consoleUrl");
  if (replaces.length > 0) return { changes: true, replaces, deleteBeforeReplace: true };
  if (containsUnknown(news)) return { changes: true };
  const changed = UPDATE_FIELDS.some((k) => stableJson(olds[k] ?? null) !== stableJson(news[k] ?? null))
    || tagsText(olds.tags ?? []) !== tagsText(news.tags ?? [])
    || (news.pinnedSqlVersion === undefined
      ? normalizeSql(olds.sql) !== normalizeSql(news.sql)
      : olds.sqlVersion !== news.pinnedSqlVersion)
    // Drift seen by refresh: stopped, failed, a pending hand edit, parameters edited in the UI.
    || olds.state !== "RUNNING"
    || (olds.pendingSqlVersion ?? null) !== null
    || (olds.liveName ?? olds.name) !== olds.name
    || !sameOptions(olds.liveOptions, optionsJson(news))
    // New provider code reaches the state only through an update (one that touches nothing live).
    || (olds as unknown as Record<string, unknown>).__provider !== (news as unknown as Record<string, unknown>).__provider;
  return { changes: changed };
}

export class StreamParkJobProvider implements pulumi.dynamic.ResourceProvider<JobInputs, JobOutputs> {
  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    rememberConfig(req);
  }

  async check(_olds: JobInputs, news: JobInputs): Promise<pulumi.dynamic.CheckResult<JobInputs>> {
    const inputs = withJobDefaults(news);
    return { inputs, failures: jobFailures(inputs) };
  }

  async diff(_id: string, olds: JobOutputs, news: JobInputs): Promise<pulumi.dynamic.DiffResult> {
    return diffJob(olds, withJobDefaults(news));
  }

  async create(inputs: JobInputs): Promise<pulumi.dynamic.CreateResult<JobOutputs>> {
    const n = withJobDefaults(inputs);
    const api = openConsole(n);
    const spec = jobSpec(n);
    const app = await createOrAdopt(api, spec);
    const result = await converge(api, app, spec);
    return { id: result.observation.appId, outs: defined(jobOutputs(n, result.observation)) };
  }

  async update(id: string, _olds: JobOutputs, news: JobInputs): Promise<pulumi.dynamic.UpdateResult<JobOutputs>> {
    const n = withJobDefaults(news);
    const api = openConsole(n);
    const spec = jobSpec(n);
    // Deleted by hand since the last up: create it again (or adopt one of the same exact name).
    const app = (await findAppById(api, id)) ? await getApp(api, id) : await createOrAdopt(api, spec);
    if (app.id !== id) throw new Error(`${n.name}: StreamPark application ${id} is gone and another application ${app.id} has this name; import or delete it`);
    const result = await converge(api, app, spec);
    return { outs: defined(jobOutputs(n, result.observation)) };
  }

  async read(id: string, props: JobOutputs = {} as JobOutputs): Promise<pulumi.dynamic.ReadResult<JobOutputs>> {
    const api = openConsole(props);
    const o = await observe(api, id);
    if (!o) return { id: "", props: {} as JobOutputs };
    const live = { ...props, tags: o.tags === "" ? [] : o.tags.split(","), consoleRestarts: o.consoleRestarts ?? props.consoleRestarts };
    const outs = jobOutputs(live, o);
    // What the UI holds, as inputs: the preview after a refresh renders live -> program.
    const liveInputs = { ...outs, options: optionsFromLive(o.options, props.options) };
    const inputs: Record<string, unknown> = {};
    for (const k of ["name", "sql", "tags", ...UPDATE_FIELDS, "consoleUrl"] as const) inputs[k] = (liveInputs as unknown as Record<string, unknown>)[k];
    return { id, props: defined(outs), inputs: defined(inputs as unknown as JobOutputs) };
  }

  async delete(id: string, props: JobOutputs): Promise<void> {
    const api = openConsole(props);
    const waits = { ...JOB_DEFAULTS.waits, ...(props.waits ?? {}) };
    const { finalSavepoint } = await deleteJob(api, id, props.name, props.savepointDir ?? undefined, waits);
    // delete has no outputs: the path goes to the provider log (pulumi destroy --logtostderr -v=9).
    if (finalSavepoint) console.error(`${props.name}: final savepoint ${finalSavepoint}`);
  }
}
