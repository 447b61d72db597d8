/**
 * The real pipeline's figures on this machine: sustained changes per second from MySQL into Paimon
 * ODS (rt-dw-cdc-ingestion with MySQL CDC 3.3.0), and freshness from a MySQL commit to its row in
 * DWS (through all four data jobs), printed beside the seed's targets (10,000 records/s, under 5
 * minutes). The jobs run as rendered for dev, with dev's per-job parallelism, on a local Flink 1.20.1
 * of dev's TaskManagers (6 slots, 2 GB each) started by scripts/flink-local; StarRocks sinks replaced
 * by Flink's print connector. Prints numbers; asserts nothing.
 * Dev's 3 TaskManagers are not enough to measure: the five jobs take all 18 slots (the monitor takes
 * 2, Paimon's sources read one split per bucket whatever the job's parallelism), and the measuring
 * queries are batch jobs on the same cluster; so 4 by default (RTDW_BENCH_TASK_MANAGERS).
 *
 * Run:
 *   npx esbuild bench/flink-e2e.ts --bundle --platform=node --packages=external --outfile=bin/bench/flink-e2e.js \
 *     && node bin/bench/flink-e2e.js [load-seconds]
 */
import * as os from "os";
import * as path from "path";
import { runLoadGenerator } from "../components/loadgen";
import { defaultWarehouseVariables, mysqlSeedSql, schemaObjects } from "../components/warehouse";
import type { WarehouseVariables } from "../components/warehouse";
import { startCluster, stopCluster } from "../scripts/flink-local/cluster";
import { startMariaDb, stopMariaDb } from "../test/support/mariadbServer";
import { GatewaySession } from "../test/support/gatewayClient";
import { createLake, localize, renderedJobs, starRocksToPrint, submitJob } from "../test/support/realJobs";

const SEED_THROUGHPUT = 10_000;
const SEED_FRESHNESS_S = 300;

async function main(): Promise<void> {
  const loadSeconds = Number(process.argv[2] ?? 60);
  const dir = path.join(os.tmpdir(), "rtdw-bench-flink");
  const t0 = Date.now();
  const flink = await startCluster({ dir, taskManagers: Number(process.env.RTDW_BENCH_TASK_MANAGERS ?? 4), log: (l) => console.error(`flink: ${l}`) });
  console.log(`cluster start: ${((Date.now() - t0) / 1000).toFixed(1)} s (${flink.reused ? "reused" : "cold, jars cached"})`);
  const db = await startMariaDb();
  const mysql = await import("mysql2/promise");
  const conn = await mysql.createConnection({ host: db.host, port: db.port, user: db.user, password: db.password, multipleStatements: true });
  try {
    const vars: WarehouseVariables = { ...defaultWarehouseVariables, mysql: { ...defaultWarehouseVariables.mysql, host: db.host, port: db.port, database: "shop", cdcUser: "bench_cdc" } };
    await conn.query("CREATE DATABASE shop; CREATE USER 'bench_cdc'@'%' IDENTIFIED BY 'bench'; GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'bench_cdc'@'%'; USE shop");
    for (const o of schemaObjects(vars).filter((x) => x.engine === "mysql")) await conn.query(o.sql);
    for (const s of mysqlSeedSql(vars).statements) await conn.query(s.sql);
    const warehouse = `file://${path.join(dir, "lake", `bench-${Date.now()}`)}`;
    const setup = await GatewaySession.open(flink.gatewayUrl);
    await createLake(setup, vars, warehouse);
    await setup.close();
    const ids: string[] = [];
    for (const job of renderedJobs(vars)) ids.push(await submitJob(flink.gatewayUrl, starRocksToPrint(localize(job.sql, { warehouse, secrets: { "mysql.cdc.password": "bench" } }))));

    const batch = await GatewaySession.open(flink.gatewayUrl, { "execution.runtime-mode": "batch" });
    await batch.run(localize(schemaObjects(vars).find((o) => o.name === "paimon:paimon")!.sql, warehouse));
    const odsRows = async () => Number((await batch.run("SELECT (SELECT COUNT(*) FROM `paimon`.`ods`.ods_orders) + (SELECT COUNT(*) FROM `paimon`.`ods`.ods_order_items) + (SELECT COUNT(*) FROM `paimon`.`ods`.ods_payments)")).rows[0][0]);
    const mysqlRows = async () => Number(((await conn.query("SELECT (SELECT COUNT(*) FROM orders) + (SELECT COUNT(*) FROM order_items) + (SELECT COUNT(*) FROM payments) AS n"))[0] as { n: number }[])[0].n);
    // Wait for the snapshot phase to land in ODS before loading.
    while ((await odsRows()) < (await mysqlRows())) await new Promise((r) => setTimeout(r, 5000));

    // Throughput: unthrottled changes for loadSeconds, then the time until ODS holds them all.
    const loadStart = Date.now();
    const stats = await runLoadGenerator({ connection: { host: db.host, port: db.port, user: db.user, password: db.password, database: "shop" }, changesPerSecond: 0, durationMs: loadSeconds * 1000, connections: 4 });
    const target = await mysqlRows();
    while ((await odsRows()) !== target) await new Promise((r) => setTimeout(r, 2000));
    const caughtUp = (Date.now() - loadStart) / 1000;
    console.log(`load generator: ${stats.changes} row changes in ${(stats.elapsedMs / 1000).toFixed(0)} s (${stats.changesPerSecond.toFixed(0)}/s written to MySQL)`);
    console.log(`MySQL -> ODS sustained: ${(stats.changes / caughtUp).toFixed(0)} changes/s (all in ODS ${caughtUp.toFixed(0)} s after the load began; seed target ${SEED_THROUGHPUT}/s)`);

    // Freshness: one order in an hour no other order has, until its DWS bucket appears.
    await conn.query("INSERT INTO orders (order_id, customer_id, order_status, total_amount, currency, created_at, updated_at) VALUES (999999001, 1, 'PAID', 10.00, 'CNY', '2030-01-01 00:10:00', NOW(3)); INSERT INTO order_items (item_id, order_id, product_id, quantity, unit_price, created_at, updated_at) VALUES (999999001, 999999001, 1, 1, 10.00, NOW(3), NOW(3))");
    const committed = Date.now();
    for (;;) {
      const r = await batch.run("SELECT COUNT(*) FROM `paimon`.`dws`.dws_sales_hourly WHERE stat_hour = TIMESTAMP '2030-01-01 00:00:00'");
      if (Number(r.rows[0][0]) > 0) break;
      await new Promise((res) => setTimeout(res, 2000));
    }
    console.log(`freshness MySQL commit -> DWS: ${((Date.now() - committed) / 1000).toFixed(0)} s (seed target under ${SEED_FRESHNESS_S} s; dev checkpoints every 30-60 s per hop)`);
    await batch.close();
    for (const id of ids) await fetch(`${flink.restUrl}/jobs/${id}?mode=cancel`, { method: "PATCH" });
  } finally {
    await conn.end();
    await stopMariaDb(db);
    await stopCluster(dir);
  }
}

main().catch((e: unknown) => {
  console.error((e as Error).stack ?? String(e));
  process.exit(1);
});
