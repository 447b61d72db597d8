/**
 * Loads dt-sql-parser (the ANTLR grammars of Flink SQL and MySQL) into plain Node.
 *
 * dt-sql-parser 4.5.1 ships ES modules whose imports have no file extension, which Node's ESM loader
 * refuses and `require` cannot read. On first use we bundle it once to one CommonJS file with
 * esbuild's buildSync and `require` that. The only state is that lazily filled cache (on globalThis),
 * so the functions here work inside a dynamic provider's methods.
 */
import type * as DtSqlParser from "dt-sql-parser";

export type DtSqlParserModule = typeof DtSqlParser;

// The cache lives on globalThis, not in this module: jest's isolated module registries and the
// provider host's bundle (components/providers) then share one loaded grammar per process.
const CACHE_SLOT = "__rtdwDtSqlParser";

/**
 * Where the CommonJS bundle is cached: inside node_modules so it never lands in git, or under
 * RTDW_GRAMMAR_CACHE_DIR when set (a read-only node_modules, tests).
 */
export function grammarBundlePath(): string {
  const path = require("path") as typeof import("path");
  if (process.env.RTDW_GRAMMAR_CACHE_DIR) return path.join(process.env.RTDW_GRAMMAR_CACHE_DIR, "dt-sql-parser-4.5.1.cjs");
  const pkg = require.resolve("dt-sql-parser/package.json");
  // <root>/node_modules/dt-sql-parser/package.json -> <root>/node_modules/.cache/rtdw/
  const nodeModules = path.dirname(path.dirname(pkg));
  return path.join(nodeModules, ".cache", "rtdw", "dt-sql-parser-4.5.1.cjs");
}

/** Returns dt-sql-parser's exports, bundling them on first use (a second or so, once per machine). */
export function loadDtSqlParser(): DtSqlParserModule {
  const cache = globalThis as Record<string, unknown>;
  if (cache[CACHE_SLOT]) return cache[CACHE_SLOT] as DtSqlParserModule;
  const fs = require("fs") as typeof import("fs");
  const path = require("path") as typeof import("path");
  const bundle = grammarBundlePath();
  if (!fs.existsSync(bundle)) {
    const esbuild = require("esbuild") as typeof import("esbuild");
    fs.mkdirSync(path.dirname(bundle), { recursive: true });
    // Write to a temporary name and rename: concurrent processes (jest workers) never read half a file.
    const tmp = `${bundle}.${process.pid}.${Date.now()}.tmp`;
    esbuild.buildSync({
      entryPoints: [require.resolve("dt-sql-parser")],
      bundle: true,
      platform: "node",
      format: "cjs",
      target: "node18",
      outfile: tmp,
      logLevel: "silent",
    });
    fs.renameSync(tmp, bundle);
  }
  cache[CACHE_SLOT] = require(bundle) as DtSqlParserModule;
  return cache[CACHE_SLOT] as DtSqlParserModule;
}
