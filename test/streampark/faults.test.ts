/**
 * Every fault the double can inject, with the state it leaves asserted: no orphan or duplicate
 * application, no lost savepoint, and a rollback where an upgrade went wrong.
 */
import { StreamParkDouble } from "../doubles/streampark/server";
import { StreamParkJobProvider } from "../../components/streampark/providers/jobProvider";
import type { JobInputs } from "../../components/streampark/providers/jobProvider";
import { bootstrap, config, engineCreate, engineUp, fiveJobs, jobInputs, startDouble, waitFor } from "./support";

const job = fiveJobs().jobs[2];
const BROKEN = "/* broken */ INSERT INTO paimon.dwd.orders_wide SELECT 1/0;";

describe("faults", () => {
  let d: StreamParkDouble;
  let ids: { envId: string; clusterId: string };
  const p = new StreamParkJobProvider();
  let seq = 0;
  const named = (extra: Partial<JobInputs> = {}) => jobInputs(d, ids, { ...job, name: `${job.name}-f${++seq}` }, extra);
  const apps = (name: string) => [...d.apps.values()].filter((a) => a.jobName === name);

  beforeAll(async () => {
    d = await startDouble();
    await p.configure(config() as never);
    ids = await bootstrap(d);
    d.faults.failsAfterStart = (_a, sql) => sql.includes("1/0");
  });
  afterAll(() => d.stop());

  test("a job that fails after the upgrade is rolled back to the previous version from the upgrade's savepoint", async () => {
    const inputs = named();
    const { id, outs } = await engineCreate(p, inputs);
    const up = engineUp(p, id, outs, { ...inputs, sql: BROKEN });
    await expect(up).rejects.toThrow(/upgrade failed the health gate \(Flink restarted the job \d+ time\(s\)\); rolled back to SQL version 1 from .*savepoint-.*RUNNING the previous definition/);
    const app = d.apps.get(Number(id))!;
    expect(app.state).toBe(5);
    expect(d.plainSql(d.effectiveSql(app.id)!)).toBe(inputs.sql);
    // Restored from the savepoint taken before the upgrade, which still exists.
    const upgradeSavepoint = d.savepoints.filter((s) => s.appId === app.id && s.type === 2).sort((a, b) => a.id - b.id)[0];
    expect(app.restoredFrom).toBe(upgradeSavepoint.path);
    expect(d.storage.has(upgradeSavepoint.path)).toBe(true);
    expect(apps(inputs.name)).toHaveLength(1);
    // The broken version stays in history; refresh shows version 1 effective.
    const read = await p.read(id, outs);
    expect(read.props).toMatchObject({ state: "RUNNING", sqlVersion: 1, pendingSqlVersion: null });
  });

  test("with StreamPark auto-restarts on, a job restarted during the gate is unhealthy too", async () => {
    const inputs = named({ consoleRestarts: 2 });
    const { id, outs } = await engineCreate(p, inputs);
    expect(d.apps.get(Number(id))!.restartSize).toBe(2);
    await expect(engineUp(p, id, outs, { ...inputs, sql: BROKEN })).rejects.toThrow(/health gate \((Flink restarted the job|the job went FAILED)[^)]*\)+; rolled back to SQL version 1/);
    expect(d.plainSql(d.effectiveSql(Number(id))!)).toBe(inputs.sql);
    expect(d.apps.get(Number(id))!.state).toBe(5);
  });

  test("an upgrade that completes no checkpoints in time is rolled back", async () => {
    const inputs = named({ healthGate: { checkpoints: 2, timeoutSeconds: 0.5 } });
    const { id, outs } = await engineCreate(p, inputs);
    d.faults.noCheckpoints = (_a, sql) => sql.includes("slow_sink");
    const slow = inputs.sql.replace(/;\s*$/, "") + " -- x\n UNION ALL SELECT * FROM slow_sink;";
    await expect(engineUp(p, id, outs, { ...inputs, sql: slow })).rejects.toThrow(/only 0 of 2 checkpoints completed within 0.5s\); rolled back to SQL version 1/);
    expect(d.apps.get(Number(id))!.state).toBe(5);
    expect(d.plainSql(d.effectiveSql(Number(id))!)).toBe(inputs.sql);
    d.faults.noCheckpoints = () => false;
  });

  test("a failing stop-with-savepoint brings the previous definition back from the latest checkpoint", async () => {
    const inputs = named();
    const { id, outs } = await engineCreate(p, inputs);
    await waitFor("a checkpoint", () => d.tick() === undefined && d.savepoints.some((s) => s.appId === Number(id) && s.type === 1));
    d.faults.savepointFails = (a) => a.id === Number(id);
    await expect(engineUp(p, id, outs, { ...inputs, sql: inputs.sql.replace("JOIN", "LEFT JOIN") }))
      .rejects.toThrow(/could not stop with a savepoint .*rolled back to SQL version 1 from .*chk-/);
    d.faults.savepointFails = () => false;
    const app = d.apps.get(Number(id))!;
    expect(app.state).toBe(5);
    expect(d.plainSql(d.effectiveSql(app.id)!)).toBe(inputs.sql);
    // No half-applied edit left to run at the next start.
    expect(d.sqlRows(app.id).filter((s) => s.candidate !== 0)).toHaveLength(0);
  });

  test("a lost answer to create is adopted, not duplicated", async () => {
    const inputs = named();
    d.fail("/flink/app/create", { kind: "timeout", afterHandling: true });
    const { outs } = await engineCreate(p, inputs);
    expect(outs.state).toBe("RUNNING");
    expect(apps(inputs.name)).toHaveLength(1);
  });

  test("lost answers to start and cancel during an upgrade are checked, not repeated", async () => {
    const inputs = named();
    const { id, outs } = await engineCreate(p, inputs);
    const count = (path: string) => d.calls.filter((c) => c.path === path).length;
    const [cancels, starts] = [count("/flink/app/cancel"), count("/flink/app/start")];
    d.fail("/flink/app/cancel", { kind: "timeout", afterHandling: true });
    d.fail("/flink/app/start", { kind: "reset", afterHandling: true });
    const r = await engineUp(p, id, outs, { ...inputs, sql: inputs.sql.replace("JOIN", "LEFT JOIN") });
    expect(r.outs).toMatchObject({ state: "RUNNING", sqlVersion: 2 });
    const app = d.apps.get(Number(id))!;
    expect(app.restoredFrom).toBe(r.outs.lastSavepoint);
    // Each sent once: the provider saw the state change instead of repeating them.
    expect([count("/flink/app/cancel") - cancels, count("/flink/app/start") - starts]).toEqual([1, 1]);
  });

  test("delete refuses to lose state: a failed final savepoint keeps the application; the next delete reports the retained checkpoint", async () => {
    const inputs = named();
    const { id, outs } = await engineCreate(p, inputs);
    await waitFor("a checkpoint", () => d.tick() === undefined && d.savepoints.some((s) => s.appId === Number(id) && s.type === 1));
    d.faults.savepointFails = (a) => a.id === Number(id);
    await expect(p.delete(id, outs)).rejects.toThrow(/cancel with savepoint failed: the job went FAILED/);
    expect(d.apps.has(Number(id))).toBe(true);
    d.faults.savepointFails = () => false;
    const log = jest.spyOn(console, "error").mockImplementation(() => undefined);
    await p.delete(id, outs);
    expect(log.mock.calls[0][0]).toMatch(/final savepoint .*chk-\d+$/);
    log.mockRestore();
    expect(d.apps.has(Number(id))).toBe(false);
  });

  test("a create interrupted halfway (build failed) is adopted by the next up by its exact name", async () => {
    const inputs = named();
    d.faults.buildFails = (a) => (a.jobName === inputs.name ? "[ERROR] could not resolve dependency" : undefined);
    await expect(engineCreate(p, inputs)).rejects.toThrow(/release \(build\) failed: \[ERROR\] could not resolve dependency/);
    expect(apps(inputs.name)).toHaveLength(1);
    d.faults.buildFails = () => undefined;
    // A name that merely contains this one must not be mistaken for it.
    await engineCreate(p, { ...inputs, name: `${inputs.name}-x` });
    const { id, outs } = await engineCreate(p, inputs);
    expect(outs.state).toBe("RUNNING");
    expect(apps(inputs.name).map((a) => String(a.id))).toEqual([id]);
  });

  test("5xx and timeouts on safe calls are retried; business errors are not", async () => {
    const inputs = named();
    d.fail("/flink/app/list", { kind: "http502" }, 2);
    d.fail("/flink/app/get", { kind: "timeout" }, 1);
    d.fail("/flink/savepoint/history", { kind: "reset" }, 1);
    const { outs } = await engineCreate(p, inputs);
    expect(outs.state).toBe("RUNNING");
    // A mutating call answered 500 is not repeated, and the error names the call.
    const other = named();
    d.fail("/flink/app/create", { kind: "http500" });
    const before = d.calls.filter((c) => c.path === "/flink/app/create").length;
    await expect(engineCreate(p, other)).rejects.toThrow(/StreamPark POST \/flink\/app\/create failed \(HTTP 500 code 500\)/);
    expect(d.calls.filter((c) => c.path === "/flink/app/create").length).toBe(before + 1);
    expect(apps(other.name)).toHaveLength(0);
  });

  test("a console restart during an upgrade invalidates the token; the provider signs in again", async () => {
    const inputs = named();
    const { id, outs } = await engineCreate(p, inputs);
    const signIns = () => d.calls.filter((c) => c.path === "/passport/signin").length;
    const before = signIns();
    // The console restarts right after it accepted the cancel: every later call meets a dead token.
    d.afterCall.set("/flink/app/cancel", () => d.restartConsole());
    const r = await engineUp(p, id, outs, { ...inputs, sql: inputs.sql.replace("JOIN", "LEFT JOIN") });
    expect(r.outs).toMatchObject({ state: "RUNNING", sqlVersion: 2 });
    expect(d.calls.some((c) => c.status === 401)).toBe(true);
    expect(signIns()).toBeGreaterThanOrEqual(before + 2);
  });

  test("start refused by StreamPark fails the create with its reason", async () => {
    const inputs = named();
    d.unreachable.add("http://jobmanager:8081");
    await expect(engineCreate(p, inputs)).rejects.toThrow(/the target cluster is unavailable/);
    d.unreachable.clear();
  });

  test("a wrong admin password fails with a clear message and no secret in it", async () => {
    const inputs = named({ adminPassword: "not-the-password-123" });
    const err = await engineCreate(p, inputs).catch((e: Error) => e);
    expect(String(err)).toMatch(/user 'admin' could not sign in: wrong password/);
    expect(String(err)).not.toContain("not-the-password-123");
  });

  test("check rejects bad input naming the job and the field, without the network", async () => {
    const calls = d.calls.length;
    const r = await p.check({} as JobInputs, named({ sql: "SELECT '${kafka.password}'", variables: [], options: { ...named().options, checkpointInterval: "soon" }, upgradeStrategy: "bluegreen" as never }));
    const reasons = r.failures!.map((f) => `${f.property}: ${f.reason}`).join("\n");
    expect(reasons).toMatch(/options: rt-dw-.*options.checkpointInterval must be a Flink duration/);
    expect(reasons).toMatch(/upgradeStrategy: .*"savepoint" or "stateless"/);
    expect(reasons).toMatch(/variables: .*references \$\{kafka.password\} but no StreamPark variable/);
    const gate = await p.check({} as JobInputs, named({ options: { ...named().options, checkpointInterval: "2min" }, healthGate: { checkpoints: 3, timeoutSeconds: 300 } }));
    expect(gate.failures!.map((f) => f.reason).join()).toMatch(/health gate can never pass: 3 checkpoints every 2min take longer than its 300s time limit/);
    // A preview of a new stack: ids, URL and SQL are unknown yet; nothing fails, diff says "change".
    const U = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const unknown = await p.check({} as JobInputs, named({ consoleUrl: U, clusterId: U, flinkEnvId: U, sql: U, options: U as never }));
    expect(unknown.failures).toEqual([]);
    expect(d.calls.length).toBe(calls);
    expect(d.calls.length).toBe(calls);
  });
});
