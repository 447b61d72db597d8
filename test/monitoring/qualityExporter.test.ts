/**
 * The quality exporter's query and collector, run for real: the SQL on a MariaDB table with the
 * columns 01-serving.sql gives dq_results, the collector mapping every column it reads.
 */
import type { Connection } from "mysql2/promise";
import { parse } from "yaml";
import { DQ_COLUMNS, DQ_DIMENSIONS, latestWindowsSql, qualityCollector, QUALITY_METRICS } from "../../components/quality/monitoring/qualityMetrics";
import { renderQualityExporterConfig } from "../../components/monitoring/exporters";
import { connectionOptions, freshDatabase } from "../support/mariadb";
import { createDqTable, dqColumnsFromServingSql, insertDqRows, SAMPLE_ROWS } from "./dqTable";

describe("quality results as metrics (sql_exporter collector)", () => {
  let conn: Connection;
  let db: string;

  beforeAll(async () => {
    const mysql = await import("mysql2/promise");
    db = await freshDatabase("dq");
    conn = await mysql.createConnection(connectionOptions(db));
    await createDqTable(conn, db);
    await insertDqRows(conn, db, SAMPLE_ROWS);
  });

  afterAll(async () => {
    await conn?.end();
  });

  it("reads exactly the columns sql/starrocks/01-serving.sql declares for dq_results", () => {
    expect(dqColumnsFromServingSql().map((c) => c.name)).toEqual([...DQ_COLUMNS]);
  });

  it("returns each table's newest window with every value the collector maps", async () => {
    const [rows] = await conn.query(latestWindowsSql(db));
    const byTable = Object.fromEntries((rows as Record<string, unknown>[]).map((r) => [r.table_name as string, r]));
    expect(Object.keys(byTable).sort()).toEqual(["dwd.dwd_orders", "dwd.dwd_payments"]);
    const orders = byTable["dwd.dwd_orders"];
    expect(Number(orders.quality_score)).toBeCloseTo(66.2);
    expect(Number(orders.max_delay_seconds)).toBe(1200);
    expect(Number(orders.timeliness)).toBeCloseTo(97.5);
    expect(Number(orders.evaluation_age_seconds)).toBeGreaterThanOrEqual(119);
    expect(Number(orders.evaluation_age_seconds)).toBeLessThan(200);

    const collector = qualityCollector(db);
    const columns = Object.keys(orders);
    for (const m of collector.metrics) {
      for (const c of [...m.key_labels, ...m.values]) expect({ metric: m.metric_name, column: c, present: columns.includes(c) }).toEqual({ metric: m.metric_name, column: c, present: true });
    }
    expect(collector.metrics.find((m) => m.metric_name === QUALITY_METRICS.dimensionScore)?.values).toEqual([...DQ_DIMENSIONS]);
  });

  it("renders sql_exporter.yml with a URL-encoded password and the collector inline", () => {
    const text = renderQualityExporterConfig({ host: "starrocks-fe", port: 9030, user: "root", password: "p@ss:w/rd", database: "rtdw_serving", collector: qualityCollector("rtdw_serving") });
    const cfg = parse(text) as { target: { data_source_name: string; collectors: string[] }; collectors: { collector_name: string; queries: { query_name: string }[]; metrics: { query_ref: string }[] }[] };
    expect(cfg.target.data_source_name).toBe("mysql://root:p%40ss%3Aw%2Frd@starrocks-fe:9030/rtdw_serving");
    expect(cfg.target.collectors).toEqual([cfg.collectors[0].collector_name]);
    const names = cfg.collectors[0].queries.map((q) => q.query_name);
    for (const m of cfg.collectors[0].metrics) expect(names).toContain(m.query_ref);
  });
});
