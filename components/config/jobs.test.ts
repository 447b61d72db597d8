/** Each job's settings: one resolution of stack values, per-job overrides and the seed's defaults. */
import * as fs from "fs";
import * as path from "path";
import { healthGateFor, JOB_NAMES, SEED_JOB_DEFAULTS } from "./jobs";
import { resolveStackConfig, StackConfigError } from "./stackConfig";

const docker = { kind: "docker" };
const dev = (extra: Record<string, unknown> = {}) => resolveStackConfig("dev", { platform: docker, ...extra });

function problemsOf(raw: Record<string, unknown>): string[] {
  try {
    dev(raw);
  } catch (e) {
    if (e instanceof StackConfigError) return e.problems;
    throw e;
  }
  throw new Error("expected the configuration to be refused");
}

const MIN = 60_000;
const DAY = 86_400_000;

describe("precedence: rtdw:jobs.<job> > rtdw:flink > the seed's per-job default", () => {
  it("with nothing set, every job keeps the seed's choice for it (parallelism 2, 4, 6, 4, 1)", () => {
    const jobs = dev().jobs;
    for (const n of JOB_NAMES) expect(jobs[n]).toMatchObject(SEED_JOB_DEFAULTS[n]);
    expect(JOB_NAMES.map((n) => jobs[n].parallelism)).toEqual([2, 4, 6, 4, 1]);
  });

  it.each([
    ["checkpointInterval", "4min", "checkpointIntervalMs", 4 * MIN],
    ["checkpointTimeout", "12min", "checkpointTimeoutMs", 12 * MIN],
    ["checkpointMinPause", "7s", "checkpointMinPauseMs", 7_000],
    ["stateTtl", "2d", "stateTtlMs", 2 * DAY],
  ] as const)("rtdw:flink.%s applies to every job", (key, text, field, ms) => {
    const jobs = dev({ flink: { [key]: text } }).jobs;
    expect(JOB_NAMES.map((n) => jobs[n][field])).toEqual(JOB_NAMES.map(() => ms));
  });

  it.each([
    ["checkpointInterval", "checkpointIntervalMs", "4min", "45s", 45_000],
    ["checkpointTimeout", "checkpointTimeoutMs", "12min", "14min", 14 * MIN],
    ["checkpointMinPause", "checkpointMinPauseMs", "7s", "9s", 9_000],
    ["stateTtl", "stateTtlMs", "2d", "5d", 5 * DAY],
  ] as const)("rtdw:jobs.<job>.%s wins over rtdw:flink for that job only", (key, field, stackText, jobText, jobMs) => {
    const jobs = dev({ flink: { [key]: stackText }, jobs: { "rt-dw-monitor": { [key]: jobText } } }).jobs;
    expect(jobs["rt-dw-monitor"][field]).toBe(jobMs);
    const others = dev({ flink: { [key]: stackText } }).jobs;
    for (const n of JOB_NAMES.filter((x) => x !== "rt-dw-monitor")) expect(jobs[n][field]).toBe(others[n][field]);
  });

  it("a per-job value with no stack value overrides only the seed's default", () => {
    const jobs = dev({ jobs: { "rt-dw-dwd-transform": { parallelism: 3, stateTtl: "2d", upgradeStrategy: "stateless", pinnedSqlVersion: 4 } } }).jobs;
    expect(jobs["rt-dw-dwd-transform"]).toMatchObject({ ...SEED_JOB_DEFAULTS["rt-dw-dwd-transform"], parallelism: 3, stateTtlMs: 2 * DAY, upgradeStrategy: "stateless", pinnedSqlVersion: 4 });
    expect(jobs["rt-dw-cdc-ingestion"]).toMatchObject(SEED_JOB_DEFAULTS["rt-dw-cdc-ingestion"]);
  });

  it("state and restoreFrom reach the job; restoreFrom with pinnedSqlVersion or no path is refused naming the key", () => {
    const sp = "s3://rtdw/savepoints/savepoint-1a2b3c-0123456789ab";
    const jobs = dev({ jobs: { "rt-dw-monitor": { state: "suspended" }, "rt-dw-dws-aggregate": { restoreFrom: sp } } }).jobs;
    expect(jobs["rt-dw-monitor"].state).toBe("suspended");
    expect(jobs["rt-dw-dws-aggregate"].restoreFrom).toBe(sp);
    expect(jobs["rt-dw-cdc-ingestion"].state).toBeUndefined();
    expect(problemsOf({ jobs: { "rt-dw-monitor": { state: "paused" } } }).join("\n")).toMatch(/rtdw:jobs\.rt-dw-monitor\.state/);
    expect(problemsOf({ jobs: { "rt-dw-monitor": { restoreFrom: "latest" } } }).join("\n")).toMatch(/rtdw:jobs\.rt-dw-monitor\.restoreFrom: got "latest"; expected a savepoint path/);
    expect(problemsOf({ jobs: { "rt-dw-monitor": { restoreFrom: sp, pinnedSqlVersion: 2 } } }).join("\n"))
      .toMatch(/rtdw:jobs\.rt-dw-monitor\.restoreFrom: got "s3:.*"; restoreFrom runs the SQL version that wrote the savepoint/);
  });

  it("savepoints { every, keep } reach the job in milliseconds; bad values are refused naming the key", () => {
    const jobs = dev({ jobs: { "rt-dw-dws-aggregate": { savepoints: { every: "6h", keep: 5 } } } }).jobs;
    expect(jobs["rt-dw-dws-aggregate"].savepoints).toEqual({ everyMs: 6 * 3_600_000, keep: 5 });
    expect(jobs["rt-dw-monitor"].savepoints).toBeUndefined();
    expect(problemsOf({ jobs: { "rt-dw-monitor": { savepoints: { every: "hourly", keep: 5 } } } }).join("\n")).toMatch(/rtdw:jobs\.rt-dw-monitor\.savepoints\.every: .*expected a Flink duration/);
    expect(problemsOf({ jobs: { "rt-dw-monitor": { savepoints: { every: "10s", keep: 5 } } } }).join("\n")).toMatch(/rtdw:jobs\.rt-dw-monitor\.savepoints\.every: .*between 1 min and 7 d/);
    expect(problemsOf({ jobs: { "rt-dw-monitor": { savepoints: { every: "1h", keep: 0 } } } }).join("\n")).toMatch(/rtdw:jobs\.rt-dw-monitor\.savepoints\.keep: .*keep at least 1/);
    expect(problemsOf({ jobs: { "rt-dw-monitor": { savepoints: { every: "1h" } } } }).join("\n")).toMatch(/rtdw:jobs\.rt-dw-monitor\.savepoints\.keep/);
  });

  it("canary: the window in the duration grammar and the tolerances reach the job; a missing window or a bad key is refused naming it", () => {
    const jobs = dev({ jobs: { "rt-dw-dws-aggregate": { upgradeStrategy: "canary", canary: { window: "10min", tolerances: { rowsPercent: 2 } } } } }).jobs;
    expect(jobs["rt-dw-dws-aggregate"]).toMatchObject({ upgradeStrategy: "canary", canary: { windowMs: 10 * MIN, tolerances: { rowsPercent: 2 } } });
    expect(jobs["rt-dw-monitor"].canary).toBeUndefined();
    expect(problemsOf({ jobs: { "rt-dw-monitor": { upgradeStrategy: "canary" } } }).join("\n")).toMatch(/rtdw:jobs\.rt-dw-monitor\.canary: .*upgradeStrategy canary needs canary\.window/);
    expect(problemsOf({ jobs: { "rt-dw-monitor": { upgradeStrategy: "canary", canary: { window: "ten minutes" } } } }).join("\n")).toMatch(/rtdw:jobs\.rt-dw-monitor\.canary\.window: got "ten minutes"; expected a Flink duration/);
    expect(problemsOf({ jobs: { "rt-dw-monitor": { upgradeStrategy: "canary", canary: { window: "5min", tolerances: { rows: 1 } } } } }).join("\n")).toMatch(/rtdw:jobs\.rt-dw-monitor\.canary\.tolerances/);
    expect(problemsOf({ jobs: { "rt-dw-monitor": { upgradeStrategy: "blue-green", canary: { window: "5min" } } } }).join("\n")).toMatch(/rtdw:jobs\.rt-dw-monitor\.canary: .*only with upgradeStrategy: canary/);
  });

  it("the task slots are checked against the resolved parallelism", () => {
    const p = problemsOf({ flink: { taskManagers: 3, slotsPerTaskManager: 6 }, jobs: { "rt-dw-monitor": { parallelism: 2 }, "rt-dw-cdc-ingestion": { parallelism: 3 } } });
    expect(p).toEqual(["rtdw:flink.taskManagers: 3 TaskManagers x 6 slots = 18 slots, but the five jobs need 19 and the SQL Gateway's batch statements 1 more"]);
  });
});

describe("the seed's ranges (30 s-5 min, 10-15 min, 5-10 s, 1-7 d) hold at both levels, both bounds", () => {
  // Values past the upper bound are refused naming the key; none is ever cut to the bound.
  it.each([
    ["checkpointInterval", "10min", "the checkpoint interval must be between 30 s and 5 min (the seed's range)"],
    ["checkpointTimeout", "1h", "the checkpoint timeout must be between 10 min and 15 min (the seed's range)"],
    ["checkpointMinPause", "20s", "the minimum pause between checkpoints must be between 5 s and 10 s (the seed's range)"],
    ["stateTtl", "30d", "the state TTL must be between 1 d and 7 d (the seed's range)"],
  ])("%s: %s is refused at rtdw:flink and at rtdw:jobs.<job>", (key, text, why) => {
    expect(problemsOf({ flink: { [key]: text } })).toEqual([`rtdw:flink.${key}: got "${text}"; ${why}`]);
    expect(problemsOf({ jobs: { "rt-dw-monitor": { [key]: text } } })).toEqual([`rtdw:jobs.rt-dw-monitor.${key}: got "${text}"; ${why}`]);
  });

  it.each([
    ["checkpointInterval", "29s"],
    ["checkpointTimeout", "9min"],
    ["checkpointMinPause", "4s"],
    ["stateTtl", "23h"],
  ])("%s: %s (below the range) is refused at both levels", (key, text) => {
    expect(problemsOf({ flink: { [key]: text } })[0]).toMatch(new RegExp(`^rtdw:flink\\.${key}: got "${text}"; .* must be between`));
    expect(problemsOf({ jobs: { "rt-dw-cdc-ingestion": { [key]: text } } })[0]).toMatch(new RegExp(`^rtdw:jobs\\.rt-dw-cdc-ingestion\\.${key}: got "${text}"; `));
  });

  it("the bounds themselves are kept exactly, at both levels", () => {
    const top = dev({ flink: { checkpointInterval: "5min", checkpointTimeout: "15min", checkpointMinPause: "10s", stateTtl: "7d" } }).jobs;
    for (const n of JOB_NAMES) expect(top[n]).toMatchObject({ checkpointIntervalMs: 5 * MIN, checkpointTimeoutMs: 15 * MIN, checkpointMinPauseMs: 10_000, stateTtlMs: 7 * DAY });
    const low = dev({ jobs: { "rt-dw-monitor": { checkpointInterval: "30s", checkpointTimeout: "10min", checkpointMinPause: "5s", stateTtl: "1d" } } }).jobs;
    expect(low["rt-dw-monitor"]).toMatchObject({ checkpointIntervalMs: 30_000, checkpointTimeoutMs: 10 * MIN, checkpointMinPauseMs: 5_000, stateTtlMs: DAY });
  });
});

describe("the health gate follows each job's own checkpoint interval", () => {
  it("three checkpoints within three intervals plus 5 min, never under 10 min", () => {
    expect(healthGateFor(30_000)).toEqual({ checkpoints: 3, timeoutSeconds: 600 });
    expect(healthGateFor(120_000)).toEqual({ checkpoints: 3, timeoutSeconds: 660 });
    expect(healthGateFor(300_000)).toEqual({ checkpoints: 3, timeoutSeconds: 1200 });
  });

  it("every job of every interval the seed allows gets a gate that can pass, at most 20 min", () => {
    for (let s = 30; s <= 300; s += 15) {
      const jobs = dev({ flink: { checkpointInterval: `${s}s` } }).jobs;
      for (const n of JOB_NAMES) {
        const g = jobs[n].healthGate;
        expect(g.checkpoints * s).toBeLessThan(g.timeoutSeconds);
        expect(g.timeoutSeconds).toBeLessThanOrEqual(1200);
      }
    }
    // rt-dw-monitor's own 5 min interval: the gate that failed preview with the fixed 600 s.
    expect(dev().jobs["rt-dw-monitor"].healthGate).toEqual({ checkpoints: 3, timeoutSeconds: 1200 });
    expect(dev({ jobs: { "rt-dw-monitor": { checkpointInterval: "1min" } } }).jobs["rt-dw-monitor"].healthGate).toEqual({ checkpoints: 3, timeoutSeconds: 600 });
  });
});

describe("the README's table of per-job defaults", () => {
  it("is the seed's per-job defaults the program uses", () => {
    const readme = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
    const unit: Record<string, number> = { s: 1000, min: MIN, d: DAY };
    const ms = (t: string) => { const [n, u] = t.trim().split(" "); return Number(n) * unit[u]; };
    const rows = Object.fromEntries([...readme.matchAll(/^\| `(rt-dw-[a-z-]+)` \| (\d+) \| ([^|]+) \| ([^|]+) \| ([^|]+) \| ([^|]+) \|$/gm)]
      .map((m) => [m[1], { parallelism: Number(m[2]), checkpointIntervalMs: ms(m[3]), checkpointTimeoutMs: ms(m[4]), checkpointMinPauseMs: ms(m[5]), stateTtlMs: ms(m[6]) }]));
    expect(rows).toEqual(SEED_JOB_DEFAULTS);
  });
});
