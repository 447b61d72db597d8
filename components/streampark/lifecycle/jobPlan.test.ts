import type { LiveJob, WantedJob } from "./jobPlan";
import { planJob } from "./jobPlan";
import { buildVerdict, cancelVerdict, gateVerdict, startVerdict } from "./jobActions";

const OPTIONS = JSON.stringify({ "parallelism.default": 2 });
const live = (o: Partial<LiveJob> = {}): LiveJob => ({
  name: "rt-dw-x", state: "RUNNING", sql: "INSERT INTO t SELECT 1", sqlVersion: 1, pendingSqlVersion: null, options: OPTIONS,
  restartSize: 0, tags: "rtdw", description: "d", alertId: null, flinkEnvId: "1", clusterId: "2", executionMode: 1, needsRestart: false, ...o,
});
const want = (o: Partial<WantedJob> = {}): WantedJob => ({
  name: "rt-dw-x", sql: "INSERT INTO t SELECT 1", options: OPTIONS, restartSize: 0, tags: "rtdw", description: "d", alertId: null,
  flinkEnvId: "1", clusterId: "2", executionMode: 1, upgradeStrategy: "savepoint", settingsChanged: false, ...o,
});

describe("planJob", () => {
  test("nothing differs: none; only the resource's settings: record", () => {
    expect(planJob(live(), want()).action).toBe("none");
    expect(planJob(live(), want({ sql: "INSERT INTO t\n  SELECT 1 -- reformatted\n;" })).action).toBe("none");
    expect(planJob(live(), want({ settingsChanged: true })).action).toBe("record");
  });

  test("SQL, options, a changed variable restart through the strategy", () => {
    const sql = planJob(live(), want({ sql: "INSERT INTO t SELECT 2" }));
    expect(sql).toMatchObject({ action: "restart", strategy: "savepoint", sqlChange: true });
    expect(sql.summary).toBe("restart through a savepoint: SQL changed");
    expect(planJob(live(), want({ options: JSON.stringify({ "parallelism.default": 4 }), upgradeStrategy: "stateless" })).summary)
      .toBe("restart without state: Flink options changed");
    expect(planJob(live({ needsRestart: true }), want()).action).toBe("restart");
  });

  test("metadata only: update in place, the job keeps running", () => {
    const p = planJob(live(), want({ tags: "rtdw,prod" }));
    expect(p).toMatchObject({ action: "update-in-place", restartChange: false, sqlChange: false });
    expect(planJob(live({ pendingSqlVersion: 3 }), want()).reasons).toContain("discard SQL version 3 edited by hand");
  });

  test("pinned version compares versions, not text", () => {
    expect(planJob(live({ sqlVersion: 2 }), want({ sql: "anything", pinnedSqlVersion: 2 })).action).toBe("none");
    expect(planJob(live({ sqlVersion: 2 }), want({ pinnedSqlVersion: 1 })).action).toBe("restart");
  });

  test("CREATED and other transitions settle first; REVOKED is blocked; stopped states start", () => {
    for (const s of ["CREATED", "STARTING", "CANCELLING", "RESTARTING", "INITIALIZING"]) expect(planJob(live({ state: s }), want()).action).toBe("settle");
    const revoked = planJob(live({ state: "REVOKED" }), want());
    expect(revoked.action).toBe("blocked");
    expect(revoked.summary).toMatch(/cannot start a revoked application .*delete it in the StreamPark UI/);
    for (const s of ["FAILED", "CANCELED", "FINISHED", "LOST", "ADDED"]) expect(planJob(live({ state: s }), want()).action).toBe("start");
  });

  test("suspended: a running job suspends, a stopped one stays (changes wait for the resume); resuming never drops state unless a stateless change", () => {
    expect(planJob(live(), want({ desiredState: "suspended" })).action).toBe("suspend");
    expect(planJob(live({ state: "CANCELED" }), want({ desiredState: "suspended" })).action).toBe("none");
    expect(planJob(live({ state: "CANCELED" }), want({ desiredState: "suspended", sql: "INSERT INTO t SELECT 2" })))
      .toMatchObject({ action: "record", summary: "stays suspended (CANCELED); applied when resumed: SQL changed" });
    expect(planJob(live({ state: "CANCELED" }), want({ upgradeStrategy: "stateless" })).summary).toMatch(/from its newest savepoint or retained checkpoint$/);
    expect(planJob(live({ state: "CANCELED" }), want({ upgradeStrategy: "stateless", sql: "INSERT INTO t SELECT 2" })).summary).toMatch(/without state: SQL changed$/);
  });

  test("restoreFrom: once, pinning the version that wrote the savepoint", () => {
    const restoreFrom = { path: "s3://b/savepoints/savepoint-1", sqlVersion: 1 };
    expect(planJob(live({ sqlVersion: 3 }), want({ restoreFrom })))
      .toMatchObject({ action: "restore", sqlChange: true, summary: "roll back: stop with a savepoint, then start SQL version 1 from s3://b/savepoints/savepoint-1" });
    expect(planJob(live({ sqlVersion: 1, restoredFrom: restoreFrom.path }), want({ restoreFrom, sql: "anything" })).action).toBe("none");
    expect(planJob(live({ state: "CANCELED", sqlVersion: 1 }), want({ restoreFrom })).summary).toBe("roll back: start SQL version 1 from s3://b/savepoints/savepoint-1");
    expect(planJob(live(), want({ restoreFrom: { ...restoreFrom, sqlVersion: null } })).summary).toMatch(/not in the job's savepoint history: up refuses it/);
  });
});

describe("verdicts of the waits", () => {
  test("a release is done only when the pipeline and the release state agree (no stale read before onStart)", () => {
    expect(buildVerdict(-1, 1)).toBe("wait"); // previous build failed, new one pending: not a failure
    expect(buildVerdict(1, 1)).toBe("wait");
    expect(buildVerdict(2, 3)).toBe("wait"); // pipeline saved, release not yet updated
    expect(buildVerdict(0, 3)).toBe("done");
    expect(buildVerdict(3, 3)).toBe("done");
    expect(buildVerdict(0, 2)).toBe("wait"); // stale DONE of the previous release while the new one runs
    expect(buildVerdict(1, 4)).toBe("failed");
  });

  test("start waits through CREATED; cancel treats FAILED as a failed cancel", () => {
    expect(startVerdict(2)).toBe("wait");
    expect(startVerdict(5)).toBe("done");
    expect(startVerdict(7)).toMatch(/FAILED/);
    expect(startVerdict(16)).toMatch(/REVOKED/);
    expect(cancelVerdict(7)).toMatch(/FAILED instead of CANCELED/);
    expect(cancelVerdict(10)).toBe("done");
  });

  test("the gate fails on a Flink restart even while StreamPark says RUNNING", () => {
    const gate = { checkpoints: 2, timeoutSeconds: 60 };
    expect(gateVerdict(5, "RUNNING", 1, 5, gate)).toMatchObject({ healthy: false, reason: "Flink restarted the job 1 time(s)" });
    expect(gateVerdict(5, "RUNNING", 0, 1, gate)).toBeUndefined();
    expect(gateVerdict(5, "RUNNING", 0, 2, gate)).toMatchObject({ healthy: true });
    expect(gateVerdict(5, "FAILED", 0, 2, gate)).toMatchObject({ healthy: false, reason: "the Flink job is FAILED" });
    expect(gateVerdict(7, undefined, 0, 0, gate)).toMatchObject({ healthy: false, reason: "the job went FAILED" });
  });
});
