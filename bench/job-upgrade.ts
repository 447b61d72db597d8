/**
 * Savepoint upgrade overhead: the wall time of one job upgrade through the provider (update,
 * release, cancel with savepoint, start from it, health gate) against the StreamPark double's own
 * minimum for the same steps (the sum of its configured delays). The ratio is what the provider
 * adds: polling granularity, HTTP round trips, sign-in.
 *
 * Run:
 *   npx esbuild bench/job-upgrade.ts --bundle --platform=node --packages=external --outfile=bin/bench/job-upgrade.js \
 *     && node bin/bench/job-upgrade.js [runs]
 */
import { StreamParkJobProvider } from "../components/streampark/providers/jobProvider";
import type { JobInputs } from "../components/streampark/providers/jobProvider";
import { withBootstrappedDouble } from "./support/streamparkBench";

const PASSWORD = "bench-Admin-Passw0rd";
const DELAYS = { buildMs: 200, startMs: 400, cancelMs: 300, checkpointIntervalMs: 150, failAfterMs: 1000 };
const GATE_CHECKPOINTS = 3;

async function upgradeOnce(pollMs: number): Promise<{ wallMs: number; minimumMs: number }> {
  return withBootstrappedDouble(PASSWORD, DELAYS, async ({ d, conn, envId, clusterId }) => {
    const p = new StreamParkJobProvider();
    const inputs: JobInputs = {
      ...conn, name: "rt-dw-bench", sql: "INSERT INTO a SELECT * FROM b;", executionMode: 1, clusterId, flinkEnvId: envId, flinkRestUrl: d.flink.url,
      options: { parallelism: 4, checkpointInterval: "30s", checkpointTimeout: "10min", checkpointMinPause: "5s", stateTtl: "1d" },
      restartAttempts: 3, consoleRestarts: 0, tags: [], upgradeStrategy: "savepoint", healthGate: { checkpoints: GATE_CHECKPOINTS, timeoutSeconds: 600 },
      allowNonRestoredState: false, waits: { buildSeconds: 60, startSeconds: 60, cancelSeconds: 60, pollMs }, variables: [],
    };
    const created = await p.create((await p.check({} as JobInputs, inputs)).inputs!);
    const news = (await p.check(inputs, { ...inputs, sql: "INSERT INTO a SELECT * FROM b WHERE x > 0;" })).inputs!;
    const t0 = performance.now();
    await p.update(created.id, created.outs!, news);
    const wallMs = performance.now() - t0;
    // The double's floor for these steps: cancel, start, N checkpoint intervals. A SQL-only change
    // releases synchronously (build=false: ApplicationServiceImpl#update), so no build delay.
    if (d.appByName("rt-dw-bench")!.state !== 5) throw new Error("upgrade did not end RUNNING");
    const minimumMs = DELAYS.cancelMs + DELAYS.startMs + GATE_CHECKPOINTS * DELAYS.checkpointIntervalMs;
    return { wallMs, minimumMs };
  });
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 5);
  console.log(`double delays: ${JSON.stringify(DELAYS)}, health gate ${GATE_CHECKPOINTS} checkpoints`);
  console.log("pollMs  runs  median wall ms  double minimum ms  overhead ratio");
  for (const pollMs of [10, 50, 200]) {
    const results: { wallMs: number; minimumMs: number }[] = [];
    for (let i = 0; i < runs; i++) results.push(await upgradeOnce(pollMs));
    const walls = results.map((r) => r.wallMs).sort((a, b) => a - b);
    const median = walls[Math.floor(walls.length / 2)];
    const minimum = results[0].minimumMs;
    console.log(`${String(pollMs).padStart(6)}  ${String(runs).padStart(4)}  ${median.toFixed(0).padStart(14)}  ${String(minimum).padStart(17)}  ${(median / minimum).toFixed(2).padStart(14)}`);
  }
}

void main();
