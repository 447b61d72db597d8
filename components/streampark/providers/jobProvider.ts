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
import { withSavepoint, normalizeSql, optionsFromLive, optionsJson, sqlFingerprint, tagsText } from "../lifecycle/jobSpec";
import type { ConvergeResult, JobObservation } from "../lifecycle/jobLifecycle";
import type { ReleaseMemory } from "../lifecycle/jobRelease";
import type { CanarySinks } from "../lifecycle/canaryCompare";
import { CanaryFailed } from "../lifecycle/canary";
import type { CanaryComparison } from "../lifecycle/canaryCompare";
import { openSinkEngines } from "./canaryInputs";
import { converge, createOrAdopt, deleteJob, findAppById, getApp, observe, wantedFromSpec } from "../lifecycle/jobLifecycle";
import type { JobPlan, LiveJob } from "../lifecycle/jobPlan";
import { planJob } from "../lifecycle/jobPlan";
import type { StreamParkApi } from "../api/client";
import type { FlinkRest } from "../api/flinkRest";
import { connectFlink } from "../api/flinkRest";
import { withDiscovered } from "../lifecycle/scheduledSavepoints";
import { consoleOutputs, containsUnknown, defined, openConsole, rememberConfig, stableJson } from "./connection";
import type { JobInputs, JobOutputs } from "./jobInputs";
import { JOB_DEFAULTS, jobFailures, jobSpec, SETTINGS_FIELDS, UPDATE_FIELDS, withJobDefaults } from "./jobInputs";

export type { JobInputs, JobOutputs };

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
