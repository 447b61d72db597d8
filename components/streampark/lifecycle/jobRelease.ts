/**
 * Release paths beyond the in-place upgrade (issue 12): suspend (stop with a savepoint, keep the
 * application) and the pure helpers of `restoreFrom` (one-click rollback to a savepoint of the
 * job's history with the SQL version that wrote it). The Flink Kubernetes Operator is the model:
 * `job.state: suspended` takes a savepoint and keeps the deployment's record, `running` resumes
 * from it; `initialSavepointPath` + a version of the spec is its rollback.
 *
 * StreamPark 2.1.5 (SVC = streampark-console-service/src/main/java/org/apache/streampark/console/):
 * `/flink/app/cancel` with restoreOrTriggerSavepoint=true writes a `t_flink_savepoint` row when the
 * stop completes, and keeps the application (ApplicationServiceImpl#cancel); a later
 * `/flink/app/start` with savepointPath resumes from it (ApplicationServiceImpl#start).
 */
import type { StreamParkApi } from "../api/client";
import type { AppRecord, SqlVersion } from "../api/schemas";
import type { FlinkRest } from "../api/flinkRest";
import type { DesiredState, JobSpec, SavepointEntry } from "./jobSpec";
import type { Progress } from "./jobActions";
import { cancel, stopOrphans } from "./jobActions";
import { newestRestorePoint, savepoints } from "./jobReads";

/** What the stack remembers between runs (outputs) that StreamPark does not hold. */
export interface ReleaseMemory {
  /** Savepoints the stack took, each with the SQL version that wrote it (output `savepointHistory`). */
  savepointHistory: SavepointEntry[];
  /** The `restoreFrom` already applied (output `restoredFrom`): a rollback happens once. */
  restoredFrom: string | null;
}

export const NO_MEMORY: ReleaseMemory = { savepointHistory: [], restoredFrom: null };

/**
 * Pure: `restoreFrom` resolved against the job's history. `undefined` sqlVersion: not known here
 * (a preview from inputs only); `null`: the path is not a savepoint of the history.
 */
export function resolveRestore(restoreFrom: string | undefined, history: SavepointEntry[] | undefined): { path: string; sqlVersion: number | null | undefined } | undefined {
  if (restoreFrom === undefined || restoreFrom === null || restoreFrom === "") return undefined;
  if (history === undefined) return { path: restoreFrom, sqlVersion: undefined };
  return { path: restoreFrom, sqlVersion: history.find((e) => e.path === restoreFrom)?.sqlVersion ?? null };
}

/** The error for a `restoreFrom` that is not in the job's history, naming what is. */
export function unknownRestorePoint(name: string, path: string, history: SavepointEntry[]): Error {
  const known = history.filter((e) => e.sqlVersion !== null).map((e) => `${e.path} (SQL version ${e.sqlVersion}, ${e.takenAt})`);
  return new Error(`${name}: restoreFrom '${path}' is not a savepoint in the job's history, so the SQL version that wrote it is unknown; known savepoints: ${known.length > 0 ? known.join("; ") : "none yet"} (output savepointHistory)`);
}

/**
 * Suspend: stop with a savepoint, keep the application. A failed savepoint leaves StreamPark's
 * app FAILED and untracked while Flink may still run it (ApplicationServiceImpl#cancel): what
 * runs is cancelled without a savepoint (its last checkpoint is retained, RETAIN_ON_CANCELLATION)
 * and the error names the step, that nothing runs now, and where `running` will resume from.
 */
export async function suspendJob(api: StreamParkApi, flink: FlinkRest, app: AppRecord, effective: SqlVersion | undefined, spec: JobSpec, progress: Progress): Promise<SavepointEntry | undefined> {
  progress(`${spec.name}: suspending (stop with a savepoint, the application is kept)`);
  try {
    const sp = await cancel(api, app, { dir: spec.savepointDir }, spec.waits);
    return sp?.path ? { path: sp.path, sqlVersion: effective?.version ?? null, takenAt: "suspend" } : undefined;
  } catch (e) {
    const orphans = await stopOrphans(flink, spec.name, app.jobId, spec.waits);
    const lastGood = orphans.lastCheckpoint ?? newestRestorePoint(await savepoints(api, app.id)) ?? "none";
    const cancelled = orphans.jobIds.length > 0 ? `; StreamPark let go of Flink job ${orphans.jobIds.join(", ")} (still ${orphans.states.join(", ")}), which was cancelled without a savepoint` : "";
    throw new Error(`${spec.name}: suspend failed at the stop with a savepoint (${(e as Error).message})${cancelled}; nothing of the job runs now; the application is kept and state: running resumes from its last retained checkpoint ${lastGood}`);
  }
}

/** Pure: the desired state, defaulted. */
export function desiredStateOf(spec: Pick<JobSpec, "desiredState">): DesiredState {
  return spec.desiredState ?? "running";
}
