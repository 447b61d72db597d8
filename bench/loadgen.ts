/**
 * Load generator throughput: the row changes per second (inserts + updates + deletes, counted from
 * MySQL's affectedRows) the generator achieves against a local MariaDB, unthrottled, for several
 * connection counts; plus the size of the single-file bundle the dev stack runs.
 *
 * Run (starts its own throwaway MariaDB through the test harness, as jest's globalSetup does):
 *   npx esbuild bench/loadgen.ts --bundle --platform=node --packages=external --outfile=bin/bench/loadgen.js \
 *     && node bin/bench/loadgen.js [seconds-per-run]
 * Or against an existing server: RTDW_TEST_MYSQL_HOST/PORT/USER/PASSWORD set, same command.
 */
import { startMariaDb, stopMariaDb } from "../test/support/mariadbServer";
import { loadGeneratorBundle, runLoadGenerator } from "../components/loadgen";
import { mysqlSeedSql, schemaObjects } from "../components/warehouse/schemaObjects";
import { defaultWarehouseVariables } from "../components/warehouse/variables";

interface Server { host: string; port: number; user: string; password: string; stop?: () => Promise<void> }

async function server(): Promise<Server> {
  if (process.env.RTDW_TEST_MYSQL_PORT) {
    return {
      host: process.env.RTDW_TEST_MYSQL_HOST ?? "127.0.0.1",
      port: Number(process.env.RTDW_TEST_MYSQL_PORT),
      user: process.env.RTDW_TEST_MYSQL_USER ?? "root",
      password: process.env.RTDW_TEST_MYSQL_PASSWORD ?? "",
    };
  }
  const s = await startMariaDb();
  return { host: s.host, port: s.port, user: s.user, password: s.password, stop: () => stopMariaDb(s) };
}

async function freshSource(s: Server, name: string): Promise<void> {
  const mysql = await import("mysql2/promise");
  const conn = await mysql.createConnection({ host: s.host, port: s.port, user: s.user, password: s.password, multipleStatements: true });
  const vars = { ...defaultWarehouseVariables, mysql: { ...defaultWarehouseVariables.mysql, database: name } };
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
    for (const o of schemaObjects(vars).filter((x) => x.engine === "mysql")) await conn.query(o.sql);
    for (const st of mysqlSeedSql(vars).statements) await conn.query(st.sql);
  } finally {
    await conn.end();
  }
}

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 5);
  const bundle = loadGeneratorBundle();
  console.log(`bundle: ${(Buffer.byteLength(bundle) / 1024).toFixed(0)} KiB (single file, mysql2 inlined)`);
  const s = await server();
  try {
    for (const connections of [1, 4, 8]) {
      const db = `bench_loadgen_${connections}`;
      await freshSource(s, db);
      const stats = await runLoadGenerator({
        connection: { host: s.host, port: s.port, user: s.user, password: s.password, database: db },
        changesPerSecond: 0, durationMs: seconds * 1000, connections,
      });
      console.log(`connections=${connections}: ${stats.changes} changes in ${(stats.elapsedMs / 1000).toFixed(1)} s = ${stats.changesPerSecond.toFixed(0)} changes/s ` +
        `(inserts ${stats.inserts}, updates ${stats.updates}, deletes ${stats.deletes}); seed KPI 10000/s: ${stats.changesPerSecond >= 10_000 ? "met" : "not met"}`);
    }
    // The seed's KPI as a target: does the token bucket hold 10,000 changes/s?
    await freshSource(s, "bench_loadgen_target");
    const held = await runLoadGenerator({
      connection: { host: s.host, port: s.port, user: s.user, password: s.password, database: "bench_loadgen_target" },
      changesPerSecond: 10_000, durationMs: seconds * 1000, connections: 4,
    });
    console.log(`target 10000/s, connections=4: ${held.changesPerSecond.toFixed(0)} changes/s achieved (${((held.changesPerSecond / 10_000) * 100).toFixed(1)}% of target)`);
  } finally {
    await s.stop?.();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
