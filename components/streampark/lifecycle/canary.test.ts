/** The canary's pure parts: green's SQL and the shadow DDL, the summary query, the comparison. */
import { canarySql, shadowDdl } from "./canarySql";
import { compareSink, DEFAULT_TOLERANCES, engineSinks, sinkColumns, summarySql, verdictOf } from "./canaryCompare";
import { canaryRefusal } from "./canary";
import { lineage } from "../../lineage/lineage";
import { defaultWarehouseVariables, jobDefinitions, schemaObjects } from "../../warehouse";
import { secretVariableRefs } from "../../warehouseBinding/warehouseVariables";
import { jobSinks } from "../../warehouse/sinkKeys";

const jobs = jobDefinitions(defaultWarehouseVariables, secretVariableRefs());
const sinks = jobSinks(jobs, schemaObjects(defaultWarehouseVariables));
const dws = jobs.find((j) => j.name === "rt-dw-dws-aggregate")!;

describe("green's SQL", () => {
  test("every sink of every job is written as its shadow, and nothing else changes", () => {
    for (const j of jobs) {
      const ids = sinks[j.name].map((s) => s.table);
      const out = canarySql(j.sql, ids);
      expect(lineage([{ name: j.name, sql: out }]).jobs[0].outputs.map((d) => d.id).sort()).toEqual(ids.map((i) => `${i}__canary`).sort());
      // Sources are the same (a StarRocks or Paimon table read by the job is not shadowed).
      expect(lineage([{ name: j.name, sql: out }]).jobs[0].inputs.map((d) => d.id)).toEqual(lineage([j]).jobs[0].inputs.map((d) => d.id));
    }
    const out = canarySql(dws.sql, sinks[dws.name].map((s) => s.table));
    expect(out).toContain("'table-name' = 'dws_sales_hourly__canary'");
    expect(out).toContain("INSERT INTO `paimon`.`dws`.`dws_sales_hourly__canary` SELECT * FROM sales_hourly");
    expect(out).toContain("INSERT INTO sr_dws_sales_hourly SELECT * FROM sales_hourly");
  });

  test("a StarRocks connector table that is only read stays the real table (even the sink's own); a sink the SQL does not write is refused", () => {
    const sql = [
      // The job reads the table it writes (through another temporary table): the read stays on the real table.
      "CREATE TEMPORARY TABLE dim (id INT) WITH ('connector' = 'starrocks', 'database-name' = 'd', 'table-name' = 'out_t')",
      "CREATE TEMPORARY TABLE out_t (id INT) WITH ('connector' = 'starrocks', 'database-name' = 'd', 'table-name' = 'out_t')",
      "INSERT INTO out_t SELECT id FROM dim",
    ].join(";\n");
    const out = canarySql(sql, ["starrocks:d.out_t"]);
    expect(out).toContain("CREATE TEMPORARY TABLE dim (id INT) WITH ('connector' = 'starrocks', 'database-name' = 'd', 'table-name' = 'out_t')");
    expect(out).toContain("'table-name' = 'out_t__canary'");
    expect(() => canarySql(sql, ["starrocks:d.out_t", "paimon:dws.x"])).toThrow(/writes no paimon:dws\.x .*green could not write its shadow/);
  });

  test("a shadow's DDL is the sink's with only the table name changed", () => {
    const ddl = sinks[dws.name].find((s) => s.table === "starrocks:rtdw_serving.dws_sales_hourly")!.ddl!;
    const shadow = shadowDdl(ddl);
    expect(shadow.name).toEqual(["rtdw_serving", "dws_sales_hourly__canary"]);
    expect(shadow.create.replace("`dws_sales_hourly__canary`", "dws_sales_hourly")).toBe(ddl);
    expect(shadow.drop).toBe("DROP TABLE IF EXISTS `rtdw_serving`.`dws_sales_hourly__canary`");
  });
});

describe("the comparison", () => {
  test("summary queries: blue restricted to the keys green wrote, ranges of the first key's MD5, sums of the numeric columns", () => {
    const ddl = sinks[dws.name].find((s) => s.table === "paimon:dws.dws_sales_hourly")!.ddl!;
    const { keys, numeric } = sinkColumns("paimon", ddl);
    expect(keys).toEqual(["stat_hour", "category"]);
    expect(numeric).toEqual(["order_count", "item_quantity", "gmv", "buyer_count"]);
    expect(summarySql({ engine: "paimon", table: ["paimon", "dws", "t"], keys, numeric: ["gmv"], onlyKeysOf: ["paimon", "dws", "t__canary"] }))
      .toBe("SELECT SUBSTR(MD5(CAST(t.`stat_hour` AS STRING)), 1, 1), COUNT(*), SUM(CAST(t.`gmv` AS DOUBLE)) FROM `paimon`.`dws`.`t` AS t JOIN `paimon`.`dws`.`t__canary` AS s ON t.`stat_hour` = s.`stat_hour` AND t.`category` = s.`category` GROUP BY SUBSTR(MD5(CAST(t.`stat_hour` AS STRING)), 1, 1)");
    expect(summarySql({ engine: "starrocks", table: ["d", "t"], keys: ["k"], numeric: [] })).toBe("SELECT SUBSTR(MD5(CAST(t.`k` AS VARCHAR)), 1, 1), COUNT(*) FROM `d`.`t` AS t GROUP BY SUBSTR(MD5(CAST(t.`k` AS VARCHAR)), 1, 1)");
  });

  test("tolerances: at the limit passes, beyond it fails naming what, by how much and the tolerance", () => {
    const tol = { ...DEFAULT_TOLERANCES, rowsPercent: 10, aggregatePercent: 5, qualityPoints: 2 };
    const blue = { rows: 100, ranges: { "0": 50, "1": 50 }, sums: { gmv: 1000, quality_score: 9000 } };
    const at = compareSink("s", "s__canary", ["gmv", "quality_score"], blue, { rows: 105, ranges: { "0": 55, "1": 50 }, sums: { gmv: 1050, quality_score: 105 * 92 } }, tol);
    expect(at.differences).toEqual([]);
    const beyond = compareSink("s", "s__canary", ["gmv", "quality_score"], blue, { rows: 106, ranges: { "0": 56, "1": 50 }, sums: { gmv: 1051, quality_score: 106 * 92.5 } }, tol);
    expect(beyond.differences.map((d) => `${d.what} ${d.delta} (${d.tolerance})`)).toEqual([
      "rows in key range 0 +12.00% (10%)", "sum of gmv +5.10% (5%)", "average quality_score +2.50 points (2 points)",
    ]);
    expect(compareSink("s", "s__canary", [], blue, { rows: 0, ranges: {}, sums: {} }, tol).differences[0]).toMatchObject({ what: "rows green wrote in the window", tolerance: "at least 1" });
    const v = verdictOf([beyond], 600, tol, "2026-12-01T00:00:00.000Z");
    expect(v.verdict).toBe("fail");
    expect(v.summary).toMatch(/^canary failed after 600s: s: rows in key range 0: blue 50, green 56 \(\+12\.00%, tolerance 10%\); sum of gmv: blue 1000, green 1051/);
    expect(verdictOf([at], 600, tol, "x").verdict).toBe("pass");
  });

  test("engineSinks runs the summary on the sink's engine and reads numbers the engines print as strings", async () => {
    const sent: string[] = [];
    const reader = engineSinks(async (engine) => ({
      execute: async (sql) => { sent.push(`${engine}: ${sql}`); },
      query: async (sql) => { sent.push(`${engine}: ${sql}`); return [["3", "7", "12.50"], ["a", 3, null]]; },
      close: async () => undefined,
    }));
    const s = await reader.summarize({ engine: "starrocks", table: ["d", "t"], keys: ["k"], numeric: ["x"] });
    expect(s).toEqual({ rows: 10, ranges: { "3": 7, a: 3 }, sums: { x: 12.5 } });
    expect(sent[0]).toMatch(/^starrocks: SELECT SUBSTR\(MD5/);
  });

  test("canary qualifies where blue-green does, and only for sinks it can read", () => {
    expect(canaryRefusal("j", sinks[dws.name])).toBeUndefined();
    expect(canaryRefusal("j", [{ table: "flink:print_sink", primaryKey: true, ddl: "CREATE TABLE x (a INT)" }])).toMatch(/flink:print_sink is not one: use blue-green/);
  });
});
