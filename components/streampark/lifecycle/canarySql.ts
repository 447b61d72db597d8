/**
 * Canary (issue 12): green's SQL writes shadow tables instead of the job's sinks, and the shadow
 * tables' DDL. Both rewrites work on the parsed statements (components/sqlgrammar's splitter and
 * its tokenizer, with token offsets), never on the text as a whole: only the identifier of
 * an INSERT target and the `'table-name'` option of a StarRocks sink table change, everything else
 * stays as written. The result is checked with the lineage (dt-sql-parser's entity collector): a
 * green whose SQL still writes a real sink is refused before anything starts.
 *
 * Sinks are named as the lineage names them (components/lineage/lineage.ts): `paimon:<db>.<table>`
 * for catalog tables (`INSERT INTO <catalog>.<db>.<table>`), `starrocks:<db>.<table>` for
 * temporary tables of the StarRocks connector ('database-name', 'table-name': the connector's
 * options, StarRocks/starrocks-connector-for-apache-flink StarRocksSinkOptions).
 */
import { splitStatements } from "../../sqlgrammar/statements";
import type { SqlDialect, Token } from "../../sqlgrammar/tokens";
import { isPunct, isWord, tokenize } from "../../sqlgrammar/tokens";
import { qualified } from "../../schema/definition/plan";
import { lineage } from "../../lineage/lineage";

/** Appended to a sink's table name for its shadow (`dws_sales_hourly__canary`). */
export const SHADOW_SUFFIX = "__canary";

/** Pure: the shadow of a sink id (`paimon:dws.t` -> `paimon:dws.t__canary`). */
export function shadowOf(sink: string): string {
  return `${sink}${SHADOW_SUFFIX}`;
}

/** The statement's code: the project's one tokenizer without comments and hints. */
const codeTokens = (dialect: SqlDialect, text: string): Token[] => tokenize(dialect, text).filter((t) => t.kind !== "comment" && t.kind !== "hint");

/** Replace token spans of `text` (offsets from tokenize), right to left so offsets stay valid. */
function splice(text: string, edits: { token: Token; replacement: string }[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => (b.token.start ?? 0) - (a.token.start ?? 0))) {
    if (e.token.start === undefined || e.token.end === undefined) throw new Error("internal: a token without offsets");
    out = `${out.slice(0, e.token.start)}${e.replacement}${out.slice(e.token.end)}`;
  }
  return out;
}

/** Name tokens of a qualified name starting at `i` (a.b.c), and the index after it. */
function nameTokens(tokens: Token[], i: number): { parts: Token[]; next: number } {
  const parts = [tokens[i]];
  let j = i + 1;
  while (isPunct(tokens[j], ".") && tokens[j + 1]) {
    parts.push(tokens[j + 1]);
    j += 2;
  }
  return { parts, next: j };
}

/** `'key' = 'value'` pairs of a statement's WITH clause, with the value's token. */
function withOptions(tokens: Token[]): Map<string, Token> {
  const opts = new Map<string, Token>();
  const w = tokens.findIndex((t) => isWord(t, "WITH"));
  if (w < 0) return opts;
  for (let k = w; k + 2 < tokens.length; k++) {
    if (tokens[k].kind === "string" && isPunct(tokens[k + 1], "=") && tokens[k + 2].kind === "string") opts.set(tokens[k].text.toLowerCase(), tokens[k + 2]);
  }
  return opts;
}

interface Statement { text: string; tokens: Token[] }

/** The INSERT target's name tokens (INSERT INTO|OVERWRITE [TABLE] name), or undefined. */
function insertTarget(s: Statement): Token[] | undefined {
  const t = s.tokens;
  if (!isWord(t[0], "INSERT") || !isWord(t[1], "INTO", "OVERWRITE")) return undefined;
  const at = isWord(t[2], "TABLE") ? 3 : 2;
  return t[at] ? nameTokens(t, at).parts : undefined;
}

/** The temporary table a CREATE TEMPORARY TABLE defines, with its name. */
function temporaryTable(s: Statement): { name: string; options: Map<string, Token> } | undefined {
  const t = s.tokens;
  if (!isWord(t[0], "CREATE") || !isWord(t[1], "TEMPORARY") || !isWord(t[2], "TABLE")) return undefined;
  const at = isWord(t[3], "IF") ? 6 : 3;
  return { name: nameTokens(t, at).parts.map((p) => p.text).join(".").toLowerCase(), options: withOptions(t) };
}

const quote = (name: string) => `\`${name.replace(/`/g, "``")}\``;

/**
 * Pure: the job's SQL with every sink in `sinks` written to its shadow instead. Throws naming a
 * sink the SQL does not write (the shadow would stay empty) or a real sink green would still
 * write (lineage of the result).
 */
export function canarySql(sql: string, sinks: string[]): string {
  const parse = (text: string): Statement => ({ text, tokens: codeTokens("flink", text) });
  const top = splitStatements("flink", sql).map((s) => s.text);
  const setOf = (text: string) => /^EXECUTE\s+STATEMENT\s+SET\s+BEGIN([\s\S]*)END$/i.exec(text);
  const all = top.flatMap((text) => {
    const set = setOf(text);
    return set ? splitStatements("flink", set[1]).map((s) => parse(s.text)) : [parse(text)];
  });
  // Temporary tables that are INSERT targets (a StarRocks table read as a lookup source is left alone).
  const targets = new Set(all.map(insertTarget).filter((p): p is Token[] => p !== undefined).map((p) => p.map((x) => x.text).join(".").toLowerCase()));
  const done = new Set<string>();
  const rewrite = (s: Statement): string => {
    const temp = temporaryTable(s);
    if (temp) {
      const db = temp.options.get("database-name");
      const table = temp.options.get("table-name");
      const id = `starrocks:${db?.text}.${table?.text}`;
      if (temp.options.get("connector")?.text !== "starrocks" || !table || !targets.has(temp.name) || !sinks.includes(id)) return s.text;
      done.add(id);
      return splice(s.text, [{ token: table, replacement: `'${table.text}${SHADOW_SUFFIX}'` }]);
    }
    const target = insertTarget(s);
    if (target && target.length === 3) {
      const id = `paimon:${target[1].text}.${target[2].text}`;
      if (!sinks.includes(id)) return s.text;
      done.add(id);
      return splice(s.text, [{ token: target[2], replacement: quote(`${target[2].text}${SHADOW_SUFFIX}`) }]);
    }
    return s.text;
  };
  const out = top.map((text) => {
    const set = setOf(text);
    if (!set) return rewrite(parse(text));
    const inner = splitStatements("flink", set[1]).map((s) => `  ${rewrite(parse(s.text))};`);
    return `EXECUTE STATEMENT SET\nBEGIN\n${inner.join("\n")}\nEND`;
  }).join(";\n\n") + ";\n";
  const missing = sinks.filter((s) => !done.has(s));
  if (missing.length > 0) throw new Error(`canary: the job's SQL writes no ${missing.join(", ")} (as an INSERT into a catalog table or a StarRocks connector table), so green could not write its shadow`);
  const writes = lineage([{ name: "canary", sql: out }]).jobs[0]?.outputs.map((d) => d.id) ?? [];
  const real = writes.filter((w) => !w.endsWith(SHADOW_SUFFIX));
  if (real.length > 0) throw new Error(`canary: green's SQL would still write ${real.join(", ")}; only shadow tables may be written beside blue`);
  return out;
}

/** Pure: the CREATE and DROP statements of a sink's shadow, from the sink's own DDL (the schema's). */
export function shadowDdl(ddl: string, dialect: SqlDialect = "flink"): { create: string; drop: string; name: string[] } {
  const tokens = codeTokens(dialect, ddl);
  let i = 1;
  if (!isWord(tokens[0], "CREATE")) throw new Error(`canary: expected the sink's CREATE TABLE, got: ${ddl.slice(0, 60)}`);
  while (isWord(tokens[i], "EXTERNAL", "TEMPORARY")) i++;
  if (!isWord(tokens[i], "TABLE")) throw new Error(`canary: expected the sink's CREATE TABLE, got: ${ddl.slice(0, 60)}`);
  i++;
  if (isWord(tokens[i], "IF") && isWord(tokens[i + 1], "NOT") && isWord(tokens[i + 2], "EXISTS")) i += 3;
  const { parts } = nameTokens(tokens, i);
  const last = parts[parts.length - 1];
  const name = [...parts.slice(0, -1).map((p) => p.text), `${last.text}${SHADOW_SUFFIX}`];
  return { create: splice(ddl, [{ token: last, replacement: quote(name[name.length - 1]) }]), drop: `DROP TABLE IF EXISTS ${qualified(name)}`, name };
}
