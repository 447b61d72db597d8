/**
 * The scheduler (./cli.ts) bundled into one CommonJS file with axios and zod inlined, for the stock
 * Node image, built as the load generator's bundle is (components/loadgen/bundle.ts nodeBundle).
 */
import { nodeBundle } from "../loadgen/bundle";

export function savepointSchedulerBundle(): string {
  return nodeBundle("components", "savepoints", "cli.ts");
}
