/**
 * Act: the calls that change a job, each with the wait that tells it took effect, and the pure
 * verdicts those waits use. StreamPark 2.1.5 (SVC = streampark-console-service/src/main/java/org/
 * apache/streampark/console/): ApplicationBuildPipelineController + AppBuildPipeServiceImpl
 * (release), ApplicationServiceImpl#start/#cancel, FlinkAppHttpWatcher; Flink 1.20 REST for what
 * StreamPark does not track (../api/flinkRest.ts).
 */
import type { StreamParkApi } from "../api/client";
import type { AppRecord, SavepointRecord } from "../api/schemas";
import { failureOf } from "../api/wire";
import type { FlinkRest } from "../api/flinkRest";
import { FLINK_LIVE_STATES } from "../api/flinkRest";
import type { HealthGate, JobWaits } from "./jobSpec";
import { stateName } from "./jobPlan";
import { getApp, newestId, newestSavepoint, savepoints } from "./jobReads";

export interface Progress { (message: string): void }

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Send a mutating call whose answer may get lost (timeout, reset): on a transient failure, look
 * at the application to see whether it took effect before failing.
 */
export async function sendOnce(api: StreamParkApi, path: string, form: Record<string, string | number | boolean | undefined>, appId: string, tookEffect: (a: AppRecord) => boolean): Promise<Record<string, unknown>> {
  try {
    return await api.call(path, { form });
  } catch (e) {
    if (!failureOf(e)?.transient) throw e;
    if (tookEffect(await getApp(api, appId))) return { data: true };
    throw e;
  }
}

export async function waitForApp(api: StreamParkApi, id: string, what: string, seconds: number, pollMs: number,
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

/**
 * Pure: is the release we asked for done? `/flink/pipe/build` answers before the build starts:
 * the pipeline row is reset to pending (1) at once, `release` turns RELEASING (2) only in the
 * pipeline's onStart and DONE (0) / NEED_RESTART (3) after onFinish saved the pipeline as
 * success (3) (AppBuildPipeServiceImpl#buildApplication). A `release` read before onStart is the
 * previous build's, so only the pipeline and the release together decide.
 * The synchronous path (nothing to build: checkBuildAndUpdate) leaves the previous pipeline,
 * a success, and sets release at once.
 */
export function buildVerdict(release: number | null, pipeStatus: number | null): "done" | "failed" | "wait" {
  if (pipeStatus === 4) return "failed";
  if (pipeStatus === 1 || pipeStatus === 2) return "wait";
  return release === 0 || release === 3 ? "done" : release === -1 && pipeStatus !== 3 ? "failed" : "wait";
}

/** `/flink/pipe/build`, then wait for the pipeline and the release state together. */
export async function release(api: StreamParkApi, app: AppRecord, waits: JobWaits): Promise<AppRecord> {
  if (app.release === 0 || app.release === 3) return app;
  const pipeline = async () => api.schemas.pipeline(await api.data("/flink/pipe/detail", { form: { appId: app.id }, safe: true }));
  if (app.release !== 2) {
    await sendOnce(api, "/flink/pipe/build", { appId: app.id, forceBuild: false }, app.id,
      (a) => a.release === 2 || a.release === 0 || a.release === 3);
  }
  const deadline = Date.now() + waits.buildSeconds * 1000;
  for (;;) {
    const [a, p] = [await getApp(api, app.id), await pipeline()];
    const verdict = buildVerdict(a.release, p?.pipeStatus ?? null);
    if (verdict === "done") return a;
    if (verdict === "failed") throw new Error(`${app.jobName}: release (build) failed${p?.errorSummary ? `: ${p.errorSummary}` : ""}`);
    if (Date.now() > deadline) throw new Error(`${app.jobName}: release (build) did not finish within ${waits.buildSeconds}s (release ${a.release}, pipeline ${p?.pipeStatus ?? "none"})`);
    await sleep(waits.pollMs);
  }
}

/** Pure: a start's progress. CREATED/STARTING/INITIALIZING/RECONCILING are on the way. */
export function startVerdict(state: number): "done" | "wait" | string {
  if (state === 5) return "done";
  if ([1, 2, 3, 4, 12].includes(state)) return "wait";
  return `the job went ${stateName(state)}`;
}

/** `/flink/app/start` answers HTTP 200 with `data:false` + message on any refusal. */
export async function start(api: StreamParkApi, app: AppRecord, from: { savepointPath?: string }, allowNonRestored: boolean, waits: JobWaits): Promise<AppRecord> {
  const env = await sendOnce(api, "/flink/app/start", {
    id: app.id,
    restoreOrTriggerSavepoint: from.savepointPath !== undefined,
    savepointPath: from.savepointPath,
    allowNonRestored,
  }, app.id, (a) => a.state === 3 || a.state === 5);
  if (env.data !== true) {
    throw new Error(`${app.jobName}: StreamPark refused to start the job: ${typeof env.message === "string" ? env.message : "no reason given"}`);
  }
  return waitForApp(api, app.id, "start", waits.startSeconds, waits.pollMs, (a) => {
    const v = startVerdict(a.state);
    return v === "wait" ? undefined : v;
  });
}

/** Pure: a cancel's progress. FAILED = the cancel future failed (ApplicationServiceImpl#cancel). */
export function cancelVerdict(state: number): "done" | "wait" | string {
  if (state === 9 || state === 10) return "done";
  if (state === 7 || state === 13 || state === -9) return `the job went ${stateName(state)} instead of CANCELED`;
  return "wait";
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
    const v = cancelVerdict(a.state);
    return v === "wait" ? undefined : v;
  });
  if (!savepoint) return undefined;
  // The savepoint row is written when the cancel completes (ApplicationServiceImpl#cancel).
  const sp = newestSavepoint(await savepoints(api, app.id), before);
  if (!sp) throw new Error(`${app.jobName}: the job stopped but StreamPark recorded no savepoint`);
  return sp;
}

/** What a failed cancel left behind, after making sure nothing of the job still runs. */
export interface OrphanReport { jobIds: string[]; states: string[]; lastCheckpoint: string | null }

/**
 * After a failed cancel StreamPark marks the app FAILED and stops watching it while Flink may
 * still run the job (ApplicationServiceImpl#cancel, FlinkAppHttpWatcher tracks tracking=1 only).
 * Ask Flink: every live job with the app's job id or its name (StreamPark submits with
 * pipeline.name = the job name) is cancelled without a savepoint, and awaited.
 */
export async function stopOrphans(flink: FlinkRest, name: string, jobId: string | null, waits: JobWaits): Promise<OrphanReport> {
  const live = (await flink.overview()).filter((j) => FLINK_LIVE_STATES.includes(j.state) && (j.jid === jobId || j.name === name));
  for (const j of live) await flink.cancel(j.jid);
  const deadline = Date.now() + waits.cancelSeconds * 1000;
  let lastCheckpoint: string | null = null;
  for (const j of live) {
    for (;;) {
      const s = await flink.jobState(j.jid);
      if (s === undefined || !FLINK_LIVE_STATES.includes(s)) break;
      if (Date.now() > deadline) throw new Error(`${name}: Flink job ${j.jid} is still ${s} ${waits.cancelSeconds}s after it was cancelled`);
      await sleep(waits.pollMs);
    }
    // Read after the cancel: the last checkpoint it completed is the one retained (RETAIN_ON_CANCELLATION).
    const c = await flink.checkpoints(j.jid).catch(() => undefined);
    lastCheckpoint = c?.latestCompletedPath ?? lastCheckpoint;
  }
  return { jobIds: live.map((j) => j.jid), states: live.map((j) => j.state), lastCheckpoint };
}

export interface GateResult { healthy: boolean; reason: string; checkpoints: number }

/** Pure: the health gate's verdict from one look at StreamPark and Flink. */
export function gateVerdict(appState: number, flinkState: string | undefined, restarts: number, completed: number, gate: HealthGate): GateResult | undefined {
  if (![1, 2, 3, 5, 12].includes(appState)) return { healthy: false, reason: `the job went ${stateName(appState)}`, checkpoints: completed };
  if (restarts > 0) return { healthy: false, reason: `Flink restarted the job ${restarts} time(s)`, checkpoints: completed };
  if (flinkState !== undefined && flinkState !== "RUNNING" && flinkState !== "INITIALIZING" && flinkState !== "CREATED") {
    return { healthy: false, reason: `the Flink job is ${flinkState}`, checkpoints: completed };
  }
  if (appState === 5 && flinkState === "RUNNING" && completed >= gate.checkpoints) {
    return { healthy: true, reason: `RUNNING with ${completed} completed checkpoint(s)`, checkpoints: completed };
  }
  return undefined;
}

/**
 * RUNNING, never restarted, and N completed checkpoints within the time limit, read from Flink
 * (StreamPark stores no RESTARTING and counts only its own auto-restarts): numRestarts and
 * /jobs/:jobid/checkpoints counts of the job this start submitted.
 */
export async function healthGate(api: StreamParkApi, flink: FlinkRest, appId: string, gate: HealthGate, pollMs: number): Promise<GateResult> {
  const deadline = Date.now() + gate.timeoutSeconds * 1000;
  let completed = 0;
  for (;;) {
    const app = await getApp(api, appId);
    let flinkState: string | undefined;
    let restarts = 0;
    if (app.jobId) {
      // Checkpoints before restarts: a restart before the counted checkpoints is then always
      // seen (reading restarts first could miss one between the two reads). A Flink REST API
      // that cannot be reached fails the update as such: the new job runs, unverified, and is
      // not rolled back for what could not be observed.
      flinkState = await flink.jobState(app.jobId);
      if (flinkState !== undefined) {
        completed = (await flink.checkpoints(app.jobId)).completed;
        restarts = await flink.restarts(app.jobId);
      }
    }
    const verdict = gateVerdict(app.state, flinkState, restarts, completed, gate);
    if (verdict) return verdict;
    if (Date.now() > deadline) {
      return {
        healthy: false, checkpoints: completed,
        reason: app.state === 5
          ? `only ${completed} of ${gate.checkpoints} checkpoints completed within ${gate.timeoutSeconds}s`
          : `not RUNNING within ${gate.timeoutSeconds}s (state ${stateName(app.state)})`,
      };
    }
    await sleep(pollMs);
  }
}
