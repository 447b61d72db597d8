/**
 * `npm run build:grammar`: bundles dt-sql-parser's ES modules into the one CommonJS file that
 * ./loader.ts loads (see there for why). Run by scripts/install-node-modules.sh, the project's one
 * install path (tests, CI, dev deploys, verify); does nothing when the bundle of the installed
 * version exists, `--force` rebuilds. Not part of the program or the providers: only this build
 * step needs esbuild's bundler for the grammar.
 */
import * as fs from "fs";
import * as path from "path";
import { grammarBundlePath } from "./loader";

/** Builds the bundle (atomically: concurrent builds never leave half a file); returns its path. */
export function buildGrammarBundle(force = false): string {
  const bundle = grammarBundlePath();
  if (!force && fs.existsSync(bundle)) return bundle;
  const esbuild = require("esbuild") as typeof import("esbuild");
  fs.mkdirSync(path.dirname(bundle), { recursive: true });
  const tmp = `${bundle}.${process.pid}.${Date.now()}.tmp`;
  esbuild.buildSync({
    entryPoints: [require.resolve("dt-sql-parser")],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node18",
    outfile: tmp,
    logLevel: "warning",
  });
  fs.renameSync(tmp, bundle);
  return bundle;
}

if (require.main === module) {
  const bundle = buildGrammarBundle(process.argv.includes("--force"));
  console.log(`SQL grammars: ${path.relative(process.cwd(), bundle)} (${Math.round(fs.statSync(bundle).size / 1024)} KiB)`);
}
