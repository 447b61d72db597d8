/** The load generator's single-file bundle for a stock node image. */
import { projectRoot } from "../warehouse/sqlFiles";

/**
 * A CLI of the project (its path under the project root) bundled into one minified CommonJS file
 * with its npm packages inlined, for the stock Node image (NODE_IMAGE, loadGenerator.ts). esbuild
 * is required lazily (it is only needed while building, e.g. at `pulumi up`). The savepoint
 * scheduler's bundle is built the same way.
 */
export function nodeBundle(...entry: string[]): string {
  const path = require("path") as typeof import("path");
  const esbuild = require("esbuild") as typeof import("esbuild");
  const result = esbuild.buildSync({
    entryPoints: [path.join(projectRoot(), ...entry)],
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

/**
 * The CLI (cli.ts) bundled with mysql2 inlined: mount it into `node:20` and run
 * `node /app/loadgen.js` with the RTDW_* environment variables.
 */
export function loadGeneratorBundle(): string {
  return nodeBundle("components", "loadgen", "cli.ts");
}
