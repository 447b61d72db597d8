/**
 * A Flink 1.20 session cluster as the StreamPark double submits to and as the job provider reads
 * it: jobs with their own state (a StreamPark app state is only StreamPark's view of it),
 * completed checkpoints, restarts, savepoints on a pretend storage, and the JobManager REST API
 * (Flink 1.20 docs ops/rest_api): GET /jobs/overview, GET /jobs/:jobid, GET /jobs/:jobid/checkpoints,
 * GET /jobs/:jobid/metrics?get=numRestarts, PATCH /jobs/:jobid?mode=cancel, POST /jobs/:jobid/savepoints,
 * POST /savepoint-disposal and GET /savepoint-disposal/:triggerid.
 *
 * Strictness: a stop-with-savepoint that fails leaves the job RUNNING (Flink aborts the
 * savepoint, the job continues: JobMaster#stopWithSavepoint); a restore from a path missing on
 * storage fails the job; restarts of the exponential-delay strategy are counted in numRestarts
 * and never show as a terminal state until the attempts are used up.
 */
import * as http from "http";
import { AddressInfo } from "net";
import { randomBytes } from "crypto";

export type FlinkJobState = "INITIALIZING" | "RUNNING" | "RESTARTING" | "FAILED" | "CANCELED" | "FINISHED";

export interface FlinkJob {
  jid: string;
  /** pipeline.name: StreamPark submits with the application's job name (SubmitRequest#effectiveAppName). */
  name: string;
  state: FlinkJobState;
  sql: string;
  restoredFrom: string | null;
  startedAt: number;
  lastCheckpointAt?: number;
  completed: number;
  restarts: number;
  restartAttempts: number;
  nextChkId: number;
  latestCompletedPath: string | null;
  latestSavepointPath: string | null;
  failAt?: number;
}

export interface FlinkDelays { checkpointIntervalMs: number; failAfterMs: number }

export class FlinkClusterDouble {
  url = "";
  readonly delays: FlinkDelays;
  readonly jobs = new Map<string, FlinkJob>();
  /** Paths that exist on the (pretend) checkpoint/savepoint storage, shared with StreamPark. */
  readonly storage = new Set<string>();
  /** Highest number of live jobs with one name ever seen: the "never two jobs" invariant. */
  maxLivePerName = 0;
  readonly faults = {
    /** The job fails (and Flink restarts it, then gives up) `failAfterMs` after each (re)start. */
    fails: (_job: FlinkJob): boolean => false,
    noCheckpoints: (_job: FlinkJob): boolean => false,
    savepointFails: (_job: FlinkJob): boolean => false,
    /** A disposal that fails on storage (the path stays). */
    disposalFails: (_path: string): boolean => false,
  };
  /** Disposals triggered through REST (POST /savepoint-disposal), in order: the path and its outcome. */
  readonly disposals = new Map<string, { path: string; failure?: string }>();
  /** Savepoints triggered through REST (POST /jobs/:jobid/savepoints): done at `doneAt`. */
  readonly triggers = new Map<string, { jid: string; doneAt: number; location?: string; failure?: string }>();
  /** state.savepoints.dir of the cluster (used when a trigger names no target-directory). */
  defaultSavepointDir: string | null = null;
  /** Called for every completed checkpoint (StreamPark's CheckpointProcessor listens). */
  onCheckpoint: (job: FlinkJob, path: string, chkId: number, at: number) => void = () => undefined;
  private server?: http.Server;

  constructor(readonly checkpointDir: string, delays: Partial<FlinkDelays> = {}) {
    this.delays = { checkpointIntervalMs: 25, failAfterMs: 30, ...delays };
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, "127.0.0.1", r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
    this.server?.closeAllConnections?.();
  }

  live(name?: string): FlinkJob[] {
    return [...this.jobs.values()].filter((j) => (j.state === "RUNNING" || j.state === "RESTARTING" || j.state === "INITIALIZING") && (name === undefined || j.name === name));
  }

  /** Submit a job (RemoteClient: the session cluster runs it). A missing restore path fails it. */
  submit(name: string, sql: string, restoreFrom: string | null, restartAttempts: number): FlinkJob {
    this.tick();
    const now = Date.now();
    const job: FlinkJob = {
      jid: randomBytes(16).toString("hex"), name, sql, restoredFrom: restoreFrom, startedAt: now, completed: 0,
      restarts: 0, restartAttempts, nextChkId: 1, latestCompletedPath: null, latestSavepointPath: null,
      state: restoreFrom && !this.storage.has(restoreFrom) ? "FAILED" : "RUNNING",
    };
    if (job.state === "RUNNING" && this.faults.fails(job)) job.failAt = now + this.delays.failAfterMs;
    this.jobs.set(job.jid, job);
    this.maxLivePerName = Math.max(this.maxLivePerName, this.live(name).length);
    return job;
  }

  /** Cancel, optionally stop-with-savepoint. A failed savepoint throws and leaves the job running. */
  cancel(jid: string, savepointDir: string | null): string | null {
    this.tick();
    const job = this.jobs.get(jid);
    if (!job || (job.state !== "RUNNING" && job.state !== "RESTARTING")) {
      if (savepointDir !== null) throw new Error(`org.apache.flink.runtime.messages.FlinkJobNotFoundException: Could not find Flink job (${jid})`);
      return null;
    }
    if (savepointDir !== null) {
      if (this.faults.savepointFails(job)) throw new Error("org.apache.flink.runtime.checkpoint.CheckpointException: Checkpoint expired before completing");
      const path = `${savepointDir}/savepoint-${jid.slice(0, 6)}-${randomBytes(6).toString("hex")}`;
      this.storage.add(path);
      job.latestSavepointPath = path;
      job.state = "FINISHED"; // stop-with-savepoint ends the job FINISHED (Flink 1.20 "stop")
      job.failAt = undefined;
      return path;
    }
    job.state = "CANCELED";
    job.failAt = undefined;
    return null;
  }

  /** Advance checkpoints and failures to now. */
  tick(): void {
    const now = Date.now();
    for (const job of this.jobs.values()) {
      if (job.state !== "RUNNING") continue;
      if (job.failAt !== undefined && now >= job.failAt) {
        // exponential-delay: restart until attempts are used up, then FAILED.
        if (job.restarts < job.restartAttempts) {
          job.restarts++;
          job.failAt = now + this.delays.failAfterMs;
        } else {
          job.state = "FAILED";
          job.failAt = undefined;
          continue;
        }
      }
      if (this.faults.noCheckpoints(job)) continue;
      const interval = this.delays.checkpointIntervalMs;
      while (now - (job.lastCheckpointAt ?? job.startedAt) >= interval) {
        job.lastCheckpointAt = (job.lastCheckpointAt ?? job.startedAt) + interval;
        const chkId = job.nextChkId++;
        const path = `${this.checkpointDir}/${job.jid}/chk-${chkId}`;
        this.storage.add(path);
        job.completed++;
        job.latestCompletedPath = path;
        this.onCheckpoint(job, path, chkId, job.lastCheckpointAt);
      }
    }
  }

  /**
   * Flink 1.20 REST (docs ops/rest_api; SavepointTriggerRequestBody, SavepointHandlers):
   * POST /jobs/:jobid/savepoints {"target-directory", "cancel-job"} answers 202 {"request-id"};
   * GET /jobs/:jobid/savepoints/:triggerid answers {"status":{"id":"IN_PROGRESS"|"COMPLETED"},
   * "operation":{"location"} or {"failure-cause"}}. Without a target directory and without
   * state.savepoints.dir the trigger fails (SavepointHandlers: "No savepoint directory").
   * A failed savepoint leaves the job running (CheckpointCoordinator aborts it).
   */
  private savepointCall(req: http.IncomingMessage, jid: string, triggerId: string | undefined, send: (s: number, b: unknown) => void, notFound: () => void): void {
    const job = this.jobs.get(jid);
    if (!job) return notFound();
    if (req.method === "GET" && triggerId) {
      this.tick();
      const t = this.triggers.get(triggerId);
      if (!t || t.jid !== jid) return notFound();
      if (Date.now() < t.doneAt) return send(200, { status: { id: "IN_PROGRESS" }, operation: null });
      return send(200, { status: { id: "COMPLETED" }, operation: t.failure ? { "failure-cause": { "class": "java.util.concurrent.CompletionException", "stack-trace": t.failure, "serialized-throwable": "" } } : { location: t.location } });
    }
    if (req.method !== "POST" || triggerId) return send(405, { errors: ["method not allowed"] });
    let text = "";
    req.on("data", (c: Buffer) => (text += c.toString()));
    req.on("end", () => {
      let body: { "target-directory"?: string | null; "cancel-job"?: boolean };
      try {
        body = text === "" ? {} : JSON.parse(text);
      } catch {
        return send(400, { errors: ["Request did not match expected format SavepointTriggerRequestBody."] });
      }
      const dir = body["target-directory"] ?? this.defaultSavepointDir;
      if (!dir) return send(400, { errors: ["Config key [state.savepoints.dir] is not set. Property [target-directory] must be provided."] });
      const id = randomBytes(16).toString("hex");
      const t: { jid: string; doneAt: number; location?: string; failure?: string } = { jid, doneAt: Date.now() + this.delays.checkpointIntervalMs };
      if (job.state !== "RUNNING") t.failure = `org.apache.flink.runtime.checkpoint.CheckpointException: Checkpoint triggering task is not being executed (job ${job.state})`;
      else if (this.faults.savepointFails(job)) t.failure = "org.apache.flink.runtime.checkpoint.CheckpointException: Checkpoint expired before completing";
      else {
        t.location = `${dir}/savepoint-${jid.slice(0, 6)}-${randomBytes(6).toString("hex")}`;
        this.storage.add(t.location);
        job.latestSavepointPath = t.location;
        if (body["cancel-job"] === true) { job.state = "CANCELED"; job.failAt = undefined; }
      }
      this.triggers.set(id, t);
      send(202, { "request-id": id });
    });
  }

  /**
   * Flink 1.20 REST (apache/flink@release-1.20.1 docs/static/generated/rest_v1_dispatcher.yml,
   * SavepointDisposalHandlers.java, SavepointDisposalRequest.java): POST /savepoint-disposal
   * {"savepoint-path"} answers 200 {"request-id"} (SavepointDisposalTriggerHeaders: OK); a body
   * without the field is 400. GET /savepoint-disposal/:triggerid answers {"status":{"id":"COMPLETED"},
   * "operation":{}} or "operation":{"failure-cause"}; an unknown trigger id is 404
   * (CompletedOperationCache: "Operation not found"). The Dispatcher loads the savepoint's
   * metadata first (Checkpoints#disposeSavepoint): a path that holds none fails with
   * FileNotFoundException "Cannot find checkpoint or savepoint file/directory"
   * (AbstractFsCheckpointStorageAccess#resolveCheckpointPointer). Disposal does not check whether
   * a running job restored from the path: that is the caller's care.
   */
  private disposalCall(req: http.IncomingMessage, triggerId: string | undefined, send: (s: number, b: unknown) => void): void {
    if (req.method === "GET" && triggerId) {
      const d = this.disposals.get(triggerId);
      if (!d) return send(404, { errors: ["Operation not found under key: " + triggerId] });
      return send(200, { status: { id: "COMPLETED" }, operation: d.failure ? { "failure-cause": { "class": "java.io.FileNotFoundException", "stack-trace": d.failure, "serialized-throwable": "" } } : {} });
    }
    if (req.method !== "POST" || triggerId) return send(405, { errors: ["method not allowed"] });
    let text = "";
    req.on("data", (c: Buffer) => (text += c.toString()));
    req.on("end", () => {
      let body: { "savepoint-path"?: unknown };
      try {
        body = JSON.parse(text);
      } catch {
        return send(400, { errors: ["Request did not match expected format SavepointDisposalRequest."] });
      }
      const path = body?.["savepoint-path"];
      if (typeof path !== "string" || path === "") return send(400, { errors: ["Request did not match expected format SavepointDisposalRequest."] });
      const id = randomBytes(16).toString("hex");
      if (!this.storage.has(path)) this.disposals.set(id, { path, failure: `java.io.FileNotFoundException: Cannot find checkpoint or savepoint file/directory '${path}' on file system 'file'.` });
      else if (this.faults.disposalFails(path)) this.disposals.set(id, { path, failure: `java.io.IOException: Could not delete ${path}` });
      else {
        this.storage.delete(path);
        this.disposals.set(id, { path });
      }
      send(200, { "request-id": id });
    });
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.tick();
    const u = new URL(req.url ?? "/", "http://flink");
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "Content-Type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const notFound = () => send(404, { errors: ["Not found: " + u.pathname] });
    if (req.method === "GET" && u.pathname === "/jobs/overview") {
      return send(200, { jobs: [...this.jobs.values()].map((j) => ({ jid: j.jid, name: j.name, state: j.state, "start-time": j.startedAt })) });
    }
    const disposal = /^\/savepoint-disposal(?:\/([0-9a-f]{32}))?$/.exec(u.pathname);
    if (disposal) return this.disposalCall(req, disposal[1], send);
    const sp = /^\/jobs\/([0-9a-f]{32})\/savepoints(?:\/([0-9a-f]{32}))?$/.exec(u.pathname);
    if (sp) return this.savepointCall(req, sp[1], sp[2], send, notFound);
    const m = /^\/jobs\/([0-9a-f]{32})(\/checkpoints|\/metrics)?$/.exec(u.pathname);
    const job = m ? this.jobs.get(m[1]) : undefined;
    // Flink answers an unknown job id with 404 (JobNotFoundException -> RestHandlerException NOT_FOUND).
    if (!m || !job) return notFound();
    if (req.method === "PATCH" && !m[2]) {
      if (u.searchParams.get("mode") !== "cancel" && u.searchParams.get("mode") !== null) return send(400, { errors: ["bad mode"] });
      if (job.state === "RUNNING" || job.state === "RESTARTING") {
        job.state = "CANCELED";
        job.failAt = undefined;
      }
      return send(202, {});
    }
    if (req.method !== "GET") return send(405, { errors: ["method not allowed"] });
    if (!m[2]) return send(200, { jid: job.jid, name: job.name, state: job.state, "start-time": job.startedAt });
    if (m[2] === "/metrics") return send(200, u.searchParams.get("get") === "numRestarts" ? [{ id: "numRestarts", value: String(job.restarts) }] : []);
    return send(200, {
      counts: { restored: job.restoredFrom ? 1 : 0, total: job.completed, in_progress: 0, completed: job.completed, failed: 0 },
      latest: {
        completed: job.latestCompletedPath ? { id: job.nextChkId - 1, external_path: job.latestCompletedPath } : null,
        savepoint: job.latestSavepointPath ? { external_path: job.latestSavepointPath } : null,
        failed: null, restored: job.restoredFrom ? { external_path: job.restoredFrom } : null,
      },
      history: [],
    });
  }
}
