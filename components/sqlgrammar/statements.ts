/**
 * Splits SQL text into statements on top-level semicolons, keeping each statement's 1-based start
 * line. Lexical (./tokens.ts), not grammatical, so that a broken statement still gets its own line
 * number (the grammar's own splitter returns nothing at all when any statement has a syntax error).
 */
import { isPunct, positionOf, SqlDialect, Token, tokenize } from "./tokens";

export type { SqlDialect };
export { positionOf };

export interface SqlStatement {
  /** The statement without its terminating semicolon, trimmed. */
  text: string;
  /** 1-based line (in the whole text) where the statement's first non-blank, non-comment token is. */
  line: number;
  /** 1-based column of that token. */
  column: number;
}

/** The words of a statement that open a Flink statement set (`EXECUTE STATEMENT SET BEGIN`). */
const STATEMENT_SET = ["EXECUTE", "STATEMENT", "SET"];

/**
 * Statements of `text`: comments are not significant (hints are), quoting as the dialect has it
 * (./tokens.ts). A Flink `EXECUTE STATEMENT SET BEGIN ...; ...; END` block is one statement.
 */
export function splitStatements(dialect: SqlDialect, text: string): SqlStatement[] {
  const out: SqlStatement[] = [];
  let current: Token[] = []; // the current statement's code tokens
  let depthBegin = 0; // inside EXECUTE STATEMENT SET BEGIN ... END
  let depthCase = 0;
  const push = (end: number): void => {
    if (current.length > 0) {
      const start = current[0].start;
      out.push({ text: text.slice(start, end).trim(), ...positionOf(text, start) });
    }
    current = [];
  };
  for (const t of tokenize(dialect, text)) {
    if (t.kind === "comment") continue;
    if (isPunct(t, ";") && depthBegin === 0) {
      push(t.start);
      continue;
    }
    if (dialect === "flink" && t.kind === "word") {
      // CASE ... END nests inside a statement set: only an END that closes no CASE ends the set.
      const word = t.text.toUpperCase();
      if (word === "BEGIN" && current.map((c) => c.text.toUpperCase()).join(" ") === STATEMENT_SET.join(" ")) depthBegin++;
      else if (word === "CASE" && depthBegin > 0) depthCase++;
      else if (word === "END" && depthCase > 0) depthCase--;
      else if (word === "END" && depthBegin > 0) depthBegin--;
    }
    current.push(t);
  }
  push(text.length);
  return out;
}

/**
 * The text with every comment replaced by spaces (newlines kept), so offsets, lines and columns
 * stay those of the original. Hints (/*+ ... *\/) are kept: they are part of Flink's syntax.
 * dt-sql-parser's own statement splitting (inside validate) does not skip comments, so a `;` or
 * a quote in a comment would otherwise be reported as a syntax error.
 */
export function blankComments(dialect: SqlDialect, text: string): string {
  const out = text.split("");
  for (const t of tokenize(dialect, text)) {
    if (t.kind !== "comment") continue;
    for (let k = t.start; k < t.end; k++) if (out[k] !== "\n") out[k] = " ";
  }
  return out.join("");
}
