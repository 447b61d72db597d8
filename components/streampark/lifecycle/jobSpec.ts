/**
 * What a StreamPark Flink SQL job should be, and how that maps onto StreamPark 2.1.5's application
 * form (`/flink/app/create|update`, Application.java): pure functions, no I/O, nothing captured.
 */
import { codeTokens, isPunct, Token } from "../../sqlgrammar/tokens";

/** Flink settings the job carries in its StreamPark `options` JSON (Application#getOptionMap). */
export interface JobOptions {
  parallelism: number;
  /** Flink durations as written in stack config, e.g. "30s", "10min". */
  checkpointInterval: string;
  checkpointTimeout: string;
  checkpointMinPause: string;
  /** table.exec.state.ttl, e.g. "1d". */
  stateTtl: string;
  /**
   * Process memory, e.g. "2g". Flink applies these per job only where the job gets its own cluster
   * (Kubernetes application mode); on a remote session cluster the cluster's own sizes rule.
   */
  taskManagerMemory?: string;
  jobManagerMemory?: string;
  /** Any further Flink option, key exactly as in Flink's configuration reference. */
  extra?: Record<string, string>;
}

export interface HealthGate {
  /** Completed checkpoints the new job must reach (after the upgrade's start). */
  checkpoints: number;
  /** Time limit from the start request to the last required checkpoint. */
  timeoutSeconds: number;
}

export interface JobWaits {
  buildSeconds: number;
  startSeconds: number;
  cancelSeconds: number;
  pollMs: number;
}

/**
 * How an upgrade treats the job's state. A table, so that later strategies (blue-green, canary,
 * suspend) are one more entry here and one more branch in the act step.
 */
export const UPGRADE_STRATEGIES = {
  savepoint: "stop with a savepoint, start the new definition from it",
  stateless: "cancel without state, start the new definition empty",
  "blue-green": "start the new definition beside the running one from a savepoint taken without stopping it, switch after its health gate (primary-key sinks only)",
  canary: "run the new definition beside the running one against shadow tables for a window, compare their output, then switch through blue-green or fail with the comparison",
} as const;
export type UpgradeStrategy = keyof typeof UPGRADE_STRATEGIES;

/**
 * What the stack wants of the job: running, or suspended (stopped with a savepoint, the
 * application kept; running again resumes from that savepoint). The Flink Kubernetes Operator's
 * `job.state: running | suspended` with `upgradeMode: savepoint` is the model.
 */
export const DESIRED_STATES = ["running", "suspended"] as const;
export type DesiredState = (typeof DESIRED_STATES)[number];

/**
 * A savepoint the stack took or started the job from, with the SQL version of the job that wrote
 * it. StreamPark's `t_flink_savepoint` has no SQL version column (Savepoint.java), so the stack
 * keeps this record itself in the job's outputs: it is what `restoreFrom` rolls back to.
 */
export interface SavepointEntry {
  path: string;
  /** The effective SQL version of the job that wrote the savepoint. */
  sqlVersion: number | null;
  /**
   * Why it was taken: upgrade, suspend, rollback (the savepoint taken before a restoreFrom),
   * scheduled (the savepoint scheduler, rtdw:jobs.<job>.savepoints), found (in StreamPark's list
   * but taken by a run whose outputs were never written, e.g. an upgrade that was rolled back).
   */
  takenAt: "upgrade" | "suspend" | "rollback" | "scheduled" | "found";
  /** When it was taken (ISO 8601), where known (entries of older releases have none). */
  time?: string;
}

/** At most this many entries are kept in the job's outputs (newest last). */
export const SAVEPOINT_HISTORY_MAX = 50;

/** Pure: the history with `entry` appended (a path already known keeps its first record). */
export function withSavepoint(history: SavepointEntry[], entry: SavepointEntry | undefined): SavepointEntry[] {
  if (!entry || history.some((e) => e.path === entry.path)) return history;
  return [...history, entry].slice(-SAVEPOINT_HISTORY_MAX);
}

/** The job as the provider sees it (plain values, after check). */
export interface JobSpec {
  name: string;
  sql: string;
  /** 1 remote (standalone session), 5 Kubernetes session (ExecutionMode.java). */
  executionMode: 1 | 5;
  /** StreamPark FlinkCluster id (`flinkClusterId`). */
  clusterId: string;
  /** StreamPark FlinkEnv id (`versionId`). */
  flinkEnvId: string;
  options: JobOptions;
  /**
   * Flink's exponential-delay restart attempts (the seed: exponential backoff, at most 3 retries).
   * Inside the job, so a restart keeps its state and the retries really are at most this many.
   */
  restartAttempts: number;
  /**
   * StreamPark's own auto-restart after the job FAILED for good (`restartSize`, from the latest
   * savepoint). Default 0: on top of Flink's attempts it would multiply the retries.
   */
  consoleRestarts: number;
  tags: string[];
  description?: string;
  alertId?: number;
  upgradeStrategy: UpgradeStrategy;
  healthGate: HealthGate;
  /** Run this SQL version (from the job's history) instead of `sql`: one-click rollback. */
  pinnedSqlVersion?: number;
  /** running (default) or suspended (stopped with a savepoint, the application kept). */
  desiredState?: DesiredState;
  /**
   * One-click rollback to a savepoint of the job's history (`savepointHistory` output): the job
   * runs the SQL version that wrote it, started from it, once; while set, that version is pinned.
   */
  restoreFrom?: string;
  /** upgradeStrategy canary: how long green runs beside blue and what the comparison tolerates. */
  canary?: { windowSeconds: number; tolerances?: Partial<import("./canaryCompare").CanaryTolerances> };
  /** Where cancel-with-savepoint writes; blank = the cluster's state.savepoints.dir. */
  savepointDir?: string;
  allowNonRestoredState: boolean;
  waits: JobWaits;
}

/** Job name rules of `/flink/app/checkName` (AppExistsState.INVALID) and the UI's K8s-safe regex. */
export const JOB_NAME_PATTERN = "^[a-z]([-a-z0-9]*[a-z0-9])?$";
export const JOB_NAME_MAX = 45;

/**
 * SQL as a reader sees it: comments dropped, whitespace runs collapsed outside string literals and
 * quoted identifiers, no space around ( ) , ; =, trailing semicolons dropped. Tokens are Flink
 * SQL's (components/sqlgrammar/tokens.ts). Two texts with the same normal form are the same job;
 * anything else (a literal, an identifier, an option, a hint, a keyword's case) is a change.
 */
export function normalizeSql(sql: string): string {
  const tokens = codeTokens("flink", sql);
  while (tokens.length > 0 && isPunct(tokens[tokens.length - 1], ";")) tokens.pop();
  const tight = (t: Token) => t.kind === "punct" && "(),;=".includes(t.text);
  let out = "";
  tokens.forEach((t, k) => {
    const prev = tokens[k - 1];
    // A space where the text had whitespace or a comment, except around ( ) , ; =.
    if (prev && prev.end < t.start && !tight(prev) && !tight(t)) out += " ";
    out += sql.slice(t.start, t.end);
  });
  return out;
}

export function sqlFingerprint(sql: string): string {
  const crypto = require("crypto") as typeof import("crypto");
  return crypto.createHash("sha256").update(normalizeSql(sql)).digest("hex").slice(0, 16);
}

/** `${code}` placeholders StreamPark replaces at start (VariableServiceImpl.PLACEHOLDER_PATTERN). */
export function variablePlaceholders(sql: string): string[] {
  const found = new Set<string>();
  for (const m of sql.matchAll(/\$\{([A-Za-z]+[A-Za-z0-9._-]+)\}/g)) found.add(m[1]);
  return [...found].sort();
}

/** The `options` JSON map, keys sorted so the same job always renders the same text. */
export function flinkOptions(spec: Pick<JobSpec, "options" | "restartAttempts">): Record<string, string | number> {
  const o = spec.options;
  const map: Record<string, string | number> = {
    "parallelism.default": o.parallelism,
    "execution.checkpointing.interval": o.checkpointInterval,
    "execution.checkpointing.timeout": o.checkpointTimeout,
    "execution.checkpointing.min-pause": o.checkpointMinPause,
    "table.exec.state.ttl": o.stateTtl,
    // Keep the last checkpoint when a job is cancelled (by hand, or a failed stop-with-savepoint),
    // so the next start can resume from it (Flink 1.20 checkpointing options).
    "execution.checkpointing.externalized-checkpoint-retention": "RETAIN_ON_CANCELLATION",
    // The seed's "exponential backoff, at most N retries" (Flink 1.20 exponential-delay strategy).
    "restart-strategy.type": "exponential-delay",
    "restart-strategy.exponential-delay.attempts-before-reset-backoff": spec.restartAttempts,
  };
  if (o.jobManagerMemory) map["jobmanager.memory.process.size"] = o.jobManagerMemory;
  if (o.taskManagerMemory) map["taskmanager.memory.process.size"] = o.taskManagerMemory;
  for (const [k, v] of Object.entries(o.extra ?? {})) map[k] = v;
  return Object.fromEntries(Object.keys(map).sort().map((k) => [k, map[k]]));
}

/** The job options a live `options` JSON describes (for refresh), falling back field by field. */
export function optionsFromLive(live: string | null | undefined, fallback: JobOptions): JobOptions {
  let m: Record<string, unknown> = {};
  try {
    m = live ? (JSON.parse(live) as Record<string, unknown>) : {};
  } catch {
    return fallback;
  }
  const str = (k: string, d: string | undefined) => (m[k] === undefined || m[k] === null ? d : String(m[k]));
  const p = Number(m["parallelism.default"]);
  const out: JobOptions = {
    ...fallback,
    parallelism: Number.isInteger(p) && p > 0 ? p : fallback.parallelism,
    checkpointInterval: str("execution.checkpointing.interval", fallback.checkpointInterval)!,
    checkpointTimeout: str("execution.checkpointing.timeout", fallback.checkpointTimeout)!,
    checkpointMinPause: str("execution.checkpointing.min-pause", fallback.checkpointMinPause)!,
    stateTtl: str("table.exec.state.ttl", fallback.stateTtl)!,
  };
  const tm = str("taskmanager.memory.process.size", fallback.taskManagerMemory);
  const jm = str("jobmanager.memory.process.size", fallback.jobManagerMemory);
  if (tm !== undefined) out.taskManagerMemory = tm;
  if (jm !== undefined) out.jobManagerMemory = jm;
  return out;
}

export function optionsJson(spec: Pick<JobSpec, "options" | "restartAttempts">): string {
  return JSON.stringify(flinkOptions(spec));
}

/** Option maps compared as text values (StreamPark hands numbers back as numbers or strings). */
export function sameOptions(a: string | null | undefined, b: string | null | undefined): boolean {
  const parse = (s: string | null | undefined): Record<string, string> => {
    if (!s) return {};
    try {
      const v = JSON.parse(s) as Record<string, unknown>;
      return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null && x !== undefined).map(([k, x]) => [k, String(x)]));
    } catch {
      return { "": s };
    }
  };
  const x = parse(a);
  const y = parse(b);
  const kx = Object.keys(x).sort();
  const ky = Object.keys(y).sort();
  return kx.length === ky.length && kx.every((k, i) => k === ky[i] && x[k] === y[k]);
}

export function tagsText(tags: string[]): string {
  return [...new Set(tags.map((t) => t.trim()).filter((t) => t !== ""))].sort().join(",");
}

/**
 * The complete application form. `/flink/app/update` is a full replacement (missing optional
 * fields are nulled), so create and update send the same fields. `appType=1` must be sent with
 * `jobType=2` (Application#isStreamParkJob unboxes it on every read).
 */
export function applicationForm(spec: JobSpec, teamId: string, flinkSql: string): Record<string, string | number | undefined> {
  return {
    teamId,
    jobType: 2,
    appType: 1,
    jobName: spec.name,
    flinkSql,
    executionMode: spec.executionMode,
    versionId: spec.flinkEnvId,
    flinkClusterId: spec.clusterId,
    options: optionsJson(spec),
    restartSize: spec.consoleRestarts,
    tags: tagsText(spec.tags),
    description: spec.description ?? "",
    alertId: spec.alertId,
    resolveOrder: 0,
  };
}
