/**
 * The scheduler's single-file bundle runs under plain node (as on the stock node:20 image) with
 * nothing but its environment and schedule file, against the Flink double: it takes the first
 * savepoint, keeps its history in its file across a restart, and serves it on GET /history.
 * Waits are for conditions, with generous limits; nothing asserts how long anything took.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { savepointSchedulerBundle } from "../../components/savepoints/bundle";
import { parseHistory } from "../../components/streampark/savepointSchedule";
import { FlinkClusterDouble } from "../doubles/streampark/flinkCluster";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rtdw-savepoints-"));
const file = path.join(dir, "savepoint-scheduler.js");
const flink = new FlinkClusterDouble("file:///checkpoints", { checkpointIntervalMs: 1 });
const children: ChildProcess[] = [];

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

function start(port: number, schedulePath: string, historyPath: string): ChildProcess {
  // A clean directory and environment: no node_modules to fall back on.
  const c = spawn(process.execPath, [file], { cwd: dir, env: { PATH: process.env.PATH ?? "", RTDW_SAVEPOINT_SCHEDULE: schedulePath, RTDW_SAVEPOINT_HISTORY: historyPath, RTDW_SAVEPOINT_PORT: String(port) }, stdio: "ignore" });
  children.push(c);
  return c;
}

async function history(port: number): Promise<ReturnType<typeof parseHistory> | undefined> {
  try {
    const r = await fetch(`http://127.0.0.1:${port}/history`);
    return r.ok ? parseHistory(await r.json(), "GET /history") : undefined;
  } catch {
    return undefined;
  }
}

async function until<T>(what: string, f: () => Promise<T | undefined>, limitMs = 60_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  fs.writeFileSync(file, savepointSchedulerBundle());
  flink.defaultSavepointDir = "file:///savepoints";
  await flink.start();
});
afterAll(async () => {
  for (const c of children) c.kill();
  await flink.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

test("takes a savepoint, serves and keeps its history across a restart", async () => {
  expect(fs.readFileSync(file, "utf8")).not.toMatch(/require\("(axios|zod)"\)/);
  const job = flink.submit("rt-dw-monitor", "INSERT INTO x SELECT 1", null, 3);
  const schedulePath = path.join(dir, "schedule.json");
  const historyPath = path.join(dir, "history.json");
  fs.writeFileSync(schedulePath, JSON.stringify({ flinkRestUrl: flink.url, operationTimeoutSeconds: 30, tickSeconds: 1, jobs: [{ name: "rt-dw-monitor", everyMs: 86_400_000, keep: 2, protect: [] }] }));
  const port = await freePort();
  const first = start(port, schedulePath, historyPath);
  const h = await until("the first savepoint", async () => {
    const x = await history(port);
    return x && x.jobs["rt-dw-monitor"]?.savepoints.length ? x : undefined;
  });
  const sp = h.jobs["rt-dw-monitor"].savepoints[0];
  expect(sp.flinkJobId).toBe(job.jid);
  expect(flink.storage.has(sp.path)).toBe(true);
  expect(parseHistory(JSON.parse(fs.readFileSync(historyPath, "utf8")), historyPath).jobs["rt-dw-monitor"].savepoints).toEqual([sp]);
  expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

  // Restarted (a new container on the same volume): the history is read back, not due again.
  first.kill();
  await new Promise((r) => first.once("exit", r));
  const port2 = await freePort();
  const restartedAt = Date.now();
  start(port2, schedulePath, historyPath);
  const again = await until("a tick of the restarted scheduler", async () => {
    const x = await history(port2);
    return (x?.jobs["rt-dw-monitor"]?.lastSeen?.atMs ?? 0) >= restartedAt ? x : undefined;
  });
  expect(again.jobs["rt-dw-monitor"].savepoints).toEqual([sp]);
});
