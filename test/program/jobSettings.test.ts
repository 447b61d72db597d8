/**
 * rtdw:flink's checkpointing and TTL keys reach every job, rtdw:jobs.<job> wins for its job, and
 * the job's own SET statements and StreamPark's options carry the same values, through the whole
 * program (index.ts wiring included). Values at the seed's upper bounds arrive unchanged.
 */
import { JOB_NAMES } from "../../components/config/jobs";
import { jobCheckFailures, jobInputs, setsAndOptions } from "./jobChecks";
import { runProgram, ProgramRun } from "./harness";

let run: ProgramRun;
beforeAll(async () => {
  run = await runProgram("dev", {
    secrets: { streamparkAdminPassword: "dev-admin-Pw7", mysqlRootPassword: "dev-mysql-Root-Pw7", starrocksRootPassword: "dev-sr-Root-Pw7" },
    config: {
      // cdc at 3 makes the jobs 18 slots: 19 with the SQL Gateway's one (components/config/stackConfig.ts).
      "rtdw:flink": JSON.stringify({ checkpointInterval: "5min", checkpointTimeout: "15min", checkpointMinPause: "7s", stateTtl: "7d", slotsPerTaskManager: 19 }),
      "rtdw:jobs": JSON.stringify({ "rt-dw-cdc-ingestion": { checkpointInterval: "45s", checkpointTimeout: "12min", stateTtl: "2d", parallelism: 3 } }),
    },
  });
}, 300_000);

const expected = (name: string) => name === "rt-dw-cdc-ingestion"
  ? { parallelism: "3", checkpointInterval: "45 s", checkpointTimeout: "12 min", checkpointMinPause: "7 s", stateTtl: "2 d" }
  : { checkpointInterval: "5 min", checkpointTimeout: "15 min", checkpointMinPause: "7 s", stateTtl: "7 d" };

it("every job carries the stack's values, the overridden job its own, in its SQL and in StreamPark's options alike", () => {
  const jobs = jobInputs(run);
  expect(jobs.map((j) => j.name).sort()).toEqual([...JOB_NAMES].sort());
  for (const j of jobs) {
    const { sets, options } = setsAndOptions(j);
    expect({ job: j.name, ...sets }).toMatchObject({ job: j.name, ...expected(j.name) });
    expect({ job: j.name, ...options }).toEqual({ job: j.name, ...sets });
  }
});

it("each job's health gate follows its own interval, and preview's check accepts every job", async () => {
  const gates = Object.fromEntries(jobInputs(run).map((j) => [j.name, j.healthGate]));
  expect(gates["rt-dw-cdc-ingestion"]).toEqual({ checkpoints: 3, timeoutSeconds: 600 });
  expect(gates["rt-dw-dwd-transform"]).toEqual({ checkpoints: 3, timeoutSeconds: 1200 });
  expect(await jobCheckFailures(run)).toEqual(Object.fromEntries(JOB_NAMES.map((n) => [n, []])));
});
