/**
 * StarRocks DDL checked as strongly as the grammars we have allow.
 *
 * dt-sql-parser has no StarRocks grammar, and its MySQL grammar rejects StarRocks' own clauses
 * (verified: `PRIMARY KEY(id)` after the column list, `DISTRIBUTED BY HASH`, `PROPERTIES (...)`,
 * `CREATE EXTERNAL CATALOG` all fail with "... is not valid at this position"). So:
 * - CREATE TABLE: the statement is split into its column list and its StarRocks tail. The column
 *   list is parsed by the MySQL grammar as `CREATE TABLE <name> (<columns>)`; the tail is checked
 *   clause by clause in the order of StarRocks 3.5's CREATE TABLE syntax (ENGINE, key_desc,
 *   COMMENT, partition_desc, distribution_desc, ORDER BY, PROPERTIES), and the key, distribution
 *   and order columns must be columns of the table (primary key columns first, in order, and the
 *   bucketing columns a subset of the key, as StarRocks requires for Primary Key tables).
 *   Source of the syntax: StarRocks docs sql-reference/sql-statements/table_bucket_part_index/CREATE_TABLE.md.
 * - CREATE EXTERNAL CATALOG: a structural check (`CREATE EXTERNAL CATALOG [IF NOT EXISTS] name
 *   [COMMENT '...'] PROPERTIES ("k"="v", ...)`, with a "type" property), per StarRocks docs
 *   sql-reference/sql-statements/Catalog/CREATE_EXTERNAL_CATALOG.md.
 * - Anything else (CREATE DATABASE, USE, GRANT, views): the MySQL grammar as is.
 */
import { codeTokens, isPunct, isWord, positionOf, Token } from "./tokens";

export interface StructuralError {
  /** Offset in the statement text. */
  offset: number;
  message: string;
}

export interface StarRocksCheck {
  /** Text to hand to the MySQL grammar (offsets map 1:1 onto the statement up to its length), or undefined. */
  mysqlText?: string;
  errors: StructuralError[];
}

const ident = String.raw`(?:\`[^\`]+\`|[A-Za-z_][A-Za-z0-9_]*)`;
const qualified = String.raw`${ident}(?:\s*\.\s*${ident}){0,2}`;

/** Offset of the parenthesis closing the one at offset `open` (quotes and comments skipped by ./tokens.ts), or -1. */
function closingParen(tokens: Token[], open: number): number {
  let depth = 0;
  for (const t of tokens) {
    if (t.start < open) continue;
    if (isPunct(t, "(")) depth++;
    else if (isPunct(t, ")") && --depth === 0) return t.start;
  }
  return -1;
}

function unquote(name: string): string {
  return name.trim().replace(/^`|`$/g, "").toLowerCase();
}

function columnList(text: string): string[] {
  return text.split(",").map(unquote).filter(Boolean);
}

/** Top-level column names of a column-definition list between offsets `open` and `close` (skips INDEX/KEY definitions). */
function definedColumns(tokens: Token[], open: number, close: number): string[] {
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (t.start <= open || t.start >= close) continue;
    if (isPunct(t, "(")) depth++;
    if (isPunct(t, ")")) depth--;
    if (isPunct(t, ",") && depth === 0) parts.push([]);
    else parts[parts.length - 1].push(t);
  }
  return parts
    .filter((p) => p.length > 0 && !isWord(p[0], "INDEX", "KEY", "PRIMARY", "UNIQUE", "CONSTRAINT"))
    .map((p) => p[0].text.toLowerCase());
}

const PROPERTY = String.raw`\s*("[^"]*"|'[^']*')\s*=\s*("[^"]*"|'[^']*')\s*`;
const PROPERTIES = new RegExp(String.raw`^PROPERTIES\s*\((${PROPERTY}(?:,${PROPERTY})*)\)`, "i");

export function checkStarRocksStatement(stmt: string): StarRocksCheck {
  const catalog = new RegExp(String.raw`^CREATE\s+EXTERNAL\s+CATALOG\s+(?:IF\s+NOT\s+EXISTS\s+)?(${ident})\s*(?:COMMENT\s+('[^']*'|"[^"]*")\s*)?`, "i").exec(stmt);
  if (/^CREATE\s+EXTERNAL\s+CATALOG\b/i.test(stmt)) {
    if (!catalog) return { errors: [{ offset: 0, message: "expected CREATE EXTERNAL CATALOG [IF NOT EXISTS] <name> [COMMENT '...'] PROPERTIES (...)" }] };
    const rest = stmt.slice(catalog[0].length);
    const props = PROPERTIES.exec(rest);
    if (!props) return { errors: [{ offset: catalog[0].length, message: 'expected PROPERTIES ("key" = "value", ...)' }] };
    if (rest.slice(props[0].length).trim()) return { errors: [{ offset: catalog[0].length + props[0].length, message: "unexpected text after PROPERTIES (...)" }] };
    if (!/["']type["']\s*=/.test(props[0])) return { errors: [{ offset: catalog[0].length, message: 'an external catalog needs a "type" property' }] };
    return { errors: [] };
  }

  const head = new RegExp(String.raw`^CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?${qualified}\s*`, "i").exec(stmt);
  if (!head) return { mysqlText: stmt, errors: [] };
  const open = head[0].length;
  if (stmt[open] !== "(") return { mysqlText: stmt, errors: [] }; // CREATE TABLE ... AS / LIKE: MySQL grammar
  const tokens = codeTokens("starrocks", stmt);
  const close = closingParen(tokens, open);
  if (close < 0) return { errors: [{ offset: open, message: "unbalanced parentheses in the column list" }] };
  const columns = definedColumns(tokens, open, close);
  const errors: StructuralError[] = [];
  let pos = close + 1;
  let keyKind: string | undefined;
  let keyColumns: string[] = [];
  const clauses: { name: string; re: RegExp; on?: (m: RegExpExecArray, at: number) => void }[] = [
    { name: "ENGINE", re: /^ENGINE\s*=\s*OLAP\b/i },
    {
      name: "key", re: /^(DUPLICATE|AGGREGATE|UNIQUE|PRIMARY)\s+KEY\s*\(([^)]*)\)/i,
      on: (m) => { keyKind = m[1].toUpperCase(); keyColumns = columnList(m[2]); },
    },
    { name: "COMMENT", re: /^COMMENT\s+("[^"]*"|'[^']*')/i },
    { name: "PARTITION BY", re: /^PARTITION\s+BY\s+(?:RANGE|LIST)?\s*\(([^)]*)\)\s*(?:\((?:[^()]|\([^()]*\))*\))?|^PARTITION\s+BY\s+[A-Za-z_]+\s*\([^)]*\)/i },
    {
      name: "DISTRIBUTED BY", re: /^DISTRIBUTED\s+BY\s+(?:HASH\s*\(([^)]*)\)|RANDOM)(?:\s+BUCKETS\s+\d+)?/i,
      on: (m, at) => {
        const hash = m[1] === undefined ? [] : columnList(m[1]);
        for (const c of hash) if (!columns.includes(c)) errors.push({ offset: at, message: `bucketing column "${c}" is not a column of the table` });
        if (keyKind === "PRIMARY") for (const c of hash) if (!keyColumns.includes(c)) errors.push({ offset: at, message: `bucketing column "${c}" of a Primary Key table must be part of the primary key` });
      },
    },
    {
      name: "ORDER BY", re: /^ORDER\s+BY\s*\(([^)]*)\)/i,
      on: (m, at) => { for (const c of columnList(m[1])) if (!columns.includes(c)) errors.push({ offset: at, message: `sort column "${c}" is not a column of the table` }); },
    },
    { name: "PROPERTIES", re: PROPERTIES },
  ];
  for (const clause of clauses) {
    const ws = /^\s*/.exec(stmt.slice(pos))![0].length;
    const m = clause.re.exec(stmt.slice(pos + ws));
    if (!m) continue;
    clause.on?.(m, pos + ws);
    pos += ws + m[0].length;
  }
  const tail = stmt.slice(pos);
  if (tail.trim()) {
    const at = pos + /^\s*/.exec(tail)![0].length;
    errors.push({ offset: at, message: `unexpected "${tail.trim().slice(0, 30)}": StarRocks CREATE TABLE clauses go in the order ENGINE, key, COMMENT, PARTITION BY, DISTRIBUTED BY, ORDER BY, PROPERTIES` });
  }
  if (keyKind) {
    for (const c of keyColumns) if (!columns.includes(c)) errors.push({ offset: close + 1, message: `key column "${c}" is not a column of the table` });
    if (keyColumns.some((c, i) => columns[i] !== c)) {
      errors.push({ offset: close + 1, message: `${keyKind} KEY columns (${keyColumns.join(", ")}) must be the first columns of the table, in the same order` });
    }
  }
  // The MySQL grammar sees the same text with the StarRocks tail blanked out (offsets unchanged).
  const mysqlText = stmt.slice(0, close + 1) + stmt.slice(close + 1).replace(/[^\n]/g, " ");
  return { mysqlText, errors };
}

export { positionOf };
