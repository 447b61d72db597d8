/**
 * A thin client of the Flink 1.20 JobManager REST API, for what StreamPark 2.1.5 does not tell:
 * whether a job it stopped tracking still runs, how often a job restarted (StreamPark never stores
 * RESTARTING: FlinkAppHttpWatcher#handleNotRunState only caches it), and how many checkpoints a
 * job completed. Endpoints (Flink 1.20 docs, ops/rest_api): GET /jobs/overview, GET /jobs/:jobid,
 * GET /jobs/:jobid/checkpoints, GET /jobs/:jobid/metrics?get=numRestarts (ops/metrics,
 * "Availability"), PATCH /jobs/:jobid?mode=cancel (202 Accepted), POST /jobs/:jobid/savepoints
 * {"target-directory", "cancel-job": false} (202 {"request-id"}) and GET
 * /jobs/:jobid/savepoints/:triggerid ({"status":{"id"}, "operation":{"location"|"failure-cause"}}):
 * a savepoint taken while the job keeps running (SavepointTriggerRequestBody, SavepointHandlers).
 *
 * Created inside provider methods only; zod is required inside (nothing captured at module level).
 */

export interface FlinkJobOverview { jid: string; name: string; state: string }

export interface FlinkCheckpointCounts {
  completed: number;
  failed: number;
  restored: number;
  /** external_path of the latest completed checkpoint (retained ones have one). */
  latestCompletedPath: string | null;
  latestSavepointPath: string | null;
  /** external_path of the checkpoint or savepoint this run of the job restored from (latest.restored). */
  restoredPath: string | null;
}

export interface FlinkRest {
  readonly url: string;
  overview(): Promise<FlinkJobOverview[]>;
  /** The job's state, or undefined when the JobManager does not know the id (404). */
  jobState(jobId: string): Promise<string | undefined>;
  checkpoints(jobId: string): Promise<FlinkCheckpointCounts>;
  restarts(jobId: string): Promise<number>;
  /** Cancel without a savepoint. */
  cancel(jobId: string): Promise<void>;
  /**
   * Take a savepoint while the job keeps running (cancel-job=false) and wait for it: its path.
   * `dir` undefined: the cluster's state.savepoints.dir. Fails naming Flink's failure cause.
   */
  savepoint(jobId: string, dir: string | undefined, timeoutSeconds: number, pollMs: number): Promise<string>;
  /**
   * Dispose of a savepoint (its metadata and files) and wait for it: POST /savepoint-disposal
   * {"savepoint-path"} answers 200 {"request-id"}, GET /savepoint-disposal/:triggerid answers
   * {"status":{"id"}, "operation":{"failure-cause"?}} (apache/flink@release-1.20.1
   * docs/static/generated/rest_v1_dispatcher.yml; SavepointDisposalHandlers.java). Fails naming
   * Flink's failure cause (e.g. a path that holds no savepoint).
   */
  disposeSavepoint(path: string, timeoutSeconds: number, pollMs: number): Promise<void>;
}

/** Job states in which a Flink job holds slots and may write (JobStatus.java: not globally terminal, not suspended). */
export const FLINK_LIVE_STATES = ["INITIALIZING", "CREATED", "RUNNING", "FAILING", "CANCELLING", "RESTARTING", "RECONCILING"];

export function connectFlink(url: string, timeoutMs = 30_000): FlinkRest {
  const base = url.replace(/\/+$/, "");
  const { z } = require("zod") as typeof import("zod");
  const axios = require("axios") as typeof import("axios").default;

  async function request(method: "GET" | "PATCH" | "POST", path: string, data?: unknown): Promise<{ status: number; body: unknown }> {
    let res;
    try {
      res = await axios.request({ url: `${base}${path}`, method, data, timeout: timeoutMs, validateStatus: () => true, responseType: "json" });
    } catch (e) {
      const err = e as { code?: string; message?: string };
      throw new Error(`Flink REST ${method} ${path} at ${base} failed: ${err.code ?? err.message ?? "no answer"}`);
    }
    return { status: res.status, body: res.data as unknown };
  }
  async function get<T>(path: string, schema: import("zod").ZodType<T>): Promise<T> {
    const r = await request("GET", path);
    if (r.status !== 200) throw new Error(`Flink REST GET ${path} at ${base} answered HTTP ${r.status}`);
    const parsed = schema.safeParse(r.body);
    if (!parsed.success) throw new Error(`Flink REST GET ${path} returned an unexpected body: ${parsed.error.issues[0]?.message ?? "invalid"}`);
    return parsed.data;
  }
  const overview = z.object({ jobs: z.array(z.object({ jid: z.string(), name: z.string(), state: z.string() })) });
  const job = z.object({ jid: z.string(), state: z.string() });
  const path = z.object({ external_path: z.string().nullable().optional() }).nullable().optional();
  const checkpoints = z.object({
    counts: z.object({ completed: z.number(), failed: z.number(), restored: z.number() }),
    latest: z.object({ completed: path, savepoint: path, restored: path }).partial().optional(),
  });
  const metrics = z.array(z.object({ id: z.string(), value: z.string() }));
  const triggered = z.object({ "request-id": z.string() });
  const savepointStatus = z.object({
    status: z.object({ id: z.string() }),
    operation: z.object({ location: z.string().nullable().optional(), "failure-cause": z.object({ "stack-trace": z.string().optional(), class: z.string().optional() }).passthrough().nullable().optional() }).nullable().optional(),
  });

  type Status = import("zod").infer<typeof savepointStatus>;
  /** Polls an asynchronous operation (AsynchronousOperationResult) until COMPLETED. */
  async function completed(statusPath: string, what: string, timeoutSeconds: number, pollMs: number): Promise<Status> {
    const deadline = Date.now() + timeoutSeconds * 1000;
    for (;;) {
      const s = await get(statusPath, savepointStatus);
      if (s.status.id === "COMPLETED") return s;
      if (Date.now() > deadline) throw new Error(`Flink ${what} did not complete within ${timeoutSeconds}s`);
      await new Promise((res) => setTimeout(res, pollMs));
    }
  }
  const failureCause = (s: Status): string | undefined => {
    const f = s.operation?.["failure-cause"];
    return f ? f["stack-trace"]?.split("\n")[0] ?? f.class ?? "unknown failure" : undefined;
  };

  return {
    url: base,
    async overview() {
      return (await get("/jobs/overview", overview)).jobs;
    },
    async jobState(jobId) {
      const r = await request("GET", `/jobs/${jobId}`);
      if (r.status === 404) return undefined;
      if (r.status !== 200) throw new Error(`Flink REST GET /jobs/${jobId} at ${base} answered HTTP ${r.status}`);
      const parsed = job.safeParse(r.body);
      if (!parsed.success) throw new Error(`Flink REST GET /jobs/${jobId} returned an unexpected body`);
      return parsed.data.state;
    },
    async checkpoints(jobId) {
      const c = await get(`/jobs/${jobId}/checkpoints`, checkpoints);
      return {
        ...c.counts,
        latestCompletedPath: c.latest?.completed?.external_path ?? null,
        latestSavepointPath: c.latest?.savepoint?.external_path ?? null,
        restoredPath: c.latest?.restored?.external_path ?? null,
      };
    },
    async restarts(jobId) {
      const m = await get(`/jobs/${jobId}/metrics?get=numRestarts`, metrics);
      const v = Number(m.find((x) => x.id === "numRestarts")?.value ?? "0");
      return Number.isFinite(v) ? v : 0;
    },
    async cancel(jobId) {
      const r = await request("PATCH", `/jobs/${jobId}?mode=cancel`);
      if (r.status !== 202 && r.status !== 200) throw new Error(`Flink REST PATCH /jobs/${jobId}?mode=cancel at ${base} answered HTTP ${r.status}`);
    },
    async savepoint(jobId, dir, timeoutSeconds, pollMs) {
      const path = `/jobs/${jobId}/savepoints`;
      const r = await request("POST", path, { "target-directory": dir ?? null, "cancel-job": false });
      const errors = (r.body as { errors?: unknown })?.errors;
      if (r.status !== 202 && r.status !== 200) throw new Error(`Flink REST POST ${path} at ${base} answered HTTP ${r.status}${Array.isArray(errors) ? `: ${errors.join("; ")}` : ""}`);
      const t = triggered.safeParse(r.body);
      if (!t.success) throw new Error(`Flink REST POST ${path} returned no request-id`);
      const s = await completed(`${path}/${t.data["request-id"]}`, `savepoint of job ${jobId}`, timeoutSeconds, pollMs);
      if (s.operation?.location) return s.operation.location;
      throw new Error(`Flink savepoint of job ${jobId} failed: ${failureCause(s) ?? "no location and no failure cause"}`);
    },
    async disposeSavepoint(savepointPath, timeoutSeconds, pollMs) {
      const r = await request("POST", "/savepoint-disposal", { "savepoint-path": savepointPath });
      const errors = (r.body as { errors?: unknown })?.errors;
      if (r.status !== 200 && r.status !== 202) throw new Error(`Flink REST POST /savepoint-disposal at ${base} answered HTTP ${r.status}${Array.isArray(errors) ? `: ${errors.join("; ")}` : ""}`);
      const t = triggered.safeParse(r.body);
      if (!t.success) throw new Error("Flink REST POST /savepoint-disposal returned no request-id");
      const s = await completed(`/savepoint-disposal/${t.data["request-id"]}`, `disposal of ${savepointPath}`, timeoutSeconds, pollMs);
      const cause = failureCause(s);
      if (cause !== undefined) throw new Error(`Flink disposal of ${savepointPath} failed: ${cause}`);
    },
  };
}
