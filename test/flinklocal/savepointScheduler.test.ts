/**
 * The savepoint scheduler's tick against the real local Flink 1.20 (test/support/flinkCluster.ts):
 * a real savepoint is triggered through POST /jobs/:jobid/savepoints and the older one is disposed
 * of through POST /savepoint-disposal (its directory is gone from the savepoint dir). The clock is
 * injected; only Flink's own operations are waited for.
 */
import * as fs from "fs";
import { fileURLToPath } from "url";
import { connectFlink } from "../../components/streampark/api/flinkRest";
import { tick } from "../../components/savepoints/scheduler";
import type { HistoryFile, ScheduleFile } from "../../components/streampark/savepointSchedule";
import { FLINK_START_TIMEOUT_MS, sharedFlink, SharedFlink } from "../support/flinkCluster";
import { GatewaySession } from "../support/gatewayClient";

const HOUR = 3_600_000;
const NAME = `rtdw-savepoint-scheduler-${process.pid}`;

describe("savepoint scheduler on the real engine", () => {
  let flink: SharedFlink;
  let jobId: string | undefined;

  beforeAll(async () => {
    flink = await sharedFlink();
    const s = await GatewaySession.open(flink.gatewayUrl, { "pipeline.name": NAME, "execution.checkpointing.interval": "10s" });
    try {
      await s.run("CREATE TEMPORARY TABLE src (x BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '5')");
      await s.run("CREATE TEMPORARY TABLE snk (x BIGINT) WITH ('connector' = 'blackhole')");
      jobId = (await s.run("INSERT INTO snk SELECT x FROM src")).jobId;
    } finally {
      await s.close();
    }
  }, FLINK_START_TIMEOUT_MS);

  afterAll(async () => {
    if (jobId) await fetch(`${flink.restUrl}/jobs/${jobId}?mode=cancel`, { method: "PATCH" }).catch(() => undefined);
  });

  test("triggers a real savepoint and disposes of the older one (keep 1)", async () => {
    const rest = connectFlink(flink.restUrl, 30_000);
    const deadline = Date.now() + 120_000;
    while (!(await rest.overview()).some((j) => j.name === NAME && j.state === "RUNNING")) {
      if (Date.now() > deadline) throw new Error(`${NAME} did not reach RUNNING`);
      await new Promise((r) => setTimeout(r, 500));
    }
    // RUNNING in the overview comes before every task runs (a savepoint then fails with "Not all
    // required tasks are currently running", which the scheduler retries next tick): wait for the
    // first completed checkpoint, which needs every task running.
    while (true) {
      const stats = await (await fetch(`${flink.restUrl}/jobs/${jobId}/checkpoints`)).json() as { counts?: { completed?: number } };
      if ((stats.counts?.completed ?? 0) > 0) break;
      if (Date.now() > deadline) throw new Error(`${NAME} completed no checkpoint`);
      await new Promise((r) => setTimeout(r, 500));
    }
    const file: ScheduleFile = { flinkRestUrl: flink.restUrl, operationTimeoutSeconds: 120, tickSeconds: 15, jobs: [{ name: NAME, everyMs: HOUR, keep: 1, protect: [] }] };
    const log: string[] = [];
    let history: HistoryFile = { version: 1, jobs: {} };
    const at = (now: number) => ({ flink: rest, now: () => now, log: (l: string) => log.push(l), pollMs: 500, save: async () => undefined });
    history = await tick(file, history, at(0));
    const first = history.jobs[NAME].savepoints[0];
    if (!first) throw new Error(`no savepoint: ${JSON.stringify(history.jobs[NAME])}; log: ${log.join(" | ")}`);
    expect(first?.flinkJobId).toBe(jobId);
    const dir = (p: string) => fileURLToPath(p.startsWith("file:") ? p : `file://${p}`);
    expect(fs.existsSync(dir(first.path))).toBe(true);
    history = await tick(file, history, at(HOUR));
    const h = history.jobs[NAME];
    expect(h.disposed.map((d) => d.path)).toEqual([first.path]);
    expect(h.savepoints).toHaveLength(1);
    expect(fs.existsSync(dir(first.path))).toBe(false);
    expect(fs.existsSync(dir(h.savepoints[0].path))).toBe(true);
    expect(h.lastError).toBeNull();
  }, 300_000);
});
