/**
 * rtdw:mysql.serverTimeZone reaches every place that must agree on it, through the whole program:
 * each MySQL CDC source's `server-time-zone` (MySQL CDC refuses a server whose zone differs,
 * MySqlValidator#checkTimeZone), every job's `table.local-time-zone`, and a deployed server's own
 * `--default-time-zone`. Dev's default (UTC) is checked in dev.test.ts.
 */
import { JOB_NAMES } from "../../components/config/jobs";
import { jobInputs, setValue } from "./jobChecks";
import { reveal, runProgram, ProgramRun } from "./harness";
import { SECRET_KEYS } from "../../components/config/secretKeys";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The zone each CDC source and each job's SET declare. */
function declaredZones(run: ProgramRun): { sources: string[]; local: Record<string, string | undefined> } {
  const jobs = jobInputs(run);
  const cdc = jobs.find((j) => j.name === "rt-dw-cdc-ingestion")!;
  return {
    sources: [...cdc.sql.matchAll(/'server-time-zone' = '([^']*)'/g)].map((m) => m[1]),
    local: Object.fromEntries(jobs.map((j) => [j.name, setValue(j.sql, "table.local-time-zone")])),
  };
}

describe("test stack with its MySQL in Asia/Shanghai", () => {
  let run: ProgramRun;
  beforeAll(async () => {
    run = await runProgram("test", {
      secrets: { streamparkAdminPassword: "test-admin-Pw7", mysqlRootPassword: "test-mysql-Root-Pw7", starrocksRootPassword: "test-sr-Root-Pw7" },
      config: { "rtdw:mysql": JSON.stringify({ mode: "deploy", serverTimeZone: "Asia/Shanghai" }) },
    });
  }, 600_000);

  it("the server runs in that zone and every CDC source and job declares it", () => {
    const sts = reveal(run.one("kubernetes:apps/v1:StatefulSet", "rtdw-test-mysql").inputs) as Obj;
    const args = sts.spec.template.spec.containers[0].args as string[];
    expect(args.filter((a) => a.startsWith("--default-time-zone="))).toEqual(["--default-time-zone=Asia/Shanghai"]);
    const zones = declaredZones(run);
    expect(zones.sources).toEqual(Array(5).fill("Asia/Shanghai"));
    expect(zones.local).toEqual(Object.fromEntries(JOB_NAMES.map((n) => [n, "Asia/Shanghai"])));
  });
});

describe("prod stack pointing at a business MySQL in +08:00", () => {
  let run: ProgramRun;
  beforeAll(async () => {
    run = await runProgram("prod", {
      secrets: Object.fromEntries(SECRET_KEYS.map((k) => [k, `prod-${k}-S3cr3t`])),
      config: { "rtdw:mysql": JSON.stringify({ mode: "external", host: "mysql.shop.internal", adminUser: "rtdw_admin", serverTimeZone: "+08:00" }) },
    });
  }, 600_000);

  it("every CDC source and job declares the zone the stack names", () => {
    const zones = declaredZones(run);
    expect(zones.sources).toEqual(Array(5).fill("+08:00"));
    expect(zones.local).toEqual(Object.fromEntries(JOB_NAMES.map((n) => [n, "+08:00"])));
  });
});
