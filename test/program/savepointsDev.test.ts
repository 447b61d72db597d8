/**
 * The dev stack (Docker) with periodic savepoints on every job: the scheduler is one more
 * container, and dev still fits its memory budget (every container's limit, one-shot steps
 * included); its history lives on its own volume; the jobs reach it on 127.0.0.1.
 */
import { DEV_MEMORY_BUDGET_MIB, SERVICE_MEMORY } from "../../components/config/profiles";
import { JOB_NAMES } from "../../components/config/jobs";
import { reveal, runProgram, ProgramRun } from "./harness";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const CONTAINER = "docker:index/container:Container";

let run: ProgramRun;
beforeAll(async () => {
  run = await runProgram("dev", {
    secrets: { streamparkAdminPassword: "dev-admin-Pw7", mysqlRootPassword: "dev-mysql-Root-Pw7", starrocksRootPassword: "dev-sr-Root-Pw7" },
    config: { "rtdw:jobs": JSON.stringify(Object.fromEntries(JOB_NAMES.map((n) => [n, { savepoints: { every: "1h", keep: 24 } }]))) },
  });
}, 600_000);

describe("dev stack with savepoints: { every, keep } on every job", () => {
  it(`still adds every container's memory limit to at most ${DEV_MEMORY_BUDGET_MIB} MiB, the scheduler included`, () => {
    const limits = run.byType(CONTAINER).map((r) => [r.name.replace(/^rtdw-dev-/, ""), (reveal(r.inputs) as Obj).memory as number] as const);
    expect(limits).toContainEqual(["savepoint-scheduler", SERVICE_MEMORY.dev.savepointScheduler]);
    const total = limits.reduce((sum, [, m]) => sum + m, 0);
    console.log(`dev memory limits with the savepoint scheduler: ${total} MiB`);
    expect(total).toBeLessThanOrEqual(DEV_MEMORY_BUDGET_MIB);
  });

  it("keeps the history on the scheduler's own volume and publishes its port on 127.0.0.1 only", () => {
    const c = reveal(run.one(CONTAINER, "rtdw-dev-savepoint-scheduler").inputs) as Obj;
    expect(c.volumes).toContainEqual(expect.objectContaining({ containerPath: "/home/node" }));
    expect(c.ports).toEqual([expect.objectContaining({ internal: 8088, ip: "127.0.0.1" })]);
    const jobs = run.resources.filter((r) => (reveal(r.inputs) as Obj).sql !== undefined && (reveal(r.inputs) as Obj).savepointHistoryUrl !== undefined);
    expect(jobs).toHaveLength(5);
    expect((reveal(jobs[0].inputs) as Obj).savepointHistoryUrl).toMatchObject({ kind: "direct", host: "127.0.0.1" });
  });
});
