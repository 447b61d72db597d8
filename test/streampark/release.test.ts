/**
 * Release paths of issue 12 against the StreamPark double: suspend and resume (`state`), a job
 * stopped by hand resumed from its newest savepoint or checkpoint (never from nothing), a failed
 * suspend savepoint, and `restoreFrom` (one-click rollback to a savepoint of the job's history
 * with the SQL version that wrote it). Each test creates its own job, so any order works.
 */
import { StreamParkDouble } from "../doubles/streampark/server";
import { diffJob, StreamParkJobProvider } from "../../components/streampark/providers/jobProvider";
import type { JobInputs, JobOutputs } from "../../components/streampark/providers/jobProvider";
import { bootstrap, config, engineCreate, engineUp, fiveJobs, jobInputs, startDouble, waitFor } from "./support";

const job = fiveJobs().jobs[4]; // rt-dw-monitor: its SQL has COUNT(*), changed below to make versions

describe("release paths: suspend, resume, restoreFrom", () => {
  let d: StreamParkDouble;
  let ids: { envId: string; clusterId: string };
  const p = new StreamParkJobProvider();
  let seq = 0;
  const named = () => ({ ...job, name: `${job.name}-r${++seq}` });
  const inputs = (j: typeof job, extra: Partial<JobInputs> = {}) => jobInputs(d, ids, j, extra);
  /** What preview shows: the plannedAction input check sets from the old and new inputs. */
  const preview = async (olds: JobInputs | JobOutputs, news: JobInputs) => (await p.check(olds as JobInputs, news)).inputs!.plannedAction;
  const checkpointed = (id: string) => waitFor("a checkpoint", () => d.tick() === undefined && d.savepoints.some((s) => s.appId === Number(id) && s.type === 1));

  beforeAll(async () => {
    d = await startDouble();
    await p.configure(config() as never);
    ids = await bootstrap(d);
  });
  afterAll(() => d.stop());

  test("suspend stops with a savepoint and keeps the application; running resumes from that savepoint", async () => {
    const j = named();
    const { id, outs } = await engineCreate(p, inputs(j));
    const suspended = inputs(j, { desiredState: "suspended" });
    expect(await preview(outs, suspended)).toBe("suspend: stop with a savepoint and keep the application");
    const s = await engineUp(p, id, outs, suspended);
    expect(s.outs).toMatchObject({ state: "CANCELED", plannedAction: "suspend: stop with a savepoint and keep the application" });
    expect(d.apps.has(Number(id))).toBe(true);
    expect(d.flink.live(j.name)).toHaveLength(0);
    const sp = d.savepoints.filter((r) => r.appId === Number(id) && r.type === 2).map((r) => r.path);
    expect(sp).toHaveLength(1);
    expect(s.outs.savepointHistory).toEqual([{ path: sp[0], sqlVersion: 1, takenAt: "suspend", time: expect.any(String) }]);
    // Suspended and unchanged: nothing to do, and a SQL change waits for the resume.
    expect((await engineUp(p, id, s.outs, suspended)).changed).toBe(false);
    expect(await preview(suspended, inputs(j, { desiredState: "suspended", sql: j.sql.replace("COUNT(*)", "COUNT(1)") })))
      .toBe("stays suspended (CANCELED); applied when resumed: SQL changed");

    const running = inputs(j, { desiredState: "running" });
    expect(await preview(suspended, running)).toBe("start (the job is CANCELED) from its newest savepoint or retained checkpoint");
    const r = await engineUp(p, id, s.outs, running);
    expect(r.outs).toMatchObject({ state: "RUNNING", sqlVersion: 1 });
    expect(d.apps.get(Number(id))!.restoredFrom).toBe(sp[0]);
    expect((await engineUp(p, id, r.outs, running)).changed).toBe(false);
  });

  test("a suspend whose savepoint fails: nothing runs, the error names the step and the retained checkpoint, resume starts from it", async () => {
    const j = named();
    const { id, outs } = await engineCreate(p, inputs(j));
    await checkpointed(id);
    d.faults.savepointFails = (a) => a.id === Number(id);
    try {
      await expect(engineUp(p, id, outs, inputs(j, { desiredState: "suspended" })))
        .rejects.toThrow(/suspend failed at the stop with a savepoint .*cancelled without a savepoint; nothing of the job runs now; .*resumes from its last retained checkpoint .*chk-\d+/);
    } finally {
      d.faults.savepointFails = () => false;
    }
    expect(d.flink.live(j.name)).toHaveLength(0);
    expect(d.apps.has(Number(id))).toBe(true);
    const r = await engineUp(p, id, { ...outs, state: "FAILED" }, inputs(j));
    expect(r.outs.state).toBe("RUNNING");
    expect(d.apps.get(Number(id))!.restoredFrom).toMatch(/chk-\d+$/);
  });

  test("stopped by hand: refresh's inputs make the preview say resume; even the stateless strategy resumes with state", async () => {
    const j = named();
    const program = inputs(j, { upgradeStrategy: "stateless" });
    const { id, outs } = await engineCreate(p, program);
    await checkpointed(id);
    d.stopByHand(Number(id));
    const read = await p.read(id, outs);
    expect(read.props!.state).toBe("CANCELED");
    expect(diffJob(read.props!, (await p.check(read.inputs as JobInputs, program)).inputs!).changes).toBe(true);
    expect(await preview(read.inputs as JobInputs, program)).toBe("start (the job is CANCELED) from its newest savepoint or retained checkpoint");
    const up = await engineUp(p, id, read.props!, program);
    expect(up.outs.state).toBe("RUNNING");
    expect(d.apps.get(Number(id))!.restoredFrom).toMatch(/chk-\d+$/);
  });

  test("restoreFrom rolls back to a savepoint of the history with the SQL version that wrote it, once", async () => {
    const j = named();
    const v2 = j.sql.replace("COUNT(*)", "COUNT(1)");
    const v3 = j.sql.replace("COUNT(*)", "COUNT(2)");
    const { id, outs } = await engineCreate(p, inputs(j));
    const u2 = await engineUp(p, id, outs, inputs({ ...j, sql: v2 }));
    const u3 = await engineUp(p, id, u2.outs, inputs({ ...j, sql: v3 }));
    expect(u3.outs.sqlVersion).toBe(3);
    const [a, b] = u3.outs.savepointHistory;
    expect(u3.outs.savepointHistory).toEqual([{ path: a.path, sqlVersion: 1, takenAt: "upgrade", time: expect.any(String) }, { path: b.path, sqlVersion: 2, takenAt: "upgrade", time: expect.any(String) }]);

    const rollback = inputs({ ...j, sql: v3 }, { restoreFrom: a.path });
    // Preview from inputs alone does not know the version; diff on the outputs does.
    expect(await preview(inputs({ ...j, sql: v3 }), rollback)).toBe(`roll back: stop with a savepoint, then start the SQL version that wrote it from ${a.path}`);
    expect(diffJob(u3.outs, (await p.check(u3.outs as never, rollback)).inputs!).changes).toBe(true);
    const r = await engineUp(p, id, u3.outs, rollback);
    expect(r.outs).toMatchObject({ state: "RUNNING", sqlVersion: 1, restoredFrom: a.path });
    expect(d.plainSql(d.effectiveSql(Number(id))!)).toBe(j.sql);
    expect(d.apps.get(Number(id))!.restoredFrom).toBe(a.path);
    // The state version 3 left behind is kept, so the rollback itself can be undone.
    expect(r.outs.savepointHistory[2]).toMatchObject({ sqlVersion: 3, takenAt: "rollback" });
    expect(d.flink.live(j.name)).toHaveLength(1);
    // Applied once: the same restoreFrom again is no change.
    expect((await engineUp(p, id, r.outs, rollback)).changed).toBe(false);
    // Removing it returns to the program's SQL through a savepoint.
    const back = await engineUp(p, id, r.outs, inputs({ ...j, sql: v3 }));
    expect(back.outs).toMatchObject({ state: "RUNNING", restoredFrom: null });
    expect(d.plainSql(d.effectiveSql(Number(id))!)).toBe(v3);
  });

  test("restoreFrom whose stop savepoint fails: the running version comes back from its checkpoint, one job runs, the error says so", async () => {
    const j = named();
    const { id, outs } = await engineCreate(p, inputs(j));
    const u2 = await engineUp(p, id, outs, inputs({ ...j, sql: j.sql.replace("COUNT(*)", "COUNT(1)") }));
    const target = u2.outs.savepointHistory[0].path;
    await checkpointed(id);
    d.faults.savepointFails = (a) => a.id === Number(id);
    try {
      await expect(engineUp(p, id, u2.outs, inputs({ ...j, sql: j.sql.replace("COUNT(*)", "COUNT(1)") }, { restoreFrom: target })))
        .rejects.toThrow(/could not stop with a savepoint .*rolled back to SQL version 2 from .*chk-\d+; the job is RUNNING the previous definition/);
    } finally {
      d.faults.savepointFails = () => false;
    }
    expect(d.flink.live(j.name)).toHaveLength(1);
    expect(d.apps.get(Number(id))!.state).toBe(5);
    expect(d.storage.has(target)).toBe(true); // the savepoint asked for is still there for the next try
  });

  test("restoreFrom a path outside the history is refused before anything changes, naming the key and what is known", async () => {
    const j = named();
    const { id, outs } = await engineCreate(p, inputs(j));
    const before = d.mutatingCalls().length;
    await expect(engineUp(p, id, outs, inputs(j, { restoreFrom: "file:///flink-data/savepoints/savepoint-000000-000000000000" })))
      .rejects.toThrow(/restoreFrom 'file:\/\/\/flink-data\/savepoints\/savepoint-000000-000000000000' is not a savepoint in the job's history.*known savepoints: none yet/);
    expect(d.mutatingCalls().length).toBe(before);
    expect(d.apps.get(Number(id))!.state).toBe(5);
  });

  test("a job created suspended is created and left stopped; running starts it", async () => {
    const j = named();
    const suspended = inputs(j, { desiredState: "suspended" });
    expect(await preview({} as JobInputs, suspended)).toBe("create the StreamPark application and leave it stopped (state: suspended)");
    const { id, outs } = await engineCreate(p, suspended);
    expect(outs.state).toBe("ADDED");
    expect(d.flink.live(j.name)).toHaveLength(0);
    const r = await engineUp(p, id, outs, inputs(j));
    expect(r.outs).toMatchObject({ state: "RUNNING", sqlVersion: 1 });
  });

  test("check names the key: an unknown state, restoreFrom that is no path, restoreFrom with pinnedSqlVersion", async () => {
    const failures = async (extra: Partial<JobInputs>) => ((await p.check({} as JobInputs, inputs(named(), extra))).failures ?? []).map((f) => `${f.property}: ${f.reason}`).join("\n");
    expect(await failures({ desiredState: "paused" as never })).toMatch(/desiredState: .*state must be one of "running" or "suspended", got 'paused'/);
    expect(await failures({ restoreFrom: "latest" })).toMatch(/restoreFrom: .*must be a savepoint path/);
    expect(await failures({ restoreFrom: "file:///x/savepoint-1", pinnedSqlVersion: 2 })).toMatch(/restoreFrom: .*remove pinnedSqlVersion \(2\) or restoreFrom/);
  });
});
