/**
 * The five Flink SQL jobs of the seed's split, and each job's resolved settings: the one place
 * where the stack's values, the per-job overrides and the seed's per-job defaults meet.
 *
 * Precedence, per setting: `rtdw:jobs.<job>.<key>` > `rtdw:flink.<key>` (applies to every job) >
 * the seed's per-job default below. The job's SQL `SET` statements and StreamPark's options are
 * both rendered from the result, so they cannot disagree.
 */

/** the seed's "Jobs split like micro-services". */
export const JOB_NAMES = [
  "rt-dw-cdc-ingestion",
  "rt-dw-ods-processing",
  "rt-dw-dwd-transform",
  "rt-dw-dws-aggregate",
  "rt-dw-monitor",
] as const;
export type JobName = (typeof JOB_NAMES)[number];

/** What a job's SQL sets for itself (milliseconds). */
export interface JobTuning {
  parallelism: number;
  checkpointIntervalMs: number;
  checkpointTimeoutMs: number;
  checkpointMinPauseMs: number;
  /** Flink's `table.exec.state.ttl` (the seed's `state.ttl` is not a Flink key). */
  stateTtlMs: number;
}

const DAY = 86_400_000;

/**
 * Per job, within the seed's ranges (interval 30 s-5 min, timeout 10-15 min, min pause 5-10 s,
 * TTL 1-7 d) and with the seed's parallelism (2, 4, 6, 4, 1): heavier state gets a longer TTL
 * and longer checkpoint spacing.
 */
export const SEED_JOB_DEFAULTS: Record<JobName, JobTuning> = {
  // Little state (snapshot split assignment, binlog offsets): checkpoint often.
  "rt-dw-cdc-ingestion": { parallelism: 2, checkpointIntervalMs: 30_000, checkpointTimeoutMs: 600_000, checkpointMinPauseMs: 5_000, stateTtlMs: DAY },
  // Dedup state keyed by entity id.
  "rt-dw-ods-processing": { parallelism: 4, checkpointIntervalMs: 60_000, checkpointTimeoutMs: 600_000, checkpointMinPauseMs: 5_000, stateTtlMs: 2 * DAY },
  // Regular joins hold every side's rows: the largest state, the longest TTL and timeout.
  "rt-dw-dwd-transform": { parallelism: 6, checkpointIntervalMs: 120_000, checkpointTimeoutMs: 900_000, checkpointMinPauseMs: 10_000, stateTtlMs: 7 * DAY },
  // Hourly and daily buckets: a TTL of 3 days keeps late corrections of the last days.
  "rt-dw-dws-aggregate": { parallelism: 4, checkpointIntervalMs: 60_000, checkpointTimeoutMs: 600_000, checkpointMinPauseMs: 10_000, stateTtlMs: 3 * DAY },
  // Hourly quality windows: a day of state is enough; one thread (the seed).
  "rt-dw-monitor": { parallelism: 1, checkpointIntervalMs: 300_000, checkpointTimeoutMs: 600_000, checkpointMinPauseMs: 10_000, stateTtlMs: DAY },
};

/** After a restart, the job must reach this many new completed checkpoints (the upgrade's health gate). */
export interface HealthGate {
  checkpoints: number;
  timeoutSeconds: number;
}

export const HEALTH_GATE = {
  checkpoints: 3,
  /** Restoring state and the checkpoints' own duration, on top of N intervals. */
  slackSeconds: 300,
  /** Never shorter than this: a job with a 30 s interval still gets time to restore its state. */
  minTimeoutSeconds: 600,
} as const;

/**
 * The gate of a job checkpointing every `intervalMs`: N checkpoints within N intervals plus slack,
 * at least 10 min. Within the seed's interval range (at most 5 min) that is at most 20 min, and
 * always longer than N intervals, so the gate can pass.
 */
export function healthGateFor(intervalMs: number): HealthGate {
  const n = HEALTH_GATE.checkpoints;
  return { checkpoints: n, timeoutSeconds: Math.max(HEALTH_GATE.minTimeoutSeconds, Math.ceil((n * intervalMs) / 1000) + HEALTH_GATE.slackSeconds) };
}

/**
 * Periodic savepoints of a job (`rtdw:jobs.<job>.savepoints`): every `everyMs` while the job runs,
 * the newest `keep` kept. The Flink Kubernetes Operator's periodic savepoint interval and
 * savepoint history max count are the model; run by components/savepoints.
 */
export interface SavepointSchedule {
  everyMs: number;
  keep: number;
}

/** Bounds of a schedule: no more often than a minute (a savepoint is a full snapshot), at least weekly. */
export const SAVEPOINT_SCHEDULE = { minEveryMs: 60_000, maxEveryMs: 7 * DAY, maxKeep: 100 } as const;

/** upgradeStrategy canary: the window (milliseconds) and the comparison's tolerances. */
export interface CanaryOverride {
  windowMs: number;
  tolerances: { rowsPercent?: number; aggregatePercent?: number; qualityPoints?: number; minRows?: number };
}

/** How a job is released and kept (`rtdw:jobs.<job>`): passed through as set, no stack-level default. */
export interface JobRelease {
  upgradeStrategy?: "savepoint" | "stateless" | "blue-green" | "canary";
  canary?: CanaryOverride;
  pinnedSqlVersion?: number;
  state?: "running" | "suspended";
  restoreFrom?: string;
  savepoints?: SavepointSchedule;
}

export interface ResolvedJob extends JobTuning, JobRelease {
  healthGate: HealthGate;
}

/** The stack-level values (`rtdw:flink.*`), each optional: unset, the job's own default applies. */
export interface StackJobSettings {
  checkpointIntervalMs?: number;
  checkpointTimeoutMs?: number;
  checkpointMinPauseMs?: number;
  stateTtlMs?: number;
}

/** `rtdw:jobs.<job>` as validated (durations in milliseconds). */
export interface JobOverride extends StackJobSettings, JobRelease {
  parallelism?: number;
}

export function resolveJob(name: JobName, stack: StackJobSettings, override: JobOverride = {}): ResolvedJob {
  const seed = SEED_JOB_DEFAULTS[name];
  const pick = (k: keyof StackJobSettings): number => override[k] ?? stack[k] ?? seed[k];
  const checkpointIntervalMs = pick("checkpointIntervalMs");
  return {
    parallelism: override.parallelism ?? seed.parallelism,
    checkpointIntervalMs,
    checkpointTimeoutMs: pick("checkpointTimeoutMs"),
    checkpointMinPauseMs: pick("checkpointMinPauseMs"),
    stateTtlMs: pick("stateTtlMs"),
    ...(override.upgradeStrategy !== undefined ? { upgradeStrategy: override.upgradeStrategy } : {}),
    ...(override.canary !== undefined ? { canary: override.canary } : {}),
    ...(override.pinnedSqlVersion !== undefined ? { pinnedSqlVersion: override.pinnedSqlVersion } : {}),
    ...(override.state !== undefined ? { state: override.state } : {}),
    ...(override.restoreFrom !== undefined ? { restoreFrom: override.restoreFrom } : {}),
    ...(override.savepoints !== undefined ? { savepoints: override.savepoints } : {}),
    healthGate: healthGateFor(checkpointIntervalMs),
  };
}

export function resolveJobs(stack: StackJobSettings, overrides: Partial<Record<JobName, JobOverride>>): Record<JobName, ResolvedJob> {
  return Object.fromEntries(JOB_NAMES.map((n) => [n, resolveJob(n, stack, overrides[n])])) as Record<JobName, ResolvedJob>;
}
