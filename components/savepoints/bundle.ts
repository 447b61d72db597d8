/**
 * The scheduler (./cli.ts) bundled into one CommonJS file with axios and zod inlined, for the stock
 * Node image, built as the load generator's bundle is (components/loadgen/bundle.ts):
 * esbuild, required lazily (only needed while building, e.g. at `pulumi up`).
 */
import { projectRoot } from "../warehouse/sqlFiles";

export function savepointSchedulerBundle(): string {
  const path = require("path") as typeof import("path");
  const esbuild = require("esbuild") as typeof import("esbuild");
  const result = esbuild.buildSync({
    entryPoints: [path.join(projectRoot(), "components", "savepoints", "cli.ts")],
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
