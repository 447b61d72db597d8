/**
 * The Paimon path end to end: the schema provider against the Flink 1.20 SQL Gateway double over
 * real HTTP (open a session, register the catalog, execute, fetch, close), with the reference
 * catalog, database and table, the catalog's S3 keys as secrets, drift, and faults.
 */
import { rememberConfig } from "../../components/dynamicResource/stackConfig";
import { SchemaObjectProvider } from "../../components/schema/provider/schemaObjectProvider";
import { redact, restoreSecretOptions } from "../../components/schema/provider/inputs";
import type { SchemaObjectInputs, SchemaObjectOutputs } from "../../components/schema/provider/inputs";
import { defaultWarehouseVariables, schemaObjects } from "../../components/warehouse";
import { SqlGatewayDouble } from "../doubles/sql-gateway/server";

const provider = new SchemaObjectProvider();
const ACCESS_KEY = "AKIA-Secret-Access-0042";
const config: Record<string, string> = { "rtdw:s3AccessKey": ACCESS_KEY };
rememberConfig({ config: { get: (k: string) => config[k] } });

const reference = schemaObjects(defaultWarehouseVariables).filter((o) => o.engine === "paimon");
const find = (n: string) => reference.find((o) => o.name === n)!;
// The reference catalog, with an S3 key as a secret placeholder (as an S3 lake has it).
const CATALOG_SQL = find("paimon:paimon").sql.replace("'type' = 'paimon',", "'type' = 'paimon',\n  's3.access-key' = '{{ s3.access-key }}',");

let gw: SqlGatewayDouble;
beforeEach(async () => {
  gw = new SqlGatewayDouble();
  await gw.start();
});
afterEach(async () => gw.stop());

function inputs(name: string, extra: Partial<SchemaObjectInputs> = {}): SchemaObjectInputs {
  const o = find(name);
  return {
    engine: "paimon", kind: o.kind, name: o.name, file: o.file, line: o.line,
    sql: o.kind === "catalog" ? CATALOG_SQL : o.sql, setup: o.kind === "catalog" ? [] : [CATALOG_SQL],
    endpoint: gw.url, secretValues: { "s3.access-key": ACCESS_KEY }, secretConfigKeys: { "s3.access-key": "rtdw:s3AccessKey" },
    allowDataLoss: false, timeoutSeconds: 5, connectAttempts: 3, ...extra,
  };
}
const outputsOnly = (o: SchemaObjectOutputs) => ({ ...o, secretValues: undefined }) as SchemaObjectOutputs;

async function create(n: SchemaObjectInputs): Promise<SchemaObjectOutputs> {
  const checked = await provider.check({} as SchemaObjectInputs, n);
  expect(checked.failures).toEqual([]);
  const { outs } = await provider.create(checked.inputs as SchemaObjectInputs);
  if (!outs) throw new Error("no outputs");
  expect(JSON.stringify(outs)).not.toContain(ACCESS_KEY);
  return outs;
}

async function lake(): Promise<SchemaObjectOutputs> {
  await create(inputs("paimon:paimon"));
  await create(inputs("paimon:paimon.ods"));
  return create(inputs("paimon:paimon.ods.ods_orders"));
}

describe("Paimon through the Flink SQL Gateway", () => {
  test("catalog, database and table are created; the sessions are closed; the secret reached only the gateway", async () => {
    await lake();
    const table = gw.table("file:///lake/warehouse", "ods", "ods_orders") ?? [...gw.warehouses.values()][0]?.get("ods")?.get("ods_orders");
    expect(table?.primaryKey).toEqual(["order_id"]);
    expect(table?.columns.map((c) => c.name)).toContain("op_ts");
    expect(gw.sessions.size).toBe(0);
    expect(gw.statements.filter((s) => s.includes(ACCESS_KEY)).length).toBeGreaterThan(0);
  });

  test("a no-op up: refresh reads the table as unchanged and diff sends nothing", async () => {
    const outs = await lake();
    const n = inputs("paimon:paimon.ods.ods_orders");
    const read = await provider.read(n.name, outputsOnly(outs));
    expect(read.props?.sql).toBe(n.sql);
    const before = gw.mutatingStatements().length;
    expect(await provider.diff(n.name, read.props!, n)).toEqual({ changes: false });
    expect(gw.mutatingStatements().length).toBe(before);
  });

  test("a new column and a changed option are applied with ALTER; the column lands where the DDL puts it", async () => {
    const outs = await lake();
    const n = inputs("paimon:paimon.ods.ods_orders");
    const next = { ...n, sql: n.sql.replace("currency STRING,", "currency STRING,\n  channel STRING,").replace(/'bucket' = '\d+'/, "'bucket' = '8'") };
    expect(await provider.diff(n.name, outs, next)).toEqual({ changes: true });
    await provider.update(n.name, outs, next);
    const table = [...gw.warehouses.values()][0].get("ods")!.get("ods_orders")!;
    expect(table.columns.map((c) => c.name).slice(3, 7)).toEqual(["total_amount", "currency", "channel", "created_at"]);
    expect(table.options.bucket).toBe("8");
    expect(gw.mutatingStatements().slice(-2)).toEqual([
      "ALTER TABLE `paimon`.`ods`.`ods_orders` ADD `channel` VARCHAR(2147483647) AFTER `currency`",
      "ALTER TABLE `paimon`.`ods`.`ods_orders` SET ('bucket' = '8')",
    ]);
  });

  test("NOT NULL -> NULL is a MODIFY in place that keeps the table; NULL -> NOT NULL is refused at check without allowDataLoss", async () => {
    await create(inputs("paimon:paimon"));
    await create(inputs("paimon:paimon.ods"));
    const n = inputs("paimon:paimon.ods.ods_orders");
    const strict = { ...n, sql: n.sql.replace("order_status STRING,", "order_status STRING NOT NULL,") };
    const outs = await create(strict);
    const table = [...gw.warehouses.values()][0].get("ods")!.get("ods_orders")!;
    table.rows = 5;
    expect(table.columns.find((c) => c.name === "order_status")?.notNull).toBe(true);

    expect((await provider.check(outs as SchemaObjectInputs, n)).failures).toEqual([]);
    expect(await provider.diff(n.name, outs, n)).toEqual({ changes: true });
    const updated = await provider.update(n.name, outs, n);
    expect(gw.mutatingStatements().pop()).toBe("ALTER TABLE `paimon`.`ods`.`ods_orders` MODIFY `order_status` VARCHAR(2147483647)");
    expect([...gw.warehouses.values()][0].get("ods")!.get("ods_orders")).toBe(table);
    expect(table.columns.find((c) => c.name === "order_status")?.notNull).toBe(false);
    expect((await provider.read(n.name, outputsOnly(updated.outs!))).props?.sql).toBe(n.sql);

    const refused = await provider.check(updated.outs as SchemaObjectInputs, strict);
    expect(refused.failures![0].reason).toMatch(/losing its data \(column order_status changes from .* to .*NOT NULL \(Paimon would not check the rows already written\)\)/);
  });

  test("check refuses a secret placeholder that no stack config key backs", async () => {
    const n = inputs("paimon:paimon.ods", { secretConfigKeys: {} });
    const r = await provider.check({} as SchemaObjectInputs, n);
    expect(r.failures).toEqual([{ property: "secretConfigKeys", reason: expect.stringContaining("paimon:paimon.ods (sql/paimon/00-catalog.sql:12): the statement uses {{ s3.access-key }} but secretConfigKeys names no stack config key") }]);
  });

  test("state from a release that spelled placeholders ${name} shows no change and still reads with the secret", async () => {
    const outs = await lake();
    const n = inputs("paimon:paimon.ods.ods_orders");
    const legacy = (sql: string) => sql.replace("{{ s3.access-key }}", "${s3.access-key}");
    const old = { ...outs, setup: outs.setup.map(legacy) };
    expect(old.setup[0]).toContain("'s3.access-key' = '${s3.access-key}'");
    expect(await provider.diff(n.name, old, n)).toEqual({ changes: false });
    expect((await provider.read(n.name, outputsOnly(old))).props?.sql).toBe(n.sql);
    const catalog = inputs("paimon:paimon");
    expect(await provider.diff(catalog.name, { ...outputsOnly(outs), ...catalog, sql: legacy(catalog.sql), owned: true }, catalog)).toEqual({ changes: false });
    // A real change is still one.
    expect(await provider.diff(n.name, old, { ...n, setup: [n.setup[0].replace(ACCESS_KEY, "x").replace("'type' = 'paimon',", "'type' = 'paimon', 'cache-enabled' = 'false',")] })).toEqual({ changes: true });
  });

  test("a primary key change is refused at check without allowDataLoss", async () => {
    const outs = await lake();
    const n = inputs("paimon:paimon.ods.ods_orders");
    const next = { ...n, sql: n.sql.replace("PRIMARY KEY (order_id)", "PRIMARY KEY (order_id, customer_id)") };
    const r = await provider.check(outs as SchemaObjectInputs, next);
    expect(r.failures![0].reason).toMatch(/^paimon:paimon\.ods\.ods_orders \(sql\/paimon\/01-ods\.sql:\d+\): .*losing its data \(.*primary key \(order_id\) -> \(order_id, customer_id\)\)/);
  });

  test("refresh sees an option changed by hand, and the next up sets it back; a hand drop reads as gone", async () => {
    const outs = await lake();
    const n = inputs("paimon:paimon.ods.ods_orders");
    [...gw.warehouses.values()][0].get("ods")!.get("ods_orders")!.options["write-buffer-size"] = "64 mb";
    const read = await provider.read(n.name, outputsOnly(outs));
    expect(read.props?.sql).toContain("'write-buffer-size' = '64 mb'");
    await provider.update(n.name, read.props!, n);
    expect(gw.mutatingStatements().pop()).toBe("ALTER TABLE `paimon`.`ods`.`ods_orders` SET ('write-buffer-size' = '128 mb')");

    [...gw.warehouses.values()][0].get("ods")!.delete("ods_orders");
    expect(await provider.read(n.name, outputsOnly(outs))).toEqual({ id: "", props: {} });
  });

  test("a drifted definition stored by refresh or by a failed update carries no secret: not the one substituted, not a rotated one", async () => {
    // A table that carries an S3 key among its own options (Paimon keeps table options in its schema
    // file and SHOW CREATE TABLE prints them back as they are).
    await create(inputs("paimon:paimon"));
    await create(inputs("paimon:paimon.ods"));
    const base = inputs("paimon:paimon.ods.ods_orders");
    const n = { ...base, sql: base.sql.replace(/\) WITH \(/, ") WITH (\n  's3.access-key' = '{{ s3.access-key }}',") };
    const outs = await create(n);
    const table = [...gw.warehouses.values()][0].get("ods")!.get("ods_orders")!;
    expect(table.options["s3.access-key"]).toBe(ACCESS_KEY);

    // Drift by hand: an option changed.
    table.options["write-buffer-size"] = "64 mb";
    const read = await provider.read(n.name, outputsOnly(outs));
    expect(read.props?.sql).toContain("'write-buffer-size' = '64 mb'");
    expect(read.props?.sql).toContain("'s3.access-key' = '{{ s3.access-key }}'");
    expect(JSON.stringify(read)).not.toContain(ACCESS_KEY);
    // The next up puts the option back and leaves the secret alone.
    await provider.update(n.name, read.props!, n);
    expect(gw.mutatingStatements().pop()).toBe("ALTER TABLE `paimon`.`ods`.`ods_orders` SET ('write-buffer-size' = '128 mb')");

    // A key rotated since (the stack config and the engine disagree): the old value is a secret too.
    const OLD_KEY = "AKIA-Rotated-Away-0001";
    table.options["s3.access-key"] = OLD_KEY;
    table.options["write-buffer-size"] = "32 mb";
    const rotated = await provider.read(n.name, outputsOnly(outs));
    expect(rotated.props?.sql).toContain("'write-buffer-size' = '32 mb'");
    expect(JSON.stringify(rotated)).not.toContain(OLD_KEY);
    expect(JSON.stringify(rotated)).not.toContain(ACCESS_KEY);

    // A failed update records the engine's definition: scrubbed the same way.
    const next = { ...n, sql: n.sql.replace("currency STRING,", "currency STRING,\n  channel STRING,").replace(/'bucket' = '\d+'/, "'bucket' = '8'") };
    gw.faults.statementError = { match: /SET \('bucket'/, message: "bucket cannot be changed", times: 1 };
    const failure = await provider.update(n.name, rotated.props!, next).then(() => undefined, (e: unknown) => e as Error & { properties?: SchemaObjectOutputs });
    expect(failure?.properties?.sql).toContain("`channel`");
    expect(JSON.stringify(failure?.properties)).not.toContain(OLD_KEY);
    expect(JSON.stringify(failure?.properties)).not.toContain(ACCESS_KEY);
  });

  test("secrets are scrubbed in every spelling an engine prints them: escaped in SQL strings, partly masked by StarRocks", () => {
    const secret = `p'a"ss\\word-9`;
    const flink = `'s3.secret-key' = '${secret.replace(/'/g, "''")}'`;
    const mysql = `COMMENT 'p\\'a\\"ss\\\\word-9'`;
    expect(redact(`${flink} ${mysql} ${JSON.stringify({ error: secret })}`, [secret])).toBe("'s3.secret-key' = '***' COMMENT '***' {\"error\":\"***\"}");
    // StarRocks' SHOW CREATE CATALOG (docs SHOW_CREATE_CATALOG.md) masks keys as "AK******M4": keep the placeholder instead.
    const declared = 'CREATE EXTERNAL CATALOG `lake` PROPERTIES ("type" = "paimon", "aws.s3.access_key" = "{{ s3.access-key }}", "aws.s3.secret_key" = "{{ s3.secret-key }}")';
    const live = 'CREATE EXTERNAL CATALOG `lake`\nPROPERTIES ("aws.s3.access_key"  =  "AK******M4",\n"aws.s3.secret_key"  =  "sk******\\"x",\n"type"  =  "paimon")';
    expect(restoreSecretOptions(declared, live)).toBe('CREATE EXTERNAL CATALOG `lake`\nPROPERTIES ("aws.s3.access_key"  =  "{{ s3.access-key }}",\n"aws.s3.secret_key"  =  "{{ s3.secret-key }}",\n"type"  =  "paimon")');
  });

  test("delete: a table with rows needs allowDataLoss; an empty database drops; the catalog leaves the warehouse alone", async () => {
    const outs = await lake();
    const table = [...gw.warehouses.values()][0].get("ods")!.get("ods_orders")!;
    table.rows = 5;
    await expect(provider.delete(outs.name, outputsOnly(outs))).rejects.toThrow(/^paimon:paimon\.ods\.ods_orders \(sql\/paimon\/01-ods\.sql:\d+\): delete on Paimon \(Flink SQL Gateway\): refusing to drop it: it holds data/);
    await provider.delete(outs.name, outputsOnly({ ...outs, allowDataLoss: true }));
    const db = inputs("paimon:paimon.ods");
    await provider.delete(db.name, outputsOnly({ ...db, owned: true } as SchemaObjectOutputs));
    expect([...gw.warehouses.values()][0].has("ods")).toBe(false);
    const catalog = inputs("paimon:paimon");
    const before = gw.statements.length;
    await provider.delete(catalog.name, outputsOnly({ ...catalog, owned: true } as SchemaObjectOutputs));
    expect(gw.statements.length).toBe(before);
  });

  test("faults: a 503 opening the session is retried; a failing statement names the object and engine without the secret", async () => {
    await create(inputs("paimon:paimon"));
    gw.faults.httpStatus = { match: /^POST \/v2\/sessions$/, status: 503, times: 2 };
    await create(inputs("paimon:paimon.ods"));
    expect(gw.faults.httpStatus.times).toBe(0);

    gw.faults.statementError = { match: /^CREATE TABLE/, message: `Could not create table: storage at s3://lake refused key ${ACCESS_KEY}`, times: 1 };
    const n = inputs("paimon:paimon.ods.ods_orders");
    const err = await provider.create(n).then(() => undefined, (e: Error) => e);
    expect(err?.message).toBe(`paimon:paimon.ods.ods_orders (sql/paimon/01-ods.sql:${n.line}): create on Paimon (Flink SQL Gateway): Paimon (Flink SQL Gateway) failed: org.apache.flink.table.api.ValidationException: Could not create table: storage at s3://lake refused key ***`);
    expect(gw.sessions.size).toBe(0);
    // Nothing half-applied: the next attempt creates it.
    await create(n);
  });

  test("faults: results that take a while are polled until ready; an unreachable gateway fails after the retries", async () => {
    gw.faults.notReadyPolls = 3;
    await lake();
    const n = inputs("paimon:paimon.ods", { endpoint: "http://127.0.0.1:1", connectAttempts: 2 });
    await expect(provider.create(n)).rejects.toThrow("paimon:paimon.ods (sql/paimon/00-catalog.sql:12): create on Paimon (Flink SQL Gateway): cannot reach the Flink SQL Gateway at http://127.0.0.1:1: ECONNREFUSED (after 2 attempts)");
  });
});
