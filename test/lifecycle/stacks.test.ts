/**
 * Every dynamic resource each stack's program registers, driven through Pulumi's own
 * dynamic-provider host the way the engine drives it (test/lifecycle/engine.ts), against a real
 * MariaDB (schema objects on MySQL), the SQL Gateway double (Paimon) and the StreamPark and Flink
 * REST doubles (jobs and their bootstrap):
 *
 *   preview on an empty stack -> up -> up again (no change, nothing sent that mutates) ->
 *   a new release of rtdw's provider code (no change, nothing mutated, refresh sees no drift) ->
 *   every endpoint moved (updates only: nothing dropped, no job restarted) -> refresh -> destroy.
 *
 * What differs from the program's inputs: where each system is (a direct endpoint points at the
 * local server; a Kubernetes Service stays as declared and is reached through a fake Kubernetes API
 * whose port-forward leads to the local server), the engine's own credentials, and how often the
 * job provider polls (20 ms against the doubles instead of 2 s). StarRocks objects are checked
 * only: no StarRocks server runs here.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { SECRET_KEYS } from "../../components/config/secretKeys";
import { runProgram, ProgramRun, RecordedResource } from "../program/harness";
import { engineView, startProviderHost, ProviderHost } from "../support/providerHost";
import { FakeKubernetesApi, startFakeKubernetesApi } from "../support/fakeKubernetesApi";
import { testMysql } from "../support/mariadb";
import { MysqlProxy, startMysqlProxy } from "../support/mysqlProxy";
import { SqlGatewayDouble } from "../doubles/sql-gateway/server";
import { StreamParkDouble } from "../doubles/streampark/server";
import { Engine, Inputs } from "./engine";

jest.setTimeout(600_000);

const ROOT = path.join(__dirname, "..", "..");
const secrets = (stack: string) => Object.fromEntries(SECRET_KEYS.map((k) => [k, `${stack}-${k}-S3cr3t`]));

interface Servers {
  mysql: MysqlProxy;
  /** The same MariaDB behind another port: a moved endpoint. */
  mysqlMoved: MysqlProxy;
  gateway: SqlGatewayDouble;
  streampark: StreamParkDouble;
  /** The Kubernetes API of the test and prod stacks' cluster: its Services lead to the servers above. */
  kube: FakeKubernetesApi;
}

/** MySQL accounts and databases (components/mysql/accounts): on the source MySQL, reached as its admin. */
const isMysqlAccess = (type: string) => type.startsWith("pulumi-nodejs:dynamic/mysql:");

/** Where each system runs here, by the resource type and the input that says where it is. */
function localPort(s: Servers, type: string, field: string, inputs: Inputs, moved: boolean): number | undefined {
  if (field === "endpoint" && (inputs.engine === "mysql" || isMysqlAccess(type))) return (moved ? s.mysqlMoved : s.mysql).port;
  if (field === "endpoint" && inputs.engine === "paimon") return Number(new URL(s.gateway.url).port);
  if (field === "consoleUrl") return Number(new URL(s.streampark.url).port);
  if (field === "flinkRestUrl") return Number(new URL(s.streampark.flink.url).port);
  return undefined;
}

const FIELDS = ["endpoint", "consoleUrl", "flinkRestUrl"];
const isKubernetes = (v: unknown): v is { kind: "kubernetes"; namespace: string; service: string; port: number } =>
  typeof v === "object" && v !== null && (v as { kind?: string }).kind === "kubernetes";

async function startServers(run: ProgramRun): Promise<Servers> {
  const db = testMysql();
  const gateway = new SqlGatewayDouble();
  await gateway.start();
  // A fresh console: the shipped admin password, which the stack's AdminPassword resource rotates.
  const streampark = new StreamParkDouble();
  await streampark.start();
  const partial = { mysql: await startMysqlProxy(db), mysqlMoved: await startMysqlProxy(db), gateway, streampark } as Servers;
  // Every Kubernetes Service the program's dynamic resources reach, backed by the server playing it.
  const services = new Map<string, { namespace: string; name: string; port: number; podPort: number }>();
  for (const r of run.resources.filter((x) => x.type.startsWith("pulumi-nodejs:dynamic"))) {
    const inputs = engineView(r.inputs) as Inputs;
    for (const f of FIELDS) {
      const ref = inputs[f];
      const podPort = localPort(partial, r.type, f, inputs, false);
      if (isKubernetes(ref) && podPort !== undefined) services.set(`${ref.namespace}/${ref.service}`, { namespace: ref.namespace, name: ref.service, port: ref.port, podPort });
    }
  }
  return { ...partial, kube: await startFakeKubernetesApi([...services.values()]) };
}

async function stopServers(s: Servers | undefined): Promise<void> {
  if (!s) return;
  await Promise.all([s.mysql.stop(), s.mysqlMoved.stop(), s.gateway.stop(), s.streampark.stop(), s.kube.close()]);
}

/**
 * Where each system is on this machine. A Kubernetes Service stays as the program declared it (the
 * providers reach it through the fake API's port-forward); a direct address points at the local
 * server. `moved`: every endpoint becomes another direct address of the same server (a new port
 * offset, or a Service exposed through an opted-in load balancer).
 */
function reach(s: Servers, moved: boolean) {
  const db = testMysql();
  return (r: RecordedResource, inputs: Inputs): Inputs | { skip: string } => {
    if (r.type === "pulumi-nodejs:dynamic/schema:SchemaObject" && inputs.engine === "starrocks") return { skip: "no StarRocks server runs here" };
    if (!r.type.startsWith("pulumi-nodejs:dynamic/schema:") && !r.type.startsWith("pulumi-nodejs:dynamic/streampark:") && !isMysqlAccess(r.type)) {
      throw new Error(`${r.type} ${r.name}: the lifecycle test does not know where its system is`);
    }
    const reached: Inputs = { ...inputs };
    for (const f of FIELDS) {
      if (!(f in inputs)) continue;
      const port = localPort(s, r.type, f, inputs, moved);
      if (port === undefined) continue;
      const host = moved ? "localhost" : "127.0.0.1";
      if (isKubernetes(inputs[f]) && !moved) continue;
      reached[f] = { kind: "direct", host: f === "endpoint" && (inputs.engine === "mysql" || isMysqlAccess(r.type)) ? "127.0.0.1" : host, port };
    }
    if (inputs.engine === "mysql") Object.assign(reached, { user: db.user, password: db.password });
    if (isMysqlAccess(r.type)) Object.assign(reached, { adminUser: db.user, adminPassword: db.password });
    if (r.type.endsWith(":Job")) reached.waits = { ...(inputs.waits as object), pollMs: 20 };
    return reached;
  };
}

/** The configuration the engine hands the host (Configure): the stack's secrets, the test MariaDB's password. */
function hostConfig(stack: string): Record<string, string> {
  const config: Record<string, string> = Object.fromEntries(Object.entries(secrets(stack)).map(([k, v]) => [`rtdw:${k}`, v]));
  config["rtdw:mysqlRootPassword"] = testMysql().password;
  return config;
}

/** A copy of the project whose provider code differs (a new release), sharing node_modules. */
function nextRelease(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rtdw-next-release-"));
  fs.cpSync(path.join(ROOT, "components"), path.join(dir, "components"), { recursive: true });
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
  const entry = path.join(dir, "components", "providers", "index.ts");
  fs.appendFileSync(entry, '\n// The next release.\nconsole.error("rtdw provider code: next release");\n');
  return dir;
}

const mutations = (s: Servers) => ({
  mysql: [...s.mysql.mutating(), ...s.mysqlMoved.mutating()],
  paimon: s.gateway.mutatingStatements(),
  streampark: s.streampark.mutatingCalls().map((c) => `${c.method} ${c.path}`),
});

async function adminQuery(sql: string): Promise<unknown[]> {
  const mysql = await import("mysql2/promise");
  const conn = await mysql.createConnection({ ...testMysql() });
  try {
    return (await conn.query(sql))[0] as unknown[];
  } finally {
    await conn.end();
  }
}

/** SHOW GRANTS of user@'%' (MariaDB's password hash cut off), or undefined when there is no such account. */
async function liveGrants(user: string): Promise<string[] | undefined> {
  if ((await adminQuery(`SELECT User FROM mysql.user WHERE User = '${user}' AND Host = '%'`)).length === 0) return undefined;
  return (await adminQuery(`SHOW GRANTS FOR '${user}'@'%'`) as Record<string, unknown>[]).map((r) => String(Object.values(r)[0]).replace(/ IDENTIFIED BY PASSWORD '[^']*'/, ""));
}

/** Running Flink jobs by name, with their job ids: a restart would show as a new id. */
const jobStates = (s: Servers) => Object.fromEntries([...s.streampark.flink.jobs.values()].filter((j) => j.state === "RUNNING").map((j) => [j.name, `${j.jid}:${j.state}`]));

describe.each(["dev", "test", "prod"])("the %s stack through Pulumi's dynamic-provider host", (stack) => {
  let servers: Servers | undefined;
  const hosts: ProviderHost[] = [];
  afterAll(async () => {
    hosts.forEach((h) => h.stop());
    await stopServers(servers);
  });

  test("preview, up, a second up, a new release, moved endpoints, refresh and destroy", async () => {
    const run = await runProgram(stack, { secrets: secrets(stack) });
    servers = await startServers(run);
    const s = servers;
    const kubeEnv = { KUBECONFIG: s.kube.kubeconfigPath };
    const host = await startProviderHost("rtdw", undefined, kubeEnv);
    hosts.push(host);
    await host.configure(hostConfig(stack));
    const engine = new Engine(host, run.resources, reach(s, false));
    expect(engine.managed.length).toBeGreaterThan(20);
    // What the state stores per resource: a stub naming its provider, never the provider's code.
    for (const m of engine.managed) {
      const text = String(m.r.inputs.__provider);
      expect(Buffer.byteLength(text)).toBeLessThan(8 * 1024);
      expect(text).toMatch(/^"use strict";\n\/\/ rtdw dynamic provider stub/);
    }

    // A preview on an empty stack passes every check (inputs from other resources still unknown).
    expect(await engine.preview()).toEqual([]);

    // up: everything created that can run here.
    const first = await engine.up();
    const counts = (steps: Record<string, string>) => Object.values(steps).reduce<Record<string, number>>((a, v) => ({ ...a, [v]: (a[v] ?? 0) + 1 }), {});
    expect(Object.entries(first).filter(([, v]) => v !== "create" && v !== "skip")).toEqual([]);
    expect(Object.keys(first).filter((n) => first[n] === "skip").every((n) => n.startsWith("starrocks"))).toBe(true);
    // On Kubernetes the providers reached every service through the API's port-forward.
    if (stack !== "dev") expect(new Set(s.kube.forwards.map((f) => f.split(":")[0]))).toEqual(new Set(["streampark", "flink-jobmanager", "flink-sql-gateway", ...(stack === "test" ? ["mysql"] : [])]));
    else expect(s.kube.forwards).toEqual([]);
    // The accounts and StreamPark's database on the source MySQL, created through the real provider
    // (through the Kubernetes API's port-forward on test, the business MySQL's address on prod).
    const access = engine.managed.filter((m) => isMysqlAccess(m.r.type));
    expect(access.map((m) => m.r.name).sort()).toEqual([
      "monitoring-mysql-exporter-user", "mysql-cdc-user", "mysql-streampark-db", "mysql-streampark-user", ...(stack === "prod" ? [] : ["mysql-writer-user"]),
    ]);
    expect(access.every((m) => first[m.r.name] === "create")).toBe(true);
    // On test they reached the in-cluster MySQL only through the API's port-forward (a ClusterIP Service).
    if (stack === "test") expect(access.map((m) => (m.inputs?.endpoint as { kind?: string }).kind)).toEqual(access.map(() => "kubernetes"));
    expect(await liveGrants("rtdw_cdc")).toEqual(["GRANT SELECT, SHOW DATABASES, REPLICATION SLAVE, BINLOG MONITOR ON *.* TO `rtdw_cdc`@`%`"]);
    expect(await liveGrants("rtdw_monitor")).toEqual(["GRANT SELECT, PROCESS, BINLOG MONITOR ON *.* TO `rtdw_monitor`@`%`"]);
    expect(await liveGrants("streampark")).toEqual(["GRANT USAGE ON *.* TO `streampark`@`%`", "GRANT ALL PRIVILEGES ON `streampark`.* TO `streampark`@`%`"]);
    const running = jobStates(s);
    expect(Object.keys(running).sort()).toEqual(["rt-dw-cdc-ingestion", "rt-dw-dwd-transform", "rt-dw-dws-aggregate", "rt-dw-monitor", "rt-dw-ods-processing"]);
    expect(Object.values(running).every((v) => v.endsWith(":RUNNING"))).toBe(true);

    // A second up with the same program: no change, nothing mutating sent anywhere.
    const before = mutations(s);
    const second = await engine.up();
    expect(counts(second)).toEqual(counts(Object.fromEntries(Object.entries(first).map(([k, v]) => [k, v === "create" ? "same" : v]))));
    expect(mutations(s)).toEqual(before);

    // A new release of rtdw: the stored stub now runs other provider code. Still no change,
    // nothing mutated, and refresh and delete work on the state the previous release wrote.
    const next = nextRelease();
    const nextHost = await startProviderHost("rtdw", next, kubeEnv);
    hosts.push(nextHost);
    await nextHost.configure(hostConfig(stack));
    const released = new Engine(nextHost, run.resources, reach(s, false));
    // The state as the previous release wrote it: its own `__provider` text (the program now sends ours).
    const previousText = (outs: Inputs | undefined) => outs && { ...outs, __provider: `${String(outs.__provider)}\n// written by the previous release\n` };
    released.managed.forEach((m, i) => Object.assign(m, { id: engine.managed[i].id, inputs: engine.managed[i].inputs, outs: previousText(engine.managed[i].outs) }));
    const third = await released.up();
    expect(Object.values(third).every((v) => v === "same" || v === "skip")).toBe(true);
    expect(await released.refresh()).toEqual({ drifted: [], gone: [] });
    expect(mutations(s)).toEqual(before);
    expect(nextHost.stderr()).toContain("rtdw provider code: next release");

    // Every endpoint moved (a new port, a Service type, a load balancer): updates, never replaces;
    // no DDL, no job restarted.
    const moved = new Engine(nextHost, run.resources, reach(s, true));
    moved.managed.forEach((m, i) => Object.assign(m, { id: released.managed[i].id, inputs: released.managed[i].inputs, outs: released.managed[i].outs }));
    const fourth = await moved.up();
    expect(Object.entries(fourth).filter(([, v]) => v !== "update" && v !== "skip")).toEqual([]);
    expect(mutations(s).mysql).toEqual(before.mysql);
    expect(mutations(s).paimon).toEqual(before.paimon);
    expect(mutations(s).streampark.filter((c) => /\/flink\/app\/(start|cancel|delete)/.test(c))).toEqual(before.streampark.filter((c) => /\/flink\/app\/(start|cancel|delete)/.test(c)));
    expect(jobStates(s)).toEqual(running);

    // Refresh sees nothing changed by hand.
    expect(await moved.refresh()).toEqual({ drifted: [], gone: [] });

    // No password of the stack in any resource's outputs, nor in what the providers logged.
    const written = [engine, released, moved].flatMap((e) => e.managed.map((m) => JSON.stringify(m.outs ?? {})));
    for (const text of [...written, host.stderr(), nextHost.stderr()]) {
      for (const secret of run.secretValues) expect(text).not.toContain(secret);
    }

    // Destroy, dependents first: jobs stopped with a savepoint and removed, objects dropped unless
    // the stack protects them (prod), the console's setup removed.
    const left = await moved.destroy();
    const protectedNames = moved.managed.filter((m) => m.id !== undefined).map((m) => m.r.name);
    expect(left.sort()).toEqual(protectedNames.sort());
    expect(s.streampark.apps.size).toBe(0);
    expect([...s.streampark.storage].some((p) => p.includes("savepoint"))).toBe(true);
    // The accounts are dropped on every stack; StreamPark's database is retained on prod.
    expect(await liveGrants("rtdw_cdc")).toBeUndefined();
    expect(await liveGrants("rtdw_monitor")).toBeUndefined();
    if (stack === "prod") {
      expect(left.length).toBeGreaterThan(0);
      expect(left.every((n) => n.startsWith("paimon") || n.startsWith("starrocks") || n === "mysql-streampark-db")).toBe(true);
      expect(left).toContain("mysql-streampark-db");
      await adminQuery("DROP DATABASE IF EXISTS streampark");
    } else {
      expect(await adminQuery("SHOW DATABASES LIKE 'streampark'")).toEqual([]);
      expect(left).toEqual([]);
      const mysql = await import("mysql2/promise");
      const conn = await mysql.createConnection({ ...testMysql() });
      try {
        const [rows] = await conn.query("SHOW DATABASES LIKE 'shop'");
        expect(rows).toEqual([]);
      } finally {
        await conn.end();
      }
    }
  });
});
