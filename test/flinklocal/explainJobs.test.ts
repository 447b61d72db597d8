/**
 * Every job's SQL, as the program renders it for the dev and the prod stack, planned by the real
 * Flink 1.20.1 planner with the real connector factories (MySQL CDC 3.3.0, Paimon 0.9.0, the
 * StarRocks connector): EXPLAIN of each job's statement set through the real SQL Gateway, against
 * the stack's own Paimon tables (created from sql/paimon in a local warehouse). Unknown options,
 * wrong types, missing functions and catalog references fail naming the job, file and line.
 */
import { JOB_NAMES } from "../../components/warehouse";
import { GatewaySession } from "../support/gatewayClient";
import { FLINK_START_TIMEOUT_MS, freshWarehouse, sharedFlink, SharedFlink } from "../support/flinkCluster";
import { createLake, explainJob, localize, renderedJobs, stackVariables, starrocksTables } from "../support/realJobs";
import { StarRocksFeStandIn } from "../doubles/starrocks-fe/server";

let flink: SharedFlink;
const fe = new StarRocksFeStandIn();
beforeAll(async () => {
  await fe.start();
  flink = await sharedFlink();
}, FLINK_START_TIMEOUT_MS);
afterAll(async () => fe.stop());
const feAddress = () => `127.0.0.1:${fe.port}`;

describe.each(["dev", "prod"] as const)("the %s stack's jobs on the real planner", (stack) => {
  const vars = stackVariables(stack);
  const jobs = renderedJobs(vars);
  let warehouse: string;
  beforeAll(async () => {
    warehouse = freshWarehouse(flink, `explain-${stack}`);
    fe.addTables(starrocksTables(vars));
    const s = await GatewaySession.open(flink.gatewayUrl);
    try { await createLake(s, vars, warehouse); } finally { await s.close(); }
  }, 600_000);

  test.each([...JOB_NAMES])("%s plans as one statement set", async (name) => {
    const job = jobs.find((j) => j.name === name)!;
    const session = await GatewaySession.open(flink.gatewayUrl);
    try {
      const r = await explainJob(session, job, localize(job.sql, { warehouse, starrocksFe: feAddress() }));
      expect(r.inserts).toBeGreaterThan(0);
      // The optimized plan has one sink per INSERT of the set.
      expect(r.plan).toContain("== Optimized Execution Plan ==");
      const sinks = r.plan.split("== Optimized Execution Plan ==")[1].match(/^Sink\(/gm) ?? [];
      expect(sinks.length).toBe(r.inserts);
      // The job takes exactly its parallelism in slots, which the stack config's slot budget counts
      // (components/config/stackConfig.ts): no source reads with more (Paimon's per-bucket inference is off).
      expect({ job: name, slots: r.maxParallelism }).toEqual({ job: name, slots: job.parallelism });
    } finally {
      await session.close();
    }
  }, 600_000);
});

test("a wrong option fails naming the job, the file and the line", async () => {
  const vars = stackVariables("dev");
  const job = renderedJobs(vars).find((j) => j.name === "rt-dw-dws-aggregate")!;
  const warehouse = freshWarehouse(flink, "explain-broken");
  fe.addTables(starrocksTables(vars));
  const setup = await GatewaySession.open(flink.gatewayUrl);
  try { await createLake(setup, vars, warehouse); } finally { await setup.close(); }
  const session = await GatewaySession.open(flink.gatewayUrl);
  try {
    const broken = localize(job.sql, { warehouse, starrocksFe: feAddress() }).replace("'sink.version' = 'V2'", "'sink.version' = 'V2',\n  'sink.no-such-option' = 'x'");
    const line = broken.split("\n").findIndex((l) => l.startsWith("INSERT INTO sr_dws_sales_hourly")) + 1;
    await expect(explainJob(session, job, broken)).rejects.toThrow(new RegExp(`^rt-dw-dws-aggregate \\(sql/jobs/rt-dw-dws-aggregate\\.sql:${line}\\): .*sink\\.no-such-option`));
  } finally {
    await session.close();
  }
}, 600_000);

test("a StarRocks table whose key differs from the sink's fails planning, naming the job and line (the connector checks our StarRocks DDL)", async () => {
  const vars = stackVariables("dev");
  const job = renderedJobs(vars).find((j) => j.name === "rt-dw-dws-aggregate")!;
  const warehouse = freshWarehouse(flink, "explain-srkey");
  const other = new StarRocksFeStandIn();
  await other.start();
  try {
    other.addTables(starrocksTables(vars).map((sql) => sql.replace("PRIMARY KEY (stat_hour, category)", "PRIMARY KEY (stat_hour)")));
    const setup = await GatewaySession.open(flink.gatewayUrl);
    try { await createLake(setup, vars, warehouse); } finally { await setup.close(); }
    const session = await GatewaySession.open(flink.gatewayUrl);
    try {
      const sql = localize(job.sql, { warehouse, starrocksFe: `127.0.0.1:${other.port}` });
      const line = sql.split("\n").findIndex((l) => l.startsWith("INSERT INTO sr_dws_sales_hourly")) + 1;
      await expect(explainJob(session, job, sql)).rejects.toThrow(new RegExp(`^rt-dw-dws-aggregate \\(sql/jobs/rt-dw-dws-aggregate\\.sql:${line}\\): .*Primary keys of the flink \`TableSchema\` do not match`));
    } finally {
      await session.close();
    }
  } finally {
    await other.stop();
  }
}, 600_000);
