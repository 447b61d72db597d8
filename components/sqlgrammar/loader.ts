/**
 * Loads dt-sql-parser (the ANTLR grammars of Flink SQL and MySQL) into plain Node.
 *
 * dt-sql-parser ships ES modules whose imports have no file extension, which Node's ESM loader
 * refuses and `require` cannot read. `npm run build:grammar` (./build.ts, run by the project's
 * install script) bundles it once into one CommonJS file; this module only `require`s that file,
 * so a preview, a provider or a test never bundles anything. The loaded grammar is kept on
 * globalThis, so the functions here work inside a dynamic provider's methods.
 */
import type * as DtSqlParser from "dt-sql-parser";

export type DtSqlParserModule = typeof DtSqlParser;

// The cache lives on globalThis, not in this module: jest's isolated module registries and the
// provider host's bundle (components/providers) then share one loaded grammar per process.
const CACHE_SLOT = "__rtdwDtSqlParser";

/** The installed dt-sql-parser's version: the bundle of another version is never loaded. */
export function dtSqlParserVersion(): string {
  return (require("dt-sql-parser/package.json") as { version: string }).version;
}

/**
 * Where the built bundle is: inside node_modules (it is a build of a dependency, never in git,
 * gone with node_modules), or under RTDW_GRAMMAR_CACHE_DIR when set (a read-only node_modules, tests).
 */
export function grammarBundlePath(): string {
  const path = require("path") as typeof import("path");
  const file = `dt-sql-parser-${dtSqlParserVersion()}.cjs`;
  if (process.env.RTDW_GRAMMAR_CACHE_DIR) return path.join(process.env.RTDW_GRAMMAR_CACHE_DIR, file);
  // <root>/node_modules/dt-sql-parser/package.json -> <root>/node_modules/.cache/rtdw/
  const nodeModules = path.dirname(path.dirname(require.resolve("dt-sql-parser/package.json")));
  return path.join(nodeModules, ".cache", "rtdw", file);
}

/** Returns dt-sql-parser's exports from the built bundle; a clear error when it was not built. */
export function loadDtSqlParser(): DtSqlParserModule {
  const cache = globalThis as Record<string, unknown>;
  if (cache[CACHE_SLOT]) return cache[CACHE_SLOT] as DtSqlParserModule;
  const fs = require("fs") as typeof import("fs");
  const bundle = grammarBundlePath();
  if (!fs.existsSync(bundle)) {
    throw new Error(`the SQL grammars (dt-sql-parser ${dtSqlParserVersion()}) are not built: ${bundle} is missing; run npm run build:grammar in the rtdw project`);
  }
  cache[CACHE_SLOT] = require(bundle) as DtSqlParserModule;
  return cache[CACHE_SLOT] as DtSqlParserModule;
}
