/** The load generator's single-file bundle for a stock node image. */
import { projectRoot } from "../warehouse/sqlFiles";

/**
 * The CLI (cli.ts) bundled into one CommonJS file with mysql2 inlined: mount it into `node:20`
 * and run `node /app/loadgen.js` with the RTDW_* environment variables. esbuild is required
 * lazily (it is only needed while building, e.g. at `pulumi up`).
 */
export function loadGeneratorBundle(): string {
  const path = require("path") as typeof import("path");
  const esbuild = require("esbuild") as typeof import("esbuild");
  const result = esbuild.buildSync({
    entryPoints: [path.join(projectRoot(), "components", "loadgen", "cli.ts")],
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    minify: true,
    write: false,
    legalComments: "none",
    logLevel: "silent",
  });
  return result.outputFiles[0].text;
}
