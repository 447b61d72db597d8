/**
 * Pure: when a job's next savepoint is due, and which of its scheduled savepoints go.
 *
 * The model is the Flink Kubernetes Operator (apache/flink-kubernetes-operator
 * docs/content/docs/custom-resource/job-management.md): `kubernetes.operator.periodic.savepoint.interval`
 * fires a savepoint when the last one is older than the interval; the savepoint history keeps at
 * most `kubernetes.operator.savepoint.history.max.count`, disposes of the oldest first, always keeps
 * the newest completed one, and cleans up only while the job runs. Here a job's history is only
 * the savepoints the scheduler took (upgrade, suspend and rollback savepoints are the job
 * provider's), and a path the running job restored from is never disposed of.
 */
import type { ScheduledSavepoint } from "../streampark/savepointSchedule";

/** Due when nothing was taken yet, or `everyMs` after the last completed one. */
export function isDue(nowMs: number, lastTakenAtMs: number | null, everyMs: number): boolean {
  return lastTakenAtMs === null || nowMs - lastTakenAtMs >= everyMs;
}

/**
 * The savepoints to dispose of: all but the newest `keep` (by time taken), never a protected
 * path (what the running job restored from, the job's restoreFrom), never the newest one.
 */
export function toDispose(savepoints: ScheduledSavepoint[], keep: number, protectedPaths: ReadonlySet<string>): ScheduledSavepoint[] {
  const newestFirst = [...savepoints].sort((a, b) => b.takenAtMs - a.takenAtMs);
  return newestFirst.slice(Math.max(1, keep)).filter((s) => !protectedPaths.has(s.path)).reverse();
}
