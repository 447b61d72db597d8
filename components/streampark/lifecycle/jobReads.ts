/**
 * Observe: what StreamPark 2.1.5 holds for one job, through read-only calls, and the pure
 * helpers that read its records. Endpoints: ApplicationController (`/flink/app/list|get|backups`),
 * FlinkSqlController (`/flink/sql/history|get`), SavepointController (`/flink/savepoint/history`).
 */
import type { StreamParkApi } from "../api/client";
import type { AppRecord, BackupRecord, SavepointRecord, SqlVersion } from "../api/schemas";
import { fromBase64 } from "../api/wire";
import type { LiveJob } from "./jobPlan";
import { stateName } from "./jobPlan";

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
  options: string | null;
  consoleRestarts: number | null;
  tags: string;
  lastSavepoint: string | null;
}

/** `/flink/app/list` filters jobName with LIKE %x%; the exact name is matched here, and must be unique. */
export async function findAppByName(api: StreamParkApi, name: string): Promise<AppRecord | undefined> {
  const { teamId } = await api.session();
  const page = api.schemas.appPage(await api.data("/flink/app/list", {
    form: { teamId, jobName: name, pageNum: 1, pageSize: 100 }, safe: true,
  }));
  return onlyOne(name, page.records);
}

/** Pure: the one application with exactly this name; two are refused (the job's identity is its name). */
export function onlyOne(name: string, records: AppRecord[]): AppRecord | undefined {
  const exact = records.filter((a) => a.jobName === name);
  if (exact.length > 1) {
    throw new Error(`StreamPark holds ${exact.length} applications named '${name}' (ids ${exact.map((a) => a.id).join(", ")}); a job is identified by its name: delete the extra ones in the UI`);
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

/** `t_app_backup` rows: StreamPark's rollback to a SQL version needs the row of that version. */
export async function backups(api: StreamParkApi, appId: string): Promise<BackupRecord[]> {
  const { teamId } = await api.session();
  return api.schemas.backupPage(await api.data("/flink/app/backups", { form: { appId, teamId, pageNum: 1, pageSize: 1000 }, safe: true })).records;
}

export function newestId(rows: { id: string }[]): bigint {
  return rows.reduce((m, r) => (BigInt(r.id) > m ? BigInt(r.id) : m), 0n);
}

/** Newest savepoint (type 2 or 3; type 1 rows are checkpoints) with a path. */
export function newestSavepoint(rows: SavepointRecord[], after = 0n): SavepointRecord | undefined {
  return rows
    .filter((r) => r.type !== 1 && r.path && BigInt(r.id) > after)
    .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1))[0];
}

/** Newest savepoint or retained checkpoint (what StreamPark's own auto-restart resumes from). */
export function newestRestorePoint(rows: SavepointRecord[]): string | undefined {
  return rows.filter((r) => r.path).sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1))[0]?.path ?? undefined;
}

/** Effective version and the one before it (by version number), from `/flink/sql/history`. */
export function versionsOf(history: SqlVersion[]): { effective?: SqlVersion; previous?: SqlVersion } {
  const effective = history.find((v) => v.effective);
  const previous = effective
    ? history.filter((v) => v.version < effective.version).sort((a, b) => b.version - a.version)[0]
    : undefined;
  return { effective, previous };
}

/** A version edited by hand but not yet effective (candidate NEW or HISTORY). */
export function pendingVersion(history: SqlVersion[]): SqlVersion | undefined {
  return history.find((v) => v.candidate === 1 || v.candidate === 2);
}

/** Pure: the plan's view of a StreamPark record. release NEED_RESTART (3) = restart pending. */
export function liveFromApp(app: AppRecord, history: SqlVersion[]): LiveJob {
  const { effective } = versionsOf(history);
  return {
    name: app.jobName, state: stateName(app.state), sql: app.flinkSql ? fromBase64(app.flinkSql) : "",
    sqlVersion: effective?.version ?? null, pendingSqlVersion: effective ? pendingVersion(history)?.version ?? null : null,
    options: app.options, restartSize: app.restartSize, tags: app.tags ?? "", description: app.description ?? "",
    alertId: app.alertId ?? null, flinkEnvId: app.versionId, clusterId: app.flinkClusterId, executionMode: app.executionMode,
    needsRestart: app.release === 3,
  };
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
    pendingSqlVersion: pendingVersion(history)?.version ?? null,
    options: app.options,
    consoleRestarts: app.restartSize,
    tags: app.tags ?? "",
    lastSavepoint: sp?.path ?? null,
  };
}
