/**
 * SQL grammar checks for the warehouse's SQL: split a file into statements with their lines, and
 * validate every statement with a real grammar (dt-sql-parser's FlinkSQL and MySQL), reporting
 * errors with the file's own line numbers. Pure functions over the built grammar (loader.ts), safe
 * to `require` inside a dynamic provider's method.
 */
import { loadDtSqlParser } from "./loader";
import { checkStarRocksStatement } from "./starrocks";
import { blankComments, positionOf, splitStatements, SqlDialect, SqlStatement } from "./statements";

export { splitStatements, blankComments };
export type { SqlDialect, SqlStatement };
export { loadDtSqlParser, grammarBundlePath } from "./loader";

export interface SqlError {
  file: string;
  /** 1-based line in the file. */
  line: number;
  /** 1-based column. */
  column: number;
  message: string;
}

interface Validator {
  validate(input: string): { startLine: number; startColumn: number; message: string }[];
}

// On globalThis for the same reason as the grammar itself (loader.ts): provider closures.
const VALIDATORS_SLOT = "__rtdwSqlValidators";

function validator(kind: "flink" | "mysql"): Validator {
  const slot = globalThis as Record<string, unknown>;
  const validators = (slot[VALIDATORS_SLOT] ??= {}) as Partial<Record<"flink" | "mysql", Validator>>;
  const cached = validators[kind];
  if (cached) return cached;
  const parser = loadDtSqlParser();
  const made: Validator = kind === "flink" ? new parser.FlinkSQL() : new parser.MySQL();
  validators[kind] = made;
  return made;
}

/** Maps a position inside a statement onto the file. */
function inFile(stmt: SqlStatement, line: number, column: number): { line: number; column: number } {
  return { line: stmt.line + line - 1, column: line === 1 ? stmt.column + column - 1 : column };
}

/**
 * Validates every statement of `text` (a whole SQL file, or a part of one starting at `firstLine`)
 * and returns all syntax errors, each with the file name and the line and column in the file.
 * Empty when the text is valid.
 */
export function validateSql(dialect: SqlDialect, text: string, file: string, firstLine = 1): SqlError[] {
  const errors: SqlError[] = [];
  for (const parsed of splitStatements(dialect, text)) {
    const stmt = { ...parsed, line: parsed.line + firstLine - 1 };
    let grammarText: string | undefined = stmt.text;
    if (dialect === "starrocks") {
      const check = checkStarRocksStatement(stmt.text);
      for (const e of check.errors) {
        const p = positionOf(stmt.text, e.offset);
        errors.push({ file, ...inFile(stmt, p.line, p.column), message: `StarRocks: ${e.message}` });
      }
      grammarText = check.mysqlText;
    }
    if (grammarText === undefined) continue;
    const grammar = validator(dialect === "flink" ? "flink" : "mysql");
    const found = withQuietConsole(() => grammar.validate(blankComments(dialect, grammarText as string)));
    // The grammar often reports one root cause several times; the first is the one to read.
    const first = found[0];
    if (first) errors.push({ file, ...inFile(stmt, first.startLine, first.startColumn), message: first.message });
  }
  return errors;
}

/** ANTLR's default console listener prints to stderr on some recoveries; the errors come back anyway. */
export function withQuietConsole<T>(fn: () => T): T {
  const original = console.error;
  console.error = () => undefined;
  try {
    return fn();
  } finally {
    console.error = original;
  }
}

/** Throws one error listing every syntax error, each as file:line:column. */
export function assertValidSql(dialect: SqlDialect, text: string, file: string): void {
  const errors = validateSql(dialect, text, file);
  if (errors.length) throw new Error(errors.map(formatSqlError).join("\n"));
}

export function formatSqlError(e: SqlError): string {
  return `${e.file}:${e.line}:${e.column}: ${e.message}`;
}
