/**
 * Per release strategy (savepoint, stateless, blue-green, canary, and suspend + resume): the seconds
 * during which no version of the job was consuming (no Flink job of it, blue or green, RUNNING)
 * and the upgrade's wall time, against the StreamPark double and its Flink cluster with fixed
 * delays. "Consuming" is sampled in-process from the Flink double every 2 ms: the figures are
 * the double's, not a real cluster's (there, a restore from state adds its own time; measure
 * with the real local Flink when it is available). Canary runs a 1 s window against in-memory
 * shadow tables whose comparison passes (the engines are not part of the figure), then promotes
 * through blue-green; its canary job writes only shadows, so it does not count as consuming.
 *
 * Run:
 *   npx esbuild bench/release-strategies.ts --bundle --platform=node --packages=external --outfile=bin/bench/release-strategies.js \
 *     && node bin/bench/release-strategies.js [runs]
 */
import { StreamParkDouble } from "../test/doubles/streampark/server";
import { StreamParkJobProvider } from "../components/streampark/providers/jobProvider";
import type { JobInputs, JobOutputs } from "../components/streampark/providers/jobProvider";
import { withBootstrappedDouble } from "./support/streamparkBench";
import { greenName } from "../components/streampark/lifecycle/blueGreen";
import type { CanarySinks } from "../components/streampark/lifecycle/canaryCompare";

const PASSWORD = "bench-Admin-Passw0rd";
const DELAYS = { buildMs: 200, startMs: 400, cancelMs: 300, checkpointIntervalMs: 150, failAfterMs: 1000 };
const NAME = "rt-dw-bench";
const SQL = "CREATE TABLE s (id INT) WITH ('connector' = 'mysql-cdc', 'server-id' = '5400-5401');\nINSERT INTO a SELECT * FROM s;";

type Scenario = "savepoint" | "stateless" | "blue-green" | "canary" | "suspend+resume";

/** The canary's sink and its engines: a Paimon primary-key table; every summary is the same (the comparison passes). */
const CANARY_SQL = SQL.replace("INSERT INTO a", "INSERT INTO paimon.dws.a");
const CANARY_SINK = { table: "paimon:dws.a", primaryKey: true, ddl: "CREATE TABLE paimon.dws.a (id INT NOT NULL, v BIGINT, PRIMARY KEY (id) NOT ENFORCED)" };
const CANARY_WINDOW_SECONDS = 1;
const passingSinks = (): CanarySinks => ({
  execute: async () => undefined,
  summarize: async (q) => ({ rows: 10, ranges: { "0": 10 }, sums: Object.fromEntries(q.numeric.map((c) => [c, 10])) }),
  close: async () => undefined,
});

/** Milliseconds with no version RUNNING while `work` runs, sampled from the Flink double. */
async function sampleGap(d: StreamParkDouble, work: () => Promise<void>): Promise<{ gapMs: number; wallMs: number }> {
  let gapMs = 0;
  let last = performance.now();
  const names = [NAME, greenName(NAME)];
  const timer = setInterval(() => {
    const now = performance.now();
    const consuming = [...d.flink.jobs.values()].some((j) => names.includes(j.name) && j.state === "RUNNING");
    if (!consuming) gapMs += now - last;
    last = now;
  }, 2);
  const t0 = performance.now();
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return { gapMs, wallMs: performance.now() - t0 };
}

async function once(scenario: Scenario): Promise<{ gapMs: number; wallMs: number }> {
  return withBootstrappedDouble(PASSWORD, DELAYS, async ({ d, conn, envId, clusterId }) => {
    const p = new StreamParkJobProvider({ canarySinks: passingSinks });
    const strategy = scenario === "suspend+resume" ? "savepoint" : scenario;
    const inputs: JobInputs = {
      ...conn, name: NAME, sql: scenario === "canary" ? CANARY_SQL : SQL, executionMode: 1, clusterId, flinkEnvId: envId, flinkRestUrl: d.flink.url,
      options: { parallelism: 2, checkpointInterval: "30s", checkpointTimeout: "10min", checkpointMinPause: "5s", stateTtl: "1d" },
      restartAttempts: 3, consoleRestarts: 0, tags: [], upgradeStrategy: strategy, healthGate: { checkpoints: 3, timeoutSeconds: 600 },
      allowNonRestoredState: false, waits: { buildSeconds: 60, startSeconds: 60, cancelSeconds: 60, pollMs: 20 }, variables: [],
      sinks: [scenario === "canary" ? CANARY_SINK : { table: "paimon:dws.a", primaryKey: true }],
      ...(scenario === "canary" ? { canary: { windowSeconds: CANARY_WINDOW_SECONDS }, sinkEngines: { paimon: { setup: [] } }, canaryPaimonEndpoint: "http://gateway:8083" } : {}),
    };
    const created = await p.create((await p.check({} as JobInputs, inputs)).inputs!);
    const up = async (olds: JobOutputs, news: JobInputs) => (await p.update(created.id, olds, (await p.check(olds as never, news)).inputs!)).outs!;
    return await sampleGap(d, async () => {
      if (scenario === "suspend+resume") {
        const s = await up(created.outs!, { ...inputs, desiredState: "suspended" });
        await up(s, { ...inputs, desiredState: "running" });
      } else {
        await up(created.outs!, { ...inputs, sql: inputs.sql.replace("SELECT *", "SELECT id") });
      }
      if (d.appByName(NAME)!.state !== 5) throw new Error(`${scenario}: did not end RUNNING`);
    });
  });
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 3);
  console.log(`double delays: ${JSON.stringify(DELAYS)}, health gate 3 checkpoints, ${runs} run(s) each, medians`);
  console.log(`canary: a ${CANARY_WINDOW_SECONDS} s window, then blue-green`);
  console.log("strategy          no version consuming (s)  upgrade wall time (s)");
  for (const scenario of ["savepoint", "stateless", "blue-green", "canary", "suspend+resume"] as Scenario[]) {
    const rs: { gapMs: number; wallMs: number }[] = [];
    for (let i = 0; i < runs; i++) rs.push(await once(scenario));
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const gap = median(rs.map((r) => r.gapMs)) / 1000;
    const wall = median(rs.map((r) => r.wallMs)) / 1000;
    console.log(`${scenario.padEnd(16)}  ${gap.toFixed(3).padStart(24)}  ${wall.toFixed(3).padStart(21)}`);
  }
}

void main();
