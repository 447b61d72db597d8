/**
 * `pulumi refresh` sees what was done by hand in the StreamPark UI, and the next `up` puts the
 * job back: stopped by hand, SQL edited (pending), SQL edited and released, parallelism changed,
 * application deleted.
 */
import { StreamParkDouble } from "../doubles/streampark/server";
import { diffJob, StreamParkJobProvider } from "../../components/streampark/providers/jobProvider";
import type { JobInputs, JobOutputs } from "../../components/streampark/providers/jobProvider";
import { bootstrap, config, engineCreate, engineUp, fiveJobs, jobInputs, startDouble, waitFor } from "./support";

const job = fiveJobs().jobs[3];

describe("refresh drift", () => {
  let d: StreamParkDouble;
  let ids: { envId: string; clusterId: string };
  const p = new StreamParkJobProvider();
  let seq = 0;
  const named = () => jobInputs(d, ids, { ...job, name: `${job.name}-d${++seq}` });
  /** refresh, then the diff `pulumi preview` would compute against the program. */
  async function refresh(id: string, outs: JobOutputs, inputs: JobInputs) {
    const r = await p.read(id, outs);
    return { read: r, diff: diffJob(r.props!, (await p.check(outs as never, inputs)).inputs!) };
  }

  beforeAll(async () => {
    d = await startDouble();
    await p.configure(config() as never);
    ids = await bootstrap(d);
  });
  afterAll(() => d.stop());

  test("an untouched job refreshes to no change, without mutating calls", async () => {
    const inputs = named();
    const { id, outs } = await engineCreate(p, inputs);
    const before = d.mutatingCalls().length;
    const { read, diff } = await refresh(id, outs, inputs);
    expect(read.props).toMatchObject({ state: "RUNNING", sqlVersion: 1, sql: inputs.sql });
    expect(diff.changes).toBe(false);
    expect(d.mutatingCalls().length).toBe(before);
  });

  test("stopped by hand: refresh reports CANCELED, up restarts it from the latest savepoint", async () => {
    const inputs = named();
    const { id, outs } = await engineCreate(p, inputs);
    await waitFor("a checkpoint", () => d.tick() === undefined && d.savepoints.some((s) => s.appId === Number(id) && s.type === 1));
    d.stopByHand(Number(id));
    const { read, diff } = await refresh(id, outs, inputs);
    expect(read.props!.state).toBe("CANCELED");
    expect(diff.changes).toBe(true);
    const up = await engineUp(p, id, read.props!, inputs);
    expect(up.outs.state).toBe("RUNNING");
    expect(d.apps.get(Number(id))!.restoredFrom).toMatch(/chk-\d+$/);
  });

  test("SQL edited by hand but not released: refresh shows a pending version, up discards it", async () => {
    const inputs = named();
    const { id, outs } = await engineCreate(p, inputs);
    d.editSqlByHand(Number(id), "INSERT INTO x SELECT 1;");
    const { read, diff } = await refresh(id, outs, inputs);
    expect(read.props).toMatchObject({ state: "RUNNING", sqlVersion: 1, pendingSqlVersion: 2 });
    expect(diff.changes).toBe(true);
    const jobId = d.apps.get(Number(id))!.jobId;
    const up = await engineUp(p, id, read.props!, inputs);
    expect(up.outs).toMatchObject({ state: "RUNNING", sqlVersion: 1, pendingSqlVersion: null });
    expect(d.sqlRows(Number(id)).map((s) => s.version)).toEqual([1]);
    expect(d.apps.get(Number(id))!.jobId).toBe(jobId); // the running job was not restarted
  });

  test("SQL edited, released and restarted by hand: refresh shows the live SQL, up upgrades back", async () => {
    const inputs = named();
    const { id, outs } = await engineCreate(p, inputs);
    const handSql = "INSERT INTO paimon.dws.sales SELECT 42;";
    d.editSqlByHand(Number(id), handSql);
    d.stopByHand(Number(id));
    const app = d.apps.get(Number(id))!;
    app.release = 0;
    d.effective.set(app.id, d.sqlRows(app.id)[0].id);
    d.sqlRows(app.id)[0].candidate = 0;
    const { read, diff } = await refresh(id, outs, inputs);
    expect(read.props).toMatchObject({ sql: handSql, sqlVersion: 2 });
    expect((read.inputs as unknown as JobInputs).sql).toBe(handSql); // the preview renders hand SQL -> program SQL
    expect(diff.changes).toBe(true);
    const up = await engineUp(p, id, read.props!, inputs);
    expect(up.outs).toMatchObject({ state: "RUNNING", sqlVersion: 3, sql: inputs.sql });
  });

  test("parallelism changed in the UI: refresh sees it and up restores it", async () => {
    const inputs = named();
    const { id, outs } = await engineCreate(p, inputs);
    const app = d.apps.get(Number(id))!;
    app.options = JSON.stringify({ ...JSON.parse(app.options!), "parallelism.default": 12 });
    const { read, diff } = await refresh(id, outs, inputs);
    expect(diff.changes).toBe(true);
    // The refreshed inputs carry the live value, so the preview renders 12 -> the program's value.
    expect((read.inputs as unknown as JobInputs).options.parallelism).toBe(12);
    const up = await engineUp(p, id, read.props!, inputs);
    expect(JSON.parse(d.apps.get(Number(id))!.options!)["parallelism.default"]).toBe(job.parallelism);
    expect(up.outs.state).toBe("RUNNING");
  });

  test("renamed by hand: refresh sees it, up renames it back without losing the job", async () => {
    const inputs = named();
    const { id, outs } = await engineCreate(p, inputs);
    d.apps.get(Number(id))!.jobName = "renamed-in-ui";
    const { read, diff } = await refresh(id, outs, inputs);
    expect(read.props).toMatchObject({ name: inputs.name, liveName: "renamed-in-ui" });
    expect(diff).toMatchObject({ changes: true });
    expect(diff.replaces).toBeUndefined();
    const up = await engineUp(p, id, read.props!, inputs);
    expect(up.outs).toMatchObject({ appId: id, liveName: inputs.name, state: "RUNNING" });
    expect(d.apps.get(Number(id))!.restoredFrom).toBe(up.outs.lastSavepoint);
  });

  test("deleted by hand: refresh reports it gone", async () => {
    const inputs = named();
    const { id, outs } = await engineCreate(p, inputs);
    d.apps.delete(Number(id));
    const r = await p.read(id, outs);
    expect(r.id).toBe("");
  });

  test("preview diff: name change replaces, provider code change updates, unknowns are a change", () => {
    const olds = { ...named(), appId: "1", state: "RUNNING", sqlVersion: 1, pendingSqlVersion: null, liveOptions: null } as unknown as JobOutputs;
    const news = named();
    expect(diffJob({ ...olds, name: news.name, liveOptions: null } as JobOutputs, news).replaces).toBeUndefined();
    expect(diffJob(olds, { ...news, name: "rt-dw-renamed" }).replaces).toEqual(["name"]);
    expect(diffJob(olds, { ...news, sql: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" }).changes).toBe(true);
  });
});
