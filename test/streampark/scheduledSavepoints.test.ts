/**
 * The job's savepoint history completed on refresh (issue 12), against the StreamPark double:
 * the savepoint scheduler's savepoints (its real tick against the double's Flink REST API, its
 * history served by its real HTTP handler) with the SQL version of the run that wrote them, and
 * savepoints a failed run left in StreamPark. `restoreFrom` accepts a scheduled savepoint.
 * Each test creates its own job, so any order works.
 */
import type { AddressInfo } from "net";
import type * as http from "http";
import { StreamParkDouble } from "../doubles/streampark/server";
import { StreamParkJobProvider } from "../../components/streampark/providers/jobProvider";
import type { JobInputs } from "../../components/streampark/providers/jobProvider";
import { connectFlink } from "../../components/streampark/api/flinkRest";
import { tick } from "../../components/savepoints/scheduler";
import { historyServer } from "../../components/savepoints/historyServer";
import type { HistoryFile, ScheduleFile } from "../../components/streampark/savepointSchedule";
import { bootstrap, config, engineCreate, engineUp, fiveJobs, jobInputs, startDouble } from "./support";

const job = fiveJobs().jobs[4];
const HOUR = 3_600_000;
const BROKEN = "/* broken */ INSERT INTO paimon.dwd.orders_wide SELECT 1/0;";

describe("savepointHistory: scheduled savepoints and those of failed runs", () => {
  let d: StreamParkDouble;
  let ids: { envId: string; clusterId: string };
  const p = new StreamParkJobProvider();
  let seq = 0;
  let history: HistoryFile = { version: 1, jobs: {} };
  let server: http.Server;
  let schedulerUrl = "";
  const named = () => ({ ...job, name: `${job.name}-s${++seq}` });
  const inputs = (j: typeof job, extra: Partial<JobInputs> = {}) => jobInputs(d, ids, j, { savepointHistoryUrl: schedulerUrl, ...extra });
  /** One scheduler tick for `name` at `now` (keep `keep`). */
  const schedulerTick = async (name: string, now: number, keep = 5) => {
    const file: ScheduleFile = { flinkRestUrl: d.flink.url, operationTimeoutSeconds: 10, tickSeconds: 15, jobs: [{ name, everyMs: HOUR, keep, protect: [] }] };
    history = await tick(file, history, { flink: connectFlink(d.flink.url, 5000), now: () => now, log: () => undefined, pollMs: 5, save: async () => undefined });
    return history.jobs[name];
  };

  beforeAll(async () => {
    d = await startDouble();
    await p.configure(config() as never);
    ids = await bootstrap(d);
    server = historyServer(() => history);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    schedulerUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    d.faults.failsAfterStart = (_a, sql) => sql.includes("1/0");
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await d.stop();
  });

  test("a refresh lists scheduled savepoints with the SQL version that wrote them; restoreFrom accepts one; disposed ones leave", async () => {
    const j = named();
    const v2 = j.sql.replace("COUNT(*)", "COUNT(1)");
    const { id, outs } = await engineCreate(p, inputs(j));
    const t0 = 1_000_000;
    const scheduled = (await schedulerTick(j.name, t0)).savepoints[0];
    expect(scheduled.flinkJobId).toBe(outs.jobId);

    const read = await p.read(id, outs);
    expect(read.props!.savepointHistory).toContainEqual({ path: scheduled.path, sqlVersion: 1, takenAt: "scheduled", time: new Date(t0).toISOString() });

    // An upgrade keeps it (with version 1); a rollback to it runs version 1 from it.
    const u2 = await engineUp(p, id, read.props!, inputs({ ...j, sql: v2 }));
    expect(u2.outs.sqlVersion).toBe(2);
    expect(u2.outs.savepointHistory).toContainEqual(expect.objectContaining({ path: scheduled.path, sqlVersion: 1, takenAt: "scheduled" }));
    const r = await engineUp(p, id, u2.outs, inputs({ ...j, sql: v2 }, { restoreFrom: scheduled.path }));
    expect(r.outs).toMatchObject({ state: "RUNNING", sqlVersion: 1, restoredFrom: scheduled.path });
    expect(d.apps.get(Number(id))!.restoredFrom).toBe(scheduled.path);

    // The scheduler keeps 1: the next two scheduled savepoints come, the older of them goes; the
    // one the job now runs from stays (Flink's latest.restored).
    const second = (await schedulerTick(j.name, t0 + HOUR, 1)).savepoints.find((s) => s.takenAtMs === t0 + HOUR)!;
    const listed = await p.read(id, r.outs);
    expect(listed.props!.savepointHistory.map((e) => e.path)).toContain(second.path);
    const after = await schedulerTick(j.name, t0 + 2 * HOUR, 1);
    expect(after.disposed.map((x) => x.path)).toEqual([second.path]);
    expect(after.savepoints.map((x) => x.path)).toContain(scheduled.path);
    const refreshed = await p.read(id, listed.props!);
    const paths = refreshed.props!.savepointHistory.map((e) => e.path);
    expect(paths).toContain(scheduled.path);
    expect(paths).not.toContain(second.path);
    expect(paths).toContain(after.savepoints.find((s) => s.takenAtMs === t0 + 2 * HOUR)!.path);
  });

  test("the savepoint of an upgrade that was rolled back (update failed, outputs unchanged) is added by the next refresh", async () => {
    const j = named();
    const { id, outs } = await engineCreate(p, inputs(j, { savepointHistoryUrl: undefined }));
    await expect(engineUp(p, id, outs, inputs({ ...j, sql: BROKEN }, { savepointHistoryUrl: undefined }))).rejects.toThrow(/rolled back to SQL version 1/);
    const stop = d.savepoints.filter((s) => s.appId === Number(id) && s.type === 2).sort((a, b) => a.id - b.id)[0];
    expect(outs.savepointHistory.map((e) => e.path)).not.toContain(stop.path);
    const read = await p.read(id, outs);
    // The rollback restarted version 1 from it: that is the version it resumes.
    expect(read.props!.savepointHistory).toContainEqual(expect.objectContaining({ path: stop.path, sqlVersion: 1, takenAt: "found" }));
    // Found and already known paths are not added twice.
    const again = await p.read(id, read.props!);
    expect(again.props!.savepointHistory.filter((e) => e.path === stop.path)).toHaveLength(1);
  });

  test("an unreachable scheduler leaves the stored history as it was (the refresh still succeeds)", async () => {
    const j = named();
    const { id, outs } = await engineCreate(p, inputs(j, { savepointHistoryUrl: "http://127.0.0.1:9" }));
    const read = await p.read(id, outs);
    expect(read.props!.state).toBe("RUNNING");
    expect(read.props!.savepointHistory).toEqual(outs.savepointHistory);
  });
});
