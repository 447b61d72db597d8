/**
 * The grammar loader as the schema providers use it: required inside a method body (nothing
 * captured at module level), building its CommonJS bundle when the cache file is missing.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

test("builds the bundle into an empty cache directory and validates from a fresh module registry", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rtdw-grammar-"));
  const previous = process.env.RTDW_GRAMMAR_CACHE_DIR;
  process.env.RTDW_GRAMMAR_CACHE_DIR = path.join(dir, "nested", "cache");
  try {
    jest.isolateModules(() => {
      // As a provider's check() would: require inside the function, then call the pure functions.
      const check = (sql: string) => {
        const grammar = require("../../components/sqlgrammar") as typeof import("../../components/sqlgrammar");
        return grammar.validateSql("flink", sql, "inline.sql");
      };
      expect(check("SET 'a' = 'b';\nSELECT 1;")).toEqual([]);
      expect(check("SELECT 1;\nSELEC 2;")).toEqual([expect.objectContaining({ file: "inline.sql", line: 2 })]);
      const bundle = path.join(dir, "nested", "cache", "dt-sql-parser-4.5.1.cjs");
      expect(fs.statSync(bundle).size).toBeGreaterThan(1_000_000);
      expect(fs.readdirSync(path.dirname(bundle))).toEqual(["dt-sql-parser-4.5.1.cjs"]); // no temporary left behind
    });
  } finally {
    if (previous === undefined) delete process.env.RTDW_GRAMMAR_CACHE_DIR;
    else process.env.RTDW_GRAMMAR_CACHE_DIR = previous;
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("splits MySQL text with its own quoting rules and keeps statement lines", () => {
  const { splitStatements } = require("../../components/sqlgrammar") as typeof import("../../components/sqlgrammar");
  const sql = "# comment; here\nINSERT INTO t VALUES ('it\\'s; fine');\n\n  UPDATE t SET a = 1;";
  expect(splitStatements("mysql", sql)).toEqual([
    { text: "INSERT INTO t VALUES ('it\\'s; fine')", line: 2, column: 1 },
    { text: "UPDATE t SET a = 1", line: 4, column: 3 },
  ]);
});
