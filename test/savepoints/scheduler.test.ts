/**
 * The savepoint scheduler's tick against the Flink double (test/doubles/streampark/flinkCluster.ts:
 * savepoints through POST /jobs/:jobid/savepoints, disposal through POST /savepoint-disposal, the
 * restored path in /checkpoints latest.restored). The clock is injected: the schedule is driven by
 * setting `now`, nothing waits for it. Each test has its own job name, so any order works.
 */
import { FlinkClusterDouble } from "../doubles/streampark/flinkCluster";
import { connectFlink } from "../../components/streampark/api/flinkRest";
import { tick } from "../../components/savepoints/scheduler";
import type { HistoryFile, JobSchedule, ScheduleFile } from "../../components/streampark/savepointSchedule";
import { parseHistory } from "../../components/streampark/savepointSchedule";

const HOUR = 3_600_000;

describe("savepoint scheduler: schedule, retention, faults", () => {
  const flink = new FlinkClusterDouble("file:///checkpoints", { checkpointIntervalMs: 1 });
  let seq = 0;

  beforeAll(async () => {
    flink.defaultSavepointDir = "file:///savepoints";
    await flink.start();
  });
  afterAll(() => flink.stop());

  /** A running job and a scheduler for it with an injected clock. */
  function setup(schedule: Partial<JobSchedule> = {}) {
    const name = `rt-dw-job-${++seq}`;
    const job = flink.submit(name, "INSERT INTO x SELECT 1", null, 3);
    const file: ScheduleFile = { flinkRestUrl: flink.url, operationTimeoutSeconds: 10, tickSeconds: 15, jobs: [{ name, everyMs: HOUR, keep: 2, protect: [], ...schedule }] };
    const clock = { now: 1_000_000 };
    const log: string[] = [];
    const saved: HistoryFile[] = [];
    let history: HistoryFile = { version: 1, jobs: {} };
    const deps = { flink: connectFlink(flink.url, 5000), now: () => clock.now, log: (l: string) => log.push(l), pollMs: 5, save: async (h: HistoryFile) => { saved.push(h); } };
    const run = async (at: number) => {
      clock.now = at;
      history = await tick(file, history, deps);
      return history.jobs[name];
    };
    return { name, job, file, clock, log, saved, run, history: () => history, setHistory: (h: HistoryFile) => (history = h) };
  }

  test("the schedule fires at the first tick, then every `every`, not before", async () => {
    const s = setup();
    const t0 = s.clock.now;
    const first = await s.run(t0);
    expect(first.savepoints).toHaveLength(1);
    expect(first.savepoints[0]).toMatchObject({ takenAtMs: t0, flinkJobId: s.job.jid });
    expect(flink.storage.has(first.savepoints[0].path)).toBe(true);
    expect((await s.run(t0 + HOUR - 1)).savepoints).toHaveLength(1);
    const second = await s.run(t0 + HOUR);
    expect(second.savepoints).toHaveLength(2);
    expect(second.lastTakenAtMs).toBe(t0 + HOUR);
    expect(s.log.filter((l) => l.includes(": savepoint "))).toHaveLength(2);
    // Every change was saved, and what was saved is a valid history.
    expect(parseHistory(s.saved[s.saved.length - 1], "saved").jobs[s.name].savepoints).toHaveLength(2);
  });

  test("retention keeps the newest `keep` and disposes of the rest through Flink (gone from storage)", async () => {
    const s = setup({ keep: 2 });
    const t0 = s.clock.now;
    for (let i = 0; i < 4; i++) await s.run(t0 + i * HOUR);
    const h = s.history().jobs[s.name];
    const all = [...h.disposed.map((d) => d.path), ...h.savepoints.map((x) => x.path)];
    expect(all).toHaveLength(4);
    expect(h.savepoints.map((x) => x.takenAtMs)).toEqual([t0 + 2 * HOUR, t0 + 3 * HOUR]);
    expect(h.disposed).toHaveLength(2);
    for (const d of h.disposed) expect(flink.storage.has(d.path)).toBe(false);
    for (const x of h.savepoints) expect(flink.storage.has(x.path)).toBe(true);
    expect([...flink.disposals.values()].filter((d) => all.includes(d.path)).map((d) => d.path)).toEqual(h.disposed.map((d) => d.path));
  });

  test("the path the running job restored from is never disposed of, nor a protected (restoreFrom) path", async () => {
    const s = setup({ keep: 1 });
    const t0 = s.clock.now;
    const first = (await s.run(t0)).savepoints[0].path;
    // The job is restarted from its first scheduled savepoint (an upgrade, a rollback).
    flink.cancel(s.job.jid, null);
    const again = flink.submit(s.name, "INSERT INTO x SELECT 1", first, 3);
    expect(again.state).toBe("RUNNING");
    for (let i = 1; i <= 3; i++) await s.run(t0 + i * HOUR);
    const h = s.history().jobs[s.name];
    expect(h.savepoints.map((x) => x.path)).toContain(first);
    expect(flink.storage.has(first)).toBe(true);
    expect(h.disposed.map((d) => d.path)).not.toContain(first);
    expect(h.disposed).toHaveLength(2);
    expect(h.savepoints).toHaveLength(2); // the restored-from one and the newest

    const p = setup({ keep: 1 });
    const pinned = (await p.run(p.clock.now)).savepoints[0].path;
    p.file.jobs[0].protect = [pinned];
    for (let i = 1; i <= 2; i++) await p.run(p.clock.now + HOUR);
    expect(p.history().jobs[p.name].savepoints.map((x) => x.path)).toContain(pinned);
    expect(flink.storage.has(pinned)).toBe(true);
  });

  test("a failed trigger is logged and retried at the next tick", async () => {
    const s = setup();
    flink.faults.savepointFails = (j) => j.jid === s.job.jid;
    try {
      const h = await s.run(s.clock.now);
      expect(h.savepoints).toHaveLength(0);
      expect(h.lastError).toMatchObject({ step: "trigger" });
      expect(h.lastError!.message).toMatch(/Checkpoint expired before completing/);
      expect(s.log.join("\n")).toMatch(new RegExp(`${s.name}: savepoint of Flink job ${s.job.jid} failed: .*Checkpoint expired.*; retried next tick`));
    } finally {
      flink.faults.savepointFails = () => false;
    }
    // Still due: the next tick (the clock barely moved) takes it, and the error is cleared.
    const h = await s.run(s.clock.now + 15_000);
    expect(h.savepoints).toHaveLength(1);
    expect(h.lastError).toBeNull();
  });

  test("a failed disposal is logged, keeps the savepoint listed, and is retried at the next tick", async () => {
    const s = setup({ keep: 1 });
    const t0 = s.clock.now;
    const first = (await s.run(t0)).savepoints[0].path;
    flink.faults.disposalFails = (path) => path === first;
    try {
      const h = await s.run(t0 + HOUR);
      expect(h.savepoints.map((x) => x.path)).toContain(first);
      expect(flink.storage.has(first)).toBe(true);
      expect(h.lastError).toMatchObject({ step: "dispose" });
      expect(s.log.join("\n")).toContain(`${s.name}: disposal of ${first} failed: Flink disposal of ${first} failed: java.io.IOException: Could not delete ${first}; retried next tick`);
    } finally {
      flink.faults.disposalFails = () => false;
    }
    const h = await s.run(t0 + HOUR + 15_000);
    expect(h.savepoints.map((x) => x.path)).not.toContain(first);
    expect(flink.storage.has(first)).toBe(false);
    expect(h.lastError).toBeNull();
  });

  test("a savepoint already gone from storage leaves the history without a retry loop", async () => {
    const s = setup({ keep: 1 });
    const t0 = s.clock.now;
    const first = (await s.run(t0)).savepoints[0].path;
    flink.storage.delete(first); // removed by hand
    const h = await s.run(t0 + HOUR);
    expect(h.savepoints.map((x) => x.path)).not.toContain(first);
    expect(h.disposed.map((d) => d.path)).toContain(first);
    expect(s.log.join("\n")).toContain(`${first} is already gone from storage`);
  });

  test("a job that is not running is skipped: no savepoint, no disposal, logged once", async () => {
    const s = setup({ keep: 1 });
    const t0 = s.clock.now;
    await s.run(t0);
    await s.run(t0 + HOUR); // keep 1: the first is disposed, one listed
    // Three listed although keep is 1 (e.g. keep was lowered), and the job is stopped.
    const listed = s.history().jobs[s.name].savepoints;
    const extra = ["file:///savepoints/savepoint-aaaaaa-000000000001", "file:///savepoints/savepoint-aaaaaa-000000000002"];
    for (const p of extra) flink.storage.add(p);
    s.setHistory({ ...s.history(), jobs: { [s.name]: { ...s.history().jobs[s.name], savepoints: [...extra.map((path, i) => ({ path, takenAtMs: t0 - HOUR + i, flinkJobId: s.job.jid })), ...listed] } } });
    flink.cancel(s.job.jid, null);
    const disposalsBefore = flink.disposals.size;
    const triggersBefore = flink.triggers.size;
    await s.run(t0 + 5 * HOUR);
    const h = await s.run(t0 + 6 * HOUR);
    expect(flink.triggers.size).toBe(triggersBefore);
    expect(flink.disposals.size).toBe(disposalsBefore);
    expect(h.savepoints).toHaveLength(3);
    expect(h.lastSeen).toMatchObject({ flinkJobId: null, note: expect.stringMatching(/^not running/) });
    expect(s.log.filter((l) => l === `${s.name}: not running: skipped (no savepoint, no disposal)`)).toHaveLength(1);
  });
});
