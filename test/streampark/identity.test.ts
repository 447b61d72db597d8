/**
 * Identity and change: a job is its name; how to reach it (consoleUrl, flinkRestUrl) is an
 * update; a new release (a changed `__provider`) alone is no change; the preview says what up
 * will do; state written by an older release (missing or extra output fields) still refreshes
 * and deletes.
 */
import { StreamParkDouble } from "../doubles/streampark/server";
import { StreamParkJobProvider } from "../../components/streampark/providers/jobProvider";
import type { JobOutputs } from "../../components/streampark/providers/jobProvider";
import { AdminPasswordProvider, AlertConfigProvider, FlinkEnvironmentProvider, SessionClusterProvider, VariableProvider } from "../../components/streampark/providers/bootstrapProviders";
import { bootstrap, config, connection, engineCreate, fiveJobs, jobInputs, startDouble } from "./support";

describe("identity and change", () => {
  let d: StreamParkDouble;
  let ids: { envId: string; clusterId: string };
  const p = new StreamParkJobProvider();
  const job = fiveJobs().jobs[2];
  beforeAll(async () => {
    d = await startDouble();
    await p.configure(config() as never);
    ids = await bootstrap(d);
  });
  afterAll(() => d.stop());

  test("the preview says what up will do, from check (the host forwards no detailedDiff)", async () => {
    const olds = await p.check({} as never, jobInputs(d, ids, job));
    expect(olds.inputs!.plannedAction).toBe("create the StreamPark application, release and start it");
    const plan = async (patch: Record<string, unknown>) => (await p.check(olds.inputs!, { ...jobInputs(d, ids, job), ...patch })).inputs!.plannedAction;
    expect(await plan({})).toBe("no change");
    expect(await plan({ sql: job.sql.replace(/;\s*$/, "") + " AND 1 = 1;" })).toBe("restart through a savepoint: SQL changed");
    expect(await plan({ sql: job.sql.replace(/;\s*$/, "") + " AND 1 = 1;", upgradeStrategy: "stateless" })).toMatch(/^restart without state: SQL changed/);
    expect(await plan({ tags: ["rtdw", "prod"] })).toBe("update StreamPark's record in place, the job keeps running: tags changed");
    expect(await plan({ consoleUrl: "http://elsewhere:10000" })).toBe("record the resource's new settings; nothing live changes");
    expect(await plan({ name: "rt-dw-renamed" })).toMatch(/^replace: the job's name \(its identity\) changes/);
  });

  test("diff: name replaces; a moved endpoint and a new release do not; detailedDiff names the change", async () => {
    const outs = { ...(await p.check({} as never, jobInputs(d, ids, job))).inputs!, state: "RUNNING", liveName: job.name, sqlVersion: 1, pendingSqlVersion: null } as unknown as JobOutputs;
    const news = (await p.check(outs as never, jobInputs(d, ids, job))).inputs!;
    expect(await p.diff("1", { ...outs, __provider: "a" } as never, { ...news, __provider: "b" } as never)).toEqual({ changes: false });
    const moved = await p.diff("1", outs, { ...news, consoleUrl: "http://moved:10000", flinkRestUrl: "http://moved:8081" });
    expect(moved.replaces ?? []).toEqual([]);
    expect(moved.changes).toBe(true);
    expect(Object.keys(moved.detailedDiff ?? {}).sort()).toEqual(["consoleUrl", "flinkRestUrl"]);
    const sql = await p.diff("1", outs, { ...news, sql: `${news.sql} -- x\n UNION ALL SELECT 1` });
    expect(sql.detailedDiff).toEqual({ sql: { kind: "update", inputDiff: true } });
    expect(await p.diff("1", outs, { ...news, name: "rt-dw-other" })).toMatchObject({ replaces: ["name"], deleteBeforeReplace: true });
  });

  test("bootstrap resources: consoleUrl is an update, __provider alone no change", async () => {
    const conn = connection(d);
    const moved = { ...conn, consoleUrl: "http://moved:10000" };
    const cases: [{ diff(id: string, o: never, n: never): Promise<{ changes?: boolean; replaces?: string[] }> }, Record<string, unknown>][] = [
      [new AdminPasswordProvider(), { userId: "1", revision: 1, inSync: true, previousPassword: "x" }],
      [new FlinkEnvironmentProvider(), { flinkName: "f", flinkHome: "/opt/flink" }],
      [new SessionClusterProvider(), { clusterName: "c", flinkEnvId: "1", address: "http://jm:8081", executionMode: 1 }],
      [new AlertConfigProvider(), { alertName: "a", revision: 1 }],
      [new VariableProvider(), { code: "a.b", description: "d", revision: 1, desensitized: true }],
    ];
    for (const [provider, fields] of cases) {
      const olds = { ...conn, ...fields, __provider: "old release" } as never;
      expect(await provider.diff("1", olds, { ...conn, ...fields, __provider: "new release" } as never)).toEqual({ changes: false });
      const m = await provider.diff("1", olds, { ...moved, ...fields } as never);
      expect([m.changes, m.replaces ?? []]).toEqual([true, []]);
    }
  });

  test("outputs written by an older release (fields missing, one extra) still refresh and delete", async () => {
    const inputs = jobInputs(d, ids, { ...job, name: `${job.name}-old` });
    const { id, outs } = await engineCreate(p, inputs);
    const { flinkRestUrl: _a, plannedAction: _b, passwordConfigKey: _c, liveOptions: _d, liveName: _e, ...older } = outs;
    void [_a, _b, _c, _d, _e];
    const stored = { ...older, someFieldOfTheOldRelease: 42 } as unknown as JobOutputs;
    // The program of that release did not set flinkRestUrl either: no change.
    const { flinkRestUrl: _g, ...oldProgram } = inputs;
    void _g;
    expect((await p.diff(id, stored, (await p.check(stored as never, oldProgram as never)).inputs!)).changes).toBe(false);
    const read = await p.read(id, stored);
    expect(read.props).toMatchObject({ state: "RUNNING", sqlVersion: 1, name: inputs.name });
    const quiet = jest.spyOn(console, "error").mockImplementation(() => undefined);
    await p.delete(id, stored);
    quiet.mockRestore();
    expect(d.appByName(inputs.name)).toBeUndefined();
    expect(d.flink.live(inputs.name)).toHaveLength(0);
  });
});
