/**
 * The real Flink 1.20 cluster the real-engine suites share (scripts/flink-local/cluster.ts): started
 * by the first suite that asks for it in a jest run, reused by the others (a lock directory makes
 * the start happen once across workers), stopped by globalTeardown. RTDW_FLINK_REST,
 * RTDW_SQL_GATEWAY and RTDW_FLINK_DIR point at a cluster started elsewhere (`npm run flink:local --
 * start`) instead.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { randomUUID } from "crypto";
import { runningCluster, startCluster, stopCluster } from "../../scripts/flink-local/cluster";

export interface SharedFlink {
  restUrl: string;
  gatewayUrl: string;
  /** The cluster's folder: a suite's Paimon warehouses go under `${dir}/lake/`. */
  dir: string;
}

/** The folder of this jest run's cluster (set by globalSetup, inherited by every worker). */
export function jestFlinkDir(): string {
  const run = process.env.RTDW_JEST_RUN ?? String(process.ppid);
  return path.join(os.tmpdir(), `rtdw-jest-flink-${run}`);
}

/** How long a suite waits for the cluster: a cold start resolves jars with Maven on a loaded machine. */
export const FLINK_START_TIMEOUT_MS = 15 * 60_000;

export async function sharedFlink(): Promise<SharedFlink> {
  if (process.env.RTDW_SQL_GATEWAY && process.env.RTDW_FLINK_REST) {
    return { restUrl: process.env.RTDW_FLINK_REST, gatewayUrl: process.env.RTDW_SQL_GATEWAY, dir: process.env.RTDW_FLINK_DIR ?? os.tmpdir() };
  }
  const dir = jestFlinkDir();
  const lock = `${dir}.lock`;
  const deadline = Date.now() + FLINK_START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const running = await runningCluster(dir);
    if (running) return { restUrl: running.restUrl, gatewayUrl: running.gatewayUrl, dir };
    try {
      fs.mkdirSync(lock);
    } catch {
      await new Promise((r) => setTimeout(r, 1000)); // another worker is starting it
      continue;
    }
    try {
      const c = await startCluster({ dir, timeoutMs: 5 * 60_000, log: (l) => process.stderr.write(`flink: ${l}\n`) });
      return { restUrl: c.restUrl, gatewayUrl: c.gatewayUrl, dir };
    } finally {
      fs.rmSync(lock, { recursive: true, force: true });
    }
  }
  throw new Error(`the shared Flink cluster in ${dir} did not come up within ${FLINK_START_TIMEOUT_MS / 60000} min`);
}

/** A fresh Paimon warehouse URI for one suite or test. */
export function freshWarehouse(flink: SharedFlink, label: string): string {
  return `file://${path.join(flink.dir, "lake", `${label}-${randomUUID().slice(0, 8)}`)}`;
}

export async function stopSharedFlink(): Promise<void> {
  const dir = jestFlinkDir();
  if (!fs.existsSync(dir)) return;
  await stopCluster(dir);
  if (!process.env.RTDW_KEEP_FLINK_DIR) fs.rmSync(dir, { recursive: true, force: true });
}
