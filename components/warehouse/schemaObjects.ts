/**
 * Every DDL object of the reference warehouse, one entry per statement, with what it depends on,
 * so the schema providers can create one resource per object in dependency order.
 */
import { splitStatements, SqlDialect } from "../sqlgrammar/statements";
import { UserError } from "../config/errors";
import type { SchemaEngine, SchemaKind, SchemaObjectDefinition } from "../schema/objectDefinition";
import { withCatalogStorage } from "./jobs";
import { readSqlFile, SQL_FILES } from "./sqlFiles";
import { placeholders, renderTemplate } from "./template";
import { secretVariables, templateValues, WarehouseVariables } from "./variables";

// The schema provider owns the object contract (components/schema/objectDefinition.ts); this module
// renders sql/ into it. Re-exported so the warehouse's modules keep one import place.
export type { SchemaEngine, SchemaKind, SchemaObjectDefinition } from "../schema/objectDefinition";

const unquote = (s: string): string => s.replace(/`/g, "");

interface Parsed {
  kind: SchemaKind;
  parts: string[];
}

const NAME = String.raw`((?:\`[^\`]+\`|[A-Za-z_][A-Za-z0-9_]*)(?:\.(?:\`[^\`]+\`|[A-Za-z_][A-Za-z0-9_]*))*)`;

/** Kind and qualified name of a CREATE statement. */
export function parseCreate(sql: string): Parsed | undefined {
  const m = new RegExp(String.raw`^CREATE\s+(?:EXTERNAL\s+)?(DATABASE|TABLE|CATALOG|VIEW)\s+(?:IF\s+NOT\s+EXISTS\s+)?${NAME}`, "i").exec(sql);
  if (!m) return undefined;
  const kind = m[1].toLowerCase() as SchemaKind;
  return { kind, parts: unquote(m[2]).split(".") };
}

function objectsOf(engine: SchemaEngine, dialect: SqlDialect, file: string, vars: WarehouseVariables): SchemaObjectDefinition[] {
  const secretNames = secretVariables(vars);
  // Secrets stay `{{ name }}` for the schema provider to substitute from its secret inputs.
  let template = readSqlFile(file);
  if (engine === "paimon") template = withCatalogStorage(template, vars);
  if (engine === "starrocks") template = withStarRocksStorage(template, vars);
  const rendered = renderTemplate(template, { file, values: templateValues(vars), deferred: secretNames });
  const out: SchemaObjectDefinition[] = [];
  for (const stmt of splitStatements(dialect, rendered)) {
    const parsed = parseCreate(stmt.text);
    if (!parsed) throw new UserError(`${file}:${stmt.line}: expected a CREATE DATABASE/TABLE/CATALOG/VIEW statement`);
    const qualified = parsed.parts.join(".");
    const dependsOn: string[] = [];
    if (parsed.kind === "database" && engine === "paimon" && parsed.parts.length === 2) dependsOn.push(`paimon:${parsed.parts[0]}`);
    if ((parsed.kind === "table" || parsed.kind === "view") && parsed.parts.length >= 2) {
      dependsOn.push(`${engine}:${parsed.parts.slice(0, -1).join(".")}`);
    }
    out.push({
      engine,
      kind: parsed.kind,
      name: `${engine}:${qualified}`,
      file,
      line: stmt.line,
      sql: stmt.text,
      secrets: [...new Set(placeholders(stmt.text, stmt.line, file).map((p) => p.name))],
      dependsOn,
    });
  }
  return out;
}

/**
 * StarRocks' S3 properties for the Paimon catalog when the lake is in S3 (StarRocks docs
 * data_source/catalog/paimon_catalog.md, "StorageCredentialParams" for S3-compatible storage).
 */
export function withStarRocksStorage(template: string, vars: WarehouseVariables): string {
  if (!vars.paimon.s3) return template;
  const s3 = vars.paimon.s3;
  const extra = `, "aws.s3.endpoint" = "${s3.endpoint}", "aws.s3.enable_path_style_access" = "${s3.pathStyleAccess}", "aws.s3.use_instance_profile" = "false", "aws.s3.access_key" = "{{ s3.access-key }}", "aws.s3.secret_key" = "{{ s3.secret-key }}"`;
  return template.replace(/("paimon\.catalog\.warehouse" = "\{\{ starrocks\.paimon-warehouse \}\}")/g, `$1${extra}`);
}

/** The schema of the whole warehouse: MySQL source, Paimon lake, StarRocks serving layer. */
export function schemaObjects(vars: WarehouseVariables): SchemaObjectDefinition[] {
  const all = [
    ...SQL_FILES.mysql.flatMap((f) => objectsOf("mysql", "mysql", f, vars)),
    ...SQL_FILES.paimon.flatMap((f) => objectsOf("paimon", "flink", f, vars)),
    ...SQL_FILES.starrocks.flatMap((f) => objectsOf("starrocks", "starrocks", f, vars)),
  ];
  // The StarRocks catalog reads the lake: create it after the lake's databases exist.
  const paimonDatabases = all.filter((o) => o.engine === "paimon" && o.kind === "database").map((o) => o.name);
  for (const o of all) if (o.engine === "starrocks" && o.kind === "catalog") o.dependsOn.push(...paimonDatabases);
  const names = new Set(all.map((o) => o.name));
  for (const o of all) {
    for (const d of o.dependsOn) if (!names.has(d)) throw new UserError(`${o.file}:${o.line}: ${o.name} depends on ${d}, which no DDL file creates`);
  }
  return all;
}

/** Dev's deterministic seed data for the MySQL source (not a schema object: data, run once). */
export function mysqlSeedSql(vars: WarehouseVariables): { file: string; statements: { line: number; sql: string }[] } {
  const file = SQL_FILES.mysqlSeed;
  const rendered = renderTemplate(readSqlFile(file), { file, values: templateValues(vars) });
  return { file, statements: splitStatements("mysql", rendered).map((s) => ({ line: s.line, sql: s.text })) };
}
