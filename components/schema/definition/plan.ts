/**
 * What it takes to move a schema object from one definition to another: nothing, ALTER
 * statements (an update in place), or dropping and creating it again (a replace). Pure: diff()
 * and check() call it during `pulumi preview`.
 *
 * In place: columns added (at the end or after an existing column), a column's nullability,
 * default or comment changed where the engine allows it (see columnChange), table options set,
 * MySQL indexes added or dropped, comments changed on MySQL and StarRocks, MySQL database
 * character set. Statement forms: MySQL 8 ALTER TABLE/ALTER DATABASE; StarRocks 3.x ALTER_TABLE.md
 * (`ADD COLUMN ... [FIRST | AFTER]`, `MODIFY COLUMN`, `COMMENT = "..."` from 3.1, `SET ("k" = "v")`);
 * Flink 1.20 ALTER TABLE (`ADD <column> [FIRST | AFTER]`, `MODIFY <column>`, `SET ('k' = 'v')`,
 * docs/content/docs/dev/table/sql/alter.md).
 * Everything else is a replace: a column whose type changes or that is dropped, a changed key,
 * distribution or partitioning. Options removed from the DDL are left at their current value: engines have no
 * common way back to a default, and the definition only manages what it declares.
 */
import type { ColumnShape, Dialect, ObjectShape } from "./definition";

export type PlanAction = "none" | "update" | "replace";

export interface ChangePlan {
  action: PlanAction;
  /** ALTER statements, in order (update only). */
  statements: string[];
  /** Readable lines for the preview and errors: what changes. */
  changes: string[];
}

const quote = (name: string) => `\`${name.replace(/`/g, "``")}\``;
export const qualified = (parts: string[]) => parts.map(quote).join(".");

/**
 * Option values holding secrets are placeholders in our DDL (`{{ name }}`; `${name}` in state of
 * earlier releases) and masked by engines: never compared.
 */
const isSecretValue = (v: string) => v.includes("{{") || v.includes("${");

function literal(dialect: Dialect, v: string): string {
  return dialect === "starrocks" ? `"${v.replace(/\\/g, "\\\\").replace(/"/g, "\\\"")}"` : `'${v.replace(/'/g, "''")}'`;
}

const sameColumn = (a: ColumnShape, b: ColumnShape) => a.type === b.type && a.nullable === b.nullable && a.attributes === b.attributes;

/** `explicitNull`: spell NULL for a nullable column (a MODIFY restates the whole column). */
function columnDdl(c: ColumnShape, explicitNull = false): string {
  const nullability = c.nullable ? (explicitNull ? " NULL" : "") : " NOT NULL";
  const attrs = c.attributes ? ` ${c.attributes}` : "";
  return `${quote(c.name)} ${c.type}${nullability}${attrs}`;
}

/** What differs between two spellings of one column, for the preview. */
function columnDifference(a: ColumnShape, b: ColumnShape): string {
  const parts: string[] = [];
  if (a.nullable !== b.nullable) parts.push(`${a.nullable ? "NULL" : "NOT NULL"} -> ${b.nullable ? "NULL" : "NOT NULL"}`);
  if (a.attributes !== b.attributes) parts.push(`${a.attributes || "(no default or comment)"} -> ${b.attributes || "(no default or comment)"}`);
  return parts.join(", ");
}

/**
 * A column that keeps its name and type but changes nullability, default or comment: the ALTER
 * that changes it in place, or why it cannot be one (then the table is replaced).
 * - MySQL/MariaDB: `MODIFY COLUMN` with the full definition. NULL -> NOT NULL fails on the engine
 *   while a row holds NULL (strict mode, MySQL's and MariaDB's default): an error, nothing lost.
 * - StarRocks (ALTER_TABLE.md, "Modify the column type, position, comment, and other properties"):
 *   `MODIFY COLUMN` with the full definition; "Conversion from NULL to NOT NULL is not supported",
 *   and a key column needs the KEY keyword and may not be nullable: both are replaces here.
 * - Flink 1.20 + Paimon 0.9: `MODIFY` changes type, comment or nullability (alter.md); Paimon turns
 *   it into SchemaChange.updateColumnNullability (FlinkCatalog.toSchemaChange). NULL -> NOT NULL is
 *   a replace: Paimon 0.9 applies it without looking at rows already written (SchemaManager), and
 *   later Paimon releases refuse it by default (CoreOptions alter-column-null-to-not-null.disabled).
 */
function columnChange(dialect: Dialect, target: string, from: ColumnShape, to: ColumnShape, keyColumns: string[]): { statement: string } | { replace: string } {
  const what = `column ${to.name} changes from ${columnDdl(from)} to ${columnDdl(to)}`;
  if (from.type !== to.type) return { replace: what };
  const tightened = from.nullable && !to.nullable;
  if (dialect === "mysql") return { statement: `ALTER TABLE ${target} MODIFY COLUMN ${columnDdl(to, true)}` };
  if (dialect === "starrocks") {
    if (tightened) return { replace: `${what} (StarRocks cannot change a column from NULL to NOT NULL)` };
    if (keyColumns.includes(to.name)) return { replace: `${what} (a key column)` };
    return { statement: `ALTER TABLE ${target} MODIFY COLUMN ${columnDdl(to, true)}` };
  }
  if (tightened) return { replace: `${what} (Paimon would not check the rows already written)` };
  return { statement: `ALTER TABLE ${target} MODIFY ${columnDdl(to)}` };
}

/** Key columns of a StarRocks table model (`PRIMARY KEY(a,b)`, `DUPLICATE KEY(...)`), or Flink's primary key. */
function keyColumnsOf(shape: ObjectShape): string[] {
  const m = /\(([^)]*)\)/.exec(shape.layout.keys ?? "");
  return [...shape.primaryKey, ...(m ? m[1].split(",") : [])];
}

/** `key = value` options the new definition declares that differ from the old one. */
function changedOptions(from: ObjectShape, to: ObjectShape): [string, string][] {
  return Object.entries(to.options).filter(([k, v]) => !isSecretValue(v) && from.options[k] !== v);
}

function tablePlan(dialect: Dialect, from: ObjectShape, to: ObjectShape, target: string): ChangePlan {
  const replace: string[] = [];
  const statements: string[] = [];
  const changes: string[] = [];
  const before = new Map(from.columns.map((c) => [c.name, c]));
  const after = new Map(to.columns.map((c) => [c.name, c]));
  const keyColumns = keyColumnsOf(from);
  for (const c of from.columns) {
    const now = after.get(c.name);
    if (!now) { replace.push(`column ${c.name} dropped`); continue; }
    if (sameColumn(c, now)) continue;
    const change = columnChange(dialect, target, c, now, keyColumns);
    if ("replace" in change) { replace.push(change.replace); continue; }
    statements.push(change.statement);
    changes.push(`column ${c.name}: ${columnDifference(c, now)}`);
  }
  // Existing columns must keep their relative order; new ones go after their predecessor.
  const kept = to.columns.filter((c) => before.has(c.name)).map((c) => c.name);
  const order = from.columns.filter((c) => after.has(c.name)).map((c) => c.name);
  if (kept.join(",") !== order.join(",")) replace.push(`columns reordered: ${order.join(", ")} -> ${kept.join(", ")}`);
  to.columns.forEach((c, i) => {
    if (before.has(c.name)) return;
    // Paimon 0.9 SchemaManager (AddColumn): "Column %s cannot specify NOT NULL in the %s table."
    if (dialect === "flink" && !c.nullable) { replace.push(`column ${c.name} added NOT NULL (Paimon adds nullable columns only)`); return; }
    const appended = to.columns.slice(i).every((x) => !before.has(x.name));
    const position = appended ? "" : i === 0 ? " FIRST" : ` AFTER ${quote(to.columns[i - 1].name)}`;
    const add = dialect === "flink" ? `ALTER TABLE ${target} ADD ${columnDdl(c)}${position}` : `ALTER TABLE ${target} ADD COLUMN ${columnDdl(c)}${position}`;
    statements.push(add);
    changes.push(`add column ${c.name} ${c.type}`);
  });
  if (from.primaryKey.join(",") !== to.primaryKey.join(",")) replace.push(`primary key (${from.primaryKey.join(", ")}) -> (${to.primaryKey.join(", ")})`);
  if (from.otherElements.join(";") !== to.otherElements.join(";")) replace.push(`constraints or watermark ${from.otherElements.join("; ") || "(none)"} -> ${to.otherElements.join("; ") || "(none)"}`);
  for (const key of new Set([...Object.keys(from.layout), ...Object.keys(to.layout)])) {
    if ((from.layout[key] ?? "") !== (to.layout[key] ?? "")) replace.push(`${key} ${from.layout[key] ?? "(none)"} -> ${to.layout[key] ?? "(none)"}`);
  }
  // Indexes: MySQL adds and drops them in place.
  const indexKey = (i: { unique: boolean; columns: string[] }) => `${i.unique ? "UNIQUE " : ""}(${i.columns.join(",")})`;
  const oldIdx = new Map(from.indexes.map((i) => [i.name, i]));
  const newIdx = new Map(to.indexes.map((i) => [i.name, i]));
  for (const [name, idx] of oldIdx) {
    const now = newIdx.get(name);
    if (now && indexKey(now) === indexKey(idx)) continue;
    if (dialect !== "mysql") { replace.push(`index ${name} changed`); continue; }
    statements.push(`ALTER TABLE ${target} DROP INDEX ${quote(name)}`);
    changes.push(`drop index ${name}`);
  }
  for (const [name, idx] of newIdx) {
    const old = oldIdx.get(name);
    if (old && indexKey(old) === indexKey(idx)) continue;
    if (dialect !== "mysql") { replace.push(`index ${name} added`); continue; }
    // Key parts are `column[(prefix)] [desc]`: quote the column only.
    const parts = idx.columns.map((c) => c.replace(/^[^\s(]+/, (col) => quote(col)));
    statements.push(`ALTER TABLE ${target} ADD ${idx.unique ? "UNIQUE " : ""}INDEX ${quote(name)} (${parts.join(", ")})`);
    changes.push(`add index ${name} ${indexKey(idx)}`);
  }
  if ((to.comment ?? "") !== (from.comment ?? "") && to.comment !== undefined) {
    if (dialect === "flink") replace.push("table comment changed (Flink SQL cannot alter a table comment)");
    else { statements.push(`ALTER TABLE ${target} COMMENT = ${literal(dialect, to.comment)}`); changes.push("table comment"); }
  }
  const opts = changedOptions(from, to);
  if (opts.length > 0) {
    if (dialect === "mysql") {
      const spell: Record<string, string> = { engine: "ENGINE", charset: "DEFAULT CHARACTER SET", collate: "COLLATE", row_format: "ROW_FORMAT", key_block_size: "KEY_BLOCK_SIZE" };
      const parts = opts.filter(([k]) => k !== "auto_increment").map(([k, v]) => `${spell[k] ?? k.toUpperCase()} = ${v}`);
      if (parts.length) statements.push(`ALTER TABLE ${target} ${parts.join(" ")}`);
    } else {
      statements.push(`ALTER TABLE ${target} SET (${opts.map(([k, v]) => `${literal(dialect, k)} = ${literal(dialect, v)}`).join(", ")})`);
    }
    changes.push(...opts.map(([k, v]) => `option ${k}: ${from.options[k] ?? "(unset)"} -> ${v}`));
  }
  if (replace.length > 0) return { action: "replace", statements: [], changes: replace };
  return { action: statements.length ? "update" : "none", statements, changes };
}

function databasePlan(dialect: Dialect, from: ObjectShape, to: ObjectShape, target: string): ChangePlan {
  // Paimon's filesystem catalog keeps no database properties (0.9 FileSystemCatalog), StarRocks has none.
  if (dialect !== "mysql") return { action: "none", statements: [], changes: [] };
  const opts = changedOptions(from, to).filter(([k]) => k === "charset" || k === "collate");
  if (opts.length === 0) return { action: "none", statements: [], changes: [] };
  const spell: Record<string, string> = { charset: "CHARACTER SET", collate: "COLLATE" };
  return {
    action: "update",
    statements: [`ALTER DATABASE ${target} ${opts.map(([k, v]) => `${spell[k]} = ${v}`).join(" ")}`],
    changes: opts.map(([k, v]) => `${k}: ${from.options[k] ?? "(default)"} -> ${v}`),
  };
}

/**
 * The plan from `from` (what the engine has, or the last applied definition) to `to` (the DDL in
 * sql/). Names are compared by the caller: a rename is always a replace.
 */
export function planChange(dialect: Dialect, from: ObjectShape, to: ObjectShape): ChangePlan {
  const target = qualified(to.name);
  if (from.kind !== to.kind) return { action: "replace", statements: [], changes: [`${from.kind} becomes ${to.kind}`] };
  switch (to.kind) {
    case "table": return tablePlan(dialect, from, to, target);
    case "database": return databasePlan(dialect, from, to, target);
    case "catalog": {
      const opts = changedOptions(from, to);
      if (opts.length === 0 && (dialect === "flink" || (from.comment ?? "") === (to.comment ?? "") || from.comment === undefined)) return { action: "none", statements: [], changes: [] };
      const changes = opts.map(([k, v]) => `property ${k}: ${from.options[k] ?? "(unset)"} -> ${v}`);
      // A Flink catalog lives in each gateway session (registered anew every time): nothing to alter.
      // A StarRocks external catalog holds no data: drop and create.
      return dialect === "flink" ? { action: "update", statements: [], changes } : { action: "replace", statements: [], changes: changes.length ? changes : ["comment"] };
    }
    case "view":
      return from.query === to.query ? { action: "none", statements: [], changes: [] } : { action: "replace", statements: [], changes: ["view query"] };
  }
}

/** Kinds whose drop loses data (a view or a catalog is only a definition). */
export const holdsDataKind = (kind: ObjectShape["kind"]) => kind === "table" || kind === "database";
