/**
 * The MySQL source schema and seed data on a real server (the MariaDB globalSetup starts), and
 * the load generator against it.
 */
import type { Connection } from "mysql2/promise";
import { schemaObjects, mysqlSeedSql } from "../../components/warehouse/schemaObjects";
import { pacingDelayMs, runLoadGenerator } from "../../components/loadgen";
import { defaultWarehouseVariables, WarehouseVariables } from "../../components/warehouse/variables";
import { connectionOptions, freshDatabase, testMysql } from "../support/mariadb";

async function connect(database?: string): Promise<Connection> {
  const mysql = await import("mysql2/promise");
  return mysql.createConnection(connectionOptions(database));
}

/** Creates the schema and seed in a fresh database through the same objects the providers get. */
async function loadSource(prefix: string): Promise<{ db: string; vars: WarehouseVariables }> {
  const db = await freshDatabase(prefix);
  const vars = { ...defaultWarehouseVariables, mysql: { ...defaultWarehouseVariables.mysql, database: db } };
  const conn = await connect();
  try {
    for (const o of schemaObjects(vars).filter((x) => x.engine === "mysql")) {
      try {
        await conn.query(o.sql);
      } catch (e) {
        throw new Error(`${o.file}:${o.line}: ${(e as Error).message}`);
      }
    }
    const seed = mysqlSeedSql(vars);
    for (const s of seed.statements) {
      try {
        await conn.query(s.sql);
      } catch (e) {
        throw new Error(`${seed.file}:${s.line}: ${(e as Error).message}`);
      }
    }
  } finally {
    await conn.end();
  }
  return { db, vars };
}

async function rows(conn: Connection, sql: string): Promise<Record<string, unknown>[]> {
  const [r] = await conn.query(sql);
  return r as Record<string, unknown>[];
}

describe("schema and seed data", () => {
  let db: string;
  let conn: Connection;
  beforeAll(async () => {
    ({ db } = await loadSource("wh_seed"));
    conn = await connect(db);
  });
  afterAll(async () => conn?.end());

  test("create the five tables with the seed's row counts", async () => {
    const counts = await rows(conn, "SELECT (SELECT COUNT(*) FROM customers) c, (SELECT COUNT(*) FROM products) p, (SELECT COUNT(*) FROM orders) o, (SELECT COUNT(*) FROM order_items) i, (SELECT COUNT(*) FROM payments) y");
    expect(counts[0]).toEqual({ c: 200, p: 50, o: 1000, i: 2000, y: 1000 });
  });

  test("orders total their items and payments match orders", async () => {
    const mismatched = await rows(conn, `SELECT COUNT(*) n FROM orders o JOIN (SELECT order_id, SUM(quantity * unit_price) t FROM order_items GROUP BY order_id) x USING (order_id) WHERE x.t <> o.total_amount`);
    expect(Number(mismatched[0].n)).toBe(0);
    const unpaid = await rows(conn, "SELECT COUNT(*) n FROM payments p JOIN orders o USING (order_id) WHERE p.amount <> o.total_amount");
    expect(Number(unpaid[0].n)).toBe(0);
  });

  test("contain the deliberate quality defects the monitor should find", async () => {
    const r = await rows(conn, "SELECT SUM(phone IS NULL) missing, SUM(phone LIKE 'tel-%') malformed FROM customers");
    expect({ missing: Number(r[0].missing), malformed: Number(r[0].malformed) }).toEqual({ missing: 4, malformed: 2 });
  });

  test("loaded again, fails on the first duplicate key and changes nothing", async () => {
    const checksum = async () => {
      const [r] = await conn.query("CHECKSUM TABLE customers, products, orders, order_items, payments");
      return (r as { Checksum: number }[]).map((x) => x.Checksum);
    };
    const before = await checksum();
    const again = await connect(db);
    try {
      const first = mysqlSeedSql({ ...defaultWarehouseVariables, mysql: { ...defaultWarehouseVariables.mysql, database: db } }).statements[0];
      await expect(again.query(first.sql)).rejects.toThrow(/Duplicate entry '1' for key 'PRIMARY'/);
    } finally {
      await again.end();
    }
    expect(await checksum()).toEqual(before);
  });

  test("are deterministic: a second load holds exactly the same rows", async () => {
    const { db: other } = await loadSource("wh_seed2");
    const checksum = async (database: string) => {
      const c = await connect(database);
      try {
        const [r] = await c.query("CHECKSUM TABLE customers, products, orders, order_items, payments");
        return (r as { Checksum: number }[]).map((x) => x.Checksum);
      } finally {
        await c.end();
      }
    };
    expect(await checksum(other)).toEqual(await checksum(db));
  });
});

describe("load generator", () => {
  test("inserts, updates and deletes its own orders, never the seed's", async () => {
    const { db } = await loadSource("wh_load");
    const stats = await runLoadGenerator({
      connection: { ...testMysql(), database: db }, changesPerSecond: 0, durationMs: 1500, connections: 2, ordersPerBatch: 20, seed: 7,
    });
    expect(stats.inserts).toBeGreaterThan(0);
    expect(stats.updates).toBeGreaterThan(0);
    expect(stats.deletes).toBeGreaterThan(0);
    const conn = await connect(db);
    try {
      const seedOrders = await rows(conn, "SELECT COUNT(*) n, SUM(order_status = 'CREATED') created FROM orders WHERE order_id <= 1000");
      expect(Number(seedOrders[0].n)).toBe(1000);
      const after = await rows(conn, "SELECT COUNT(*) n FROM orders WHERE order_id > 1000");
      expect(Number(after[0].n)).toBeGreaterThan(0);
      // Every generated order still has items and a payment of the same amount (deletes remove all three).
      const orphans = await rows(conn, "SELECT COUNT(*) n FROM order_items i LEFT JOIN orders o USING (order_id) WHERE o.order_id IS NULL");
      expect(Number(orphans[0].n)).toBe(0);
      const seedChanged = await rows(conn, "SELECT COUNT(*) n FROM orders WHERE order_id <= 1000 AND updated_at <> created_at");
      expect(Number(seedChanged[0].n)).toBe(0);
    } finally {
      await conn.end();
    }
  });

  test("holds the configured rate", async () => {
    const { db } = await loadSource("wh_rate");
    const rate = 400;
    const stats = await runLoadGenerator({ connection: { ...testMysql(), database: db }, changesPerSecond: rate, durationMs: 2500, connections: 2, ordersPerBatch: 5 });
    // The limiter's guarantee, whatever the machine's speed: never more than the allowance for the
    // time it ran plus the batches in flight (one per connection, at most 4 rows per order).
    expect(stats.changes).toBeGreaterThan(0);
    expect(stats.changes).toBeLessThanOrEqual(rate * (stats.elapsedMs / 1000) + 2 * 5 * 4);
  });

  test("paces by the token bucket: go while under the allowance, wait for the excess otherwise", () => {
    expect(pacingDelayMs(0, 0, 400)).toBe(1);
    expect(pacingDelayMs(99, 250, 400)).toBe(0);
    expect(pacingDelayMs(100, 250, 400)).toBe(1);
    expect(pacingDelayMs(110, 250, 400)).toBe(26);
    expect(pacingDelayMs(1000, 250, 400)).toBe(50);
    expect(pacingDelayMs(1_000_000, 0, 0)).toBe(0);
  });

  test("stops when aborted and reports what MySQL changed", async () => {
    const { db } = await loadSource("wh_abort");
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    // Resolving at all is the proof: unthrottled and without a duration, only the abort ends it.
    const stats = await runLoadGenerator({ connection: { ...testMysql(), database: db }, changesPerSecond: 0, signal: controller.signal, connections: 1 });
    const conn = await connect(db);
    try {
      const [r] = await conn.query("SELECT (SELECT COUNT(*) FROM orders) + (SELECT COUNT(*) FROM order_items) + (SELECT COUNT(*) FROM payments) AS n");
      // Rows now = seed rows + inserted - deleted.
      expect(Number((r as { n: number }[])[0].n)).toBe(4000 + stats.inserts - stats.deletes);
    } finally {
      await conn.end();
    }
  });

  test("refuses an empty source with a clear message", async () => {
    const db = await freshDatabase("wh_empty");
    const vars = { ...defaultWarehouseVariables, mysql: { ...defaultWarehouseVariables.mysql, database: db } };
    const conn = await connect();
    for (const o of schemaObjects(vars).filter((x) => x.engine === "mysql")) await conn.query(o.sql);
    await conn.end();
    await expect(runLoadGenerator({ connection: { ...testMysql(), database: db }, changesPerSecond: 10, durationMs: 100 }))
      .rejects.toThrow(/no customers or no active products \(load the schema and seed data first\)/);
  });
});
