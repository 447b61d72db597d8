/**
 * What the savepoint scheduler reads (its schedule, rendered by the stack from
 * `rtdw:jobs.<job>.savepoints`) and what it writes and serves (its history). Shared by the
 * scheduler (components/savepoints/scheduler.ts, bundled into the service) and the job provider, which lists a job's
 * scheduled savepoints in its outputs on refresh (lifecycle/scheduledSavepoints.ts).
 *
 * The schemas are built inside functions: zod is required lazily, nothing is captured at module
 * level (the provider code is loaded by Pulumi's dynamic-provider host).
 */

/** One job's schedule: the Flink Kubernetes Operator's periodic savepoint interval and history max count. */
export interface JobSchedule {
  /** The Flink job name (`pipeline.name`, the StreamPark application's job name). */
  name: string;
  everyMs: number;
  keep: number;
  /** Paths never disposed of while listed (the job's `restoreFrom`). */
  protect: string[];
}

export interface ScheduleFile {
  /** The JobManager's REST URL inside the platform's network. */
  flinkRestUrl: string;
  /** Target directory of the savepoints; absent: the cluster's execution.checkpointing.savepoint-dir. */
  savepointDir?: string;
  /** How long one savepoint or disposal may take before the tick gives up on it (retried next tick). */
  operationTimeoutSeconds: number;
  /** How often the scheduler wakes up: a schedule fires at the first tick at or after it is due. */
  tickSeconds: number;
  jobs: JobSchedule[];
}

/** A savepoint the scheduler took. Times are epoch milliseconds. */
export interface ScheduledSavepoint {
  path: string;
  takenAtMs: number;
  /** The Flink job that wrote it: the job provider maps it to the SQL version it ran. */
  flinkJobId: string;
}

export interface JobHistory {
  /** Savepoints taken and not disposed of, oldest first. */
  savepoints: ScheduledSavepoint[];
  /** The last trigger that completed (the next is due `everyMs` later). */
  lastTakenAtMs: number | null;
  /** Disposed of (newest last, at most DISPOSED_MAX): the provider drops them from the job's history. */
  disposed: { path: string; disposedAtMs: number }[];
  /** The last thing that went wrong (a failed trigger or disposal), cleared by the next success of it. */
  lastError: { atMs: number; step: "trigger" | "dispose" | "find"; message: string } | null;
  /** What the last tick found: the job running (its Flink id) or why it was skipped. */
  lastSeen: { atMs: number; flinkJobId: string | null; note: string } | null;
}

export interface HistoryFile {
  version: 1;
  jobs: Record<string, JobHistory>;
}

export const DISPOSED_MAX = 200;

export const EMPTY_JOB_HISTORY: JobHistory = { savepoints: [], lastTakenAtMs: null, disposed: [], lastError: null, lastSeen: null };

/** Where the history lives in the service and where it is served. */
export const SCHEDULER_PATHS = {
  schedule: "/opt/rtdw/savepoint-schedule.json",
  /** The data volume (/home/node: the node image's own directory, so a new Docker volume is node's). */
  dataDir: "/home/node",
  history: "/home/node/savepoint-history.json",
  httpPort: 8088,
  historyPath: "/history",
  healthPath: "/healthz",
} as const;

function schemas() {
  const { z } = require("zod") as typeof import("zod");
  const savepoint = z.object({ path: z.string().min(1), takenAtMs: z.number(), flinkJobId: z.string() });
  const jobHistory = z.object({
    savepoints: z.array(savepoint),
    lastTakenAtMs: z.number().nullable(),
    disposed: z.array(z.object({ path: z.string(), disposedAtMs: z.number() })),
    lastError: z.object({ atMs: z.number(), step: z.enum(["trigger", "dispose", "find"]), message: z.string() }).nullable(),
    lastSeen: z.object({ atMs: z.number(), flinkJobId: z.string().nullable(), note: z.string() }).nullable(),
  });
  const history = z.object({ version: z.literal(1), jobs: z.record(z.string(), jobHistory) });
  const schedule = z.object({
    flinkRestUrl: z.string().regex(/^https?:\/\/\S+$/),
    savepointDir: z.string().min(1).optional(),
    operationTimeoutSeconds: z.number().int().min(1),
    tickSeconds: z.number().int().min(1),
    jobs: z.array(z.object({ name: z.string().min(1), everyMs: z.number().int().min(1), keep: z.number().int().min(1), protect: z.array(z.string()) }).strict()),
  }).strict();
  return { history, schedule };
}

function issues(e: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return e.issues.slice(0, 3).map((i) => `${i.path.map(String).join(".") || "value"}: ${i.message}`).join("; ");
}

export function parseHistory(value: unknown, what: string): HistoryFile {
  const r = schemas().history.safeParse(value);
  if (!r.success) throw new Error(`${what}: not a savepoint history (${issues(r.error)})`);
  return r.data;
}

export function parseSchedule(value: unknown, what: string): ScheduleFile {
  const r = schemas().schedule.safeParse(value);
  if (!r.success) throw new Error(`${what}: not a savepoint schedule (${issues(r.error)})`);
  return r.data;
}
