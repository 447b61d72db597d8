/**
 * The test stack (Kubernetes) with periodic savepoints on two jobs: the scheduler is a workload of
 * its own, Pod Security "restricted", admitted to the JobManager's REST port only (derived from
 * its declared flow), its schedule rendered from rtdw:jobs.<job>.savepoints; only the scheduled
 * jobs read its history.
 */
import { admittedFlows, podProblems, workloads } from "./deployability";
import { reveal, runProgram, ProgramRun } from "./harness";
import { parseSchedule } from "../../components/streampark/savepointSchedule";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let run: ProgramRun;
beforeAll(async () => {
  run = await runProgram("test", {
    secrets: { streamparkAdminPassword: "test-admin-Pw7", mysqlRootPassword: "test-mysql-Root-Pw7", starrocksRootPassword: "test-sr-Root-Pw7" },
    config: { "rtdw:jobs": JSON.stringify({ "rt-dw-dws-aggregate": { savepoints: { every: "6h", keep: 5 } }, "rt-dw-cdc-ingestion": { savepoints: { every: "1d", keep: 3 }, restoreFrom: "s3://rtdw/savepoints/savepoint-1a2b3c-0123456789ab" } }) },
  });
}, 600_000);

describe("test stack with savepoints: { every, keep }", () => {
  it("runs the scheduler as a restricted workload that keeps its image contract", () => {
    const w = workloads(run).filter((x) => x.inputs.metadata.name === "savepoint-scheduler");
    expect(w).toHaveLength(1);
    expect(podProblems(run, w[0], "rtdw-test")).toEqual([]);
    const pod = w[0].inputs.spec.template.spec as Obj;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, fsGroup: 1000, seccompProfile: { type: "RuntimeDefault" } });
  });

  it("admits the scheduler to the JobManager's REST port and nowhere else", () => {
    const flows = admittedFlows(run).filter((f) => f.startsWith("savepoint-scheduler ->"));
    expect(flows).toEqual(["savepoint-scheduler -> flink-jobmanager:8081"]);
  });

  it("renders the schedule of the two jobs (milliseconds, keep, restoreFrom protected) with the in-cluster REST URL", () => {
    const files = run.byType("kubernetes:core/v1:ConfigMap").map((r) => reveal(r.inputs) as Obj).filter((c) => c.metadata.name.startsWith("savepoint-scheduler"));
    const text = files.flatMap((c) => Object.values(c.data ?? {}) as string[]).find((v) => v.includes("\"jobs\""));
    expect(text).toBeDefined();
    const s = parseSchedule(JSON.parse(text!), "rendered schedule");
    expect(s.flinkRestUrl).toMatch(/^http:\/\/flink-jobmanager[.:]/);
    expect(s.jobs).toEqual([
      { name: "rt-dw-cdc-ingestion", everyMs: 86_400_000, keep: 3, protect: ["s3://rtdw/savepoints/savepoint-1a2b3c-0123456789ab"] },
      { name: "rt-dw-dws-aggregate", everyMs: 6 * 3_600_000, keep: 5, protect: [] },
    ]);
  });

  it("gives only the scheduled jobs the scheduler's history endpoint (through the Kubernetes API)", () => {
    const jobs = run.resources.filter((r) => /streampark.*Job|hosted/i.test(r.type) && (reveal(r.inputs) as Obj).sql !== undefined).map((r) => reveal(r.inputs) as Obj);
    expect(jobs).toHaveLength(5);
    const withUrl = jobs.filter((j) => j.savepointHistoryUrl !== undefined).map((j) => j.name).sort();
    expect(withUrl).toEqual(["rt-dw-cdc-ingestion", "rt-dw-dws-aggregate"]);
    expect(jobs.find((j) => j.name === "rt-dw-dws-aggregate")!.savepointHistoryUrl).toMatchObject({ kind: "kubernetes", namespace: "rtdw-test", service: "savepoint-scheduler", port: 8088 });
  });
});
