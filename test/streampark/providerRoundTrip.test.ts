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
import { ADMIN_PASSWORD, bootstrap, fiveJobs, PASSWORD_KEY, startDouble } from "./support";

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

  test("a StreamParkJob recorded under mocks creates and deletes its job from a fresh host process", async () => {
    d = await startDouble();
    const ids = await bootstrap(d);
    const job = fiveJobs().jobs[0];
    const connection = { consoleUrl: d.url, adminUser: "admin", adminPassword: pulumi.secret(ADMIN_PASSWORD), passwordConfigKey: PASSWORD_KEY, requestTimeoutSeconds: 2 };
    const variable = new resources.StreamParkVariable("cdc-password", { connection, code: "mysql.cdc.password", value: pulumi.secret(SECRET_VALUE) });
    const res = new resources.StreamParkJob(job.name, {
      connection, name: job.name, sql: job.sql, clusterId: ids.clusterId, flinkEnvId: ids.envId,
      options: { parallelism: job.parallelism, checkpointInterval: "30s", checkpointTimeout: "10min", checkpointMinPause: "5s", stateTtl: "1d", taskManagerMemory: "2g", jobManagerMemory: "1g" },
      tags: ["rtdw"], healthGate: { checkpoints: 1, timeoutSeconds: 60 }, waits: { buildSeconds: 5, startSeconds: 5, cancelSeconds: 5, pollMs: 10 },
      variables: [variable],
    });
    await unwrap(res.urn);
    await unwrap(res.appId);
    const rec = recorded.find((r) => r.type === "pulumi-nodejs:dynamic/streampark:Job");
    expect(rec).toBeDefined();
    const text = rec!.inputs.__provider as string;
    expect(typeof text).toBe("string");
    // No secret in any serialized provider, and none captured.
    for (const r of recorded) {
      const t = String(r.inputs.__provider ?? "");
      expect(t).not.toContain(ADMIN_PASSWORD);
      expect(t).not.toContain(SECRET_VALUE);
    }
    for (const provider of Object.values(resources.providers)) {
      const sf = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
      expect(sf.containsSecrets).toBe(false);
      expect(sf.text).not.toContain(ADMIN_PASSWORD);
    }

    // The engine: Configure (full stack config, secrets unwrapped), Check, Create, Delete.
    host = await startHost();
    const client = new providerGrpc.ResourceProviderClient(`127.0.0.1:${host.port}`, grpc.credentials.createInsecure()) as Record<string, unknown>;
    const configure = new providerPb.ConfigureRequest();
    configure.setArgs(Struct.fromJavaScript({ [PASSWORD_KEY]: ADMIN_PASSWORD }));
    await rpc(client, "configure", configure);

    const news = plain({ ...rec!.inputs, adminPassword: ADMIN_PASSWORD });
    const check = new providerPb.CheckRequest();
    check.setUrn("urn:pulumi:dev::rtdw::pulumi-nodejs:dynamic/streampark:Job::" + job.name);
    check.setOlds(Struct.fromJavaScript({}));
    check.setNews(Struct.fromJavaScript(news));
    const checked = await rpc<{ getInputs(): { toJavaScript(): Record<string, unknown> }; getFailuresList(): unknown[] }>(client, "check", check);
    expect(checked.getFailuresList()).toHaveLength(0);

    const create = new providerPb.CreateRequest();
    create.setUrn(check.getUrn());
    create.setProperties(Struct.fromJavaScript(plain(checked.getInputs().toJavaScript())));
    const created = await rpc<{ getId(): string; getProperties(): { toJavaScript(): Record<string, unknown> } }>(client, "create", create);
    const outs = created.getProperties().toJavaScript();
    expect(outs).toMatchObject({ state: "RUNNING", sqlVersion: 1, name: job.name });
    expect(outs.adminPassword).toBeUndefined();
    expect(JSON.stringify(outs)).not.toContain(ADMIN_PASSWORD);
    expect(d.appByName(job.name)?.state).toBe(5);

    // Delete gets only the outputs (no password): the host's configured stack config supplies it.
    const del = new providerPb.DeleteRequest();
    del.setId(created.getId());
    del.setUrn(check.getUrn());
    del.setProperties(Struct.fromJavaScript(plain(outs)));
    const storageBefore = new Set(d.storage);
    await rpc(client, "delete", del);
    expect(d.appByName(job.name)).toBeUndefined();
    expect([...d.storage].some((p) => !storageBefore.has(p) && p.includes("savepoint-"))).toBe(true);
    (client as unknown as { close(): void }).close();
  });
});
