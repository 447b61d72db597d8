/**
 * The comparable shape of a schema object, read from a CREATE statement: ours from sql/, or the
 * engine's own (SHOW CREATE TABLE on MySQL and StarRocks, SHOW CREATE TABLE through the Flink SQL
 * Gateway for Paimon). Both spellings reduce to the same shape when they mean the same object, so
 * layout, comments, quoting, keyword case, integer display widths and Flink's type aliases
 * (STRING = VARCHAR(2147483647)) are never a change.
 */
import { closingParen, ddlTokens, isPunct, isWord, normalizeSql, render, splitTopLevel, Token } from "./tokens";

export type Dialect = "mysql" | "starrocks" | "flink";
/** The kinds of object the schema provider manages (the warehouse's sql/ declares each). */
export type SchemaKind = "database" | "table" | "catalog" | "view";
export type ObjectKind = SchemaKind;

export interface ColumnShape {
  name: string;
  type: string;
  nullable: boolean;
  /** Everything after the type (default, comment, auto increment), canonical; NULL-ness and empty comments excluded. */
  attributes: string;
}

export interface IndexShape {
  name: string;
  unique: boolean;
  columns: string[];
}

export interface ObjectShape {
  kind: ObjectKind;
  /** Name parts as written (database.table, catalog.database.table). */
  name: string[];
  columns: ColumnShape[];
  primaryKey: string[];
  indexes: IndexShape[];
  /** Other table elements (watermarks, foreign keys), canonical text. */
  otherElements: string[];
  /** Engine options: MySQL table/database options, StarRocks PROPERTIES, Flink WITH. Keys canonical. */
  options: Record<string, string>;
  comment?: string;
  /** StarRocks table model, e.g. "PRIMARY KEY(a,b)"; Flink PARTITIONED BY; MySQL none. */
  layout: Record<string, string>;
  /** A view's query, canonical. */
  query?: string;
}

const unquotedName = (t: Token): string => t.text;

function nameAt(tokens: Token[], i: number): { parts: string[]; next: number } {
  const parts = [unquotedName(tokens[i])];
  let j = i + 1;
  while (isPunct(tokens[j], ".") && tokens[j + 1]) {
    parts.push(unquotedName(tokens[j + 1]));
    j += 2;
  }
  return { parts, next: j };
}

/** Lower case but for string literals ('...' as render() spells them): ENUM('NEW') is not ENUM('new'). */
const lowerOutsideStrings = (s: string) => s.split(/('(?:[^']|'')*')/).map((part, i) => (i % 2 === 1 ? part : part.toLowerCase())).join("");

/** MySQL/StarRocks integer display widths are presentation (MariaDB shows bigint(20), MySQL 8 bigint). */
function mysqlType(tokens: Token[]): string {
  let t = lowerOutsideStrings(render(tokens)).replace(/\s+/g, " ").replace(/\s*,\s*/g, ",").replace(/\s*\(\s*/g, "(").replace(/\s*\)/g, ")");
  t = t.replace(/^(tinyint|smallint|mediumint|int|integer|bigint)\(\d+\)/, "$1").replace(/^integer\b/, "int");
  return t;
}

/** Flink's SHOW CREATE TABLE spells every type in full; ours may use the aliases. */
export function flinkType(tokens: Token[]): string {
  let t = render(tokens).toUpperCase().replace(/\s+/g, " ").replace(/\s*,\s*/g, ", ").replace(/\s*\(\s*/g, "(").replace(/\s*\)/g, ")");
  t = t.replace(/^STRING$/, "VARCHAR(2147483647)").replace(/^BYTES$/, "VARBINARY(2147483647)").replace(/^INTEGER\b/, "INT")
    .replace(/^DEC\b|^NUMERIC\b/, "DECIMAL").replace(/^DECIMAL$/, "DECIMAL(10, 0)")
    .replace(/^TIMESTAMP_LTZ(\(\d+\))?$/, (_m, p: string | undefined) => `TIMESTAMP${p ?? "(6)"} WITH LOCAL TIME ZONE`)
    .replace(/^TIMESTAMP(\(\d+\))? WITHOUT TIME ZONE$/, (_m, p: string | undefined) => `TIMESTAMP${p ?? "(6)"}`)
    .replace(/^TIMESTAMP$/, "TIMESTAMP(6)").replace(/^TIMESTAMP WITH LOCAL TIME ZONE$/, "TIMESTAMP(6) WITH LOCAL TIME ZONE")
    .replace(/^CHAR$/, "CHAR(1)").replace(/^VARCHAR$/, "VARCHAR(1)");
  return t;
}

/** Where a column's type ends: its words and one parenthesised argument list (plus Flink's zone suffixes). */
function typeEnd(dialect: Dialect, item: Token[], start: number): number {
  let j = start + 1;
  if (isPunct(item[j], "(")) j = closingParen(item, j) + 1;
  if (dialect === "flink") {
    // ARRAY<...>, MAP<...>, ROW<...>: angle brackets to their match.
    if (isPunct(item[j], "<")) {
      let depth = 0;
      for (; j < item.length; j++) {
        if (isPunct(item[j], "<")) depth++;
        if (isPunct(item[j], ">")) { depth--; if (depth === 0) { j++; break; } }
      }
    }
    if (isWord(item[j], "WITH", "WITHOUT") && isWord(item[j + 1], "LOCAL", "TIME")) {
      while (j < item.length && isWord(item[j], "WITH", "WITHOUT", "LOCAL", "TIME", "ZONE")) j++;
    }
  } else {
    while (isWord(item[j], "UNSIGNED", "ZEROFILL", "SIGNED")) j++;
  }
  return j;
}

function columnOf(dialect: Dialect, item: Token[]): ColumnShape {
  const end = typeEnd(dialect, item, 1);
  const typeTokens = item.slice(1, end);
  let rest = item.slice(end);
  let nullable = true;
  const kept: Token[] = [];
  for (let k = 0; k < rest.length; k++) {
    if (isWord(rest[k], "NOT") && isWord(rest[k + 1], "NULL")) { nullable = false; k++; continue; }
    if (isWord(rest[k], "DEFAULT") && isWord(rest[k + 1], "NULL")) { k++; continue; }
    if (isWord(rest[k], "NULL")) continue;
    // StarRocks' SHOW CREATE TABLE prints `COMMENT ""` on every column without a comment.
    if (isWord(rest[k], "COMMENT") && rest[k + 1]?.kind === "string" && rest[k + 1].text === "") { k++; continue; }
    kept.push(rest[k]);
  }
  rest = kept;
  const attributes = render(rest).replace(/CURRENT_TIMESTAMP\(\)/g, "CURRENT_TIMESTAMP");
  return {
    name: dialect === "flink" ? item[0].text : item[0].text.toLowerCase(),
    type: dialect === "flink" ? flinkType(typeTokens) : mysqlType(typeTokens),
    nullable,
    attributes,
  };
}

function parenNames(tokens: Token[], open: number, lower: boolean): { names: string[]; next: number } {
  const close = closingParen(tokens, open);
  const names = splitTopLevel(tokens.slice(open + 1, close)).map((p) => (lower ? p[0].text.toLowerCase() : p[0].text));
  return { names, next: close + 1 };
}

/** An index's key parts: the column with its prefix length and direction (`name(10) DESC`); ASC is the default. */
function indexParts(tokens: Token[], open: number, lower: boolean): string[] {
  const close = closingParen(tokens, open);
  return splitTopLevel(tokens.slice(open + 1, close)).map((p) => {
    const rest = p.slice(1).filter((t, k, all) => !(k === all.length - 1 && isWord(t, "ASC")));
    return (lower ? p[0].text.toLowerCase() : p[0].text) + lowerOutsideStrings(render(rest)).replace(/^(?=[a-z])/, " ");
  });
}

/** Parses `key = value` pairs of a parenthesised property list: Flink WITH, StarRocks PROPERTIES. */
function propertyList(tokens: Token[], open: number): { props: Record<string, string>; next: number } {
  const close = closingParen(tokens, open);
  const props: Record<string, string> = {};
  for (const part of splitTopLevel(tokens.slice(open + 1, close))) {
    const eq = part.findIndex((t) => isPunct(t, "="));
    if (eq < 0) continue;
    props[part.slice(0, eq).map((t) => t.text).join("")] = part.slice(eq + 1).map((t) => t.text).join(" ");
  }
  return { props, next: close + 1 };
}

const MYSQL_OPTION_KEYS: Record<string, string> = {
  ENGINE: "engine", CHARSET: "charset", "CHARACTER SET": "charset", COLLATE: "collate", COMMENT: "comment",
  ROW_FORMAT: "row_format", AUTO_INCREMENT: "auto_increment", KEY_BLOCK_SIZE: "key_block_size",
};

/** MySQL table and database options: `[DEFAULT] key [=] value` repeated. */
function mysqlOptions(tokens: Token[], start: number): Record<string, string> {
  const opts: Record<string, string> = {};
  let i = start;
  while (i < tokens.length) {
    if (isWord(tokens[i], "DEFAULT")) { i++; continue; }
    let key = tokens[i]?.text.toUpperCase() ?? "";
    if (key === "CHARACTER" && isWord(tokens[i + 1], "SET")) { key = "CHARACTER SET"; i++; }
    i++;
    if (isPunct(tokens[i], "=")) i++;
    const value = tokens[i];
    i++;
    if (!value) break;
    const canonical = MYSQL_OPTION_KEYS[key] ?? key.toLowerCase();
    opts[canonical] = canonical === "comment" ? value.text : value.text.toLowerCase();
  }
  return opts;
}

/** StarRocks: ENGINE, the key model, COMMENT, PARTITION BY, DISTRIBUTED BY, ORDER BY, PROPERTIES. */
function starRocksTail(tokens: Token[], start: number, shape: ObjectShape): void {
  let i = start;
  while (i < tokens.length) {
    const t = tokens[i];
    if (isWord(t, "ENGINE")) {
      i++;
      if (isPunct(tokens[i], "=")) i++;
      shape.options.engine = tokens[i].text.toLowerCase();
      i++;
    } else if (isWord(t, "PRIMARY", "DUPLICATE", "UNIQUE", "AGGREGATE") && isWord(tokens[i + 1], "KEY")) {
      const { names, next } = parenNames(tokens, i + 2, true);
      shape.layout.keys = `${t.text.toUpperCase()} KEY(${names.join(",")})`;
      if (t.text.toUpperCase() === "PRIMARY") shape.primaryKey = names;
      i = next;
    } else if (isWord(t, "COMMENT")) {
      i++;
      if (isPunct(tokens[i], "=")) i++;
      shape.comment = tokens[i].text;
      i++;
    } else if (isWord(t, "DISTRIBUTED")) {
      let j = i + 2; // DISTRIBUTED BY
      let text = "";
      if (isWord(tokens[j], "HASH")) {
        const { names, next } = parenNames(tokens, j + 1, true);
        text = `HASH(${names.join(",")})`;
        j = next;
      } else if (isWord(tokens[j], "RANDOM")) { text = "RANDOM"; j++; }
      if (isWord(tokens[j], "BUCKETS")) { text += ` BUCKETS ${tokens[j + 1].text}`; j += 2; }
      shape.layout.distribution = text;
      i = j;
    } else if (isWord(t, "PROPERTIES")) {
      const { props, next } = propertyList(tokens, i + 1);
      Object.assign(shape.options, props);
      i = next;
    } else if ((isWord(t, "PARTITION") || isWord(t, "ORDER")) && isWord(tokens[i + 1], "BY")) {
      // Up to the next clause keyword.
      let j = i + 2;
      const body: Token[] = [];
      while (j < tokens.length && !isWord(tokens[j], "DISTRIBUTED", "PROPERTIES", "ORDER", "COMMENT") ) {
        if (isPunct(tokens[j], "(")) { const c = closingParen(tokens, j); body.push(...tokens.slice(j, c + 1)); j = c + 1; continue; }
        body.push(tokens[j++]);
      }
      shape.layout[isWord(t, "PARTITION") ? "partition" : "order"] = lowerOutsideStrings(render(body));
      i = j;
    } else {
      i++;
    }
  }
}

function flinkTail(tokens: Token[], start: number, shape: ObjectShape): void {
  let i = start;
  while (i < tokens.length) {
    if (isWord(tokens[i], "COMMENT")) { shape.comment = tokens[i + 1].text; i += 2; }
    else if (isWord(tokens[i], "PARTITIONED") && isWord(tokens[i + 1], "BY")) {
      const { names, next } = parenNames(tokens, i + 2, false);
      shape.layout.partition = names.join(",");
      i = next;
    } else if (isWord(tokens[i], "WITH") && isPunct(tokens[i + 1], "(")) {
      const { props, next } = propertyList(tokens, i + 1);
      Object.assign(shape.options, props);
      i = next;
    } else i++;
  }
}

function tableElements(dialect: Dialect, tokens: Token[], open: number, shape: ObjectShape): number {
  const close = closingParen(tokens, open);
  const lower = dialect !== "flink";
  for (const item of splitTopLevel(tokens.slice(open + 1, close))) {
    let k = 0;
    let constraintName: string | undefined;
    if (isWord(item[0], "CONSTRAINT")) { constraintName = item[1].text; k = 2; }
    const head = item[k];
    if (isWord(head, "PRIMARY") && isWord(item[k + 1], "KEY")) {
      shape.primaryKey = parenNames(item, k + 2, lower).names;
    } else if (isWord(head, "UNIQUE") || ((isWord(head, "KEY") || isWord(head, "INDEX")) && item[k + 1]?.kind !== "punct")) {
      let j = k + 1;
      if (isWord(item[j], "KEY", "INDEX")) j++;
      const name = isPunct(item[j], "(") ? (constraintName ?? "") : item[j++].text;
      shape.indexes.push({ name: name.toLowerCase(), unique: isWord(head, "UNIQUE"), columns: indexParts(item, j, lower) });
    } else if (isWord(head, "WATERMARK", "FOREIGN", "CHECK", "INDEX", "KEY", "FULLTEXT", "SPATIAL")) {
      shape.otherElements.push(render(item));
    } else {
      shape.columns.push(columnOf(dialect, item));
    }
  }
  if (dialect === "flink") {
    const pk = new Set(shape.primaryKey);
    for (const c of shape.columns) if (pk.has(c.name)) c.nullable = false;
  }
  return close + 1;
}

/**
 * The shape of a CREATE DATABASE/TABLE/CATALOG/VIEW statement in a dialect. Throws on anything
 * else; the statement's syntax is the grammar's business (check()), not this function's.
 */
export function parseDefinition(dialect: Dialect, sql: string): ObjectShape {
  const tokens = ddlTokens(dialect, sql).filter((t) => !isPunct(t, ";"));
  if (!isWord(tokens[0], "CREATE")) throw new Error(`expected a CREATE statement, got: ${sql.slice(0, 60)}`);
  let i = 1;
  if (isWord(tokens[i], "OR") && isWord(tokens[i + 1], "REPLACE")) i += 2;
  while (isWord(tokens[i], "EXTERNAL", "TEMPORARY")) i++;
  const kindWord = tokens[i]?.text.toUpperCase();
  const kinds: Record<string, ObjectKind> = { DATABASE: "database", SCHEMA: "database", TABLE: "table", CATALOG: "catalog", VIEW: "view" };
  const kind = kindWord ? kinds[kindWord] : undefined;
  if (!kind) throw new Error(`expected CREATE DATABASE, TABLE, CATALOG or VIEW, got: ${sql.slice(0, 60)}`);
  i++;
  if (isWord(tokens[i], "IF") && isWord(tokens[i + 1], "NOT") && isWord(tokens[i + 2], "EXISTS")) i += 3;
  const { parts, next } = nameAt(tokens, i);
  i = next;
  const shape: ObjectShape = { kind, name: parts, columns: [], primaryKey: [], indexes: [], otherElements: [], options: {}, layout: {} };
  if (kind === "view") {
    const as = tokens.findIndex((t, k) => k >= i && isWord(t, "AS"));
    if (isWord(tokens[i], "COMMENT")) shape.comment = tokens[i + 1].text;
    shape.query = render(tokens.slice(as + 1));
    return shape;
  }
  if (kind === "table" && isPunct(tokens[i], "(")) i = tableElements(dialect, tokens, i, shape);
  if (dialect === "flink") flinkTail(tokens, i, shape);
  else if (dialect === "starrocks" && kind !== "database") starRocksTail(tokens, i, shape);
  else {
    const opts = mysqlOptions(tokens, i);
    if (opts.comment !== undefined) { shape.comment = opts.comment; delete opts.comment; }
    Object.assign(shape.options, opts);
  }
  return shape;
}

/** A fingerprint of the statement's text: what diff compares first. */
export { normalizeSql };
