/**
 * The lifecycle of a Flink SQL job in StreamPark 2.1.5 as observe -> plan -> act: observe what
 * StreamPark (and Flink) hold (jobReads.ts), plan with a pure function (jobPlan.ts), act through
 * the thin clients (jobActions.ts). Like the Flink Kubernetes Operator: reconcile toward the spec
 * and record the last stable state (outputs) so that a broken upgrade can be undone.
 *
 * Endpoints and enums: ApplicationController.java, ApplicationServiceImpl.java,
 * ApplicationBuildPipelineController.java, SavepointController.java, FlinkSqlController.java
 * (apache/incubator-streampark@v2.1.5, streampark-console/streampark-console-service).
 */
import type { StreamParkApi } from "../api/client";
import type { AppRecord, SqlVersion } from "../api/schemas";
import { failureOf } from "../api/wire";
import type { FlinkRest } from "../api/flinkRest";
import type { JobSpec, SavepointEntry } from "./jobSpec";
import { applicationForm, optionsJson, sameOptions, tagsText } from "./jobSpec";
import type { JobPlan, WantedJob } from "./jobPlan";
import { planJob, STARTABLE, stateName, TRANSIENT } from "./jobPlan";
import type { JobObservation } from "./jobReads";
import { backups, findAppById, findAppByName, getApp, liveFromApp, newestRestorePoint, observe, savepoints, sqlHistory, sqlText, versionsOf } from "./jobReads";
import type { GateResult, Progress } from "./jobActions";
import { cancel, healthGate, release, start, stopOrphans, waitForApp } from "./jobActions";
import type { ReleaseMemory } from "./jobRelease";
import { NO_MEMORY, resolveRestore, suspendJob, unknownRestorePoint } from "./jobRelease";
import { blueGreenUpgrade, removeLeftoverGreen } from "./blueGreen";
import type { CanaryInputs } from "./canary";
import { canaryUpgrade, removeLeftoverCanary } from "./canary";
import type { CanaryComparison } from "./canaryCompare";
import { DEFAULT_TOLERANCES } from "./canaryCompare";

export { APP_STATES, stateName } from "./jobPlan";
export type { JobObservation } from "./jobReads";
export { findAppById, findAppByName, getApp, newestSavepoint, observe } from "./jobReads";
export type { Progress } from "./jobActions";

/** The plan's view of the spec. */
export function wantedFromSpec(spec: JobSpec, settingsChanged = false, memory?: Pick<ReleaseMemory, "savepointHistory">): WantedJob {
  const restore = resolveRestore(spec.restoreFrom, memory?.savepointHistory);
  return {
    desiredState: spec.desiredState ?? "running",
    ...(restore ? { restoreFrom: restore } : {}),
    name: spec.name, sql: spec.sql, pinnedSqlVersion: spec.pinnedSqlVersion, options: optionsJson(spec),
    restartSize: spec.consoleRestarts, tags: tagsText(spec.tags), description: spec.description ?? "",
    alertId: spec.alertId ?? null, flinkEnvId: spec.flinkEnvId, clusterId: spec.clusterId,
    executionMode: spec.executionMode, upgradeStrategy: spec.upgradeStrategy, settingsChanged,
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
  const effective = versionsOf(history).effective;
  // StreamPark's rollback to a version reads its t_app_backup row (ApplicationBackUpServiceImpl#rollbackFlinkSql).
  if (row.id !== effective?.id && !(await backups(api, app.id)).some((b) => b.sqlId === row.id)) {
    throw new Error(`${spec.name}: pinned SQL version ${spec.pinnedSqlVersion} has no backup row in StreamPark (t_app_backup), so StreamPark cannot roll back to it; put its text into the job's SQL instead of pinning it`);
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

export interface ConvergeResult {
  observation: JobObservation; restarted: boolean; mutated: boolean; plan: JobPlan;
  /** Savepoints this run took, with the SQL version that wrote each (for `savepointHistory`). */
  savepointsTaken: SavepointEntry[];
  /** The `restoreFrom` this run applied (or that stays applied). */
  restoredFrom: string | null;
  /** The comparison of this run's canary (upgradeStrategy canary). */
  canaryComparison?: CanaryComparison;
}

/**
 * Move a live application to the spec: observe, plan, act. A restart of a running job goes
 * through the upgrade strategy and the health gate (read from Flink); a failed gate rolls back
 * to the SQL version and parameters it ran before and fails; a failed stop leaves no Flink job
 * running (StreamPark stops tracking it) before it fails.
 */
export async function converge(api: StreamParkApi, flink: FlinkRest, appIn: AppRecord, specIn: JobSpec, progress: Progress = () => undefined, memory: ReleaseMemory = NO_MEMORY, canary?: CanaryInputs): Promise<ConvergeResult> {
  const { teamId } = await api.session();
  const restore = resolveRestore(specIn.restoreFrom, memory.savepointHistory);
  // restoreFrom pins the SQL version that wrote the savepoint (refused before anything mutates if unknown).
  if (restore && restore.sqlVersion === null && specIn.desiredState !== "suspended" && memory.restoredFrom !== restore.path) {
    throw unknownRestorePoint(specIn.name, restore.path, memory.savepointHistory);
  }
  const spec: JobSpec = restore?.sqlVersion ? { ...specIn, pinnedSqlVersion: restore.sqlVersion } : specIn;
  const wanted = () => wantedFromSpec(spec, false, memory);
  const liveOf = (a: AppRecord, h: SqlVersion[]) => ({ ...liveFromApp(a, h), restoredFrom: memory.restoredFrom });
  let before = await getApp(api, appIn.id);
  let history = await sqlHistory(api, before.id);
  let plan = planJob(liveOf(before, history), wanted());
  if (plan.action === "settle") {
    progress(`${spec.name}: ${plan.summary}`);
    before = await waitForApp(api, before.id, "settle", spec.waits.startSeconds, spec.waits.pollMs, (a) => (TRANSIENT.includes(stateName(a.state)) ? undefined : "done"));
    history = await sqlHistory(api, before.id);
    plan = planJob(liveOf(before, history), wanted());
  }
  const taken: SavepointEntry[] = [];
  const restoredFrom = restore ? memory.restoredFrom : null;
  const unchanged = async (mutated: boolean) => ({ observation: (await observe(api, before.id))!, restarted: false, mutated, plan, savepointsTaken: taken, restoredFrom });
  if (plan.action === "blocked") throw new Error(`${spec.name}: ${plan.summary}`);
  if (plan.action === "settle") throw new Error(`${spec.name}: the job is still ${stateName(before.state)} after waiting ${spec.waits.startSeconds}s; run up again once it settles`);
  if (plan.action === "none" || plan.action === "record") return unchanged(false);
  progress(`${spec.name}: ${plan.summary}`);

  const { effective } = versionsOf(history);
  if (plan.action === "suspend") {
    const entry = await suspendJob(api, flink, before, effective, spec, progress);
    if (entry) taken.push(entry);
    return unchanged(true);
  }
  let mutated = false;
  // A version edited by hand but not yet effective would run at the next start: drop it.
  for (const pending of history.filter((v) => v.candidate === 1 && effective && v.id !== effective.id)) {
    await api.call("/flink/sql/delete", { form: { id: pending.id, appId: before.id } });
    mutated = true;
  }
  if (mutated) history = await sqlHistory(api, before.id);
  const liveSql = liveFromApp(before, history).sql;
  const target = plan.sqlChange ? await targetSql(api, before, spec, history) : { text: liveSql };
  if (plan.action === "restart" && (spec.upgradeStrategy === "blue-green" || spec.upgradeStrategy === "canary")) {
    if (!effective) throw new Error(`${spec.name}: ${spec.upgradeStrategy} needs the running version's SQL (StreamPark shows no effective version)`);
    const switchContext = {
      api, flink, teamId, spec, blue: before, effective, target, progress,
      rollBack: (from: string | undefined, what: string) => rollBack(api, before, effective, from, teamId, spec, what, progress),
    };
    if (spec.upgradeStrategy === "canary") {
      if (!canary || !spec.canary) throw new Error(`${spec.name}: upgradeStrategy canary needs the job's sinks and canary settings`);
      const r = await canaryUpgrade({ ...switchContext, sinks: canary.sinks, canary: { windowSeconds: spec.canary.windowSeconds, tolerances: { ...DEFAULT_TOLERANCES, ...(spec.canary.tolerances ?? {}) } }, engines: canary.engines(), sleep: canary.sleep });
      taken.push(...r.savepointsTaken);
      return { observation: (await observe(api, before.id))!, restarted: true, mutated: true, plan, savepointsTaken: taken, restoredFrom, canaryComparison: r.comparison };
    }
    const r = await blueGreenUpgrade(switchContext);
    taken.push(...r.savepointsTaken);
    return { observation: (await observe(api, before.id))!, restarted: true, mutated: true, plan, savepointsTaken: taken, restoredFrom };
  }
  if (plan.sqlChange || paramsDiffer(before, spec)) {
    const sqlId = target.pinnedId ?? before.sqlId ?? undefined;
    // Keep StreamPark's text when only whitespace/comments differ: no new SQL version for nothing.
    await api.call("/flink/app/update", { form: { ...applicationForm(spec, teamId, plan.sqlChange ? target.text : liveSql), id: before.id, sqlId } });
    mutated = true;
  }
  if (plan.action === "update-in-place") return unchanged(mutated);

  const rollingBack = plan.action === "restore";
  const upgrade = plan.action === "restart" || (rollingBack && before.state === 5);
  let app = await release(api, await getApp(api, before.id), spec.waits);
  let savepointPath: string | undefined;
  if (upgrade) {
    // A rollback keeps the state it leaves behind, whatever the strategy: it may be rolled back to.
    const stateful = spec.upgradeStrategy === "savepoint" || rollingBack;
    progress(`${spec.name}: ${stateful ? "stopping with a savepoint" : "stopping without state (stateless strategy)"}`);
    try {
      savepointPath = (await cancel(api, app, stateful ? { dir: spec.savepointDir } : false, spec.waits))?.path ?? undefined;
      if (savepointPath) taken.push({ path: savepointPath, sqlVersion: effective?.version ?? null, takenAt: rollingBack ? "rollback" : "upgrade" });
    } catch (e) {
      return failedStop(api, flink, before, effective, teamId, spec, e as Error, progress);
    }
  } else {
    // Stopped (by hand, failed, or a failed stop earlier): nothing of it may still run in Flink.
    const orphans = await stopOrphans(flink, spec.name, before.jobId, spec.waits);
    if (orphans.jobIds.length > 0) progress(`${spec.name}: cancelled Flink job(s) ${orphans.jobIds.join(", ")} StreamPark no longer tracked`);
    // Resuming never starts from nothing; only a change under the stateless strategy drops state.
    if (spec.upgradeStrategy === "savepoint" || !(plan.sqlChange || plan.restartChange)) {
      savepointPath = orphans.lastCheckpoint ?? newestRestorePoint(await savepoints(api, app.id));
    }
  }

  const startFrom = rollingBack && restore ? restore.path : savepointPath;
  progress(`${spec.name}: starting${startFrom ? ` from ${startFrom}` : " without state"}`);
  app = await getApp(api, app.id);
  const started = await start(api, app, { savepointPath: startFrom }, spec.allowNonRestoredState, spec.waits)
    .then(() => undefined, (e: Error) => e);
  const gate: GateResult = started
    ? { healthy: false, reason: started.message, checkpoints: 0 }
    : upgrade ? await healthGate(api, flink, app.id, spec.healthGate, spec.waits.pollMs) : { healthy: true, reason: "RUNNING", checkpoints: 0 };
  if (gate.healthy) return { observation: (await observe(api, app.id))!, restarted: true, mutated: true, plan, savepointsTaken: taken, restoredFrom: rollingBack && restore ? restore.path : restoredFrom };
  if (!upgrade || !effective) throw new Error(`${spec.name}: the job did not come up healthy: ${gate.reason}`);
  // The new job may be running unhealthy: stop it (and anything else of it) before the rollback starts one.
  const current = await getApp(api, app.id);
  if (!STARTABLE.includes(stateName(current.state))) await cancel(api, current, false, spec.waits).catch(() => undefined);
  await stopOrphans(flink, spec.name, current.jobId, spec.waits);
  return rollBack(api, before, effective, spec.upgradeStrategy === "savepoint" ? savepointPath : undefined, teamId, spec, `upgrade failed the health gate (${gate.reason})`, progress);
}

/**
 * The stop-with-savepoint (or cancel) of an upgrade failed. StreamPark marked the app FAILED and
 * stopped tracking it; Flink may still run it. Cancel what runs, then bring the previous
 * definition back from the last good checkpoint, and fail naming all of it.
 */
async function failedStop(api: StreamParkApi, flink: FlinkRest, before: AppRecord, effective: SqlVersion | undefined, teamId: string, spec: JobSpec, err: Error, progress: Progress): Promise<never> {
  const orphans = await stopOrphans(flink, spec.name, before.jobId, spec.waits);
  const lastGood = orphans.lastCheckpoint ?? newestRestorePoint(await savepoints(api, before.id)) ?? undefined;
  const what = orphans.jobIds.length > 0
    ? `could not stop with a savepoint (${err.message}); StreamPark marked the application FAILED and stopped tracking Flink job ${orphans.jobIds.join(", ")}, which was still ${orphans.states.join(", ")}: it was cancelled without a savepoint; last good checkpoint ${lastGood ?? "none"}`
    : `could not stop with a savepoint (${err.message}); no Flink job of it is running; last good checkpoint ${lastGood ?? "none"}`;
  if (!effective) throw new Error(`${spec.name}: ${what}`);
  return rollBack(api, before, effective, lastGood, teamId, spec, what, progress);
}

/**
 * Put the application back to the SQL version and parameters of `before` and start it from
 * `from` (a savepoint or checkpoint path; undefined = without state). Always throws: the
 * caller's change did not happen, and the message says what failed and where the job is now.
 */
async function rollBack(api: StreamParkApi, before: AppRecord, effective: SqlVersion, from: string | undefined, teamId: string, spec: JobSpec, what: string, progress: Progress): Promise<never> {
  progress(`${spec.name}: ${what}; rolling back to SQL version ${effective.version}`);
  const appId = before.id;
  const rollbackSql = await sqlText(api, appId, effective.id);
  // Never became effective (start refused, stop failed): drop the new version so no later start picks it up.
  for (const pending of (await sqlHistory(api, appId)).filter((v) => v.candidate === 1)) {
    await api.call("/flink/sql/delete", { form: { id: pending.id, appId } });
  }
  const now = versionsOf(await sqlHistory(api, appId)).effective;
  // Same text with the old sqlId = StreamPark's rollback, which needs the old version's backup
  // row; without one, the old text goes in as a new version based on the current one.
  const hasBackup = (await backups(api, appId)).some((b) => b.sqlId === effective.id);
  const basedOn = now && now.id !== effective.id && !hasBackup ? now.id : effective.id;
  if (basedOn !== effective.id) progress(`${spec.name}: SQL version ${effective.version} has no backup row; its text goes in as a new version`);
  await api.call("/flink/app/update", { form: formFromRecord(before, teamId, rollbackSql, basedOn) });
  await release(api, await getApp(api, appId), spec.waits);
  try {
    await start(api, await getApp(api, appId), { savepointPath: from }, spec.allowNonRestoredState, spec.waits);
  } catch (e) {
    throw new Error(`${spec.name}: ${what}, and the rollback to SQL version ${effective.version} did not start either: ${(e as Error).message}`);
  }
  throw new Error(`${spec.name}: ${what}; rolled back to SQL version ${effective.version}${from ? ` from ${from}` : " without state"}; the job is RUNNING the previous definition`);
}

/** Stop with a final savepoint (unless already stopped), make sure Flink runs nothing of it, delete the application. */
export async function deleteJob(api: StreamParkApi, flink: FlinkRest, appId: string, name: string, savepointDir: string | undefined, waits: JobSpec["waits"], progress: Progress = () => undefined): Promise<{ finalSavepoint: string | null }> {
  if (!(await findAppById(api, appId))) return { finalSavepoint: null };
  let app = await getApp(api, appId);
  if (TRANSIENT.includes(stateName(app.state))) {
    app = await waitForApp(api, appId, "settle before delete", waits.startSeconds, waits.pollMs, (a) => (TRANSIENT.includes(stateName(a.state)) ? undefined : "done"));
  }
  let finalSavepoint: string | null = null;
  if (app.state === 5) {
    // No savepoint, no delete: StreamPark's delete removes the savepoint records.
    try {
      finalSavepoint = (await cancel(api, app, { dir: savepointDir }, waits))?.path ?? null;
    } catch (e) {
      const orphans = await stopOrphans(flink, name, app.jobId, waits);
      const lastGood = orphans.lastCheckpoint ?? newestRestorePoint(await savepoints(api, appId)) ?? "none";
      throw new Error(`${name}: the final savepoint failed (${(e as Error).message})${orphans.jobIds.length > 0 ? `; Flink job ${orphans.jobIds.join(", ")} (still ${orphans.states.join(", ")}) was cancelled without a savepoint` : ""}; the application is kept; last good checkpoint ${lastGood}; delete again to remove it`);
    }
  } else {
    // Stopped or failed: nothing of it may run in Flink; the newest retained state is what it leaves.
    const orphans = await stopOrphans(flink, name, app.jobId, waits);
    finalSavepoint = orphans.lastCheckpoint ?? newestRestorePoint(await savepoints(api, appId)) ?? null;
  }
  progress(`${name}: final savepoint ${finalSavepoint ?? "(none: the job never ran)"}`);
  const { teamId } = await api.session();
  await api.call("/flink/app/delete", { form: { id: appId, teamId } });
  const green = await removeLeftoverGreen(api, flink, name, teamId, waits);
  if (green) progress(`${name}: removed ${green}, left by an interrupted blue-green switch`);
  const canaryLeft = await removeLeftoverCanary(api, flink, name, teamId, waits);
  if (canaryLeft) progress(`${name}: removed ${canaryLeft}, left by an interrupted canary`);
  return { finalSavepoint };
}
