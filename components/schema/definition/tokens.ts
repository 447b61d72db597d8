/**
 * DDL as token lists, for comparing definitions (not validating them: the grammars in
 * components/sqlgrammar do that at check()). The tokens are components/sqlgrammar/tokens.ts's, the
 * project's one SQL tokenizer; comments and hints are dropped, MySQL's executable comments
 * (`/*!40100 DEFAULT CHARACTER SET ... *\/` in SHOW CREATE DATABASE) are code.
 */
import { isPunct, isWord, SqlDialect, Token, tokenize } from "../../sqlgrammar/tokens";

export type { Token };
export { isPunct, isWord };

/** The statement's code tokens. */
export function ddlTokens(dialect: SqlDialect, sql: string): Token[] {
  return tokenize(dialect, sql).filter((t) => t.kind !== "comment" && t.kind !== "hint");
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
export function normalizeSql(dialect: SqlDialect, sql: string): string {
  return render(ddlTokens(dialect, sql).filter((t) => !isPunct(t, ";")));
}

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
