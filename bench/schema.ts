/**
 * Schema apply: the reference schema's MySQL objects on a real MariaDB and its Paimon objects on
 * the SQL Gateway double, created through the schema provider the way the engine schedules them
 * (each object as soon as the objects it depends on exist). Prints the wall time of the whole
 * apply against the slowest single object, the statements a no-op `up` sends (check + diff of
 * every object; goal zero) and a refresh sends, and the size of the serialized provider each
 * object carries in the state. StarRocks objects are left out: no StarRocks server runs here.
 *
 * Run (starts its own throwaway MariaDB, as jest's globalSetup does):
 *   npx esbuild bench/schema.ts --bundle --platform=node --packages=external --outfile=bin/bench/schema.js \
 *     && node bin/bench/schema.js
 */
import * as pulumi from "@pulumi/pulumi";
import { startMariaDb, stopMariaDb } from "../test/support/mariadbServer";
import { SqlGatewayDouble } from "../test/doubles/sql-gateway/server";
import { rememberConfig } from "../components/dynamicResource/stackConfig";
import { SchemaObjectProvider } from "../components/schema/provider/schemaObjectProvider";
import type { SchemaObjectInputs, SchemaObjectOutputs } from "../components/schema/provider/inputs";
import { schemaObjects } from "../components/warehouse/schemaObjects";
import { defaultWarehouseVariables } from "../components/warehouse/variables";

async function main(): Promise<void> {
  const db = await startMariaDb();
  const gw = new SqlGatewayDouble();
  await gw.start();
  const provider = new SchemaObjectProvider();
  rememberConfig({ config: { get: (k: string) => (k === "rtdw:mysqlRootPassword" ? db.password : undefined) } });
  const mysql = await import("mysql2/promise");
  const admin = await mysql.createConnection({ host: db.host, port: db.port, user: db.user, password: db.password });
  const questions = async () => {
    const [rows] = await admin.query("SHOW GLOBAL STATUS LIKE 'Questions'");
    return Number((rows as { Value: string }[])[0].Value);
  };
  try {
    const defs = schemaObjects(defaultWarehouseVariables).filter((o) => o.engine !== "starrocks");
    const catalog = defs.find((o) => o.engine === "paimon" && o.kind === "catalog")!;
    const inputs = new Map<string, SchemaObjectInputs>(defs.map((o) => [o.name, {
      engine: o.engine, kind: o.kind, name: o.name, file: o.file, line: o.line, sql: o.sql,
      setup: o.engine === "paimon" && o.kind !== "catalog" ? [catalog.sql] : [],
      endpoint: o.engine === "paimon" ? gw.url : `${db.host}:${db.port}`, user: o.engine === "paimon" ? undefined : db.user,
      password: o.engine === "paimon" ? undefined : db.password,
      secretConfigKeys: (o.engine === "paimon" ? {} : { password: "rtdw:mysqlRootPassword" }) as Record<string, string>,
      allowDataLoss: true, timeoutSeconds: 60, connectAttempts: 3,
    }]));
    // Check every object first (as a preview does): loads the grammar once, off the clock.
    for (const n of inputs.values()) {
      const r = await provider.check({} as SchemaObjectInputs, n);
      if (r.failures?.length) throw new Error(r.failures.map((f) => f.reason).join("\n"));
    }

    const outputs = new Map<string, SchemaObjectOutputs>();
    const single = new Map<string, number>();
    const done = new Map<string, Promise<void>>();
    const apply = (name: string): Promise<void> => {
      const existing = done.get(name);
      if (existing) return existing;
      const def = defs.find((o) => o.name === name)!;
      const p = Promise.all(def.dependsOn.filter((d) => inputs.has(d)).map(apply)).then(async () => {
        const t0 = performance.now();
        const r = await provider.create(inputs.get(name)!);
        single.set(name, performance.now() - t0);
        outputs.set(name, r.outs!);
      });
      done.set(name, p);
      return p;
    };
    const start = performance.now();
    await Promise.all(defs.map((o) => apply(o.name)));
    const wall = performance.now() - start;
    const [slowest, slowestMs] = [...single].sort((a, b) => b[1] - a[1])[0];
    const serial = [...single.values()].reduce((a, b) => a + b, 0);

    const q0 = await questions();
    const g0 = gw.statements.length;
    let changes = 0;
    for (const [name, n] of inputs) {
      const checked = await provider.check(n, n);
      const d = await provider.diff(name, outputs.get(name)!, checked.inputs as SchemaObjectInputs);
      if (d.changes) changes++;
    }
    // Minus the one SHOW STATUS of the measurement itself.
    const noOpStatements = (await questions()) - q0 - 1 + (gw.statements.length - g0);

    const q1 = await questions();
    const g1 = gw.statements.length;
    for (const [name, o] of outputs) await provider.read(name, o);
    const refreshStatements = (await questions()) - q1 - 1 + (gw.statements.length - g1);

    const providerText = (await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true })).text;
    console.log(`objects applied:                 ${defs.length} (MySQL ${defs.filter((o) => o.engine === "mysql").length}, Paimon ${defs.filter((o) => o.engine === "paimon").length})`);
    console.log(`wall time, dependency-parallel:  ${wall.toFixed(0)} ms`);
    console.log(`slowest single object:           ${slowestMs.toFixed(0)} ms (${slowest})`);
    console.log(`sum of all objects (serial):     ${serial.toFixed(0)} ms`);
    console.log(`wall / slowest:                  ${(wall / slowestMs).toFixed(2)}`);
    console.log(`no-op up: objects with changes:  ${changes}`);
    console.log(`no-op up: statements sent:       ${noOpStatements}`);
    console.log(`refresh: statements sent:        ${refreshStatements} for ${outputs.size} objects`);
    console.log(`serialized provider per object:  ${(providerText.length / 1024).toFixed(0)} KiB`);
  } finally {
    await admin.end();
    await gw.stop();
    await stopMariaDb(db);
  }
}

main().then(() => process.exit(0), (e) => {
  console.error(e);
  process.exit(1);
});
