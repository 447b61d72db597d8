/**
 * Closure serialization, as Pulumi does it: the dev program runs under the mock runtime and the
 * `__provider` text it records for its real schema objects (the shop database and its orders
 * table) is loaded by Pulumi's own dynamic-provider host in a fresh Node process, which then
 * checks, creates, diffs, refreshes and deletes them on the test MariaDB. The password reaches the
 * host only through Configure (the stack config); no secret is in the serialized provider.
 */
import { runProgram, reveal } from "../program/harness";
import { DIFF_NONE, engineView, ProviderHost, startProviderHost } from "../support/providerHost";
import { connectionOptions, testMysql } from "../support/mariadb";

const SECRETS = { streamparkAdminPassword: "rt-admin-Pw7", mysqlRootPassword: "rt-mysql-Root-Pw7", starrocksRootPassword: "rt-sr-Root-Pw7" };
const TYPE = "pulumi-nodejs:dynamic/schema:SchemaObject";

async function query(sql: string): Promise<unknown[]> {
  const mysql = await import("mysql2/promise");
  const conn = await mysql.createConnection(connectionOptions());
  try {
    const [rows] = await conn.query(sql);
    return rows as unknown[];
  } finally {
    await conn.end();
  }
}

let host: ProviderHost | undefined;
afterAll(() => host?.stop());

test("the program's serialized schema provider creates, diffs, refreshes and deletes from a fresh host process", async () => {
  const run = await runProgram("dev", { secrets: SECRETS });
  const objects = run.byType(TYPE);
  expect(objects.length).toBeGreaterThan(20);
  const db = run.one(TYPE, "mysql-shop");
  const table = run.one(TYPE, "mysql-shop.orders");

  // No secret inside any serialized provider, and the password input is a secret.
  for (const o of objects) {
    const text = String(o.inputs.__provider);
    for (const s of run.secretValues) expect(text).not.toContain(s);
  }
  expect(JSON.stringify(table.inputs.password)).toContain("1b47061264138c4ac30d75fd1eb44270");
  expect(reveal(table.inputs.password)).toBe(SECRETS.mysqlRootPassword);

  // Point the recorded objects at the test server and a database of this test's own.
  const server = testMysql();
  const name = `rt_shop_${process.pid}`;
  const local = (inputs: Record<string, unknown>) => {
    const v = engineView(inputs) as Record<string, unknown>;
    return {
      ...v,
      endpoint: `${server.host}:${server.port}`, user: server.user, password: server.password,
      name: String(v.name).replace("mysql:shop", `mysql:${name}`), sql: String(v.sql).replace("`shop`", `\`${name}\``),
    };
  };
  host = await startProviderHost();
  await host.configure({ "rtdw:mysqlRootPassword": server.password });

  const urn = (n: string) => `urn:pulumi:dev::rtdw::rtdw:schema:WarehouseSchema$${TYPE}::${n}`;
  const created: { urn: string; id: string; outs: Record<string, unknown>; inputs: Record<string, unknown> }[] = [];
  for (const r of [db, table]) {
    const checked = await host.check(urn(r.name), {}, local(r.inputs));
    expect(checked.failures).toEqual([]);
    const c = await host.create(urn(r.name), checked.inputs);
    expect(Object.keys(c.outs)).not.toContain("password");
    expect(c.outs.__provider).toBe(r.inputs.__provider);
    created.push({ urn: urn(r.name), id: c.id, outs: c.outs, inputs: checked.inputs });
  }
  expect(await query(`SHOW TABLES FROM \`${name}\``)).toEqual([{ [`Tables_in_${name}`]: "orders" }]);

  // A no-op `up`: stored outputs against the same inputs.
  for (const c of created) expect(await host.diff(c.urn, c.id, c.outs, c.inputs)).toBe(DIFF_NONE);

  // Refresh and destroy get outputs only: the password comes from the configured stack config.
  const [dbRes, tableRes] = created;
  const read = await host.read(tableRes.urn, tableRes.id, tableRes.outs);
  expect(read).toMatchObject({ id: tableRes.id, props: { sql: tableRes.outs.sql, owned: true } });
  await host.delete(tableRes.urn, tableRes.id, tableRes.outs);
  await host.delete(dbRes.urn, dbRes.id, dbRes.outs);
  expect(await query(`SHOW DATABASES LIKE '${name}'`)).toEqual([]);
// The whole dev program under the mock runtime, then a fresh host process: minutes on a loaded two-core runner.
}, 240_000);
