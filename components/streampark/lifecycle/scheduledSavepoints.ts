/**
 * The job's savepoint history completed from what others hold (issue 12), so that no savepoint
 * of the job is missing from output `savepointHistory` (what `restoreFrom` can name):
 *
 * - scheduled: the savepoint scheduler's history (components/savepoints, GET /history on
 *   `savepointHistoryUrl`). A savepoint written by the Flink job the provider knows (the live
 *   run's job id) gets that run's SQL version; the scheduler's disposed paths leave the history.
 * - found: StreamPark's savepoint rows (`/flink/savepoint/history`, types 2 and 3; type 1 rows
 *   are checkpoints, SVC/core/entity/Savepoint.java) the history does not know. They were taken
 *   by a run whose outputs were never written: an upgrade that failed and was rolled back keeps
 *   the stop savepoint of the previous version in StreamPark (ApplicationServiceImpl#cancel
 *   writes the row) while the update failed and the outputs stayed as they were. Such a
 *   savepoint gets the live SQL version only when the running Flink job restored from it (the
 *   rollback restarted that version from it, so it resumes that version); else its version is
 *   unknown (null) and restoreFrom refuses it with that reason.
 *
 * Pure merges plus one thin reader of the scheduler's endpoint.
 */
import type { SavepointRecord } from "../api/schemas";
import type { StreamParkApi } from "../api/client";
import type { FlinkRest } from "../api/flinkRest";
import type { ReleaseMemory } from "./jobRelease";
import { savepoints } from "./jobReads";
import type { SavepointEntry } from "./jobSpec";
import { withSavepoint } from "./jobSpec";
import type { HistoryFile, JobHistory } from "../savepointSchedule";
import { parseHistory, SCHEDULER_PATHS } from "../savepointSchedule";

/** The run the provider knows: the Flink job id and the SQL version it runs. */
export interface KnownRun { jobId: string | null; sqlVersion: number | null }

/** Pure: the scheduler's savepoints of this job added (newest last), its disposed ones removed. */
export function withScheduled(history: SavepointEntry[], scheduler: JobHistory | undefined, run: KnownRun): SavepointEntry[] {
  if (!scheduler) return history;
  const disposed = new Set(scheduler.disposed.map((d) => d.path));
  const kept = history.filter((e) => !(e.takenAt === "scheduled" && disposed.has(e.path)));
  const labelled = kept.map((e) => {
    // A scheduled entry recorded before its run was known gets the version once the run is known.
    if (e.takenAt !== "scheduled" || e.sqlVersion !== null) return e;
    const sp = scheduler.savepoints.find((s) => s.path === e.path);
    return sp && run.jobId !== null && sp.flinkJobId === run.jobId && run.sqlVersion !== null ? { ...e, sqlVersion: run.sqlVersion } : e;
  });
  return [...scheduler.savepoints].sort((a, b) => a.takenAtMs - b.takenAtMs).reduce((h, s) => withSavepoint(h, {
    path: s.path,
    sqlVersion: run.jobId !== null && s.flinkJobId === run.jobId ? run.sqlVersion : null,
    takenAt: "scheduled",
    time: new Date(s.takenAtMs).toISOString(),
  }), labelled);
}

/** Pure: StreamPark's savepoints the history lacks, added as `found` (oldest first). */
export function withFound(history: SavepointEntry[], rows: SavepointRecord[], run: KnownRun & { restoredPath: string | null }): SavepointEntry[] {
  return rows
    .filter((r) => r.type !== 1 && r.path)
    .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1))
    .reduce((h, r) => withSavepoint(h, {
      path: r.path as string,
      sqlVersion: r.path === run.restoredPath ? run.sqlVersion : null,
      takenAt: "found",
      ...(r.triggerTime ? { time: r.triggerTime } : {}),
    }), history);
}

/** The scheduler's history (GET /history). Fails naming the URL and what went wrong. */
export async function readSchedulerHistory(url: string, timeoutMs: number): Promise<HistoryFile> {
  const axios = require("axios") as typeof import("axios").default;
  const full = `${url.replace(/\/+$/, "")}${SCHEDULER_PATHS.historyPath}`;
  let res;
  try {
    res = await axios.get(full, { timeout: timeoutMs, validateStatus: () => true, responseType: "json" });
  } catch (e) {
    const err = e as { code?: string; message?: string };
    throw new Error(`savepoint scheduler GET ${full} failed: ${err.code ?? err.message ?? "no answer"}`);
  }
  if (res.status !== 200) throw new Error(`savepoint scheduler GET ${full} answered HTTP ${res.status}`);
  return parseHistory(res.data, `savepoint scheduler GET ${full}`);
}

/**
 * The memory with the savepoints others hold added: the scheduler's (when the job has one) and
 * StreamPark's rows a failed run left. A source that cannot be read is skipped with a warning in
 * the provider log: the stored history stays, and the next read adds what was missed.
 */
export async function withDiscovered(
  memory: ReleaseMemory,
  n: { name?: string; savepointHistoryUrl?: string; requestTimeoutSeconds?: number },
  appId: string,
  api: StreamParkApi,
  flink: () => Promise<FlinkRest>,
  run: KnownRun,
): Promise<ReleaseMemory> {
  const warn = (what: string, e: unknown) => console.error(`${n.name}: ${what} not read, the savepoint history stays as it was: ${(e as Error).message}`);
  let history = memory.savepointHistory;
  if (typeof n.savepointHistoryUrl === "string" && n.savepointHistoryUrl !== "") {
    try {
      const scheduler = await readSchedulerHistory(n.savepointHistoryUrl, (n.requestTimeoutSeconds ?? 30) * 1000);
      history = withScheduled(history, n.name ? scheduler.jobs[n.name] : undefined, run);
    } catch (e) {
      warn("the savepoint scheduler's history", e);
    }
  }
  try {
    const rows = await savepoints(api, appId);
    const unknown = rows.some((r) => r.type !== 1 && r.path && !history.some((e) => e.path === r.path));
    // What the running job restored from is asked only when there is something to label.
    const restoredPath = unknown && run.jobId ? await flink().then((f) => f.checkpoints(run.jobId as string)).then((c) => c.restoredPath, () => null) : null;
    history = withFound(history, rows, { ...run, restoredPath });
  } catch (e) {
    warn("StreamPark's savepoint list", e);
  }
  return { ...memory, savepointHistory: history };
}
