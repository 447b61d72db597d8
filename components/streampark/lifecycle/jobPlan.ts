/**
 * What to do with one job and why: a pure function of what is live and what the program wants.
 * `diff` runs it on the stored outputs (what `preview` can know), `converge` on a fresh
 * observation of StreamPark (what `up` finds), so preview says what up will do.
 *
 * StreamPark 2.1.5 facts it relies on (SVC = streampark-console-service/src/main/java/org/apache/
 * streampark/console/, tag v2.1.5): FlinkAppState.java (numbers), Application#isCanBeStart
 * (which states a start accepts: REVOKED is not one, so a revoked app can never start again),
 * CREATED/STARTING/RESTARTING/CANCELLING are transitions the watcher moves on
 * (FlinkAppHttpWatcher), `/flink/app/update` always sets release NEED_RELEASE and a release of a
 * running app leaves NEED_RESTART (ApplicationServiceImpl#checkBuildAndUpdate).
 */
import type { DesiredState, UpgradeStrategy } from "./jobSpec";
import { normalizeSql, sameOptions } from "./jobSpec";

/** FlinkAppState.java names. */
export const APP_STATES: Record<number, string> = {
  0: "ADDED", 1: "INITIALIZING", 2: "CREATED", 3: "STARTING", 4: "RESTARTING", 5: "RUNNING", 6: "FAILING",
  7: "FAILED", 8: "CANCELLING", 9: "CANCELED", 10: "FINISHED", 11: "SUSPENDED", 12: "RECONCILING", 13: "LOST",
  14: "MAPPING", 15: "OTHER", 16: "REVOKED", 17: "SILENT", 18: "TERMINATED", 19: "POS_TERMINATED", 20: "SUCCEEDED", [-9]: "KILLED",
};

export function stateName(state: number): string {
  return APP_STATES[state] ?? `STATE_${state}`;
}

/** Stopped for good until started again, and startable (Application#isCanBeStart minus nothing). */
export const STARTABLE = ["ADDED", "FAILED", "CANCELED", "FINISHED", "LOST", "TERMINATED", "POS_TERMINATED", "SUCCEEDED", "KILLED"];
/** Moving: wait for the watcher to settle it (CREATED is the transient state before STARTING). */
export const TRANSIENT = ["INITIALIZING", "CREATED", "STARTING", "RESTARTING", "FAILING", "CANCELLING", "RECONCILING", "MAPPING"];

export type JobActionKind =
  | "none" // nothing live changes, nothing to record
  | "record" // only the resource's own settings change (health gate, waits, how to reach it)
  | "update-in-place" // StreamPark's record changes, the running job keeps running
  | "restart" // stop (per upgrade strategy), release, start, health gate, rollback on failure
  | "start" // the job is stopped: release what changed, start (from the newest restore point)
  | "suspend" // desired state suspended: stop with a savepoint, keep the application
  | "restore" // restoreFrom: stop with a savepoint (if running), run the version that wrote the savepoint from it
  | "settle" // a transition is under way: wait for it, then plan again
  | "blocked"; // cannot be done by up; the reason says what a person must do

export interface JobPlan {
  action: JobActionKind;
  /** How a restart treats state (the job's upgradeStrategy). */
  strategy?: UpgradeStrategy;
  /** The SQL that runs changes. */
  sqlChange: boolean;
  /** Something only a restart applies changes (options, Flink env, cluster, a variable value). */
  restartChange: boolean;
  /** StreamPark metadata that applies without a restart (tags, description, alert, restartSize, name). */
  metadataChange: boolean;
  reasons: string[];
  /** One line for people: what up will do and why. */
  summary: string;
}

/** What is live, as far as the caller knows (an observation, or the stored outputs). */
export interface LiveJob {
  name: string;
  state: string;
  /** The SQL StreamPark runs (effective; the candidate if never released). */
  sql: string;
  sqlVersion: number | null;
  /** A version edited by hand (or rolled back to) but not yet effective. */
  pendingSqlVersion: number | null;
  options: string | null;
  restartSize: number | null;
  tags: string;
  description: string;
  alertId: number | null;
  flinkEnvId: string | null;
  clusterId: string | null;
  executionMode: number | null;
  /** A variable the SQL uses changed value (or someone released by hand): StreamPark substitutes at start. */
  needsRestart: boolean;
  /** The savepoint the stack last started the job from through `restoreFrom` (its own record). */
  restoredFrom?: string | null;
}

/** What the program wants, in the same terms. */
export interface WantedJob {
  name: string;
  sql: string;
  pinnedSqlVersion?: number;
  options: string;
  restartSize: number;
  tags: string;
  description: string;
  alertId: number | null;
  flinkEnvId: string;
  clusterId: string;
  executionMode: number;
  upgradeStrategy: UpgradeStrategy;
  /** Resource settings that touch nothing live (health gate, waits, endpoints...). */
  settingsChanged: boolean;
  /** running (default) or suspended. */
  desiredState?: DesiredState;
  /** A savepoint to roll back to and the SQL version that wrote it (null: not in the job's history). */
  restoreFrom?: { path: string; sqlVersion: number | null | undefined };
}

const RESTART_WORDS: Record<string, string> = {
  savepoint: "restart through a savepoint",
  stateless: "restart without state",
  "blue-green": "blue-green: green from a savepoint of the running job (which keeps running), switch after green's health gate",
  canary: "canary: green beside the running job against shadow tables for the window, compare with the running job, then switch through blue-green (or fail with the comparison)",
};

export function planJob(live: LiveJob, want: WantedJob): JobPlan {
  const reasons: string[] = [];
  // restoreFrom pins the version that wrote the savepoint (unknown: the act refuses it).
  const pinned = want.restoreFrom ? want.restoreFrom.sqlVersion ?? undefined : want.pinnedSqlVersion;
  const sqlChange = pinned !== undefined
    ? live.sqlVersion !== pinned
    : want.restoreFrom ? false : normalizeSql(live.sql) !== normalizeSql(want.sql);
  if (sqlChange) reasons.push(want.restoreFrom ? `run SQL version ${pinned} that wrote ${want.restoreFrom.path} (live: ${live.sqlVersion ?? "none"})` : pinned !== undefined ? `run pinned SQL version ${pinned} (live: ${live.sqlVersion ?? "none"})` : "SQL changed");
  const restartReasons = [
    !sameOptions(live.options, want.options) && "Flink options changed",
    live.flinkEnvId !== want.flinkEnvId && "Flink environment changed",
    live.clusterId !== want.clusterId && "session cluster changed",
    live.executionMode !== want.executionMode && "execution mode changed",
    live.needsRestart && "a variable the SQL uses changed (StreamPark substitutes it at start)",
  ].filter((r): r is string => typeof r === "string");
  reasons.push(...restartReasons);
  const metadataReasons = [
    live.name !== want.name && `renamed in StreamPark to '${live.name}'`,
    (live.restartSize ?? 0) !== want.restartSize && "StreamPark auto-restarts changed",
    live.tags !== want.tags && "tags changed",
    live.description !== want.description && "description changed",
    (live.alertId ?? null) !== want.alertId && "alert configuration changed",
    live.pendingSqlVersion !== null && `discard SQL version ${live.pendingSqlVersion} edited by hand`,
  ].filter((r): r is string => typeof r === "string");
  reasons.push(...metadataReasons);
  const restartChange = restartReasons.length > 0;
  const metadataChange = metadataReasons.length > 0;
  const base = { sqlChange, restartChange, metadataChange, reasons };
  const done = (action: JobActionKind, summary: string, strategy?: UpgradeStrategy): JobPlan => ({ ...base, action, summary, ...(strategy ? { strategy } : {}) });
  const why = reasons.length > 0 ? `: ${reasons.join(", ")}` : "";

  if (live.state === "REVOKED") {
    return done("blocked", `blocked: '${live.name}' is REVOKED in StreamPark and StreamPark 2.1.5 cannot start a revoked application (Application#isCanBeStart); delete it in the StreamPark UI and run up again (the job restarts from its newest savepoint only if you pass it by hand)`);
  }
  if (TRANSIENT.includes(live.state)) {
    return done("settle", `wait for the job to leave ${live.state}, then plan again${why}`);
  }
  if (want.desiredState === "suspended") {
    if (live.state === "RUNNING") return done("suspend", `suspend: stop with a savepoint and keep the application${reasons.length > 0 ? `; applied when resumed: ${reasons.join(", ")}` : ""}`);
    if (reasons.length > 0) return done("record", `stays suspended (${live.state}); applied when resumed: ${reasons.join(", ")}`);
    return done(want.settingsChanged ? "record" : "none", want.settingsChanged ? "record the resource's new settings; the job stays suspended" : "no change (suspended)");
  }
  if (want.restoreFrom && (live.restoredFrom ?? null) !== want.restoreFrom.path) {
    const v = want.restoreFrom.sqlVersion;
    const version = v === undefined ? "the SQL version that wrote it" : v === null ? "the SQL version that wrote it (not in the job's savepoint history: up refuses it)" : `SQL version ${v}`;
    const stop = live.state === "RUNNING" ? "stop with a savepoint, then " : "";
    return done("restore", `roll back: ${stop}start ${version} from ${want.restoreFrom.path}`, want.upgradeStrategy);
  }
  if (live.state !== "RUNNING") {
    // Resuming never starts from nothing; only a change under the stateless strategy drops state.
    const from = want.upgradeStrategy === "stateless" && (sqlChange || restartChange) ? "without state" : "from its newest savepoint or retained checkpoint";
    return done("start", `start (the job is ${live.state}) ${from}${why}`, want.upgradeStrategy);
  }
  if (sqlChange || restartChange) {
    return done("restart", `${RESTART_WORDS[want.upgradeStrategy] ?? `restart (${want.upgradeStrategy})`}${why}`, want.upgradeStrategy);
  }
  if (metadataChange) return done("update-in-place", `update StreamPark's record in place, the job keeps running${why}`);
  if (want.settingsChanged) return done("record", "record the resource's new settings; nothing live changes");
  return done("none", "no change");
}
