/**
 * Data end to end on the real engine: the throwaway MariaDB (binlog ROW, FULL image) as the source,
 * the five jobs as the program renders them for dev (parallelism 1 each on this small cluster,
 * through the stack's own rtdw:jobs override, one bucket per Paimon table), submitted to the real Flink 1.20.1 through the SQL
 * Gateway as one statement set per job (as StreamPark runs them): MySQL CDC 3.3.0 -> Paimon ODS ->
 * DWD -> DWS, and rt-dw-monitor's quality scores. No StarRocks server runs here: the StarRocks sinks
 * are replaced by Flink's print connector (a stand-in the test reads from the TaskManager's stdout);
 * their planning against the real connector is explainJobs.test.ts. The load generator writes
 * inserts, updates and deletes; the test then waits, checkpoint by checkpoint, until Paimon's ODS,
 * DWD and DWS agree with what MySQL holds. The tables the load never writes (customers, products)
 * get one row change per wait, as a live source has: MySQL CDC 3.3.0 on a source without GTIDs
 * (MariaDB) may otherwise hold a quiet table's snapshot forever (test/support/cdcSource.ts).
 */
import * as fs from "fs";
import * as path from "path";
import { runLoadGenerator } from "../../components/loadgen";
import { JOB_NAMES, defaultWarehouseVariables, mysqlSeedSql, schemaObjects } from "../../components/warehouse";
import type { WarehouseVariables } from "../../components/warehouse";
import { connectionOptions, freshDatabase, testMysql } from "../support/mariadb";
import { FLINK_START_TIMEOUT_MS, freshWarehouse, sharedFlink, SharedFlink } from "../support/flinkCluster";
import { GatewaySession } from "../support/gatewayClient";
import { createLake, localize, renderedJobs, starRocksToPrint, submitJob } from "../support/realJobs";
import { touchTables } from "../support/cdcSource";

const CDC_USER = "rtdw_cdc_e2e";
const CDC_PASSWORD = "cdc-e2e-secret";
/**
 * How long the layers may take to agree: each hop commits on a checkpoint (30 s here), so about
 * 2-3 min; generous, as the 2-core CI runs other suites beside it (load average 20 seen).
 */
const AGREE_WITHIN_MS = 10 * 60_000;

async function mysqlQuery<T>(db: string, sql: string): Promise<T[]> {
  const mysql = await import("mysql2/promise");
  const c = await mysql.createConnection({ ...connectionOptions(db), dateStrings: true });
  try { return (await c.query(sql))[0] as T[]; } finally { await c.end(); }
}

async function flinkRest<T>(flink: SharedFlink, p: string): Promise<T> {
  const res = await fetch(`${flink.restUrl}${p}`);
  return (await res.json()) as T;
}

let flink: SharedFlink;
let db: string;
let vars: WarehouseVariables;
let warehouse: string;
const jobIds: Record<string, string> = {};

describe("data end to end on the real engine", () => {
  beforeAll(async () => {
    flink = await sharedFlink();
    // The source: schema, seed, and a CDC user with the grants the product gives it (components/mysql).
    db = await freshDatabase("e2e");
    const m = testMysql();
    vars = {
      ...defaultWarehouseVariables,
      mysql: { ...defaultWarehouseVariables.mysql, host: m.host, port: m.port, database: db, cdcUser: CDC_USER },
      // One bucket per table: Paimon sources take one reader per bucket whatever the job's parallelism
      // (scan.infer-parallelism), and the five jobs must fit the one TaskManager's six slots.
      paimon: { ...defaultWarehouseVariables.paimon, tables: { ...defaultWarehouseVariables.paimon.tables, buckets: { ods: 1, dwd: 1, dws: 1 } } },
      jobs: Object.fromEntries(JOB_NAMES.map((n) => [n, { ...defaultWarehouseVariables.jobs[n], parallelism: 1, checkpointIntervalMs: 30_000 }])) as WarehouseVariables["jobs"],
    };
    for (const o of schemaObjects(vars).filter((x) => x.engine === "mysql")) await mysqlQuery(db, o.sql);
    for (const s of mysqlSeedSql(vars).statements) await mysqlQuery(db, s.sql);
    await mysqlQuery(db, `CREATE USER IF NOT EXISTS '${CDC_USER}'@'%' IDENTIFIED BY '${CDC_PASSWORD}'`);
    await mysqlQuery(db, `GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO '${CDC_USER}'@'%'`);

    warehouse = freshWarehouse(flink, "e2e");
    const setup = await GatewaySession.open(flink.gatewayUrl);
    try { await createLake(setup, vars, warehouse); } finally { await setup.close(); }
  }, FLINK_START_TIMEOUT_MS);

  afterAll(async () => {
    for (const id of Object.values(jobIds)) await fetch(`${flink.restUrl}/jobs/${id}?mode=cancel`, { method: "PATCH" }).catch(() => undefined);
  });

  test("the five jobs carry MySQL's changes through ODS, DWD and DWS, and the monitor scores quality", async () => {
    // Submit each job as StreamPark would: its statements in order, the INSERTs as one statement set.
    for (const job of renderedJobs(vars)) {
      jobIds[job.name] = await submitJob(flink.gatewayUrl, starRocksToPrint(localize(job.sql, { warehouse, secrets: { "mysql.cdc.password": CDC_PASSWORD } })));
      expect(jobIds[job.name]).toMatch(/^[0-9a-f]{32}$/);
    }
    const running = async () => (await flinkRest<{ jobs: { id: string; status: string }[] }>(flink, "/jobs")).jobs;
    const deadline = Date.now() + 5 * 60_000;
    while (Date.now() < deadline) {
      const states = (await running()).filter((j) => Object.values(jobIds).includes(j.id));
      const failed = states.find((j) => j.status === "FAILED");
      if (failed) {
        const ex = await flinkRest<{ "root-exception"?: string }>(flink, `/jobs/${failed.id}/exceptions`);
        throw new Error(`job ${Object.entries(jobIds).find(([, id]) => id === failed.id)?.[0]} failed: ${[...(ex["root-exception"] ?? "").matchAll(/Caused by: ([^\n]+)/g)].map((c) => c[1]).slice(-2).join(" <- ")}`);
      }
      if (states.length === 5 && states.every((j) => j.status === "RUNNING")) break;
      await new Promise((r) => setTimeout(r, 2000));
    }

    // Changes: inserts, updates and deletes for a while.
    const m = testMysql();
    const stats = await runLoadGenerator({ connection: { ...m, database: db }, changesPerSecond: 100, durationMs: 20_000, connections: 2, seed: 7 });
    process.stderr.write(`e2e: load generator ${JSON.stringify(stats)}\n`);
    expect(stats.inserts).toBeGreaterThan(0);
    expect(stats.updates).toBeGreaterThan(0);
    // Deletes and a cancellation written here, so each kind of change is certainly in the binlog.
    const newest = (await mysqlQuery<{ order_id: number }>(db, "SELECT order_id FROM orders ORDER BY order_id DESC LIMIT 5")).map((r) => r.order_id);
    await mysqlQuery(db, `DELETE FROM order_items WHERE order_id IN (${newest.join(",")}); DELETE FROM payments WHERE order_id IN (${newest.join(",")}); DELETE FROM orders WHERE order_id IN (${newest.join(",")})`);
    await mysqlQuery(db, "UPDATE orders SET order_status = 'CANCELLED', updated_at = NOW(3) WHERE order_id = (SELECT MIN(order_id) FROM (SELECT order_id FROM orders WHERE order_status <> 'CANCELLED') AS o)");

    // What MySQL holds, and what the layers must show for it.
    const mysqlCount = async (t: string) => Number((await mysqlQuery<{ n: number }>(db, `SELECT COUNT(*) AS n FROM ${t}`))[0].n);
    const expected = {
      orders: await mysqlCount("orders"), items: await mysqlCount("order_items"), payments: await mysqlCount("payments"),
      customers: await mysqlCount("customers"),
      gmv: (await mysqlQuery<{ g: string }>(db, `SELECT CAST(COALESCE(SUM(i.quantity * i.unit_price), 0) AS DECIMAL(18,2)) AS g FROM order_items i JOIN orders o ON o.order_id = i.order_id
        WHERE UPPER(TRIM(o.order_status)) <> 'CANCELLED' AND o.created_at IS NOT NULL AND i.quantity IS NOT NULL`))[0].g,
    };
    const batch = await GatewaySession.open(flink.gatewayUrl, { "execution.runtime-mode": "batch" });
    await batch.run(localize(schemaObjects(vars).find((o) => o.name === "paimon:paimon")!.sql, warehouse));
    const scalar = async (q: string) => String((await batch.run(q)).rows[0]?.[0] ?? "");
    const observed = async () => ({
      orders: Number(await scalar("SELECT COUNT(*) FROM `paimon`.`ods`.ods_orders")),
      items: Number(await scalar("SELECT COUNT(*) FROM `paimon`.`ods`.ods_order_items")),
      payments: Number(await scalar("SELECT COUNT(*) FROM `paimon`.`ods`.ods_payments")),
      customers: Number(await scalar("SELECT COUNT(*) FROM `paimon`.`dwd`.dwd_customers")),
      dwdOrders: Number(await scalar("SELECT COUNT(*) FROM `paimon`.`dwd`.dwd_orders")),
      gmv: await scalar("SELECT CAST(COALESCE(SUM(gmv), 0) AS DECIMAL(18, 2)) FROM `paimon`.`dws`.dws_sales_hourly"),
    });
    const want = { orders: expected.orders, items: expected.items, payments: expected.payments, customers: expected.customers, dwdOrders: expected.orders, gmv: Number(expected.gmv).toFixed(2) };
    let last: Awaited<ReturnType<typeof observed>> | undefined;
    const waitStart = Date.now();
    const until = waitStart + AGREE_WITHIN_MS;
    const source = await (await import("mysql2/promise")).createConnection(connectionOptions(db));
    while (Date.now() < until) {
      // Changes neither a count nor the GMV; the orders, items and payments the load wrote are left alone.
      await touchTables(source, db, ["customers", "products"]);
      last = await observed();
      if (JSON.stringify({ ...last, gmv: Number(last.gmv).toFixed(2) }) === JSON.stringify(want)) break;
      await new Promise((r) => setTimeout(r, 10_000));
    }
    await source.end();
    const checkpoints: Record<string, number> = {};
    for (const [name, id] of Object.entries(jobIds)) {
      checkpoints[name] = (await flinkRest<{ counts: { completed: number } }>(flink, `/jobs/${id}/checkpoints`)).counts.completed;
    }
    process.stderr.write(`e2e: changes ${JSON.stringify(stats)}; MySQL ${JSON.stringify(want)}; Paimon ${JSON.stringify(last)}; completed checkpoints ${JSON.stringify(checkpoints)}; waited ${Math.round((Date.now() - waitStart) / 1000)} s\n`);
    expect({ ...last, gmv: Number(last?.gmv).toFixed(2) }).toEqual(want);
    await batch.close();

    // The monitor's scores reached its (stand-in) StarRocks sink: rows of sr_dq_results on the TaskManager's stdout.
    const out = fs.readdirSync(path.join(flink.dir, "log")).filter((f) => f.endsWith(".out") && f.startsWith("taskmanager"))
      .map((f) => fs.readFileSync(path.join(flink.dir, "log", f), "utf8")).join("\n");
    const scores = out.split("\n").filter((l) => l.startsWith("sr_dq_results>"));
    expect(scores.length).toBeGreaterThan(0);
    expect(out.split("\n").some((l) => l.startsWith("sr_dws_sales_hourly>"))).toBe(true);
  }, 20 * 60_000);
});
