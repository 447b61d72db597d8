/**
 * Blue-green upgrades against the StreamPark double and its Flink cluster: green starts from a
 * savepoint of blue taken while blue runs, with its own MySQL CDC server ids; after green's gate
 * blue's application takes the new version from a savepoint of green and green goes. Faults:
 * blue's savepoint fails, green fails its gate, the console restarts mid-switch. Check refuses
 * blue-green for a job whose sinks are not all primary-key tables, naming the sink.
 */
import { StreamParkDouble } from "../doubles/streampark/server";
import { StreamParkJobProvider } from "../../components/streampark/providers/jobProvider";
import type { JobInputs } from "../../components/streampark/providers/jobProvider";
import { candidateSql, greenDescription, greenName, GREEN_SERVER_ID_OFFSET, ownConsumers, shiftServerIds } from "../../components/streampark/lifecycle/blueGreen";
import { bootstrap, config, engineCreate, engineUp, fiveJobs, jobInputs, startDouble } from "./support";

const cdc = fiveJobs().jobs[0]; // rt-dw-cdc-ingestion: MySQL CDC sources with 'server-id' ranges
const SINKS = [{ table: "paimon:ods.ods_orders", primaryKey: true }, { table: "starrocks:rtdw_serving.dq_results", primaryKey: true }];

describe("blue-green", () => {
  let d: StreamParkDouble;
  let ids: { envId: string; clusterId: string };
  const p = new StreamParkJobProvider();
  let seq = 0;
  const named = () => ({ ...cdc, name: `rt-dw-cdc-bg${++seq}` });
  const bg = (j: typeof cdc, extra: Partial<JobInputs> = {}) => jobInputs(d, ids, j, { upgradeStrategy: "blue-green", sinks: SINKS, ...extra });
  const changed = (j: typeof cdc) => ({ ...j, sql: `${j.sql.replace(/;\s*$/, "")}\n-- v2\n;`.replace("'scan.startup.mode'", "'scan.incremental.snapshot.chunk.size' = '4096',\n  'scan.startup.mode'") });
  const flinkJobs = (name: string) => [...d.flink.jobs.values()].filter((x) => x.name === name).sort((a, b) => a.startedAt - b.startedAt);

  beforeAll(async () => {
    d = await startDouble();
    await p.configure(config() as never);
    ids = await bootstrap(d);
  });
  afterAll(() => d.stop());

  test("the shifted SQL moves every server-id range and nothing else", () => {
    expect(shiftServerIds("a 'server-id' = '5400-5401', 'x' = '5400', 'server-id'='7'", 100)).toBe("a 'server-id' = '5500-5501', 'x' = '5400', 'server-id'='107'");
    expect(cdc.sql).toMatch(/'server-id'\s*=\s*'\d+/);
  });

  test("a candidate reads Paimon under consumers of its own (the running version's progress is never overwritten)", () => {
    expect(ownConsumers("/*+ OPTIONS('consumer-id' = 'job-a', 'consumer.expiration-time' = '7 d') */ 'consumer-id'='b'", "green"))
      .toBe("/*+ OPTIONS('consumer-id' = 'job-a-green', 'consumer.expiration-time' = '7 d') */ 'consumer-id'='b-green'");
    const dwd = fiveJobs().jobs.find((j) => j.name === "rt-dw-dwd-transform")!;
    const blueIds = [...dwd.sql.matchAll(/'consumer-id'\s*=\s*'([^']+)'/g)].map((m) => m[1]);
    expect(blueIds.length).toBeGreaterThan(0);
    const green = candidateSql(dwd.sql, GREEN_SERVER_ID_OFFSET, "green");
    const greenIds = [...green.matchAll(/'consumer-id'\s*=\s*'([^']+)'/g)].map((m) => m[1]);
    expect(greenIds).toEqual(blueIds.map((id) => `${id}-green`));
  });

  test("green from a savepoint of running blue, then blue takes the new version from green; green goes", async () => {
    const j = named();
    const { id, outs } = await engineCreate(p, bg(j));
    const blueJob = d.apps.get(Number(id))!.jobId!;
    const v2 = changed(j);
    expect((await p.check(outs as never, bg(v2))).inputs!.plannedAction).toMatch(/^blue-green: green from a savepoint of the running job \(which keeps running\), switch after green's health gate: SQL changed/);
    const r = await engineUp(p, id, outs, bg(v2));
    expect(r.outs).toMatchObject({ appId: id, state: "RUNNING", sqlVersion: 2 });
    const [green] = flinkJobs(`${j.name}-green`);
    // Green restored from a savepoint of blue's job (taken without stopping it), with its own server ids.
    expect(green.restoredFrom).toContain(`savepoint-${blueJob.slice(0, 6)}`);
    expect(green.sql).toBe(candidateSql(d.apps.get(Number(id))!.submittedSql!, GREEN_SERVER_ID_OFFSET, "green"));
    expect(green.sql).not.toBe(d.apps.get(Number(id))!.submittedSql);
    // Blue's application runs the new version from a savepoint of green; green is gone.
    const newBlue = d.flink.jobs.get(d.apps.get(Number(id))!.jobId!)!;
    expect(newBlue.restoredFrom).toContain(`savepoint-${green.jid.slice(0, 6)}`);
    expect(green.state).toBe("CANCELED");
    expect(d.appByName(`${j.name}-green`)).toBeUndefined();
    expect(d.flink.live(j.name)).toHaveLength(1);
    // Blue's old job ended with a stop-with-savepoint (FINISHED), not a cancel.
    expect(d.flink.jobs.get(blueJob)!.state).toBe("FINISHED");
    expect(r.outs.savepointHistory.map((e) => [e.sqlVersion, e.takenAt])).toEqual([[1, "upgrade"], [1, "upgrade"]]);
    expect((await engineUp(p, id, r.outs, bg(v2))).changed).toBe(false);
  });

  test("blue's savepoint fails: nothing changed, blue runs untouched, and the error says so", async () => {
    const j = named();
    const { id, outs } = await engineCreate(p, bg(j));
    const blueJob = d.apps.get(Number(id))!.jobId!;
    d.faults.savepointFails = (a) => a.id === Number(id);
    try {
      await expect(engineUp(p, id, outs, bg(changed(j)))).rejects.toThrow(/blue-green failed at the savepoint of blue \(Flink savepoint of job [0-9a-f]+ failed: .*CheckpointException.*\); nothing changed; blue \(rt-dw-cdc-bg\d+, SQL version 1\) is RUNNING, untouched/);
    } finally {
      d.faults.savepointFails = () => false;
    }
    expect(d.apps.get(Number(id))!.jobId).toBe(blueJob);
    expect(d.flink.jobs.get(blueJob)!.state).toBe("RUNNING");
    expect(d.appByName(`${j.name}-green`)).toBeUndefined();
  });

  test("green fails its gate: green is cancelled and deleted, blue never touched", async () => {
    const j = named();
    const { id, outs } = await engineCreate(p, bg(j));
    const blueJob = d.apps.get(Number(id))!.jobId!;
    d.faults.failsAfterStart = (a) => a.jobName.endsWith("-green");
    try {
      await expect(engineUp(p, id, outs, bg(changed(j)))).rejects.toThrow(/blue-green failed at green: green failed the health gate \(Flink restarted the job \d+ time\(s\)\); green \(rt-dw-cdc-bg\d+-green\) was cancelled and deleted; blue .* is RUNNING, untouched/);
    } finally {
      d.faults.failsAfterStart = () => false;
    }
    expect(d.apps.get(Number(id))!.jobId).toBe(blueJob);
    expect(d.flink.jobs.get(blueJob)!.state).toBe("RUNNING");
    expect(d.flink.live(`${j.name}-green`)).toHaveLength(0);
    expect(d.appByName(`${j.name}-green`)).toBeUndefined();
    expect(d.sqlRows(Number(id)).map((s) => s.version)).toEqual([1]);
  });

  test("the console restarting mid-switch: the switch signs in again and ends with one version running", async () => {
    const j = named();
    const { id, outs } = await engineCreate(p, bg(j));
    d.afterCall.set("/flink/app/create", () => d.restartConsole());
    const r = await engineUp(p, id, outs, bg(changed(j)));
    expect(r.outs).toMatchObject({ state: "RUNNING", sqlVersion: 2 });
    expect(d.flink.live(j.name)).toHaveLength(1);
    expect(d.flink.live(`${j.name}-green`)).toHaveLength(0);
    expect(d.appByName(`${j.name}-green`)).toBeUndefined();
  });

  test("a green left by an interrupted switch is removed with the job; an unrelated application is not", async () => {
    const j = named();
    const { id, outs } = await engineCreate(p, bg(j));
    await engineCreate(p, jobInputs(d, ids, { ...j, name: greenName(j.name) }, { description: greenDescription(j.name) }));
    await p.delete(id, outs);
    expect(d.appByName(j.name)).toBeUndefined();
    expect(d.appByName(greenName(j.name))).toBeUndefined();
    expect(d.flink.live(greenName(j.name))).toHaveLength(0);
    // Same name, not marked as this job's candidate: left alone.
    const other = named();
    const o = await engineCreate(p, bg(other));
    await engineCreate(p, jobInputs(d, ids, { ...other, name: greenName(other.name) }, { description: "someone else's" }));
    await p.delete(o.id, o.outs);
    expect(d.appByName(other.name)).toBeUndefined();
    expect(d.appByName(greenName(other.name))).toBeDefined();
  });

  test("check refuses blue-green for a sink without a primary key, naming it, and without known sinks", async () => {
    const reasons = async (extra: Partial<JobInputs>) => ((await p.check({} as JobInputs, bg(named(), extra))).failures ?? []).map((f) => `${f.property}: ${f.reason}`).join("\n");
    expect(await reasons({ sinks: [...SINKS, { table: "starrocks:rtdw_serving.events_log", primaryKey: false }] }))
      .toMatch(/upgradeStrategy: .*only primary-key tables absorb that \(upserts\), and starrocks:rtdw_serving.events_log has no primary key: use savepoint/);
    expect(await reasons({ sinks: undefined })).toMatch(/upgradeStrategy: .*blue-green needs the job's sinks/);
    expect(await reasons({})).toBe("");
  });
});
