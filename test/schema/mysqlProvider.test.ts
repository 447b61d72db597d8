/**
 * The schema provider against a real MariaDB (the throwaway server jest's globalSetup starts):
 * the whole lifecycle of the reference MySQL tables, the data-loss guard, drift, and faults.
 * Each test works in a database of its own.
 */
import { rememberConfig } from "../../components/dynamicResource/stackConfig";
import { EngineError, withRetries } from "../../components/schema/engines/engine";
import { openMysqlProtocol } from "../../components/schema/engines/mysqlProtocol";
import { SchemaObjectProvider } from "../../components/schema/provider/schemaObjectProvider";
import type { SchemaObjectInputs, SchemaObjectOutputs } from "../../components/schema/provider/inputs";
import { defaultWarehouseVariables, schemaObjects } from "../../components/warehouse";
import { startMysqlProxy } from "../support/mysqlProxy";
import { connectionOptions, freshDatabase, testMysql } from "../support/mariadb";

const provider = new SchemaObjectProvider();
const server = testMysql();
const PASSWORD_KEY = "rtdw:mysqlRootPassword";
const config: Record<string, string> = { [PASSWORD_KEY]: server.password };
rememberConfig({ config: { get: (k: string) => config[k] } });

const reference = schemaObjects(defaultWarehouseVariables).filter((o) => o.engine === "mysql");
const ORDERS = reference.find((o) => o.name === "mysql:shop.orders")!;

async function sql<T = Record<string, unknown>[]>(statement: string): Promise<T> {
  const mysql = await import("mysql2/promise");
  const conn = await mysql.createConnection(connectionOptions());
  try {
    const [rows] = await conn.query(statement);
    return rows as T;
  } finally {
    await conn.end();
  }
}

const columnsOf = async (db: string, table: string) =>
  (await sql<{ COLUMN_NAME: string }[]>(`SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA='${db}' AND TABLE_NAME='${table}' ORDER BY ORDINAL_POSITION`)).map((r) => r.COLUMN_NAME);

/** The reference object moved into database `db`, as the component would pass it. */
function inputs(db: string, o = ORDERS, extra: Partial<SchemaObjectInputs> = {}): SchemaObjectInputs {
  return {
    engine: "mysql", kind: o.kind, name: o.name.replace("mysql:shop", `mysql:${db}`), file: o.file, line: o.line,
    sql: o.sql.replace("`shop`", `\`${db}\``), setup: [], endpoint: `${server.host}:${server.port}`, user: server.user,
    password: server.password, secretConfigKeys: { password: PASSWORD_KEY }, allowDataLoss: false, timeoutSeconds: 10, connectAttempts: 2,
    ...extra,
  };
}

/** What the engine stores: outputs only, no secret inputs. */
const outputsOnly = (o: SchemaObjectOutputs) => ({ ...o, password: undefined, secretValues: undefined }) as SchemaObjectOutputs;

async function created(n: SchemaObjectInputs): Promise<SchemaObjectOutputs> {
  const checked = await provider.check({} as SchemaObjectInputs, n);
  expect(checked.failures).toEqual([]);
  const r = await provider.create(checked.inputs as SchemaObjectInputs);
  if (!r.outs) throw new Error("no outputs");
  expect(Object.keys(r.outs)).not.toContain("password");
  expect(Object.keys(r.outs)).not.toContain("secretValues");
  return r.outs;
}

describe("schema provider on MariaDB", () => {
  test("create, no-op diff, in-place ALTER, delete", async () => {
    const db = await freshDatabase("sp_life");
    const n = inputs(db);
    const outs = await created(n);
    expect(outs).toMatchObject({ owned: true, name: `mysql:${db}.orders` });
    expect(await columnsOf(db, "orders")).toContain("total_amount");

    // A no-op `up`: same DDL, even reformatted with a comment, is no change.
    expect(await provider.diff(n.name, outs, { ...n, sql: `-- orders\n${n.sql.replace(/\n/g, "\n  ")}` })).toEqual({ changes: false });

    // Add a column: an update applied with ALTER, data kept.
    await sql(`INSERT INTO \`${db}\`.orders (customer_id, order_status, total_amount) VALUES (1, 'NEW', 10.00)`);
    const added = { ...n, sql: n.sql.replace("currency CHAR(3) NOT NULL DEFAULT 'CNY',", "currency CHAR(3) NOT NULL DEFAULT 'CNY',\n  channel VARCHAR(16) NULL,") };
    expect(await provider.diff(n.name, outs, added)).toEqual({ changes: true });
    const updated = await provider.update(n.name, outs, added);
    expect(await columnsOf(db, "orders")).toEqual(["order_id", "customer_id", "order_status", "total_amount", "currency", "channel", "created_at", "updated_at"]);
    expect(await sql(`SELECT COUNT(*) AS n FROM \`${db}\`.orders`)).toEqual([{ n: 1 }]);
    expect(await provider.diff(n.name, updated.outs!, added)).toEqual({ changes: false });

    // Delete refuses to drop rows without allowDataLoss, then drops with it.
    await expect(provider.delete(n.name, outputsOnly(updated.outs!))).rejects.toThrow(/refusing to drop it: it holds data/);
    await provider.delete(n.name, outputsOnly({ ...updated.outs!, allowDataLoss: true }));
    expect(await sql(`SHOW TABLES FROM \`${db}\``)).toEqual([]);
  });

  test("a replace that would drop data is refused at check (preview), and goes through when allowed", async () => {
    const db = await freshDatabase("sp_repl");
    const n = inputs(db);
    const outs = await created(n);
    await sql(`INSERT INTO \`${db}\`.orders (customer_id, order_status, total_amount) VALUES (1, 'NEW', 10.00)`);
    const widened = { ...n, sql: n.sql.replace("total_amount DECIMAL(12, 2)", "total_amount DECIMAL(14, 2)") };

    const refused = await provider.check(n, widened);
    expect(refused.failures).toHaveLength(1);
    expect(refused.failures![0].reason).toContain(`mysql:${db}.orders (sql/mysql/01-schema.sql:${ORDERS.line})`);
    expect(refused.failures![0].reason).toMatch(/losing its data \(column total_amount changes from .*decimal\(12,2\).* to .*decimal\(14,2\)/);
    expect(refused.failures![0].reason).toContain("rtdw:schema.allowDataLoss");

    const allowed = { ...widened, allowDataLoss: true };
    expect((await provider.check(n, allowed)).failures).toEqual([]);
    expect(await provider.diff(n.name, outs, allowed)).toEqual({ changes: true, replaces: ["sql"], deleteBeforeReplace: true });
    // The engine's replace: delete the old (outputs carry allowDataLoss from the new inputs after check), create the new.
    await provider.delete(n.name, outputsOnly({ ...outs, allowDataLoss: true }));
    await provider.create(allowed);
    expect(await sql(`SELECT NUMERIC_PRECISION AS p FROM information_schema.COLUMNS WHERE TABLE_SCHEMA='${db}' AND TABLE_NAME='orders' AND COLUMN_NAME='total_amount'`)).toEqual([{ p: 14 }]);
  });

  test("NULL <-> NOT NULL is an in-place MODIFY COLUMN that keeps the rows; NOT NULL over NULL rows fails on the engine, nothing lost", async () => {
    const db = await freshDatabase("sp_null");
    const n = inputs(db);
    const outs = await created(n);
    const nullable = async () => (await sql<{ n: string }[]>(`SELECT IS_NULLABLE AS n FROM information_schema.COLUMNS WHERE TABLE_SCHEMA='${db}' AND TABLE_NAME='orders' AND COLUMN_NAME='order_status'`))[0].n;
    await sql(`INSERT INTO \`${db}\`.orders (customer_id, order_status, total_amount) VALUES (1, 'NEW', 10.00)`);

    const loose = { ...n, sql: n.sql.replace("order_status VARCHAR(16) NOT NULL,", "order_status VARCHAR(16) NULL,") };
    expect((await provider.check(n, loose)).failures).toEqual([]);
    expect(await provider.diff(n.name, outs, loose)).toEqual({ changes: true });
    const looser = await provider.update(n.name, outs, loose);
    expect(await nullable()).toBe("YES");
    expect(await provider.read(n.name, outputsOnly(looser.outs!))).toMatchObject({ props: { sql: loose.sql } });

    // Back to NOT NULL while a row holds NULL: MariaDB refuses the ALTER; the rows and the column stay.
    await sql(`INSERT INTO \`${db}\`.orders (customer_id, order_status, total_amount) VALUES (2, NULL, 5.00)`);
    expect(await provider.diff(n.name, looser.outs!, n)).toEqual({ changes: true });
    await expect(provider.update(n.name, looser.outs!, n)).rejects.toThrow(new RegExp(`^mysql:${db}\\.orders \\(sql/mysql/01-schema.sql:\\d+\\): update on MySQL: MySQL failed: `));
    expect(await nullable()).toBe("YES");
    expect(await sql(`SELECT COUNT(*) AS n FROM \`${db}\`.orders`)).toEqual([{ n: 2 }]);
    await sql(`UPDATE \`${db}\`.orders SET order_status = 'NEW' WHERE order_status IS NULL`);
    await provider.update(n.name, looser.outs!, n);
    expect(await nullable()).toBe("NO");
    expect(await sql(`SELECT COUNT(*) AS n FROM \`${db}\`.orders`)).toEqual([{ n: 2 }]);
  });

  test("the provider's MySQL sessions are strict whatever the server's default, so NOT NULL never rewrites NULLs", async () => {
    const db = await freshDatabase("sp_strict");
    const session = await openMysqlProtocol({
      engine: "mysql", endpoint: `${server.host}:${server.port}`, user: server.user, password: server.password, setup: [], timeoutMs: 10000, attempts: 1, backoffMs: 1,
    });
    try {
      await session.execute(`CREATE TABLE \`${db}\`.mode AS SELECT @@SESSION.sql_mode AS m`);
    } finally {
      await session.close();
    }
    const [{ m }] = await sql<{ m: string }[]>(`SELECT m FROM \`${db}\`.mode`);
    expect(m.split(",")).toContain("STRICT_ALL_TABLES");
  });

  test("refresh sees a hand edit as drift, and the next up puts the definition back in place", async () => {
    const db = await freshDatabase("sp_drift");
    const n = inputs(db);
    const outs = await created(n);
    // Unchanged: refresh keeps the program's text.
    const same = await provider.read(n.name, outputsOnly(outs));
    expect(same.props?.sql).toBe(n.sql);

    await sql(`ALTER TABLE \`${db}\`.orders DROP COLUMN currency`);
    const drift = await provider.read(n.name, outputsOnly(outs));
    expect(drift.id).toBe(n.name);
    expect(drift.props?.sql).toMatch(/^CREATE TABLE `orders`/);
    expect(drift.props?.sql).not.toContain("currency");
    expect((drift.inputs as SchemaObjectInputs).sql).toBe(drift.props?.sql);
    expect(await provider.diff(n.name, drift.props!, n)).toEqual({ changes: true });
    await provider.update(n.name, drift.props!, n);
    expect(await columnsOf(db, "orders")).toContain("currency");
    const after = await provider.read(n.name, outputsOnly(outs));
    expect(after.props?.sql).toBe(n.sql);
  });

  test("refresh after a hand drop reads the object as gone", async () => {
    const db = await freshDatabase("sp_gone");
    const n = inputs(db);
    const outs = await created(n);
    await sql(`DROP TABLE \`${db}\`.orders`);
    expect(await provider.read(n.name, outputsOnly(outs))).toEqual({ id: "", props: {} });
  });

  test("an existing identical table is adopted, not owned: destroy leaves it; a different one is an error", async () => {
    const db = await freshDatabase("sp_adopt");
    const n = inputs(db);
    await sql(n.sql);
    const outs = await created(n);
    expect(outs.owned).toBe(false);
    const log = jest.spyOn(console, "error").mockImplementation(() => undefined);
    await provider.delete(n.name, outputsOnly({ ...outs, allowDataLoss: true }));
    expect(log.mock.calls.flat().join(" ")).toContain("left in place: it existed before this stack adopted it");
    log.mockRestore();
    expect(await columnsOf(db, "orders")).toContain("order_id");

    const other = inputs(db, reference.find((o) => o.name === "mysql:shop.payments")!);
    await sql(other.sql.replace("amount DECIMAL(12, 2) NOT NULL,", "amount DECIMAL(12, 2) NOT NULL, note TEXT,"));
    await expect(provider.create(other)).rejects.toThrow(new RegExp(`mysql:${db}\\.payments \\(sql/mysql/01-schema.sql:\\d+\\): create on MySQL: it already exists with another definition \\(column note dropped\\)`));
  });

  test("an existing table that lacks a column is adopted (not owned) and the column is added, rows kept; a failing ALTER records what the engine has", async () => {
    const db = await freshDatabase("sp_adopt_add");
    const n = inputs(db);
    await sql(n.sql.replace("  currency CHAR(3) NOT NULL DEFAULT 'CNY',\n", ""));
    await sql(`INSERT INTO \`${db}\`.orders (customer_id, order_status, total_amount) VALUES (1, 'NEW', 10.00)`);
    expect(await columnsOf(db, "orders")).not.toContain("currency");
    const log = jest.spyOn(console, "error").mockImplementation(() => undefined);
    const outs = await created(n);
    expect(log.mock.calls.flat().join(" ")).toContain(`mysql:${db}.orders (sql/mysql/01-schema.sql:${ORDERS.line}): adopted the existing table (destroy leaves it) and brought it to the definition: add column currency char(3)`);
    log.mockRestore();
    expect(outs.owned).toBe(false);
    expect(await columnsOf(db, "orders")).toEqual(["order_id", "customer_id", "order_status", "total_amount", "currency", "created_at", "updated_at"]);
    expect(await sql(`SELECT currency FROM \`${db}\`.orders`)).toEqual([{ currency: "CNY" }]);
    // The state now matches the engine: refresh keeps the program's text and the next up is no change.
    const read = await provider.read(n.name, outputsOnly(outs));
    expect(read.props).toMatchObject({ sql: n.sql, owned: false });
    expect(await provider.diff(n.name, read.props!, n)).toEqual({ changes: false });

    // Two in-place changes on another adopted table, the second fails: recorded as adopted with the engine's definition.
    const items = inputs(db, reference.find((o) => o.name === "mysql:shop.order_items")!);
    await sql(items.sql.replace("  unit_price DECIMAL(12, 2) NOT NULL,\n", ""));
    const broken = { ...items, sql: items.sql.replace("KEY idx_items_order (order_id)", "KEY idx_items_order (order_id),\n  KEY idx_items_missing (no_such_column)") };
    const failure = await provider.create(broken).then(() => undefined, (e: unknown) => e as Error & { id?: string; properties?: SchemaObjectOutputs });
    expect(failure?.message).toMatch(/create on MySQL: MySQL failed: Key column 'no_such_column' doesn't exist in table \(it existed and was adopted; applied 1 of 2 changes: ALTER TABLE .* ADD COLUMN `unit_price`/);
    expect(failure?.id).toBe(items.name);
    expect(failure?.properties).toMatchObject({ owned: false });
    expect(failure?.properties?.sql).toContain("`unit_price`");
    expect(failure?.properties?.sql).not.toContain("idx_items_missing");
    expect(Object.keys(failure?.properties ?? {})).not.toContain("password");
  });

  test("a database is created, and on delete left in place while it holds tables the stack does not own", async () => {
    const db = `sp_db_${process.pid}`;
    const dbObject = reference.find((o) => o.kind === "database")!;
    const n = inputs(db, dbObject);
    const outs = await created(n);
    expect(outs.owned).toBe(true);
    await sql(`CREATE TABLE \`${db}\`.hand_made (id INT)`);
    const log = jest.spyOn(console, "error").mockImplementation(() => undefined);
    await provider.delete(n.name, outputsOnly(outs));
    expect(log.mock.calls.flat().join(" ")).toContain("left in place: it still holds tables this stack did not create (hand_made)");
    log.mockRestore();
    await sql(`DROP TABLE \`${db}\`.hand_made`);
    await provider.delete(n.name, outputsOnly(outs));
    expect(await sql(`SHOW DATABASES LIKE '${db}'`)).toEqual([]);
  });

  test("a statement that fails midway: the error names the object and the engine, and the state holds what the engine has", async () => {
    const db = await freshDatabase("sp_mid");
    const n = inputs(db);
    const outs = await created(n);
    // Two ALTERs: the new column applies, the second index names a column that does not exist.
    const next = {
      ...n,
      sql: n.sql.replace("currency CHAR(3) NOT NULL DEFAULT 'CNY',", "currency CHAR(3) NOT NULL DEFAULT 'CNY',\n  channel VARCHAR(16) NULL,")
        .replace("KEY idx_orders_updated (updated_at)", "KEY idx_orders_updated (updated_at),\n  KEY idx_orders_missing (no_such_column)"),
    };
    const failure = await provider.update(n.name, outs, next).then(() => undefined, (e: unknown) => e as Error & { id?: string; properties?: SchemaObjectOutputs; reasons?: string[] });
    expect(failure?.message).toMatch(new RegExp(`^mysql:${db}\\.orders \\(sql/mysql/01-schema.sql:\\d+\\): update on MySQL: MySQL failed: Key column 'no_such_column' doesn't exist in table \\(applied 1 of 2 changes: ALTER TABLE .* ADD COLUMN \`channel\``));
    expect(failure?.id).toBe(n.name);
    expect(failure?.properties?.sql).toContain("`channel`");
    expect(failure?.properties?.sql).not.toContain("idx_orders_missing");
    expect(Object.keys(failure?.properties ?? {})).not.toContain("password");
    // The next `up` from that state applies only what is left.
    const rest = await provider.diff(n.name, failure!.properties!, next);
    expect(rest).toEqual({ changes: true });
  });

  test("connection refused: retried, then a clear error naming the object and the engine", async () => {
    const db = await freshDatabase("sp_refused");
    const n = inputs(db, ORDERS, { endpoint: "127.0.0.1:1", connectAttempts: 3 });
    await expect(provider.create(n)).rejects.toThrow(new RegExp(`^mysql:${db}\\.orders \\(sql/mysql/01-schema.sql:\\d+\\): create on MySQL: cannot reach MySQL at 127.0.0.1:1: ECONNREFUSED \\(after 3 attempts\\)$`));
  });

  test("a connection lost before the server answers is retried: each attempt reaches the server", async () => {
    // A server that accepts and hangs up at once (a MySQL restarting behind its Service).
    const net = await import("net");
    let accepted = 0;
    const flaky = net.createServer((s) => { accepted++; s.destroy(); });
    await new Promise<void>((r) => flaky.listen(0, "127.0.0.1", r));
    try {
      const db = await freshDatabase("sp_lost");
      const n = inputs(db, ORDERS, { endpoint: `127.0.0.1:${(flaky.address() as import("net").AddressInfo).port}`, connectAttempts: 3 });
      await expect(provider.create(n)).rejects.toThrow(/\(after 3 attempts\)$/);
      expect(accepted).toBe(3);
    } finally {
      flaky.close();
    }
  });

  test("backoff doubles between connection attempts; a failure that is not transient is not retried", async () => {
    const waits: number[] = [];
    const wait = async (ms: number) => { waits.push(ms); };
    let calls = 0;
    const refused = () => { calls++; return Promise.reject(new EngineError("cannot reach MySQL: ECONNREFUSED", true)); };
    await expect(withRetries({ attempts: 4, backoffMs: 500 }, refused, wait)).rejects.toThrow("cannot reach MySQL: ECONNREFUSED (after 4 attempts)");
    expect([calls, waits]).toEqual([4, [500, 1000, 2000]]);
    calls = 0;
    waits.length = 0;
    const denied = () => { calls++; return Promise.reject(new EngineError("access denied", false)); };
    await expect(withRetries({ attempts: 4, backoffMs: 500 }, denied, wait)).rejects.toThrow(/^access denied$/);
    expect([calls, waits]).toEqual([1, []]);
  });

  test("bad credentials: not retried, no password in the message, nothing created", async () => {
    const db = await freshDatabase("sp_creds");
    const user = `rtdw_t${process.pid}`.slice(0, 30);
    await sql(`CREATE USER IF NOT EXISTS '${user}'@'%' IDENTIFIED BY 'Right-Pw-7'`);
    await sql(`GRANT ALL ON \`${db}\`.* TO '${user}'@'%'`);
    const wrong = "Wrong-Secret-93";
    // Through a proxy that counts connections: a rejected password is final, not retried.
    const proxy = await startMysqlProxy(server);
    const n = inputs(db, ORDERS, { user, password: wrong, connectAttempts: 4, endpoint: `${proxy.host}:${proxy.port}` });
    const err = await provider.create(n).then(() => undefined, (e: Error) => e).finally(() => proxy.stop());
    expect(err?.message).toBe(`mysql:${db}.orders (sql/mysql/01-schema.sql:${ORDERS.line}): create on MySQL: MySQL at ${proxy.host}:${proxy.port} rejected user '${user}': access denied (check the password in the stack config)`);
    expect(err?.message).not.toContain(wrong);
    expect(proxy.connections()).toBe(1);
    expect(await sql(`SHOW TABLES FROM \`${db}\``)).toEqual([]);
    // The right password, from the stack config alone (as delete and refresh get it).
    config["rtdw:tUserPassword"] = "Right-Pw-7";
    const outs = await created({ ...n, endpoint: `${server.host}:${server.port}`, password: undefined, secretConfigKeys: { password: "rtdw:tUserPassword" } });
    expect(outs.owned).toBe(true);
  });

  test("check rejects a statement the grammar refuses, with file, line and reason", async () => {
    const n = inputs("shop");
    const broken = { ...n, sql: n.sql.replace("total_amount DECIMAL(12, 2) NOT NULL,", "total_amount DECIMAL(12, 2) NOT NULL NOT,") };
    const r = await provider.check({} as SchemaObjectInputs, broken);
    expect(r.failures!.length).toBeGreaterThan(0);
    expect(r.failures![0]).toMatchObject({ property: "sql" });
    expect(r.failures![0].reason).toMatch(new RegExp(`^sql/mysql/01-schema.sql:${ORDERS.line + 4}:\\d+: `));
  });
});
