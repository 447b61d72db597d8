/**
 * One tick of the savepoint scheduler, for every scheduled job: find its running Flink job by
 * name (GET /jobs/overview), trigger a savepoint when due (POST /jobs/:jobid/savepoints with
 * cancel-job false, polled), then dispose of what retention lets go (POST /savepoint-disposal,
 * polled). StreamPark 2.1.5 has no scheduler of its own (its /flink/savepoint/trigger is manual:
 * streampark-console-service .../SavepointServiceImpl.java#trigger), so the stack runs this.
 *
 * Everything that varies is injected: the clock (tests drive the schedule without waiting), the
 * Flink client, the log and where the history is saved. A failed trigger leaves the job due, a
 * failed disposal leaves the savepoint listed: both are retried at the next tick, and logged.
 * A job that is not running is skipped entirely (no trigger, no disposal: without a running job
 * the path it restored from is unknown), as the operator cleans up only while the job runs.
 */
import type { FlinkRest } from "../streampark/api/flinkRest";
import type { HistoryFile, JobHistory, JobSchedule, ScheduleFile } from "../streampark/savepointSchedule";
import { DISPOSED_MAX, EMPTY_JOB_HISTORY } from "../streampark/savepointSchedule";
import { isDue, toDispose } from "./retention";

export type SchedulerFlink = Pick<FlinkRest, "overview" | "checkpoints" | "savepoint" | "disposeSavepoint">;

export interface SchedulerDeps {
  flink: SchedulerFlink;
  /** Epoch milliseconds now. */
  now: () => number;
  log: (line: string) => void;
  /** Persists the history (after every change, so a restart loses nothing it did). */
  save: (history: HistoryFile) => Promise<void>;
  /** Poll interval of Flink's asynchronous operations. */
  pollMs: number;
}

/** Flink's answer for a path that holds no savepoint (someone removed it): it is gone, not a failure to retry. */
const ALREADY_GONE = /Cannot find checkpoint or savepoint/;

export async function tick(schedule: ScheduleFile, history: HistoryFile, deps: SchedulerDeps): Promise<HistoryFile> {
  let current = history;
  for (const job of schedule.jobs) {
    const before = current.jobs[job.name] ?? EMPTY_JOB_HISTORY;
    const after = await tickJob(schedule, job, before, deps, async (h) => {
      current = { ...current, jobs: { ...current.jobs, [job.name]: h } };
      await deps.save(current);
    });
    current = { ...current, jobs: { ...current.jobs, [job.name]: after } };
  }
  return current;
}

async function tickJob(schedule: ScheduleFile, job: JobSchedule, h0: JobHistory, deps: SchedulerDeps, persist: (h: JobHistory) => Promise<void>): Promise<JobHistory> {
  let h = h0;
  const set = async (next: JobHistory) => { h = next; await persist(h); };
  const now = deps.now();

  // Find the job: exactly one RUNNING Flink job with its name.
  let running: { jid: string }[];
  try {
    running = (await deps.flink.overview()).filter((j) => j.name === job.name && j.state === "RUNNING");
  } catch (e) {
    deps.log(`${job.name}: skipped: cannot list Flink's jobs (${(e as Error).message}); retried next tick`);
    await set({ ...h, lastError: { atMs: now, step: "find", message: (e as Error).message } });
    return h;
  }
  if (running.length !== 1) {
    const note = running.length === 0 ? "not running: skipped (no savepoint, no disposal)" : `${running.length} RUNNING Flink jobs named ${job.name}: skipped until one remains`;
    if (h.lastSeen?.note !== note) deps.log(`${job.name}: ${note}`);
    await set({ ...h, lastSeen: { atMs: now, flinkJobId: null, note } });
    return h;
  }
  const jid = running[0].jid;
  if (h.lastSeen?.flinkJobId !== jid) deps.log(`${job.name}: running as Flink job ${jid}`);
  h = { ...h, lastSeen: { atMs: now, flinkJobId: jid, note: "running" } };

  if (isDue(now, h.lastTakenAtMs, job.everyMs)) {
    try {
      const path = await deps.flink.savepoint(jid, schedule.savepointDir, schedule.operationTimeoutSeconds, deps.pollMs);
      deps.log(`${job.name}: savepoint ${path} (Flink job ${jid})`);
      const takenAtMs = deps.now();
      await set({ ...h, savepoints: [...h.savepoints, { path, takenAtMs, flinkJobId: jid }], lastTakenAtMs: takenAtMs, lastError: h.lastError?.step === "trigger" ? null : h.lastError });
    } catch (e) {
      deps.log(`${job.name}: savepoint of Flink job ${jid} failed: ${(e as Error).message}; retried next tick`);
      await set({ ...h, lastError: { atMs: now, step: "trigger", message: (e as Error).message } });
    }
  }

  // Retention: what the running job restored from is never disposed of, nor the job's restoreFrom.
  let restoredPath: string | null;
  try {
    restoredPath = (await deps.flink.checkpoints(jid)).restoredPath;
  } catch (e) {
    deps.log(`${job.name}: no disposal this tick: cannot read what Flink job ${jid} restored from (${(e as Error).message})`);
    await set(h);
    return h;
  }
  const protectedPaths = new Set([...job.protect, ...(restoredPath ? [restoredPath] : [])]);
  for (const sp of toDispose(h.savepoints, job.keep, protectedPaths)) {
    try {
      await deps.flink.disposeSavepoint(sp.path, schedule.operationTimeoutSeconds, deps.pollMs);
      deps.log(`${job.name}: disposed of ${sp.path} (keep ${job.keep})`);
    } catch (e) {
      const message = (e as Error).message;
      if (!ALREADY_GONE.test(message)) {
        deps.log(`${job.name}: disposal of ${sp.path} failed: ${message}; retried next tick`);
        await set({ ...h, lastError: { atMs: deps.now(), step: "dispose", message } });
        continue;
      }
      deps.log(`${job.name}: ${sp.path} is already gone from storage; dropped from the history`);
    }
    await set({
      ...h,
      savepoints: h.savepoints.filter((s) => s.path !== sp.path),
      disposed: [...h.disposed, { path: sp.path, disposedAtMs: deps.now() }].slice(-DISPOSED_MAX),
      lastError: h.lastError?.step === "dispose" ? null : h.lastError,
    });
  }
  await set(h);
  return h;
}
