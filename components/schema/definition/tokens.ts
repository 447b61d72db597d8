/**
 * A small SQL tokenizer for DDL, shared by the three dialects the schema objects are written in
 * (MySQL, StarRocks, Flink SQL). It exists to compare definitions, not to validate them: the
 * grammars in components/sqlgrammar do that at check(). Comments are dropped, except MySQL's
 * executable comments (`/*!40100 DEFAULT CHARACTER SET ... *\/` in SHOW CREATE DATABASE), whose
 * content is code.
 */
export type TokenKind = "word" | "quoted" | "string" | "number" | "punct";

export interface Token {
  kind: TokenKind;
  /** Words as written; quoted identifiers and strings without their quotes, unescaped. */
  text: string;
  /** Offsets of the token in the text tokenized (end exclusive), for rewrites that keep the rest as written. */
  start?: number;
  end?: number;
}

export function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === "-" && sql[i + 1] === "-") { while (i < n && sql[i] !== "\n") i++; continue; }
    if (c === "#") { while (i < n && sql[i] !== "\n") i++; continue; }
    if (c === "/" && sql[i + 1] === "*") {
      const end = sql.indexOf("*/", i + 2);
      const stop = end < 0 ? n : end;
      if (sql[i + 2] === "!") {
        // Executable comment: `/*!NNNNN code */` runs on MySQL at or above version NNNNN.
        const body = sql.slice(i + 3, stop).replace(/^\d{5}/, "");
        out.push(...tokenize(body).map(({ kind, text }) => ({ kind, text }))); // offsets of the body, not of sql
      }
      i = stop + 2;
      continue;
    }
    if (c === "`") {
      let j = i + 1;
      let text = "";
      while (j < n) {
        if (sql[j] === "`" && sql[j + 1] === "`") { text += "`"; j += 2; continue; }
        if (sql[j] === "`") break;
        text += sql[j++];
      }
      out.push({ kind: "quoted", text, start: i, end: j + 1 });
      i = j + 1;
      continue;
    }
    if (c === "'" || c === "\"") {
      let j = i + 1;
      let text = "";
      while (j < n) {
        if (sql[j] === "\\" && j + 1 < n) { text += sql[j + 1]; j += 2; continue; }
        if (sql[j] === c && sql[j + 1] === c) { text += c; j += 2; continue; }
        if (sql[j] === c) break;
        text += sql[j++];
      }
      out.push({ kind: "string", text, start: i, end: j + 1 });
      i = j + 1;
      continue;
    }
    if (/[0-9]/.test(c)) {
      let j = i;
      while (j < n && /[0-9.]/.test(sql[j])) j++;
      out.push({ kind: "number", text: sql.slice(i, j), start: i, end: j });
      i = j;
      continue;
    }
    if (/[A-Za-z_$]/.test(c)) {
      let j = i;
      while (j < n && /[A-Za-z0-9_$]/.test(sql[j])) j++;
      out.push({ kind: "word", text: sql.slice(i, j), start: i, end: j });
      i = j;
      continue;
    }
    out.push({ kind: "punct", text: c, start: i, end: i + 1 });
    i++;
  }
  return out;
}

/** One canonical spelling of a token sequence: keywords upper-cased, strings single-quoted. */
export function render(tokens: Token[]): string {
  let s = "";
  let prev: Token | undefined;
  for (const t of tokens) {
    const text = t.kind === "word" ? t.text.toUpperCase()
      : t.kind === "quoted" ? `\`${t.text}\``
      : t.kind === "string" ? `'${t.text.replace(/'/g, "''")}'`
      : t.text;
    const tight = prev === undefined || t.text === ")" || t.text === "," || t.text === "." || prev.text === "(" || prev.text === "."
      || (t.text === "(" && prev.kind !== "punct");
    s += tight ? text : ` ${text}`;
    prev = t;
  }
  return s;
}

/** The statement with comments and layout gone: equal for edits that change nothing. */
export function normalizeSql(sql: string): string {
  return render(tokenize(sql).filter((t) => !(t.kind === "punct" && t.text === ";")));
}

export const isWord = (t: Token | undefined, ...words: string[]): boolean =>
  t !== undefined && t.kind === "word" && words.includes(t.text.toUpperCase());

export const isPunct = (t: Token | undefined, p: string): boolean => t !== undefined && t.kind === "punct" && t.text === p;

/** Splits a token list at top-level commas. */
export function splitTopLevel(tokens: Token[]): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (isPunct(t, "(")) depth++;
    if (isPunct(t, ")")) depth--;
    if (depth === 0 && isPunct(t, ",")) { parts.push([]); continue; }
    parts[parts.length - 1].push(t);
  }
  return parts.filter((p) => p.length > 0);
}

/** Index of the parenthesis closing the one at `open`. */
export function closingParen(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (isPunct(tokens[i], "(")) depth++;
    if (isPunct(tokens[i], ")")) { depth--; if (depth === 0) return i; }
  }
  throw new Error("unbalanced parentheses");
}
