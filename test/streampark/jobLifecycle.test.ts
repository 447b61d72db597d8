/**
 * The five real jobs through their whole life against the StreamPark double over real HTTP:
 * create, no-op up, savepoint upgrade, parameter change, one-click rollback, stateless strategy,
 * delete with a final savepoint. Secrets reach the jobs only through StreamPark variables.
 * The five are created once (beforeAll) and only read by the tests; a test that changes a job
 * creates its own copy under another name, so the tests run in any order or alone.
 */
import { StreamParkDouble } from "../doubles/streampark/server";
import { StreamParkJobProvider } from "../../components/streampark/providers/jobProvider";
import type { JobOutputs } from "../../components/streampark/providers/jobProvider";
import { VariableProvider } from "../../components/streampark/providers/bootstrapProviders";
import { ADMIN_PASSWORD, bootstrap, config, connection, engineCreate, engineUp, fiveJobs, jobInputs, startDouble } from "./support";

const MYSQL_CDC_SECRET = "cdc-Pa55-word";
const STARROCKS_SECRET = "sr-Pa55-word";

describe("five jobs through their lifecycle", () => {
  let d: StreamParkDouble;
  let ids: { envId: string; clusterId: string };
  const p = new StreamParkJobProvider();
  const { jobs, source } = fiveJobs();
  const state = new Map<string, { id: string; outs: JobOutputs }>();
  /** A job of its own for one test: the real SQL under `<name>-<suffix>`. */
  const own = async (index: number, suffix: string) => {
    const job = { ...jobs[index], name: `${jobs[index].name}-${suffix}` };
    return { job, ...(await engineCreate(p, jobInputs(d, ids, job))) };
  };

  beforeAll(async () => {
    d = await startDouble();
    await p.configure(config() as never);
    ids = await bootstrap(d);
    const vars = new VariableProvider();
    for (const [code, value] of [["mysql.cdc.password", MYSQL_CDC_SECRET], ["starrocks.root.password", STARROCKS_SECRET]]) {
      const checked = await vars.check({} as never, { ...connection(d), code, value } as never);
      await vars.create(checked.inputs!);
    }
    for (const job of jobs) state.set(job.name, await engineCreate(p, jobInputs(d, ids, job)));
  });
  afterAll(() => d.stop());

  test(`create: all five RUNNING, one application each, SQL version 1 (jobs: ${source})`, async () => {
    for (const job of jobs) {
      const { id, outs } = state.get(job.name)!;
      expect(outs).toMatchObject({ appId: id, state: "RUNNING", sqlVersion: 1, name: job.name });
      expect(outs.jobId).toMatch(/^[0-9a-f]{32}$/);
      expect([...d.apps.values()].filter((a) => a.jobName === job.name)).toHaveLength(1);
      expect(JSON.parse(d.apps.get(Number(id))!.options!)["parallelism.default"]).toBe(job.parallelism);
    }
    // StreamPark substituted the variables at start: Flink got the secrets, the outputs did not.
    const cdc = d.appByName("rt-dw-cdc-ingestion")!;
    expect(cdc.submittedSql).toContain(MYSQL_CDC_SECRET);
    const everything = JSON.stringify([...state.values()]);
    for (const secret of [ADMIN_PASSWORD, MYSQL_CDC_SECRET, STARROCKS_SECRET]) expect(everything).not.toContain(secret);
  });

  test("a second up with nothing changed sends zero mutating calls", async () => {
    const before = d.mutatingCalls().length;
    for (const job of jobs) {
      const { id, outs } = state.get(job.name)!;
      const r = await engineUp(p, id, outs, jobInputs(d, ids, job));
      expect(r.changed).toBe(false);
    }
    expect(d.mutatingCalls().length).toBe(before);
  });

  test("new provider code alone is no change: diff says none, nothing is called", async () => {
    const job = jobs[0];
    const { id, outs } = state.get(job.name)!;
    const olds = { ...outs, __provider: "old provider text" } as JobOutputs;
    const news = { ...(await p.check(olds as never, jobInputs(d, ids, job))).inputs!, __provider: "new provider text" };
    const before = d.mutatingCalls().length;
    expect(await p.diff(id, olds, news)).toEqual({ changes: false });
    expect(d.mutatingCalls().length).toBe(before);
  });

  test("a moved console or Flink endpoint is an update that restarts nothing", async () => {
    const { job, id, outs } = await own(0, "moved");
    const moved = jobInputs(d, ids, job, { consoleUrl: d.url.replace("127.0.0.1", "localhost"), flinkRestUrl: d.flink.url.replace("127.0.0.1", "localhost") });
    const diff = await p.diff(id, outs, (await p.check(outs as never, moved)).inputs!);
    expect(diff.replaces ?? []).toEqual([]);
    expect(diff.changes).toBe(true);
    const jobId = d.apps.get(Number(id))!.jobId;
    const before = d.mutatingCalls().length;
    const r = await engineUp(p, id, outs, moved);
    expect(r.outs).toMatchObject({ state: "RUNNING", consoleUrl: moved.consoleUrl, flinkRestUrl: moved.flinkRestUrl });
    expect(d.mutatingCalls().length).toBe(before);
    expect(d.apps.get(Number(id))!.jobId).toBe(jobId);
  });

  test("whitespace and comments are no change", async () => {
    const job = jobs[1];
    const { id, outs } = state.get(job.name)!;
    // Indentation and comments outside literals (the real SQL has literals whose spaces matter).
    const reformatted = `-- reviewed\n${job.sql.split("\n").map((l) => `   ${l}`).join("\n")}\n/* trailing */;\n`;
    const r = await engineUp(p, id, outs, jobInputs(d, ids, { ...job, sql: reformatted }));
    expect(r.changed).toBe(false);
  });

  test("a SQL change upgrades through a savepoint and passes the health gate", async () => {
    const { job, id, outs } = await own(1, "sql");
    const others = jobs.map((j) => d.appByName(j.name)!.jobId);
    const newSql = job.sql.replace(/;\s*$/, "") + " AND 1 = 1;";
    const r = await engineUp(p, id, outs, jobInputs(d, ids, { ...job, sql: newSql }));
    expect(r.changed).toBe(true);
    expect(r.outs).toMatchObject({ state: "RUNNING", sqlVersion: 2, previousSqlVersion: 1, pendingSqlVersion: null });
    const app = d.apps.get(Number(id))!;
    // Started from the savepoint the cancel took, which exists on storage and is reported.
    expect(r.outs.lastSavepoint).toMatch(/savepoint-/);
    expect(app.restoredFrom).toBe(r.outs.lastSavepoint);
    expect(d.storage.has(r.outs.lastSavepoint!)).toBe(true);
    expect(r.outs.jobId).not.toBe(outs.jobId);
    expect(d.plainSql(d.effectiveSql(Number(id))!)).toBe(newSql);
    // The other jobs were not touched.
    expect(jobs.map((j) => d.appByName(j.name)!.jobId)).toEqual(others);
  });

  test("a parallelism change restarts from a savepoint without a new SQL version", async () => {
    const { job, id, outs } = await own(2, "par");
    const r = await engineUp(p, id, outs, jobInputs(d, ids, { ...job, parallelism: 8 }));
    expect(r.changed).toBe(true);
    expect(r.outs).toMatchObject({ state: "RUNNING", sqlVersion: 1 });
    expect(JSON.parse(d.apps.get(Number(id))!.options!)["parallelism.default"]).toBe(8);
    expect(d.apps.get(Number(id))!.restoredFrom).toBe(r.outs.lastSavepoint);
  });

  test("one-click rollback: pinning the previous SQL version runs it again from the latest savepoint", async () => {
    const { job, id, outs: created } = await own(1, "pin");
    const changedSql = job.sql.replace(/;\s*$/, "") + " AND 1 = 1;";
    const { outs } = await engineUp(p, id, created, jobInputs(d, ids, { ...job, sql: changedSql }));
    expect(outs.previousSqlVersion).toBe(1);
    const r = await engineUp(p, id, outs, jobInputs(d, ids, { ...job, sql: changedSql }, { pinnedSqlVersion: outs.previousSqlVersion! }));
    expect(r.changed).toBe(true);
    expect(r.outs).toMatchObject({ state: "RUNNING", sqlVersion: 1 });
    expect(d.plainSql(d.effectiveSql(Number(id))!)).toBe(job.sql);
    expect(d.apps.get(Number(id))!.restoredFrom).toBe(r.outs.lastSavepoint);
    // Pinned and unchanged: nothing more to do.
    const again = await engineUp(p, id, r.outs, jobInputs(d, ids, { ...job, sql: changedSql }, { pinnedSqlVersion: 1 }));
    expect(again.changed).toBe(false);
    // Unpinning returns to the program's SQL (version 2 text) through a savepoint.
    const back = await engineUp(p, id, r.outs, jobInputs(d, ids, { ...job, sql: changedSql }));
    expect(back.changed).toBe(true);
    expect(d.plainSql(d.effectiveSql(Number(id))!)).toBe(changedSql);
  });

  test("the stateless strategy restarts without state", async () => {
    const { job, id, outs } = await own(4, "stateless");
    const spBefore = d.savepoints.filter((s) => s.appId === Number(id) && s.type === 2).length;
    const r = await engineUp(p, id, outs, jobInputs(d, ids, { ...job, sql: job.sql.replace("COUNT(*)", "COUNT(1)") }, { upgradeStrategy: "stateless" }));
    expect(r.outs).toMatchObject({ state: "RUNNING", sqlVersion: 2 });
    expect(d.apps.get(Number(id))!.restoredFrom).toBeNull();
    expect(d.savepoints.filter((s) => s.appId === Number(id) && s.type === 2).length).toBe(spBefore);
  });

  test("delete stops each job with a final savepoint that survives the application", async () => {
    const copies = [];
    for (let i = 0; i < jobs.length; i++) copies.push(await own(i, "del"));
    const errors = jest.spyOn(console, "error").mockImplementation(() => undefined);
    for (const { job, id, outs } of copies) {
      const before = new Set(d.storage);
      await p.delete(id, outs);
      const finalSp = [...d.storage].find((s) => !before.has(s) && s.includes("savepoint-"));
      expect(finalSp).toBeDefined();
      expect(errors).toHaveBeenCalledWith(`${job.name}: final savepoint ${finalSp}`);
      expect(d.appByName(job.name)).toBeUndefined();
      expect(d.flink.live(job.name)).toHaveLength(0);
    }
    // Cancelled before delete: every delete came after a cancel-with-savepoint.
    const order = d.mutatingCalls().map((c) => c.path).filter((x) => x === "/flink/app/cancel" || x === "/flink/app/delete");
    expect(order.slice(-10)).toEqual(Array(5).fill(["/flink/app/cancel", "/flink/app/delete"]).flat());
    errors.mockRestore();
  });
});
