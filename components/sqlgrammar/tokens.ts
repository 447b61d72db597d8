/**
 * The one SQL tokenizer of rtdw, for the three dialects the warehouse is written in. Every reader
 * of SQL text below the grammars goes through it: the statement splitter and comment blanking
 * (./statements.ts), the schema provider's definition shapes (components/schema/definition) and the
 * job provider's normal form of a job's SQL (components/streampark/lifecycle/jobSpec.ts).
 *
 * Not dt-sql-parser's lexers: they are right but slow to start. bench/sqlTokenizer.ts, in a fresh
 * process over all of sql/ (this 2-core machine, load 3 / load 26): loading the grammar bundle
 * 1.5 s / 5.9 s, then the first use of the Flink lexer 5.2 s / 14.9 s and of the MySQL lexer
 * 6.3 s / 34 s; this module 67 ms on first use and 18 ms a pass after that (load 26). The job
 * provider normalizes every job's SQL on each diff, in a host that otherwise never loads the
 * grammars, so their start-up cost would land on every preview. The grammars stay where syntax is
 * checked (./index.ts validateSql).
 *
 * Lexical rules (Flink 1.20's SQL parser is generated from Calcite's grammar: apache/calcite
 * core/src/main/codegen/templates/Parser.jj, QUOTED_STRING; MySQL 8.0 manual, "String Literals"
 * and "Comments"):
 * - '...' strings, a doubled quote escapes itself; MySQL and StarRocks also take backslash escapes
 *   (also in "..."), Flink does not. "..." is a string (StarRocks PROPERTIES, MySQL); `...` an
 *   identifier (`` doubles), never with backslash escapes.
 * - Comments: -- to the end of the line; # to the end of the line (MySQL, StarRocks); /* ... *\/.
 *   /*+ ... *\/ is a hint, part of the statement (Flink's dynamic table options, MySQL's optimizer
 *   hints). MySQL's executable comment /*!NNNNN code *\/ (SHOW CREATE DATABASE prints one) is
 *   code: its markers are comment tokens, what is between them is lexed as any other text.
 */

export type SqlDialect = "flink" | "mysql" | "starrocks";

export type TokenKind = "word" | "quoted" | "string" | "number" | "punct" | "comment" | "hint";

export interface Token {
  kind: TokenKind;
  /** Words, numbers, punctuation as written; quoted identifiers and strings without their quotes, unescaped; comments and hints as written. */
  text: string;
  /** Offsets in the text: `text.slice(start, end)` is the token as written. */
  start: number;
  end: number;
}

/** Offset after the quoted run opened at `open` (past the closing quote, or the end), and its unescaped content. */
function quoted(sql: string, open: number, backslashEscapes: boolean): { end: number; text: string } {
  const q = sql[open];
  const n = sql.length;
  let text = "";
  let j = open + 1;
  while (j < n) {
    const c = sql[j];
    if (backslashEscapes && c === "\\" && j + 1 < n) { text += sql[j + 1]; j += 2; continue; }
    if (c === q && sql[j + 1] === q) { text += q; j += 2; continue; }
    if (c === q) return { end: j + 1, text };
    text += c;
    j++;
  }
  return { end: n, text };
}

/** Every token of `sql`, comments included, in order; whitespace is what lies between tokens. */
export function tokenize(dialect: SqlDialect, sql: string): Token[] {
  const mysqlLike = dialect !== "flink";
  const out: Token[] = [];
  const n = sql.length;
  let executable = false; // inside /*! ... */
  let i = 0;
  const push = (kind: TokenKind, start: number, end: number, text = sql.slice(start, end)): void => {
    out.push({ kind, text, start, end });
    i = end;
  };
  while (i < n) {
    const c = sql[i];
    const next = sql[i + 1];
    if (/\s/.test(c)) { i++; continue; }
    if ((c === "-" && next === "-") || (c === "#" && mysqlLike)) {
      const eol = sql.indexOf("\n", i);
      push("comment", i, eol < 0 ? n : eol);
      continue;
    }
    if (executable && c === "*" && next === "/") { executable = false; push("comment", i, i + 2); continue; }
    if (c === "/" && next === "*") {
      if (mysqlLike && sql[i + 2] === "!") {
        executable = true;
        push("comment", i, i + 3 + (/^\d{5}/.test(sql.slice(i + 3, i + 8)) ? 5 : 0));
        continue;
      }
      const close = sql.indexOf("*/", i + 2);
      push(sql[i + 2] === "+" ? "hint" : "comment", i, close < 0 ? n : close + 2);
      continue;
    }
    if (c === "'" || c === '"' || c === "`") {
      const q = quoted(sql, i, mysqlLike && c !== "`");
      push(c === "`" ? "quoted" : "string", i, q.end, q.text);
      continue;
    }
    if (/[0-9]/.test(c)) {
      let j = i;
      while (j < n && /[0-9.]/.test(sql[j])) j++;
      push("number", i, j);
      continue;
    }
    if (/[A-Za-z_$]/.test(c)) {
      let j = i;
      while (j < n && /[A-Za-z0-9_$]/.test(sql[j])) j++;
      push("word", i, j);
      continue;
    }
    push("punct", i, i + 1);
  }
  return out;
}

/** Tokens that are code: no comments (hints are code). */
export function codeTokens(dialect: SqlDialect, sql: string): Token[] {
  return tokenize(dialect, sql).filter((t) => t.kind !== "comment");
}

export const isWord = (t: Token | undefined, ...words: string[]): boolean =>
  t !== undefined && t.kind === "word" && words.includes(t.text.toUpperCase());

export const isPunct = (t: Token | undefined, p: string): boolean => t !== undefined && t.kind === "punct" && t.text === p;

/** Line and column (1-based) of an offset. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split("\n").length, column: offset - before.lastIndexOf("\n") };
}
