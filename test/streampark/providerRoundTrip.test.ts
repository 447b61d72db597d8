/**
 * The closure serialization round trip, as Pulumi does it: a real StreamParkJob constructed under
 * the mock runtime records its `__provider` text; that text is loaded by the real dynamic
 * provider host (node_modules/@pulumi/pulumi/cmd/dynamic-provider, a fresh Node process, spoken
 * to over gRPC like the engine does: pulumi/pulumi sdk/nodejs/cmd/dynamic-provider/index.ts) and drives a full create and delete
 * against the StreamPark double. No secret may be inside the serialized provider.
 */
import * as pulumi from "@pulumi/pulumi";
import { StreamParkDouble } from "../doubles/streampark/server";
import { ADMIN_PASSWORD, fiveJobs, PASSWORD_KEY, startDouble } from "./support";
import { DIFF_NONE, engineView, ProviderHost, startProviderHost } from "../support/providerHost";

const SECRET_VALUE = "variable-Secret-Value-42";
const recorded: { type: string; name: string; inputs: Record<string, unknown> }[] = [];

pulumi.runtime.setMocks({
  newResource: (args) => {
    recorded.push({ type: args.type, name: args.name, inputs: args.inputs });
    const state = args.type === "pulumi-nodejs:dynamic/streampark:Variable" ? { ...args.inputs, revision: 1 } : args.inputs;
    return { id: `${args.name}-id`, state };
  },
  call: () => ({}),
}, "rtdw", "dev");

// Imported after setMocks, as the Pulumi docs ask.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const resources = require("../../components/streampark/resources") as typeof import("../../components/streampark/resources");

const unwrap = <T>(o: pulumi.Output<T>): Promise<T> => new Promise((r) => o.apply(r));

describe("serialized provider round trip", () => {
  let d: StreamParkDouble;
  let host: ProviderHost | undefined;
  afterAll(async () => {
    host?.stop();
    await d?.stop();
  });

  test("resources recorded under mocks create, diff, read and delete from a fresh host process", async () => {
    d = await startDouble();
    const job = fiveJobs().jobs[0];
    const connection = { consoleUrl: d.url, adminUser: "admin", adminPassword: pulumi.secret(ADMIN_PASSWORD), passwordConfigKey: PASSWORD_KEY, requestTimeoutSeconds: 2 };
    const admin = new resources.StreamParkAdminPassword("admin", { connection });
    const env = new resources.StreamParkFlinkEnvironment("env", { connection, flinkName: "flink-1.20.1", flinkHome: "/opt/flink" }, { dependsOn: [admin] });
    const cluster = new resources.StreamParkSessionCluster("cluster", { connection, clusterName: "rtdw-session", flinkEnvId: env.envId, address: "http://jobmanager:8081" });
    const alert = new resources.StreamParkAlertConfig("alert", { connection, alertName: "rtdw-critical", channels: { dingTalk: { token: "ding-Secret-Token" } } });
    const variable = new resources.StreamParkVariable("cdc-password", { connection, code: "mysql.cdc.password", value: pulumi.secret(SECRET_VALUE) });
    const res = new resources.StreamParkJob(job.name, {
      connection, name: job.name, sql: job.sql, clusterId: cluster.clusterId, flinkEnvId: env.envId, flinkRestUrl: d.flink.url,
      options: { parallelism: job.parallelism, checkpointInterval: "30s", checkpointTimeout: "10min", checkpointMinPause: "5s", stateTtl: "1d", taskManagerMemory: "2g", jobManagerMemory: "1g" },
      tags: ["rtdw"], healthGate: { checkpoints: 1, timeoutSeconds: 60 }, waits: { buildSeconds: 5, startSeconds: 5, cancelSeconds: 5, pollMs: 10 },
      alertId: alert.alertId, variables: [variable],
    });
    await unwrap(res.urn);
    await unwrap(res.appId);
    const rec = (type: string) => {
      const r = recorded.find((x) => x.type === `pulumi-nodejs:dynamic/streampark:${type}`);
      if (!r) throw new Error(`no ${type} recorded`);
      return r;
    };
    // No secret in any serialized provider: a plain string stub, not a secret.
    for (const r of recorded) {
      expect(typeof r.inputs.__provider).toBe("string");
      const t = String(r.inputs.__provider);
      for (const secret of [ADMIN_PASSWORD, SECRET_VALUE, "ding-Secret-Token"]) expect(t).not.toContain(secret);
    }

    // The engine: Configure (full stack config, secrets unwrapped), then Check/Create per resource.
    host = await startProviderHost();
    const h = host;
    await h.configure({ [PASSWORD_KEY]: ADMIN_PASSWORD });
    type Created = { id: string; outs: Record<string, unknown>; inputs: Record<string, unknown>; urn: string; text: string };
    const create = async (type: string, patch: Record<string, unknown> = {}): Promise<Created> => {
      const r = rec(type);
      const urn = `urn:pulumi:dev::rtdw::pulumi-nodejs:dynamic/streampark:${type}::${r.name}`;
      const checked = await h.check(urn, {}, { ...(engineView(r.inputs) as object), ...patch });
      expect(checked.failures).toEqual([]);
      const created = await h.create(urn, checked.inputs);
      expect(JSON.stringify(created.outs)).not.toContain(ADMIN_PASSWORD);
      return { id: created.id, outs: created.outs, inputs: checked.inputs, urn, text: r.inputs.__provider as string };
    };
    await create("AdminPassword");
    const e = await create("FlinkEnvironment");
    const c = await create("SessionCluster", { flinkEnvId: e.id });
    const a = await create("AlertConfig");
    const v = await create("Variable");
    expect(JSON.stringify(v.outs)).not.toContain(SECRET_VALUE);
    expect(JSON.stringify(a.outs)).not.toContain("ding-Secret-Token");
    const j = await create("Job", { clusterId: c.id, flinkEnvId: e.id, alertId: Number(a.id), variableRevisions: "mysql.cdc.password@1" });
    expect(j.outs).toMatchObject({ state: "RUNNING", sqlVersion: 1, name: job.name });
    expect(d.appByName(job.name)?.state).toBe(5);
    expect(d.appByName(job.name)?.submittedSql).toContain(SECRET_VALUE); // substituted by StreamPark at start

    // A no-op `up`: the engine diffs the stored outputs (with __provider) against the checked inputs.
    const mutatingBefore = d.mutatingCalls().length;
    for (const x of [e, c, a, v, j]) {
      expect([x.urn, await h.diff(x.urn, x.id, { ...x.outs, __provider: x.text }, x.inputs)]).toEqual([x.urn, DIFF_NONE]);
      // A new release: the stored provider text differs from the new one; still no change.
      expect([x.urn, await h.diff(x.urn, x.id, { ...x.outs, __provider: `${x.text}\n// previous release` }, x.inputs)]).toEqual([x.urn, DIFF_NONE]);
    }

    // Refresh: read gets outputs only, signs in with the configured password and sees RUNNING.
    const readBack = await h.read(j.urn, j.id, { ...j.outs, __provider: j.text });
    expect(readBack.id).toBe(j.id);
    expect(readBack.props).toMatchObject({ state: "RUNNING", sqlVersion: 1 });
    expect(d.mutatingCalls().length).toBe(mutatingBefore);

    // Destroy, dependents first. Delete gets only the outputs: the configured password signs in.
    const storageBefore = new Set(d.storage);
    for (const x of [j, v, a, c, e]) await h.delete(x.urn, x.id, { ...x.outs, __provider: x.text });
    expect(d.appByName(job.name)).toBeUndefined();
    expect([...d.storage].some((p) => !storageBefore.has(p) && p.includes("savepoint-"))).toBe(true);
    expect([d.variables.length, d.alerts.length, d.clusters.length, d.envs.length]).toEqual([0, 0, 0, 0]);
  });
});
