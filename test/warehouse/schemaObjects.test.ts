/** The DDL objects handed to the schema providers: one per statement, named, located, ordered. */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { withSecrets } from "../../components/schema/provider/inputs";
import { renderTemplateOutput } from "../../components/warehouse/template";
import { schemaObjects } from "../../components/warehouse/schemaObjects";
import { devVariables, prodVariables } from "./variableSets";
import { parseDefinition } from "../../components/schema/definition/definition";

const ROOT = path.join(__dirname, "..", "..");

test("covers MySQL, the Paimon lake and StarRocks with qualified names", () => {
  const names = schemaObjects(devVariables).map((o) => `${o.engine} ${o.kind} ${o.name}`);
  expect(names).toEqual(expect.arrayContaining([
    "mysql database mysql:shop",
    "mysql table mysql:shop.orders",
    "paimon catalog paimon:paimon",
    "paimon database paimon:paimon.dwd",
    "paimon table paimon:paimon.dws.dws_sales_hourly",
    "starrocks database starrocks:rtdw_serving",
    "starrocks table starrocks:rtdw_serving.dq_results",
    "starrocks catalog starrocks:paimon_lake",
  ]));
  expect(names).toHaveLength(1 + 5 + 1 + 3 + 13 + 1 + 3 + 1);
});

test("each object points at the CREATE statement in its file", () => {
  for (const o of schemaObjects(devVariables)) {
    const line = fs.readFileSync(path.join(ROOT, o.file), "utf8").split("\n")[o.line - 1];
    expect(line).toMatch(/^CREATE /);
  }
});

test("dependencies name existing objects and come before their dependents", () => {
  const objects = schemaObjects(devVariables);
  const index = new Map(objects.map((o, i) => [o.name, i]));
  for (const o of objects) for (const d of o.dependsOn) expect(index.get(d)).toBeLessThan(index.get(o.name)!);
  expect(objects.find((o) => o.name === "paimon:paimon.ods.ods_orders")!.dependsOn).toEqual(["paimon:paimon.ods"]);
  expect(objects.find((o) => o.name === "starrocks:paimon_lake")!.dependsOn).toEqual(["paimon:paimon.ods", "paimon:paimon.dwd", "paimon:paimon.dws"]);
});

test("secrets stay placeholders for the providers to substitute as Pulumi secrets", () => {
  const dev = schemaObjects(devVariables);
  expect(dev.every((o) => o.secrets.length === 0)).toBe(true);
  const prod = schemaObjects(prodVariables);
  const catalog = prod.find((o) => o.name === "starrocks:paimon_lake")!;
  expect(catalog.secrets).toEqual(["s3.access-key", "s3.secret-key"]);
  expect(catalog.sql).toContain('"aws.s3.access_key" = "{{ s3.access-key }}"');
  expect(catalog.sql).toContain('"paimon.catalog.warehouse" = "s3://rtdw-prod-lake/paimon"');
  expect(prod.find((o) => o.name === "paimon:paimon")!.secrets).toEqual(["s3.access-key", "s3.secret-key"]);
  expect(prod.find((o) => o.name === "starrocks:rtdw_serving.dq_results")!.sql).toContain('"replication_num" = "3"');
});

test("the schema provider substitutes the real keys, for the engine only", () => {
  // The catalog's secrets reach the provider as secret inputs (components/schema/warehouseSchema.ts).
  const catalog = schemaObjects(prodVariables).find((o) => o.name === "starrocks:paimon_lake")!;
  const text = withSecrets({ name: catalog.name, file: catalog.file, line: catalog.line, secretValues: { "s3.access-key": "AKIA-TEST-KEY", "s3.secret-key": "very-secret-value" } }, catalog.sql);
  expect(text).toContain('"aws.s3.access_key" = "AKIA-TEST-KEY", "aws.s3.secret_key" = "very-secret-value"');
  expect(catalog.sql).not.toContain("very-secret-value");
});
describe("rendering a schema object's secrets", () => {
  beforeAll(() => pulumi.runtime.setMocks({ newResource: (a) => ({ id: a.name, state: a.inputs }), call: (a) => a.inputs }, "rtdw", "prod", false));

  test("substitutes the real keys into a secret Output and nowhere else", async () => {
    const catalog = schemaObjects(prodVariables).find((o) => o.name === "starrocks:paimon_lake")!;
    const out = renderTemplateOutput(catalog.sql, { file: catalog.file, firstLine: catalog.line }, {
      "s3.access-key": pulumi.secret("AKIA-TEST-KEY"), "s3.secret-key": pulumi.secret("very-secret-value"),
    });
    expect(await pulumi.isSecret(out)).toBe(true);
    const text = await new Promise<string>((resolve) => out.apply((t) => { resolve(t); return t; }));
    expect(text).toContain('"aws.s3.secret_key" = "very-secret-value"');
  });
});

/**
 * Paimon 0.9 reads 'compaction.max.file-num' for append-only tables only and compacts a
 * primary-key table by its sorted runs (CoreOptions COMPACTION_MAX_FILE_NUM,
 * NUM_SORTED_RUNS_COMPACTION_TRIGGER, NUM_SORTED_RUNS_STOP_TRIGGER): each table carries the keys
 * that take effect on its kind, with the seed's bound of 30 pending files.
 */
test("every Paimon table bounds its pending small files with the options its kind reads", () => {
  const tables = schemaObjects(devVariables).filter((o) => o.engine === "paimon" && o.kind === "table");
  expect(tables.length).toBeGreaterThan(0);
  for (const t of tables) {
    const shape = parseDefinition("flink", t.sql);
    const compaction = Object.fromEntries(Object.entries(shape.options).filter(([k]) => /^(compaction\.(max|min)\.file-num|num-sorted-run\.)/.test(k)));
    const expected = shape.primaryKey.length
      ? { "num-sorted-run.compaction-trigger": "5", "num-sorted-run.stop-trigger": "30" }
      : { "compaction.max.file-num": "30" };
    expect({ table: t.name, ...compaction }).toEqual({ table: t.name, ...expected });
  }
});
