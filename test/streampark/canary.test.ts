/**
 * Canary upgrades against the StreamPark double and its Flink cluster (issue 12): green runs
 * beside blue writing shadow tables (created before green starts, dropped afterwards), the
 * comparison reads through a fake sink reader, a pass promotes through the blue-green switch, a
 * failure fails the update with the comparison. Faults: green fails to start, the comparison
 * cannot read a sink, the console restarts mid-switch. Check refuses canary where it cannot work.
 */
import { StreamParkDouble } from "../doubles/streampark/server";
import { StreamParkJobProvider } from "../../components/streampark/providers/jobProvider";
import type { JobInputs, JobOutputs } from "../../components/streampark/providers/jobProvider";
import type { CanarySinks, SinkEngine, SinkSummary, SummaryQuery } from "../../components/streampark/lifecycle/canaryCompare";
import { canaryName, CANARY_SERVER_ID_OFFSET } from "../../components/streampark/lifecycle/canary";
import { shiftServerIds } from "../../components/streampark/lifecycle/blueGreen";
import { jobSinks } from "../../components/warehouse/sinkKeys";
import { defaultWarehouseVariables, schemaObjects } from "../../components/warehouse";
import { bootstrap, config, engineCreate, engineUp, fiveJobs, jobInputs, sleep, startDouble } from "./support";

const cdc = fiveJobs().jobs[0]; // rt-dw-cdc-ingestion: five Paimon ODS sinks, MySQL CDC server ids
const SINKS = jobSinks([cdc], schemaObjects(defaultWarehouseVariables))[cdc.name];
const ENGINES = { paimon: { setup: [] } };

/**
 * The sinks' engines, faked as strictly as the schema engines answer: a read of a table that does
 * not exist fails (Flink: "Table ... does not exist"), DROP TABLE IF EXISTS of a missing one does not.
 */
class FakeSinks implements CanarySinks {
  readonly statements: { engine: SinkEngine; sql: string }[] = [];
  readonly shadows = new Set<string>();
  summary: (q: SummaryQuery) => SinkSummary = () => ({ rows: 10, ranges: { "3": 6, a: 4 }, sums: {} });
  readFails: (q: SummaryQuery) => string | undefined = () => undefined;
  /** Called at each statement: how many canary Flink jobs run then (shadows must exist before green starts). */
  probe: () => number = () => 0;
  readonly canaryRunningAt: { sql: string; running: number }[] = [];
  async execute(engine: SinkEngine, sql: string) {
    this.statements.push({ engine, sql });
    this.canaryRunningAt.push({ sql, running: this.probe() });
    const shadow = /`([^`]+__canary)`/.exec(sql)?.[1];
    if (!shadow) throw new Error(`the canary ran DDL on a table that is not a shadow: ${sql}`);
    if (/^CREATE TABLE/i.test(sql)) this.shadows.add(shadow);
    if (/^DROP TABLE IF EXISTS/i.test(sql)) this.shadows.delete(shadow);
  }
  async summarize(q: SummaryQuery) {
    for (const t of [q.table, q.onlyKeysOf].filter((x): x is string[] => !!x)) {
      const last = t[t.length - 1];
      if (last.endsWith("__canary") && !this.shadows.has(last)) throw new Error(`Table ${t.join(".")} does not exist`);
    }
    const why = this.readFails(q);
    if (why) throw new Error(why);
    const s = this.summary(q);
    return { ...s, sums: Object.fromEntries(q.numeric.map((c) => [c, s.sums[c] ?? 100])) };
  }
  async close() { /* nothing held */ }
}

describe("canary", () => {
  let d: StreamParkDouble;
  let ids: { envId: string; clusterId: string };
  const sinks = new FakeSinks();
  const p = new StreamParkJobProvider({ canarySinks: () => sinks, canarySleep: () => sleep(50) });
  let seq = 0;
  const named = () => ({ ...cdc, name: `rt-dw-cdc-cn${++seq}` });
  const cn = (j: typeof cdc, extra: Partial<JobInputs> = {}) => jobInputs(d, ids, j, {
    upgradeStrategy: "canary", sinks: SINKS, sinkEngines: ENGINES, canaryPaimonEndpoint: "http://gateway:8083", canary: { windowSeconds: 0.05 }, ...extra,
  });
  const changed = (j: typeof cdc) => ({ ...j, sql: `${j.sql.replace(/;\s*$/, "")}\n-- v2\n;`.replace("'scan.startup.mode'", "'scan.incremental.snapshot.chunk.size' = '4096',\n  'scan.startup.mode'") });
  const flinkJobs = (name: string) => [...d.flink.jobs.values()].filter((x) => x.name === name).sort((a, b) => a.startedAt - b.startedAt);
  const blueUntouched = (id: string, blueJob: string, name: string) => {
    expect(d.apps.get(Number(id))!.jobId).toBe(blueJob);
    expect(d.flink.jobs.get(blueJob)!.state).toBe("RUNNING");
    expect(d.flink.live(canaryName(name))).toHaveLength(0);
    expect(d.appByName(canaryName(name))).toBeUndefined();
    expect(d.sqlRows(Number(id)).map((s) => s.version)).toEqual([1]);
    expect([...sinks.shadows]).toEqual([]);
  };

  beforeAll(async () => {
    d = await startDouble();
    await p.configure(config() as never);
    ids = await bootstrap(d);
  });
  afterEach(() => {
    sinks.summary = () => ({ rows: 10, ranges: { "3": 6, a: 4 }, sums: {} });
    sinks.readFails = () => undefined;
    d.faults.buildFails = () => undefined;
    d.afterCall.clear();
    sinks.probe = () => 0;
    sinks.shadows.clear(); // a failed test leaves nothing for the next one
  });
  afterAll(() => d.stop());

  test("pass: green writes shadows beside blue, the comparison passes, blue-green promotes; shadows and green go", async () => {
    const j = named();
    const { id, outs } = await engineCreate(p, cn(j));
    const blueJob = d.apps.get(Number(id))!.jobId!;
    const v2 = changed(j);
    sinks.probe = () => d.flink.live(canaryName(j.name)).length;
    expect((await p.check(outs as never, cn(v2))).inputs!.plannedAction).toMatch(/^canary: green beside the running job against shadow tables for the window.*: SQL changed/);
    const r = await engineUp(p, id, outs, cn(v2));
    expect(r.outs).toMatchObject({ appId: id, state: "RUNNING", sqlVersion: 2 });
    const [canary] = flinkJobs(canaryName(j.name));
    // The canary ran from a savepoint of blue (blue kept running), wrote only shadows, with server ids of its own.
    expect(canary.restoredFrom).toContain(`savepoint-${blueJob.slice(0, 6)}`);
    expect(canary.sql).toContain("`ods_orders__canary`");
    expect(canary.sql).not.toMatch(/INSERT INTO `paimon`\.`ods`\.`ods_orders`\s/);
    const serverIds = (sql: string) => [...sql.matchAll(/'server-id'\s*=\s*'(\d+)-(\d+)'/g)].flatMap((m) => [Number(m[1]), Number(m[2])]);
    const blueIds = serverIds(d.apps.get(Number(id))!.submittedSql!);
    expect(blueIds.length).toBeGreaterThan(0);
    expect(serverIds(canary.sql)).toEqual(blueIds.map((x) => x + CANARY_SERVER_ID_OFFSET));
    expect(canary.state).toBe("CANCELED");
    // Shadows: one per sink, created before, dropped after.
    const created = sinks.statements.filter((s) => /^CREATE TABLE/.test(s.sql)).map((s) => /`([^`]+__canary)`/.exec(s.sql)![1]);
    expect(created.sort()).toEqual(SINKS.map((s) => `${s.table.split(".").pop()}__canary`).sort());
    expect([...sinks.shadows]).toEqual([]);
    expect(sinks.canaryRunningAt.filter((s) => /^CREATE/.test(s.sql)).map((s) => s.running)).toEqual(SINKS.map(() => 0));
    expect(sinks.canaryRunningAt.filter((s) => /^DROP/.test(s.sql)).slice(-SINKS.length).map((s) => s.running)).toEqual(SINKS.map(() => 0));
    // Promoted through blue-green: blue's application runs the new version, one version consumes.
    expect(d.flink.live(j.name)).toHaveLength(1);
    expect(d.flink.live(`${j.name}-green`)).toHaveLength(0);
    expect(d.flink.jobs.get(blueJob)!.state).toBe("FINISHED");
    expect(r.outs.canaryComparison).toMatchObject({ verdict: "pass" });
    expect(r.outs.canaryComparison!.sinks.map((s) => s.sink).sort()).toEqual(SINKS.map((s) => s.table).sort());
    // No savepoint lost: the canary's savepoint of blue and the switch's are in the history.
    expect(r.outs.savepointHistory.map((e) => [e.sqlVersion, e.takenAt])).toEqual([[1, "upgrade"], [1, "upgrade"], [1, "upgrade"]]);
    expect((await engineUp(p, id, r.outs, cn(v2))).changed).toBe(false);
  });

  test("fail: the update fails with the comparison (what, by how much, the tolerance), kept in the outputs; blue untouched", async () => {
    const j = named();
    const { id, outs } = await engineCreate(p, cn(j, { canary: { windowSeconds: 0.05, tolerances: { rowsPercent: 5 } } }));
    const blueJob = d.apps.get(Number(id))!.jobId!;
    // Green writes 12 rows in range 3 where blue holds 10 for the same keys: +20% > 5%.
    sinks.summary = (q) => ({ rows: 10, ranges: { "3": q.onlyKeysOf || !q.table[2].endsWith("__canary") ? 10 : 12 }, sums: {} });
    const err = await engineUp(p, id, outs, cn(changed(j), { canary: { windowSeconds: 0.05, tolerances: { rowsPercent: 5 } } })).then(() => undefined, (e: Error & { properties?: JobOutputs }) => e);
    expect(err?.message).toMatch(/canary failed after 0.05s: paimon:ods\.\w+: rows in key range 3: blue 10, green 12 \(\+20\.00%, tolerance 5%\)/);
    expect(err?.message).toMatch(/green \(rt-dw-cdc-cn\d+-canary\) was cancelled and deleted; the shadow tables were dropped; blue \(rt-dw-cdc-cn\d+, SQL version 1\) is RUNNING, untouched/);
    expect(err?.properties?.canaryComparison).toMatchObject({ verdict: "fail", tolerances: { rowsPercent: 5 } });
    expect(err?.properties?.sqlVersion).toBe(1);
    blueUntouched(id, blueJob, j.name);
    // A refresh keeps it.
    expect((await p.read(id, err!.properties!)).props!.canaryComparison).toMatchObject({ verdict: "fail" });
    // The next preview says the last canary failed, and why.
    expect((await p.check(err!.properties as never, cn(changed(j)))).inputs!.plannedAction).toMatch(/\(the last canary failed: canary failed after 0.05s: .*rows in key range 3/);
  });

  test("green fails to start: green removed, shadows dropped, blue untouched; the error names the step and what runs", async () => {
    const j = named();
    const { id, outs } = await engineCreate(p, cn(j));
    const blueJob = d.apps.get(Number(id))!.jobId!;
    d.faults.buildFails = (a) => (a.jobName.endsWith("-canary") ? "maven: could not resolve a connector" : undefined);
    await expect(engineUp(p, id, outs, cn(changed(j)))).rejects.toThrow(/canary failed at green \(rt-dw-cdc-cn\d+-canary\): .*could not resolve a connector.*; green \(rt-dw-cdc-cn\d+-canary\) was cancelled and deleted; the shadow tables were dropped; blue \(rt-dw-cdc-cn\d+, SQL version 1\) is RUNNING, untouched/);
    blueUntouched(id, blueJob, j.name);
  });

  test("the comparison cannot read a sink: green removed, shadows dropped, blue untouched, the error names the sink", async () => {
    const j = named();
    const { id, outs } = await engineCreate(p, cn(j));
    const blueJob = d.apps.get(Number(id))!.jobId!;
    sinks.readFails = (q) => (q.table.join(".") === "paimon.ods.ods_orders" ? "cannot reach the Flink SQL Gateway at http://gateway:8083: ECONNREFUSED" : undefined);
    await expect(engineUp(p, id, outs, cn(changed(j)))).rejects.toThrow(/canary failed at the comparison: cannot read paimon:ods\.ods_orders on paimon: cannot reach the Flink SQL Gateway .*ECONNREFUSED; green \(rt-dw-cdc-cn\d+-canary\) was cancelled and deleted; the shadow tables were dropped; blue .* is RUNNING, untouched/);
    blueUntouched(id, blueJob, j.name);
  });

  test("the console restarting mid-canary: it signs in again and ends with one version running, no shadow left", async () => {
    const j = named();
    const { id, outs } = await engineCreate(p, cn(j));
    d.afterCall.set("/flink/app/create", () => d.restartConsole());
    const r = await engineUp(p, id, outs, cn(changed(j)));
    expect(r.outs).toMatchObject({ state: "RUNNING", sqlVersion: 2, canaryComparison: { verdict: "pass" } });
    expect(d.flink.live(j.name)).toHaveLength(1);
    expect(d.flink.live(canaryName(j.name))).toHaveLength(0);
    expect(d.appByName(canaryName(j.name))).toBeUndefined();
    expect([...sinks.shadows]).toEqual([]);
  });

  test("check refuses canary where it cannot work, naming the key", async () => {
    const reasons = async (extra: Partial<JobInputs>) => ((await p.check({} as JobInputs, cn(named(), extra))).failures ?? []).map((f) => `${f.property}: ${f.reason}`).join("\n");
    expect(await reasons({})).toBe("");
    expect(await reasons({ canary: undefined })).toMatch(/^canary: .*needs canary.window/);
    expect(await reasons({ canary: { windowSeconds: 60, tolerances: { rows: 1 } as never } })).toMatch(/canary: .*canary.tolerances.rows is not a tolerance/);
    expect(await reasons({ sinks: [...SINKS, { table: "starrocks:rtdw_serving.events_log", primaryKey: false }] })).toMatch(/upgradeStrategy: .*canary \(promoted through blue-green\).*events_log has no primary key/);
    expect(await reasons({ sinks: [{ table: "paimon:ods.ods_orders", primaryKey: true }] })).toMatch(/upgradeStrategy: .*paimon:ods\.ods_orders is not one: use blue-green/);
    expect(await reasons({ sinkEngines: {} })).toMatch(/sinkEngines: .*reads paimon sinks, but sinkEngines\.paimon/);
    expect(await reasons({ canaryPaimonEndpoint: undefined })).toMatch(/canaryPaimonEndpoint: .*reads paimon sinks, but canaryPaimonEndpoint is not set/);
  });

  test("the shadowed SQL is the job's with shadows and shifted server ids only", () => {
    expect(shiftServerIds("'server-id' = '5400-5401'", CANARY_SERVER_ID_OFFSET)).toBe("'server-id' = '205400-205401'");
  });
});
