/**
 * Splits SQL text into statements on top-level semicolons, keeping each statement's 1-based start
 * line. Lexical, not grammatical, so that a broken statement still gets its own line number (the
 * grammar's own splitter returns nothing at all when any statement has a syntax error).
 */

export type SqlDialect = "flink" | "mysql" | "starrocks";

export interface SqlStatement {
  /** The statement without its terminating semicolon, trimmed. */
  text: string;
  /** 1-based line (in the whole text) where the statement's first non-blank, non-comment token is. */
  line: number;
  /** 1-based column of that token. */
  column: number;
}

/**
 * Quotes: '...' strings ('' escapes; MySQL also \'), "..." (Flink: string; MySQL: string or
 * identifier), `...` identifiers. Comments: -- to end of line, # to end of line (MySQL), /* *\/.
 * A Flink `EXECUTE STATEMENT SET BEGIN ...; ...; END` block is one statement.
 */
export function splitStatements(dialect: SqlDialect, text: string): SqlStatement[] {
  const out: SqlStatement[] = [];
  const backslashEscapes = dialect !== "flink";
  let start = -1; // offset of the current statement's first significant character
  let i = 0;
  let depthBegin = 0; // inside EXECUTE STATEMENT SET BEGIN ... END
  let depthCase = 0;
  const n = text.length;
  const push = (end: number): void => {
    if (start >= 0) {
      const body = text.slice(start, end).trim();
      if (body) {
        const before = text.slice(0, start);
        const line = before.split("\n").length;
        const column = start - before.lastIndexOf("\n");
        out.push({ text: body, line, column });
      }
    }
    start = -1;
  };
  while (i < n) {
    const c = text[i];
    const next = text[i + 1];
    if (c === "-" && next === "-") {
      i = text.indexOf("\n", i);
      if (i < 0) i = n;
      continue;
    }
    if (c === "#" && dialect !== "flink") {
      i = text.indexOf("\n", i);
      if (i < 0) i = n;
      continue;
    }
    if (c === "/" && next === "*") {
      // Flink hints /*+ ... */ are part of the statement; plain comments are not significant.
      if (text[i + 2] === "+" && start < 0) start = i;
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? n : end + 2;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (start < 0) start = i;
    if (c === "'" || c === '"' || c === "`") {
      i++;
      while (i < n) {
        if (backslashEscapes && text[i] === "\\" && c !== "`") {
          i += 2;
          continue;
        }
        if (text[i] === c) {
          if (text[i + 1] === c) {
            i += 2;
            continue;
          }
          break;
        }
        i++;
      }
      i++;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      let j = i;
      while (j < n && /[A-Za-z0-9_$]/.test(text[j])) j++;
      const word = text.slice(i, j).toUpperCase();
      if (dialect === "flink") {
        // CASE ... END nests inside a statement set: only an END that closes no CASE ends the set.
        if (word === "BEGIN" && /^\s*EXECUTE\s+STATEMENT\s+SET\s*$/i.test(text.slice(start, i))) depthBegin++;
        else if (word === "CASE" && depthBegin > 0) depthCase++;
        else if (word === "END" && depthCase > 0) depthCase--;
        else if (word === "END" && depthBegin > 0) depthBegin--;
      }
      i = j;
      continue;
    }
    if (c === ";" && depthBegin === 0) {
      push(i);
      i++;
      continue;
    }
    i++;
  }
  push(n);
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
  const backslashEscapes = dialect !== "flink";
  const blank = (from: number, to: number): void => {
    for (let k = from; k < to && k < out.length; k++) if (out[k] !== "\n") out[k] = " ";
  };
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    const next = text[i + 1];
    if ((c === "-" && next === "-") || (c === "#" && dialect !== "flink")) {
      let end = text.indexOf("\n", i);
      if (end < 0) end = n;
      blank(i, end);
      i = end;
      continue;
    }
    if (c === "/" && next === "*") {
      let end = text.indexOf("*/", i + 2);
      end = end < 0 ? n : end + 2;
      if (text[i + 2] !== "+") blank(i, end);
      i = end;
      continue;
    }
    if (c === "'" || c === '"' || c === "`") {
      i++;
      while (i < n) {
        if (backslashEscapes && text[i] === "\\" && c !== "`") {
          i += 2;
          continue;
        }
        if (text[i] === c) {
          if (text[i + 1] === c) {
            i += 2;
            continue;
          }
          break;
        }
        i++;
      }
      i++;
      continue;
    }
    i++;
  }
  return out.join("");
}

/** Line and column (1-based) of an offset. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split("\n").length, column: offset - before.lastIndexOf("\n") };
}
