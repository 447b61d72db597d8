/**
 * The grammar as the schema providers use it: `npm run build:grammar` (components/sqlgrammar/build.ts)
 * writes the CommonJS bundle; the loader, required inside a method body (nothing captured at module
 * level), only loads it, and says what to run when it is missing.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const SLOT = "__rtdwDtSqlParser";

/** Runs `fn` in a fresh module registry, with no grammar loaded and the cache in a fresh temporary directory. */
function withCacheDir(fn: (cacheDir: string) => void): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rtdw-grammar-"));
  const previous = process.env.RTDW_GRAMMAR_CACHE_DIR;
  const slot = globalThis as Record<string, unknown>;
  const loaded = slot[SLOT];
  delete slot[SLOT];
  process.env.RTDW_GRAMMAR_CACHE_DIR = path.join(dir, "nested", "cache");
  try {
    jest.isolateModules(() => fn(process.env.RTDW_GRAMMAR_CACHE_DIR as string));
  } finally {
    slot[SLOT] = loaded;
    if (previous === undefined) delete process.env.RTDW_GRAMMAR_CACHE_DIR;
    else process.env.RTDW_GRAMMAR_CACHE_DIR = previous;
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// As a provider's check() would: require inside the function, then call the pure functions.
const check = (sql: string) => {
  const grammar = require("../../components/sqlgrammar") as typeof import("../../components/sqlgrammar");
  return grammar.validateSql("flink", sql, "inline.sql");
};

test("without the build step the loader names the command to run, and bundles nothing itself", () => {
  withCacheDir((cacheDir) => {
    expect(() => check("SELECT 1;")).toThrow(/SQL grammars \(dt-sql-parser 4\.5\.1\) are not built: .*nested.cache.dt-sql-parser-4\.5\.1\.cjs is missing; run npm run build:grammar/);
    expect(fs.existsSync(cacheDir)).toBe(false);
  });
});

test("the build step writes the bundle the loader then uses from a fresh module registry", () => {
  withCacheDir((cacheDir) => {
    const { buildGrammarBundle } = require("../../components/sqlgrammar/build") as typeof import("../../components/sqlgrammar/build");
    const bundle = buildGrammarBundle();
    expect(bundle).toBe(path.join(cacheDir, "dt-sql-parser-4.5.1.cjs"));
    expect(check("SET 'a' = 'b';\nSELECT 1;")).toEqual([]);
    expect(check("SELECT 1;\nSELEC 2;")).toEqual([expect.objectContaining({ file: "inline.sql", line: 2 })]);
    expect(fs.statSync(bundle).size).toBeGreaterThan(1_000_000);
    expect(fs.readdirSync(cacheDir)).toEqual(["dt-sql-parser-4.5.1.cjs"]); // no temporary left behind
  });
});

test("splits MySQL text with its own quoting rules and keeps statement lines", () => {
  const { splitStatements } = require("../../components/sqlgrammar") as typeof import("../../components/sqlgrammar");
  const sql = "# comment; here\nINSERT INTO t VALUES ('it\\'s; fine');\n\n  UPDATE t SET a = 1;";
  expect(splitStatements("mysql", sql)).toEqual([
    { text: "INSERT INTO t VALUES ('it\\'s; fine')", line: 2, column: 1 },
    { text: "UPDATE t SET a = 1", line: 4, column: 3 },
  ]);
});
