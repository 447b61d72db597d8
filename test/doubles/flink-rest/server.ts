/**
 * An in-repo HTTP double of the parts of Flink 1.20's JobManager REST API that verify reads, with
 * the response shapes of apache/flink@release-1.20.1 docs/static/generated/rest_v1_dispatcher.yml:
 * GET /jobs/overview (JobsOverviewHeaders: jobs[].jid, name, state, start-time, ...),
 * GET /jobs/:jobid/checkpoints (CheckpointingStatisticsHeaders: counts, latest.completed or null),
 * GET /jobs/:jobid/checkpoints/config (CheckpointConfigHeaders: mode, interval, timeout, ...),
 * GET /jobs/:jobid/metrics?get=numRestarts (JobMetricsHeaders: [{id, value}] with values as strings).
 * An unknown job id answers 404 with {"errors": [...]} as Flink's RestHandlerException does; any other
 * path or method 404/405. Tests set the jobs' state directly.
 */
import * as http from "http";
import type { AddressInfo } from "net";

export interface FakeJob {
  jid: string;
  name: string;
  state: string;
  startTime: number;
  checkpointIntervalMs: number;
  lastCheckpointAckMs?: number;
  restarts: number;
}

export class FlinkRestDouble {
  readonly jobs: FakeJob[] = [];
  private server?: http.Server;
  url = "";

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, "127.0.0.1", r));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => this.server?.close(() => r()) ?? r());
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const send = (status: number, body: unknown) => { res.writeHead(status, { "Content-Type": "application/json" }); res.end(JSON.stringify(body)); };
    if (req.method !== "GET") return send(405, { errors: ["Not found: /bad-request"] });
    const url = new URL(req.url ?? "/", this.url);
    if (url.pathname === "/jobs/overview") {
      return send(200, { jobs: this.jobs.map((j) => ({ jid: j.jid, name: j.name, state: j.state, "start-time": j.startTime, "end-time": -1, duration: Date.now() - j.startTime, "last-modification": j.startTime, tasks: {} })) });
    }
    const m = /^\/jobs\/([0-9a-f]{32})(\/checkpoints(\/config)?|\/metrics)$/.exec(url.pathname);
    if (!m) return send(404, { errors: ["Not found: " + url.pathname] });
    const job = this.jobs.find((j) => j.jid === m[1]);
    if (!job) return send(404, { errors: [`org.apache.flink.runtime.messages.FlinkJobNotFoundException: Could not find Flink job (${m[1]})`] });
    if (m[2] === "/checkpoints/config") {
      if (job.checkpointIntervalMs <= 0) return send(404, { errors: ["Checkpointing is not enabled for this job (" + job.jid + ")."] });
      return send(200, { mode: "exactly_once", interval: job.checkpointIntervalMs, timeout: 600000, min_pause: 5000, max_concurrent: 1 });
    }
    if (m[2] === "/checkpoints") {
      const completed = job.lastCheckpointAckMs === undefined ? null
        : { id: 7, status: "COMPLETED", is_savepoint: false, trigger_timestamp: job.lastCheckpointAckMs - 500, latest_ack_timestamp: job.lastCheckpointAckMs };
      return send(200, { counts: { restored: 0, total: completed ? 7 : 0, in_progress: 0, completed: completed ? 7 : 0, failed: 0 }, summary: {}, latest: { completed, savepoint: null, failed: null, restored: null }, history: [] });
    }
    const wanted = (url.searchParams.get("get") ?? "").split(",").filter(Boolean);
    if (!wanted.length) return send(200, [{ id: "numRestarts" }, { id: "uptime" }]);
    return send(200, wanted.filter((id) => id === "numRestarts").map((id) => ({ id, value: String(job.restarts) })));
  }
}
