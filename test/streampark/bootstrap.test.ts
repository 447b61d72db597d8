/**
 * The console bootstrap against the double: admin password rotation from the shipped default,
 * Flink environment and session cluster (adopted, updated, refused while in use), alert
 * configurations over JSON, and desensitized variables whose rotation restarts the jobs using them.
 */
import { StreamParkDouble } from "../doubles/streampark/server";
import {
  AdminPasswordProvider, AlertConfigProvider, FlinkEnvironmentProvider, SessionClusterProvider, VariableProvider,
} from "../../components/streampark/providers/bootstrapProviders";
import type { AdminPasswordInputs, AlertInputs, VariableInputs } from "../../components/streampark/providers/bootstrapProviders";
import { StreamParkJobProvider } from "../../components/streampark/providers/jobProvider";
import { ADMIN_PASSWORD, bootstrap, config, connection, engineCreate, engineUp, fiveJobs, jobInputs, PASSWORD_KEY } from "./support";

describe("admin password rotation", () => {
  let d: StreamParkDouble;
  const p = new AdminPasswordProvider();
  beforeEach(async () => {
    d = new StreamParkDouble(); // shipped default: admin / streampark
    await d.start();
  });
  afterEach(() => d.stop());
  const inputs = (): AdminPasswordInputs => ({ ...connection(d), previousPassword: "streampark" });

  test("rotates the shipped default to the stack's secret, then is a no-op", async () => {
    const checked = await p.check({} as AdminPasswordInputs, inputs());
    expect(checked.failures).toHaveLength(0);
    const r = await p.create(checked.inputs!);
    expect(d.users[0].password).toBe(ADMIN_PASSWORD);
    expect(JSON.stringify(r.outs)).not.toContain(ADMIN_PASSWORD);
    expect(d.calls.filter((c) => c.path === "/user/password")).toHaveLength(1);
    // Already rotated (e.g. an interrupted up): create adopts without changing anything.
    await p.create(checked.inputs!);
    expect(d.calls.filter((c) => c.path === "/user/password")).toHaveLength(1);
    // Same secret next time: no diff.
    const again = await p.check(checked.inputs!, inputs());
    expect((await p.diff("x", r.outs!, again.inputs!)).changes).toBe(false);
  });

  test("a new secret is a change; changed by hand in the UI shows on refresh", async () => {
    const first = await p.check({} as AdminPasswordInputs, inputs());
    const r = await p.create(first.inputs!);
    const next = await p.check(first.inputs!, { ...inputs(), adminPassword: "an0ther-Passw0rd", previousPassword: ADMIN_PASSWORD });
    expect((await p.diff("x", r.outs!, next.inputs!)).changes).toBe(true);
    await p.update("x", r.outs!, next.inputs!);
    expect(d.users[0].password).toBe("an0ther-Passw0rd");

    d.users[0].password = "changed-in-ui";
    await p.configure({ config: { get: (k: string) => (k === PASSWORD_KEY ? "an0ther-Passw0rd" : undefined) } } as never);
    const read = await p.read("x", r.outs!);
    expect(read.props!.inSync).toBe(false);
    expect((await p.diff("x", read.props!, next.inputs!)).changes).toBe(true);
  });

  test("neither password works: a clear error, no secret in it", async () => {
    d.users[0].password = "somebody-else";
    const checked = await p.check({} as AdminPasswordInputs, inputs());
    const err = await p.create(checked.inputs!).catch((e: Error) => e);
    expect(String(err)).toMatch(/accepts neither the stack's admin password nor the previous one/);
    expect(String(err)).not.toContain(ADMIN_PASSWORD);
  });

  test("a short password is refused at check, naming the config key", async () => {
    const r = await p.check({} as AdminPasswordInputs, { ...inputs(), adminPassword: "short" });
    expect(r.failures!.map((f) => f.reason).join()).toMatch(/rtdw:streamparkAdminPassword/);
  });
});

describe("environment, cluster, alerts and variables", () => {
  let d: StreamParkDouble;
  beforeAll(async () => {
    d = new StreamParkDouble({ adminPassword: ADMIN_PASSWORD });
    await d.start();
  });
  afterAll(() => d.stop());

  test("environment and cluster are created once, adopted by name, refused while in use", async () => {
    const ids = await bootstrap(d);
    const again = await bootstrap(d);
    expect(again).toEqual(ids);
    expect(d.envs).toHaveLength(1);
    expect(d.clusters).toHaveLength(1);
    expect(d.clusters[0]).toMatchObject({ executionMode: 1, address: "http://jobmanager:8081", clusterState: 1, versionId: Number(ids.envId) });

    const jobs = new StreamParkJobProvider();
    await jobs.configure(config() as never);
    await engineCreate(jobs, jobInputs(d, ids, { ...fiveJobs().jobs[1], name: "rt-dw-in-use" }));
    const env = new FlinkEnvironmentProvider();
    const envOuts = { ...connection(d), flinkName: "flink-1.20.1", flinkHome: "/opt/flink", envId: ids.envId, flinkVersion: "1.20.1" };
    await expect(env.update(ids.envId, envOuts, { ...connection(d), flinkName: "flink-1.20.1", flinkHome: "/opt/flink-2" }))
      .rejects.toThrow(/HTTP 500 code 502\): .*The flink home is still in use by some flink cluster/);
    const cluster = new SessionClusterProvider();
    await cluster.configure(config() as never);
    await expect(cluster.delete(ids.clusterId, { ...connection(d), clusterName: "rtdw-session", flinkEnvId: ids.envId, address: "http://jobmanager:8081", executionMode: 1, clusterId: ids.clusterId, clusterState: 1 }))
      .rejects.toThrow(/some app on this cluster/);
  });

  test("an unreachable JobManager is reported by the cluster check", async () => {
    d.unreachable.add("http://nowhere:8081");
    const cluster = new SessionClusterProvider();
    await expect(cluster.create({ ...connection(d), clusterName: "other", flinkEnvId: d.envs[0] ? String(d.envs[0].id) : "1", address: "http://nowhere:8081", executionMode: 1 }))
      .rejects.toThrow(/cannot reach the JobManager at http:\/\/nowhere:8081\/overview/);
    expect(d.clusters.filter((c) => c.clusterName === "other")).toHaveLength(0);
  });

  test("Kubernetes session mode (5) is refused at check for clusters and jobs: rtdw uses remote mode (1) everywhere", async () => {
    const cluster = new SessionClusterProvider();
    const refused = await cluster.check({} as never, { ...connection(d), clusterName: "rtdw-k8s-session", flinkEnvId: "1", address: "http://flink-rest.rtdw:8081", executionMode: 5 as never });
    expect(refused.failures!.map((f) => f.reason).join()).toMatch(/executionMode must be 1 .*cluster update clears the address/);
    const jobs = new StreamParkJobProvider();
    const job = await jobs.check({} as never, jobInputs(d, { envId: "1", clusterId: "2" }, fiveJobs().jobs[1], { executionMode: 5 as never }));
    expect(job.failures!.map((f) => f.reason).join()).toMatch(/executionMode must be 1/);
  });

  test("the double, like FlinkClusterServiceImpl#update, clears the address of a non-remote cluster", async () => {
    d.clusters.push({ id: 999001, clusterName: "k8s", executionMode: 5, versionId: 1, address: "http://x:8081", description: null, clusterState: 1, clusterId: "c", k8sNamespace: "ns", userId: 100000 });
    const cluster = new SessionClusterProvider();
    await cluster.configure(config() as never);
    await cluster.update("999001", {} as never, { ...connection(d), clusterName: "k8s", flinkEnvId: "1", address: "http://x:8081", executionMode: 5 as never, description: "changed" });
    expect(d.clusters.find((c) => c.id === 999001)!.address).toBeNull();
    d.clusters.splice(d.clusters.findIndex((c) => c.id === 999001), 1);
  });

  test("alerts go over JSON with the channel bits, update in place, delete", async () => {
    const a = new AlertConfigProvider();
    await a.configure(config() as never);
    const smtp = { host: "smtp.example.com", port: 465, from: "rtdw@example.com", userName: "rtdw", password: "smtp-Secret", ssl: true };
    const noSender = await a.check({} as AlertInputs, { ...connection(d), alertName: "x", channels: { email: { contacts: "ops@example.com" } } } as never);
    expect(noSender.failures!.map((f) => f.reason).join()).toMatch(/email channel needs email.smtp/);
    const base = { ...connection(d), alertName: "rtdw-critical", channels: { dingTalk: { token: "ding-Secret-Token", isAtAll: true }, email: { contacts: "ops@example.com", smtp } } } as AlertInputs;
    const c1 = await a.check({} as AlertInputs, base);
    const r = await a.create(c1.inputs!);
    expect(r.outs).toMatchObject({ alertType: 3, alertName: "rtdw-critical" });
    expect(JSON.stringify(r.outs)).not.toContain("ding-Secret-Token");
    expect(JSON.parse(d.alerts[0].dingTalkParams!)).toMatchObject({ token: "ding-Secret-Token" });
    // Email needs the console's sender (SettingController#updateEmail); the sender is not an alert param.
    expect(d.senderEmail).toMatchObject({ host: "smtp.example.com", port: 465, ssl: true });
    expect(d.alerts[0].emailParams).not.toContain("smtp-Secret");
    const c2 = await a.check(c1.inputs!, { ...base, channels: { ...base.channels, weCom: { token: "wecom-key" } } });
    expect((await a.diff(r.id, r.outs!, c2.inputs!)).changes).toBe(true);
    const u = await a.update(r.id, r.outs!, c2.inputs!);
    expect(u.outs!.alertType).toBe(7);
    expect(d.alerts).toHaveLength(1);
    // A removed channel is cleared, not left behind (updateById keeps null columns).
    const c3 = await a.check(c2.inputs!, { ...base, channels: { email: base.channels.email } });
    const u3 = await a.update(r.id, u.outs!, c3.inputs!);
    expect(u3.outs!.alertType).toBe(1);
    expect(d.alerts[0].dingTalkParams ?? "").not.toContain("ding-Secret-Token");
    await a.delete(r.id, u.outs!);
    expect(d.alerts).toHaveLength(0);
  });

  test("a rotated variable restarts the job using it through a savepoint, with the new value substituted", async () => {
    const ids = await bootstrap(d);
    const v = new VariableProvider();
    await v.configure(config() as never);
    const vin = { ...connection(d), code: "starrocks.root.password", value: "first-Value-1" } as VariableInputs;
    const c1 = await v.check({} as VariableInputs, vin);
    const created = await v.create(c1.inputs!);
    expect(created.outs).toMatchObject({ desensitized: true, revision: 1 });
    expect(JSON.stringify(created.outs)).not.toContain("first-Value-1");
    expect(d.variables[0].desensitization).toBe(true);

    const jobs = new StreamParkJobProvider();
    await jobs.configure(config() as never);
    const jobDef = fiveJobs().jobs[3];
    const sql = "INSERT INTO sr SELECT '${starrocks.root.password}';";
    const revisions = (n: number) => `starrocks.root.password@${n}`;
    const jin = jobInputs(d, ids, { ...jobDef, name: "rt-dw-uses-variable", sql }, { variableRevisions: revisions(1) });
    const job = await engineCreate(jobs, jin);
    expect(d.appByName("rt-dw-uses-variable")!.submittedSql).toBe("INSERT INTO sr SELECT 'first-Value-1';");

    const c2 = await v.check(c1.inputs!, { ...vin, value: "second-Value-2" });
    expect(c2.inputs!.revision).toBe(2);
    expect((await v.diff(created.id, created.outs!, c2.inputs!)).changes).toBe(true);
    await v.update(created.id, created.outs!, c2.inputs!);
    expect(d.appByName("rt-dw-uses-variable")!.release).toBe(3); // NEED_RESTART

    const up = await engineUp(jobs, job.id, job.outs, { ...jin, variableRevisions: revisions(2) });
    expect(up.changed).toBe(true);
    const app = d.appByName("rt-dw-uses-variable")!;
    expect(app.submittedSql).toBe("INSERT INTO sr SELECT 'second-Value-2';");
    expect(app.restoredFrom).toBe(up.outs.lastSavepoint);
    expect(up.outs.sqlVersion).toBe(1);

    // Deleting a variable a job still uses is refused by StreamPark; after the job, it goes.
    await expect(v.delete(created.id, created.outs!)).rejects.toThrow(/the variable is actually used/);
    const quiet = jest.spyOn(console, "error").mockImplementation(() => undefined);
    await jobs.delete(job.id, up.outs);
    quiet.mockRestore();
    await v.delete(created.id, created.outs!);
    expect(d.variables).toHaveLength(0);
  });

  test("variable codes StreamPark would not substitute are refused at check", async () => {
    const v = new VariableProvider();
    const r = await v.check({} as VariableInputs, { ...connection(d), code: "x", value: "v" } as VariableInputs);
    expect(r.failures!.map((f) => f.reason).join()).toMatch(/PLACEHOLDER_PATTERN/);
  });
});

test("a stack without the admin password in its config fails at preview, not at destroy", async () => {
  const jobs = new StreamParkJobProvider();
  await jobs.configure({ config: { get: () => undefined } } as never);
  const d = new StreamParkDouble(); // not started: check never calls the network
  d.url = "http://localhost:10000";
  d.flink.url = "http://localhost:8081";
  const r = await jobs.check({} as never, jobInputs(d, { envId: "1", clusterId: "2" }, fiveJobs().jobs[0]));
  expect(r.failures!.map((f) => f.reason).join()).toMatch(/the stack config has no rtdw:streamparkAdminPassword: set it with `pulumi config set --secret rtdw:streamparkAdminPassword <password>`/);
  await jobs.configure(config() as never);
  const ok = await jobs.check({} as never, jobInputs(d, { envId: "1", clusterId: "2" }, fiveJobs().jobs[0]));
  expect(ok.failures).toHaveLength(0);
});
