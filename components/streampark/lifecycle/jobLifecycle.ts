/**
 * The lifecycle of a Flink SQL job in StreamPark 2.1.5, decided here and carried out through the
 * thin API client: create (or adopt by exact name), converge (update, build, savepoint upgrade,
 * health gate, automatic rollback), observe (read/drift) and delete with a final savepoint.
 * Like the Flink Kubernetes Operator: observe what is live, reconcile toward the spec, and record
 * the last stable state (outputs) so that a broken upgrade can be undone.
 *
 * Endpoints and enums, read at apache/incubator-streampark@v2.1.5 (SVC =
 * streampark-console/streampark-console-service/src/main/java/org/apache/streampark/console/):
 * SVC/core/enums/FlinkAppState.java, ReleaseState.java, OptionState.java; SVC/core/controller/
 * ApplicationController.java, ApplicationBuildPipelineController.java, SavepointController.java,
 * FlinkSqlController.java; SVC/core/service/impl/ApplicationServiceImpl.java; SVC/core/task/CheckpointProcessor.java.
 */
import type { StreamParkApi } from "../api/client";
import type { AppRecord, SavepointRecord, SqlVersion } from "../api/schemas";
import { failureOf, fromBase64 } from "../api/wire";
import type { HealthGate, JobSpec, JobWaits } from "./jobSpec";
import { applicationForm, normalizeSql, optionsJson, sameOptions, tagsText } from "./jobSpec";

/** FlinkAppState.java names, for outputs and messages. */
export const APP_STATES: Record<number, string> = {
  0: "ADDED", 1: "INITIALIZING", 2: "CREATED", 3: "STARTING", 4: "RESTARTING", 5: "RUNNING", 6: "FAILING",
  7: "FAILED", 8: "CANCELLING", 9: "CANCELED", 10: "FINISHED", 11: "SUSPENDED", 12: "RECONCILING", 13: "LOST",
  14: "MAPPING", 15: "OTHER", 16: "REVOKED", 17: "SILENT", 18: "TERMINATED", 19: "POS_TERMINATED", 20: "SUCCEEDED", [-9]: "KILLED",
};
const RUNNING = 5;
/** States in which a job is gone for good until started again. */
const STOPPED_STATES = [0, 2, 7, 9, 10, 13, 16, 18, 19, 20, -9];
/** release (ReleaseState.java): DONE 0, NEED_RESTART 3 are "built"; -1 FAILED; 1/4 need a build; 2 building. */
const RELEASE_DONE = 0;
const RELEASE_NEED_RESTART = 3;
const RELEASE_FAILED = -1;
const RELEASE_RELEASING = 2;

export function stateName(state: number): string {
  return APP_STATES[state] ?? `STATE_${state}`;
}

/** What is live for one job: the outputs of the resource. */
export interface JobObservation {
  appId: string;
  name: string;
  jobId: string | null;
  state: string;
  /** The SQL StreamPark would run (effective version; the candidate if never released). */
  sql: string;
  sqlVersion: number | null;
  previousSqlVersion: number | null;
  /** A version edited (or rolled back to) but not yet effective: it would run at the next start. */
  pendingSqlVersion: number | null;
  /** `options` JSON as StreamPark holds it. */
  options: string | null;
  /** StreamPark's restartSize. */
  consoleRestarts: number | null;
  tags: string;
  lastSavepoint: string | null;
}

export interface Progress { (message: string): void }

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** `/flink/app/list` filters jobName with LIKE %x%; the exact name is matched here. */
export async function findAppByName(api: StreamParkApi, name: string): Promise<AppRecord | undefined> {
  const { teamId } = await api.session();
  const page = api.schemas.appPage(await api.data("/flink/app/list", {
    form: { teamId, jobName: name, pageNum: 1, pageSize: 100 }, safe: true,
  }));
  const exact = page.records.filter((a) => a.jobName === name);
  if (exact.length > 1) {
    throw new Error(`StreamPark holds ${exact.length} applications named '${name}' (ids ${exact.map((a) => a.id).join(", ")}); delete the extra ones in the UI`);
  }
  return exact[0];
}

/** Find an application by id through the list (a missing id makes `/flink/app/get` throw an NPE). */
export async function findAppById(api: StreamParkApi, id: string): Promise<AppRecord | undefined> {
  const { teamId } = await api.session();
  // No maximum page size is configured (MybatisConfig: plain PaginationInnerInterceptor).
  const page = api.schemas.appPage(await api.data("/flink/app/list", { form: { teamId, pageNum: 1, pageSize: 10000 }, safe: true }));
  return page.records.find((a) => a.id === id);
}

export async function getApp(api: StreamParkApi, id: string): Promise<AppRecord> {
  return api.schemas.app(await api.data("/flink/app/get", { form: { id }, safe: true }));
}

export async function sqlHistory(api: StreamParkApi, appId: string): Promise<SqlVersion[]> {
  const { teamId } = await api.session();
  return api.schemas.sqlHistory(await api.data("/flink/sql/history", { form: { id: appId, teamId }, safe: true }));
}

/** Plain text of one SQL version (`/flink/sql/get` answers base64 of the plain SQL). */
export async function sqlText(api: StreamParkApi, appId: string, sqlId: string): Promise<string> {
  const { teamId } = await api.session();
  const v = api.schemas.sqlOne(await api.data("/flink/sql/get", { form: { appId, teamId, id: sqlId }, safe: true }));
  return fromBase64(v.sql);
}

export async function savepoints(api: StreamParkApi, appId: string): Promise<SavepointRecord[]> {
  const { teamId } = await api.session();
  const page = api.schemas.savepointPage(await api.data("/flink/savepoint/history", {
    form: { appId, teamId, pageNum: 1, pageSize: 100, sortOrder: "desc" }, safe: true,
  }));
  return page.records;
}

/**
 * Send a mutating call whose answer may get lost (timeout, reset): on a transient failure, look
 * at the application to see whether it took effect before failing.
 */
async function sendOnce(api: StreamParkApi, path: string, form: Record<string, string | number | boolean | undefined>, appId: string, tookEffect: (a: AppRecord) => boolean): Promise<Record<string, unknown>> {
  try {
    return await api.call(path, { form });
  } catch (e) {
    if (!failureOf(e)?.transient) throw e;
    if (tookEffect(await getApp(api, appId))) return { data: true };
    throw e;
  }
}

function newestId(rows: { id: string }[]): bigint {
  return rows.reduce((m, r) => (BigInt(r.id) > m ? BigInt(r.id) : m), 0n);
}

/** Newest savepoint (type 2 or 3; type 1 rows are checkpoints) with a path. */
export function newestSavepoint(rows: SavepointRecord[], after = 0n): SavepointRecord | undefined {
  return rows
    .filter((r) => r.type !== 1 && r.path && BigInt(r.id) > after)
    .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1))[0];
}

async function waitForApp(api: StreamParkApi, id: string, what: string, seconds: number, pollMs: number,
  decide: (app: AppRecord) => "done" | string | undefined): Promise<AppRecord> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const app = await getApp(api, id);
    const verdict = decide(app);
    if (verdict === "done") return app;
    if (verdict !== undefined) throw new Error(`${app.jobName}: ${what} failed: ${verdict}`);
    if (Date.now() > deadline) {
      throw new Error(`${app.jobName}: ${what} did not finish within ${seconds}s (state ${stateName(app.state)}, release ${app.release})`);
    }
    await sleep(pollMs);
  }
}

/** `/flink/pipe/build`, then wait until the release is DONE / NEED_RESTART (or FAILED, with its reason). */
export async function release(api: StreamParkApi, app: AppRecord, waits: JobWaits): Promise<AppRecord> {
  if (app.release === RELEASE_DONE || app.release === RELEASE_NEED_RESTART) return app;
  if (app.release !== RELEASE_RELEASING) {
    await sendOnce(api, "/flink/pipe/build", { appId: app.id, forceBuild: false }, app.id,
      (a) => a.release === RELEASE_RELEASING || a.release === RELEASE_DONE || a.release === RELEASE_NEED_RESTART);
  }
  let failure: string | undefined;
  const done = await waitForApp(api, app.id, "release (build)", waits.buildSeconds, waits.pollMs, (a) => {
    if (a.release === RELEASE_DONE || a.release === RELEASE_NEED_RESTART) return "done";
    if (a.release === RELEASE_FAILED) return (failure = "build failed");
    return undefined;
  }).catch(async (e: Error) => {
    if (failure) {
      const detail = api.schemas.pipeline(await api.data("/flink/pipe/detail", { form: { appId: app.id }, safe: true }).catch(() => null));
      throw new Error(`${app.jobName}: release (build) failed${detail?.errorSummary ? `: ${detail.errorSummary}` : ""}`);
    }
    throw e;
  });
  return done;
}

/** `/flink/app/start` answers HTTP 200 with `data:false` + message on any refusal. */
export async function start(api: StreamParkApi, app: AppRecord, from: { savepointPath?: string }, allowNonRestored: boolean, waits: JobWaits): Promise<AppRecord> {
  const env = await sendOnce(api, "/flink/app/start", {
    id: app.id,
    restoreOrTriggerSavepoint: from.savepointPath !== undefined,
    savepointPath: from.savepointPath,
    allowNonRestored,
  }, app.id, (a) => a.state === 3 || a.state === RUNNING);
  if (env.data !== true) {
    throw new Error(`${app.jobName}: StreamPark refused to start the job: ${typeof env.message === "string" ? env.message : "no reason given"}`);
  }
  return waitForApp(api, app.id, "start", waits.startSeconds, waits.pollMs, (a) => {
    if (a.state === RUNNING) return "done";
    if (a.state === 3 || a.state === 1 || a.state === 2 || a.state === 4 || a.state === 12) return undefined;
    return `the job went ${stateName(a.state)}`;
  });
}

/** `/flink/app/cancel`, optionally with a savepoint; returns the savepoint it recorded. */
export async function cancel(api: StreamParkApi, app: AppRecord, savepoint: { dir?: string } | false, waits: JobWaits): Promise<SavepointRecord | undefined> {
  const before = savepoint ? newestId(await savepoints(api, app.id)) : 0n;
  await sendOnce(api, "/flink/app/cancel", {
    id: app.id,
    restoreOrTriggerSavepoint: savepoint !== false,
    savepointPath: savepoint ? savepoint.dir : undefined,
    drain: false,
  }, app.id, (a) => a.state === 8 || a.state === 9 || a.state === 10);
  await waitForApp(api, app.id, savepoint ? "cancel with savepoint" : "cancel", waits.cancelSeconds, waits.pollMs, (a) => {
    if (a.state === 9 || a.state === 10) return "done";
    if (a.state === 7 || a.state === 13 || a.state === -9) return `the job went ${stateName(a.state)} instead of CANCELED`;
    return undefined;
  });
  if (!savepoint) return undefined;
  // The savepoint row is written when the cancel completes (ApplicationServiceImpl#cancel).
  const sp = newestSavepoint(await savepoints(api, app.id), before);
  if (!sp) throw new Error(`${app.jobName}: the job stopped but StreamPark recorded no savepoint`);
  return sp;
}

export interface GateResult { healthy: boolean; reason: string; checkpoints: number }

/**
 * RUNNING and N completed checkpoints within the time limit. Completed checkpoints are the type-1
 * rows StreamPark's CheckpointProcessor records from Flink's checkpoint statistics; it prunes old
 * ones (state.checkpoints.num-retained), so new row ids are collected across polls.
 */
export async function healthGate(api: StreamParkApi, appId: string, gate: HealthGate, baseline: bigint, pollMs: number): Promise<GateResult> {
  const deadline = Date.now() + gate.timeoutSeconds * 1000;
  const seen = new Set<string>();
  for (;;) {
    const app = await getApp(api, appId);
    if (app.state !== RUNNING && app.state !== 3 && app.state !== 1 && app.state !== 2 && app.state !== 12) {
      return { healthy: false, reason: `the job went ${stateName(app.state)}`, checkpoints: seen.size };
    }
    if ((app.restartCount ?? 0) > 0) {
      return { healthy: false, reason: `the job failed and was restarted ${app.restartCount} time(s)`, checkpoints: seen.size };
    }
    if (app.state === RUNNING && gate.checkpoints > 0) {
      for (const r of await savepoints(api, appId)) if (r.type === 1 && BigInt(r.id) > baseline) seen.add(r.id);
    }
    if (app.state === RUNNING && seen.size >= gate.checkpoints) {
      return { healthy: true, reason: `RUNNING with ${seen.size} completed checkpoint(s)`, checkpoints: seen.size };
    }
    if (Date.now() > deadline) {
      return {
        healthy: false, checkpoints: seen.size,
        reason: app.state === RUNNING
          ? `only ${seen.size} of ${gate.checkpoints} checkpoints completed within ${gate.timeoutSeconds}s`
          : `not RUNNING within ${gate.timeoutSeconds}s (state ${stateName(app.state)})`,
      };
    }
    await sleep(pollMs);
  }
}

/** Effective version and the one before it (by version number), from `/flink/sql/history`. */
function versionsOf(history: SqlVersion[]): { effective?: SqlVersion; previous?: SqlVersion } {
  const effective = history.find((v) => v.effective);
  const previous = effective
    ? history.filter((v) => v.version < effective.version).sort((a, b) => b.version - a.version)[0]
    : undefined;
  return { effective, previous };
}

export async function observe(api: StreamParkApi, appId: string): Promise<JobObservation | undefined> {
  // By id, so a job renamed in the UI shows as a name change rather than as gone.
  if (!(await findAppById(api, appId))) return undefined;
  const app = await getApp(api, appId);
  const history = await sqlHistory(api, appId);
  const { effective, previous } = versionsOf(history);
  const sp = newestSavepoint(await savepoints(api, appId));
  return {
    appId: app.id,
    name: app.jobName,
    jobId: app.jobId,
    state: stateName(app.state),
    sql: app.flinkSql ? fromBase64(app.flinkSql) : "",
    sqlVersion: effective?.version ?? null,
    previousSqlVersion: previous?.version ?? null,
    pendingSqlVersion: history.find((v) => v.candidate === 1 || v.candidate === 2)?.version ?? null,
    options: app.options,
    consoleRestarts: app.restartSize,
    tags: app.tags ?? "",
    lastSavepoint: sp?.path ?? null,
  };
}

/** The SQL the job should run: the pinned history version, or the spec's SQL. */
async function targetSql(api: StreamParkApi, app: AppRecord, spec: JobSpec, history: SqlVersion[]): Promise<{ text: string; pinnedId?: string }> {
  if (spec.pinnedSqlVersion === undefined) return { text: spec.sql };
  const row = history.find((v) => v.version === spec.pinnedSqlVersion);
  if (!row) {
    const have = history.map((v) => v.version).sort((a, b) => a - b).join(", ");
    throw new Error(`${spec.name}: pinned SQL version ${spec.pinnedSqlVersion} is not in StreamPark's history (versions: ${have || "none"})`);
  }
  return { text: await sqlText(api, app.id, row.id), pinnedId: row.id };
}

function paramsDiffer(app: AppRecord, spec: JobSpec): boolean {
  return app.jobName !== spec.name
    || !sameOptions(app.options, optionsJson(spec))
    || (app.restartSize ?? 0) !== spec.consoleRestarts
    || (app.tags ?? "") !== tagsText(spec.tags)
    || (app.description ?? "") !== (spec.description ?? "")
    || (app.alertId ?? undefined) !== spec.alertId
    || app.versionId !== spec.flinkEnvId
    || app.flinkClusterId !== spec.clusterId
    || app.executionMode !== spec.executionMode;
}

/** The form that puts an application back to what a record shows (for rollback). */
function formFromRecord(app: AppRecord, teamId: string, flinkSql: string, sqlId: string | undefined): Record<string, string | number | undefined> {
  return {
    id: app.id, teamId, jobType: 2, appType: 1, jobName: app.jobName, flinkSql, sqlId,
    executionMode: app.executionMode ?? undefined, versionId: app.versionId ?? undefined,
    flinkClusterId: app.flinkClusterId ?? undefined, options: app.options ?? undefined,
    dynamicProperties: app.dynamicProperties ?? undefined,
    restartSize: app.restartSize ?? undefined, tags: app.tags ?? undefined,
    description: app.description ?? undefined, alertId: app.alertId ?? undefined, resolveOrder: 0,
  };
}

/** Create the application, or adopt the one an interrupted create left behind (exact name). */
export async function createOrAdopt(api: StreamParkApi, spec: JobSpec, progress: Progress = () => undefined): Promise<AppRecord> {
  const existing = await findAppByName(api, spec.name);
  if (existing) {
    progress(`${spec.name}: adopting existing application ${existing.id}`);
    return existing;
  }
  const state = api.schemas.int(await api.data("/flink/app/checkName", {
    form: { jobName: spec.name, executionMode: spec.executionMode }, safe: true,
  }));
  if (state !== 0) {
    const why: Record<number, string> = {
      1: "another team already has an application with this name (names are unique across teams)",
      2: "a YARN application with this name is running",
      3: "a Kubernetes deployment with this name exists",
      4: "StreamPark rejects the name (letters, digits, '_', '-', '.', single spaces)",
    };
    throw new Error(`${spec.name}: cannot create the job: ${why[state] ?? `checkName answered ${state}`}`);
  }
  const { teamId } = await api.session();
  try {
    await api.call("/flink/app/create", { form: applicationForm(spec, teamId, spec.sql) });
  } catch (e) {
    // The create may have happened even if its answer was lost: look before failing.
    if (!failureOf(e)?.transient) throw e;
    progress(`${spec.name}: create answered with ${(e as Error).message}; checking whether it happened`);
  }
  // create returns no id (data:true): discover it by exact name.
  const created = await findAppByName(api, spec.name);
  if (!created) throw new Error(`${spec.name}: StreamPark accepted the create but lists no application with this name`);
  return created;
}

export interface ConvergeResult { observation: JobObservation; restarted: boolean; mutated: boolean }

/**
 * Move a live application to the spec. Nothing live changes when the effective SQL (normalised),
 * the parameters and the running state already match. Otherwise: update (with the sqlId the edit
 * is based on), release, then restart: through a savepoint (default) or stateless; after an
 * upgrade of a running job the health gate must pass, or the job is rolled back to the SQL
 * version and parameters it ran before, from the savepoint just taken, and this fails.
 */
export async function converge(api: StreamParkApi, appIn: AppRecord, spec: JobSpec, progress: Progress = () => undefined): Promise<ConvergeResult> {
  const { teamId } = await api.session();
  let mutated = false;
  let history = await sqlHistory(api, appIn.id);
  const { effective } = versionsOf(history);
  // A version edited by hand but not yet effective would run at the next start: drop it.
  for (const pending of history.filter((v) => v.candidate === 1 && effective && v.id !== effective.id)) {
    progress(`${spec.name}: discarding pending SQL version ${pending.version}`);
    await api.call("/flink/sql/delete", { form: { id: pending.id, appId: appIn.id } });
    mutated = true;
  }
  if (mutated) history = await sqlHistory(api, appIn.id);
  const before = await getApp(api, appIn.id);
  const liveSql = before.flinkSql ? fromBase64(before.flinkSql) : "";
  const target = await targetSql(api, before, spec, history);
  const pinMoves = target.pinnedId !== undefined && target.pinnedId !== effective?.id;
  const sqlChanges = pinMoves || normalizeSql(target.text) !== normalizeSql(liveSql);
  const paramsChange = paramsDiffer(before, spec);
  // Keep StreamPark's text when only whitespace/comments differ: no new SQL version for nothing.
  const sendSql = sqlChanges ? target.text : liveSql;
  const wasRunning = before.state === RUNNING;
  const needsRelease = before.release !== RELEASE_DONE && before.release !== RELEASE_NEED_RESTART;

  let app = before;
  if (sqlChanges || paramsChange) {
    progress(`${spec.name}: updating (${[sqlChanges && "SQL", paramsChange && "parameters"].filter(Boolean).join(" and ")})`);
    const sqlId = target.pinnedId ?? before.sqlId ?? undefined;
    await api.call("/flink/app/update", { form: { ...applicationForm(spec, teamId, sendSql), id: before.id, sqlId } });
    mutated = true;
    app = await getApp(api, before.id);
  }
  const changes = sqlChanges || paramsChange;
  // A running job is released only for a real change: a release of a running job leaves
  // NEED_RESTART behind, which would restart it for nothing at the next update.
  if (changes || (needsRelease && !wasRunning)) {
    app = await release(api, app, spec.waits);
    mutated = true;
  }
  // NEED_RESTART found before we touched anything: a variable it uses changed, or someone
  // released by hand; StreamPark substitutes variables only at start.
  const upgrade = wasRunning && (changes || before.release === RELEASE_NEED_RESTART);
  if (wasRunning && !upgrade) {
    return { observation: (await observe(api, app.id))!, restarted: false, mutated };
  }

  // Wait out a transition someone else started (STARTING, CANCELLING...).
  if (!wasRunning && !STOPPED_STATES.includes(before.state)) {
    app = await waitForApp(api, app.id, "settle", spec.waits.startSeconds, spec.waits.pollMs, (a) =>
      (a.state === RUNNING || STOPPED_STATES.includes(a.state) ? "done" : undefined));
    if (app.state === RUNNING && !changes) {
      return { observation: (await observe(api, app.id))!, restarted: false, mutated };
    }
  }

  let savepointPath: string | undefined;
  if (app.state === RUNNING) {
    if (spec.upgradeStrategy === "savepoint") {
      progress(`${spec.name}: stopping with a savepoint`);
      let sp: SavepointRecord | undefined;
      try {
        sp = await cancel(api, app, { dir: spec.savepointDir }, spec.waits);
      } catch (e) {
        // The stop-with-savepoint failed and took the job down: bring the previous definition
        // back from the newest state StreamPark knows (savepoint or retained checkpoint).
        if (!effective) throw e;
        return rollBack(api, before, effective, undefined, teamId, spec, `could not stop with a savepoint (${(e as Error).message})`, progress, true);
      }
      savepointPath = sp?.path ?? undefined;
    } else {
      progress(`${spec.name}: stopping without state (stateless strategy)`);
      await cancel(api, app, false, spec.waits);
    }
  } else if (spec.upgradeStrategy === "savepoint") {
    // Stopped (by hand, or failed): resume from the newest savepoint or retained checkpoint.
    savepointPath = newestRestorePoint(await savepoints(api, app.id));
  }

  const baseline = newestId(await savepoints(api, app.id));
  progress(`${spec.name}: starting${savepointPath ? ` from ${savepointPath}` : " without state"}`);
  const restartedApp = await start(api, app, { savepointPath }, spec.allowNonRestoredState, spec.waits)
    .then((a) => ({ ok: true as const, app: a }))
    .catch((e: Error) => ({ ok: false as const, error: e }));

  const gate: GateResult = !restartedApp.ok
    ? { healthy: false, reason: restartedApp.error.message, checkpoints: 0 }
    : upgrade
      ? await healthGate(api, app.id, spec.healthGate, baseline, spec.waits.pollMs)
      : { healthy: true, reason: "RUNNING", checkpoints: 0 };
  if (gate.healthy) {
    return { observation: (await observe(api, app.id))!, restarted: true, mutated: true };
  }
  if (!upgrade || !effective) {
    throw new Error(`${spec.name}: the job did not come up healthy: ${gate.reason}`);
  }

  const from = spec.upgradeStrategy === "savepoint" ? savepointPath : undefined;
  await rollBack(api, before, effective, from, teamId, spec, `upgrade failed the health gate (${gate.reason})`, progress);
  throw new Error("unreachable");
}

/**
 * Put the application back to the SQL version and parameters of `before` and start it from
 * `from` (a savepoint path; undefined = without state... or, when `latest`, StreamPark's newest
 * savepoint/checkpoint). Always throws: the caller's change did not happen, and the message says
 * what failed and where the job is now.
 */
async function rollBack(api: StreamParkApi, before: AppRecord, effective: SqlVersion, from: string | undefined, teamId: string, spec: JobSpec, what: string, progress: Progress, latest = false): Promise<never> {
  progress(`${spec.name}: ${what}; rolling back to SQL version ${effective.version}`);
  const appId = before.id;
  const rollbackSql = await sqlText(api, appId, effective.id);
  // Never became effective (start refused, stop failed): drop the new version so no later start picks it up.
  for (const pending of (await sqlHistory(api, appId)).filter((v) => v.candidate === 1)) {
    await api.call("/flink/sql/delete", { form: { id: pending.id, appId } });
  }
  // Same text with the old sqlId = StreamPark's rollback (candidate HISTORY, release NEED_ROLLBACK).
  await api.call("/flink/app/update", { form: formFromRecord(before, teamId, rollbackSql, effective.id) });
  const current = await getApp(api, appId);
  if (!STOPPED_STATES.includes(current.state)) await cancel(api, current, false, spec.waits);
  await release(api, await getApp(api, appId), spec.waits);
  const source = latest ? newestRestorePoint(await savepoints(api, appId)) : from;
  try {
    await start(api, await getApp(api, appId), { savepointPath: source }, spec.allowNonRestoredState, spec.waits);
  } catch (e) {
    throw new Error(`${spec.name}: ${what}, and the rollback to SQL version ${effective.version} did not start either: ${(e as Error).message}`);
  }
  throw new Error(`${spec.name}: ${what}; rolled back to SQL version ${effective.version}${source ? ` from ${source}` : " without state"}; the job is RUNNING the previous definition`);
}

/** Newest savepoint or retained checkpoint (what StreamPark's own auto-restart resumes from). */
function newestRestorePoint(rows: SavepointRecord[]): string | undefined {
  return rows.filter((r) => r.path).sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1))[0]?.path ?? undefined;
}

/** Stop with a final savepoint (unless already stopped) and delete the application. */
export async function deleteJob(api: StreamParkApi, appId: string, name: string, savepointDir: string | undefined, waits: JobWaits, progress: Progress = () => undefined): Promise<{ finalSavepoint: string | null }> {
  if (!(await findAppById(api, appId))) return { finalSavepoint: null };
  let app = await getApp(api, appId);
  if (!STOPPED_STATES.includes(app.state) && app.state !== RUNNING) {
    app = await waitForApp(api, appId, "settle before delete", waits.startSeconds, waits.pollMs, (a) =>
      (a.state === RUNNING || STOPPED_STATES.includes(a.state) ? "done" : undefined));
  }
  let finalSavepoint: string | null = null;
  if (app.state === RUNNING) {
    // No savepoint, no delete: StreamPark's delete removes the savepoint records.
    const sp = await cancel(api, app, { dir: savepointDir }, waits);
    finalSavepoint = sp?.path ?? null;
  } else {
    // Stopped or failed: the newest savepoint or retained checkpoint is the state it leaves.
    finalSavepoint = newestRestorePoint(await savepoints(api, appId)) ?? null;
  }
  progress(`${name}: final savepoint ${finalSavepoint ?? "(none: the job never ran)"}`);
  const { teamId } = await api.session();
  await api.call("/flink/app/delete", { form: { id: appId, teamId } });
  return { finalSavepoint };
}
