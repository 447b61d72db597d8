/**
 * The closure serialization round trip, as Pulumi does it: a real StreamParkJob constructed under
 * the mock runtime records its `__provider` text; that text is loaded by the real dynamic
 * provider host (node_modules/@pulumi/pulumi/cmd/dynamic-provider, a fresh Node process, spoken
 * to over gRPC like the engine does: facts/pulumi.md 1.2) and drives a full create and delete
 * against the StreamPark double. No secret may be inside the serialized provider.
 */
import * as pulumi from "@pulumi/pulumi";
import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import { StreamParkDouble } from "../doubles/streampark/server";
import { ADMIN_PASSWORD, fiveJobs, PASSWORD_KEY, startDouble } from "./support";

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

type Grpc = typeof import("@grpc/grpc-js");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const grpc = require("@grpc/grpc-js") as Grpc;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const providerGrpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const providerPb = require("@pulumi/pulumi/proto/provider_pb");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Struct } = require("google-protobuf/google/protobuf/struct_pb");

const unwrap = <T>(o: pulumi.Output<T>): Promise<T> => new Promise((r) => o.apply(r));
const plain = (v: unknown) => JSON.parse(JSON.stringify(v)) as Record<string, unknown>;
const SECRET_SIG = "4dabf18193072939515e22adb298388d"; // @pulumi/pulumi runtime/rpc.ts specialSigKey
/** What the engine hands a provider that does not accept secrets: secret values unwrapped. */
function engineView(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(engineView);
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (SECRET_SIG in o) return engineView(o.value);
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, engineView(x)]));
  }
  return v;
}

/** The host: spawned exactly like the engine's shim does, printing its port on stdout. */
async function startHost(): Promise<{ child: ChildProcess; port: number }> {
  const script = require.resolve("@pulumi/pulumi/cmd/dynamic-provider");
  const child = spawn(process.execPath, [script, "127.0.0.1:1"], {
    cwd: path.join(__dirname, "../.."),
    env: { ...process.env, PULUMI_NODEJS_PROJECT: "rtdw", PULUMI_PROJECT: "rtdw" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (b: Buffer) => (stderr += b.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (b: Buffer) => {
      out += b.toString();
      const m = out.match(/^(\d+)\s*$/m);
      if (m) resolve(Number(m[1]));
    });
    child.on("exit", (code) => reject(new Error(`provider host exited (${code}): ${stderr}`)));
  });
  return { child, port };
}

function rpc<T>(client: Record<string, unknown>, method: string, req: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    (client[method] as (r: unknown, cb: (e: Error | null, res: T) => void) => void).call(client, req, (e, res) => (e ? reject(e) : resolve(res)));
  });
}

describe("serialized provider round trip", () => {
  let d: StreamParkDouble;
  let host: { child: ChildProcess; port: number } | undefined;
  afterAll(async () => {
    if (host?.child.pid) process.kill(host.child.pid);
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
      connection, name: job.name, sql: job.sql, clusterId: cluster.clusterId, flinkEnvId: env.envId,
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
    // No secret in any serialized provider, and none captured.
    for (const r of recorded) {
      const t = String(r.inputs.__provider ?? "");
      expect(t.length).toBeGreaterThan(1000);
      for (const secret of [ADMIN_PASSWORD, SECRET_VALUE, "ding-Secret-Token"]) expect(t).not.toContain(secret);
    }
    for (const provider of Object.values(resources.providers)) {
      const sf = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
      expect(sf.containsSecrets).toBe(false);
      expect(sf.text).not.toContain(ADMIN_PASSWORD);
    }

    // The engine: Configure (full stack config, secrets unwrapped), then Check/Create per resource.
    host = await startHost();
    const client = new providerGrpc.ResourceProviderClient(`127.0.0.1:${host.port}`, grpc.credentials.createInsecure()) as Record<string, unknown>;
    const configure = new providerPb.ConfigureRequest();
    configure.setArgs(Struct.fromJavaScript({ [PASSWORD_KEY]: ADMIN_PASSWORD }));
    await rpc(client, "configure", configure);
    type Created = { id: string; outs: Record<string, unknown>; inputs: Record<string, unknown>; urn: string; text: string };
    const create = async (type: string, patch: Record<string, unknown> = {}): Promise<Created> => {
      const r = rec(type);
      const urn = `urn:pulumi:dev::rtdw::pulumi-nodejs:dynamic/streampark:${type}::${r.name}`;
      const check = new providerPb.CheckRequest();
      check.setUrn(urn);
      check.setOlds(Struct.fromJavaScript({}));
      check.setNews(Struct.fromJavaScript(plain({ ...(engineView(r.inputs) as object), ...patch })));
      const checked = await rpc<{ getInputs(): { toJavaScript(): Record<string, unknown> }; getFailuresList(): { getReason(): string }[] }>(client, "check", check);
      expect(checked.getFailuresList().map((f) => f.getReason())).toEqual([]);
      const req = new providerPb.CreateRequest();
      req.setUrn(urn);
      req.setProperties(Struct.fromJavaScript(plain(checked.getInputs().toJavaScript())));
      const created = await rpc<{ getId(): string; getProperties(): { toJavaScript(): Record<string, unknown> } }>(client, "create", req);
      const outs = created.getProperties().toJavaScript();
      expect(JSON.stringify(outs)).not.toContain(ADMIN_PASSWORD);
      return { id: created.getId(), outs, inputs: checked.getInputs().toJavaScript(), urn, text: r.inputs.__provider as string };
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
      const diff = new providerPb.DiffRequest();
      diff.setId(x.id);
      diff.setUrn(x.urn);
      diff.setOlds(Struct.fromJavaScript(plain({ ...x.outs, __provider: x.text })));
      diff.setNews(Struct.fromJavaScript(plain(x.inputs)));
      const diffed = await rpc<{ getChanges(): number }>(client, "diff", diff);
      expect([x.urn, diffed.getChanges()]).toEqual([x.urn, providerPb.DiffResponse.DiffChanges.DIFF_NONE]);
    }

    // Refresh: read gets outputs only, signs in with the configured password and sees RUNNING.
    const read = new providerPb.ReadRequest();
    read.setId(j.id);
    read.setUrn(j.urn);
    read.setProperties(Struct.fromJavaScript(plain({ ...j.outs, __provider: j.text })));
    const readBack = await rpc<{ getId(): string; getProperties(): { toJavaScript(): Record<string, unknown> } }>(client, "read", read);
    expect(readBack.getId()).toBe(j.id);
    expect(readBack.getProperties().toJavaScript()).toMatchObject({ state: "RUNNING", sqlVersion: 1 });
    expect(d.mutatingCalls().length).toBe(mutatingBefore);

    // Destroy, dependents first. Delete gets only the outputs: the configured password signs in.
    const storageBefore = new Set(d.storage);
    for (const x of [j, v, a, c, e]) {
      const del = new providerPb.DeleteRequest();
      del.setId(x.id);
      del.setUrn(x.urn);
      del.setProperties(Struct.fromJavaScript(plain({ ...x.outs, __provider: x.text })));
      await rpc(client, "delete", del);
    }
    expect(d.appByName(job.name)).toBeUndefined();
    expect([...d.storage].some((p) => !storageBefore.has(p) && p.includes("savepoint-"))).toBe(true);
    expect([d.variables.length, d.alerts.length, d.clusters.length, d.envs.length]).toEqual([0, 0, 0, 0]);
    (client as unknown as { close(): void }).close();
  });
});
