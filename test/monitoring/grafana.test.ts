/**
 * The Grafana dashboards are valid JSON models whose every query refers to what the stack
 * produces: each PromQL expression parses (promtool) and names only metrics the scraped systems
 * expose or the rules record; each SQL query runs against dq_results as 01-serving.sql declares it.
 */
import * as path from "path";
import type { Connection } from "mysql2/promise";
import { parse } from "yaml";
import { dashboardJson, dashboards, renderDatasources } from "../../components/monitoring/grafana/provisioning";
import { DATASOURCES, PromTarget, SqlTarget } from "../../components/observability/dashboardModel";
import { SEED_KPIS } from "../../components/observability/kpis";
import { allAlertRules, ruleGroups } from "../../components/monitoring/prometheusRules";
import { FLINK_METRICS } from "../../components/flink/monitoring/metrics";
import { STARROCKS_METRICS } from "../../components/starrocks/monitoring/metrics";
import { MYSQL_METRICS } from "../../components/mysql/monitoring/alerts";
import { QUALITY_METRICS } from "../../components/quality/monitoring/qualityMetrics";
import { connectionOptions, freshDatabase } from "../support/mariadb";
import { createDqTable, insertDqRows, SAMPLE_ROWS } from "./dqTable";
import { PROMTOOL, run, tempDir, writeFiles } from "./tools";

/** Every series name the stack produces: what the systems expose (cited in their metrics modules), Prometheus' own, and recorded. */
const PRODUCED = new Set<string>([
  ...Object.values(FLINK_METRICS), ...Object.values(STARROCKS_METRICS), ...Object.values(MYSQL_METRICS), ...Object.values(QUALITY_METRICS),
  "up", // every scrape (Prometheus)
  "probe_success", // blackbox exporter
  "ALERTS", // Prometheus' alert series
  ...ruleGroups().flatMap((g) => Object.keys(g.records ?? {})),
]);

const KEYWORDS = new Set(["by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset"]);

/** Metric names an expression selects (names inside {__name__=~"a|b"} included). */
export function metricNames(expr: string): string[] {
  const names: string[] = [];
  for (const m of expr.matchAll(/__name__=~?"([^"]+)"/g)) names.push(...m[1].split("|"));
  const stripped = expr
    .replace(/\{[^}]*\}/g, " ") // label matchers
    .replace(/"[^"]*"/g, " ") // strings
    .replace(/\[[^\]]*\]/g, " ") // ranges
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, " "); // label lists
  for (const m of stripped.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?/g)) {
    if (m[2] || KEYWORDS.has(m[1]) || /^\d/.test(m[1])) continue;
    names.push(m[1]);
  }
  return names;
}

const boards = dashboards(SEED_KPIS);
const panels = boards.flatMap((d) => d.panels.map((p) => ({ board: d.uid, ...p })));
const promTargets = panels.flatMap((p) => (p.targets ?? []).filter((t): t is PromTarget => "expr" in t).map((t) => ({ panel: `${p.board}/${p.title}`, expr: t.expr, ds: p.datasource })));
const sqlTargets = panels.flatMap((p) => (p.targets ?? []).filter((t): t is SqlTarget => "rawSql" in t).map((t) => ({ panel: `${p.board}/${p.title}`, sql: t.rawSql, ds: p.datasource })));

describe("Grafana dashboards", () => {
  it("are valid JSON models: unique uids and panel ids, panels on the 24-column grid, known data sources", () => {
    const uids = boards.map((b) => b.uid);
    expect(new Set(uids).size).toBe(uids.length);
    for (const b of boards) {
      const model = JSON.parse(dashboardJson(b)) as typeof b;
      expect(model.uid).toBe(b.uid);
      expect(model.schemaVersion).toBeGreaterThanOrEqual(36);
      const ids = model.panels.map((p) => p.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const p of model.panels) {
        expect(p.gridPos.x + p.gridPos.w).toBeLessThanOrEqual(24);
        if (p.type !== "row") {
          expect([DATASOURCES.prometheus.uid, DATASOURCES.starrocks.uid]).toContain(p.datasource?.uid);
          expect(p.targets?.length).toBeGreaterThan(0);
        }
      }
      expect(dashboardJson(b)).toBe(dashboardJson(JSON.parse(dashboardJson(b)))); // deterministic
    }
    expect(promTargets.length).toBeGreaterThan(20);
    expect(sqlTargets.length).toBeGreaterThanOrEqual(5);
  });

  it("show job health, checkpoints, throughput and delay per job, resource use, and quality per table and dimension", () => {
    const titles = panels.map((p) => p.title.toLowerCase()).join("\n");
    for (const t of ["jobs running", "checkpoint success", "records taken in", "processing delay", "cpu", "heap", "quality score per table", "dimension scores"]) {
      expect(titles).toContain(t);
    }
  });

  it("every PromQL query names only series the stack produces", () => {
    for (const t of promTargets) {
      expect(t.ds?.uid).toBe(DATASOURCES.prometheus.uid);
      const names = metricNames(t.expr);
      expect({ panel: t.panel, names: names.length > 0 }).toEqual({ panel: t.panel, names: true });
      for (const n of names) expect({ panel: t.panel, metric: n, produced: PRODUCED.has(n) }).toEqual({ panel: t.panel, metric: n, produced: true });
    }
    // The same check on every alert rule.
    for (const r of allAlertRules()) for (const n of metricNames(r.expr)) expect({ rule: r.name, metric: n, produced: PRODUCED.has(n) }).toEqual({ rule: r.name, metric: n, produced: true });
  });

  it("the name check can fail: a misspelt metric is caught", () => {
    expect(metricNames("sum by (job_name) (rate(flink_jobmanager_job_numRestart[5m]))").every((n) => PRODUCED.has(n))).toBe(false);
  });

  it("every PromQL query parses (promtool check rules, one recording rule per query)", async () => {
    const dir = tempDir("grafana");
    const rules = { groups: [{ name: "dashboards", rules: promTargets.map((t, i) => ({ record: `dashboard:query_${i}`, expr: t.expr.replace(/\$__rate_interval/g, "5m") })) }] };
    writeFiles(dir, { "queries.yml": JSON.stringify(rules) });
    const r = await run(PROMTOOL, ["check", "rules", path.join(dir, "queries.yml")]);
    if (r.code !== 0) throw new Error(r.stdout + r.stderr);
  });

  describe("SQL panels against dq_results", () => {
    let conn: Connection;
    let db: string;
    beforeAll(async () => {
      const mysql = await import("mysql2/promise");
      db = await freshDatabase("grafana");
      conn = await mysql.createConnection(connectionOptions(db));
      await createDqTable(conn, db);
      await insertDqRows(conn, db, SAMPLE_ROWS);
    });
    afterAll(async () => {
      await conn?.end();
    });

    /** Grafana's MySQL macros and the dashboard variable, expanded as Grafana would. */
    const expand = (q: string) => q
      .replace(/\$__timeFilter\((\w+)\)/g, "$1 BETWEEN '2030-01-01 00:00:00' AND '2030-01-02 00:00:00'")
      .replace(/\$table/g, "dwd.dwd_orders");

    it("each SQL query runs and returns rows (time series: a time column)", async () => {
      for (const t of sqlTargets) {
        expect(t.ds?.uid).toBe(DATASOURCES.starrocks.uid);
        const [rows] = await conn.query(expand(t.sql));
        const list = rows as Record<string, unknown>[];
        expect({ panel: t.panel, rows: list.length > 0 }).toEqual({ panel: t.panel, rows: true });
        if (/ AS time\b/.test(t.sql)) expect(Object.keys(list[0])).toContain("time");
      }
      const variable = boards.flatMap((b) => b.templating.list).find((v) => v.name === "table") as { query: string };
      const [tables] = await conn.query(variable.query);
      expect((tables as { table_name: string }[]).map((r) => r.table_name)).toEqual(["dwd.dwd_orders", "dwd.dwd_payments"]);
    });
  });
});

describe("Grafana data sources", () => {
  it("provision Prometheus and StarRocks (MySQL protocol) with the password only in secureJsonData", () => {
    const text = renderDatasources({ prometheusUrl: "http://prometheus:9090", starrocksEndpoint: "starrocks-fe:9030", starrocksUser: "root", starrocksPassword: "pw-123", starrocksDatabase: "rtdw_serving" });
    const ds = (parse(text) as { datasources: { uid: string; type: string; url: string; jsonData?: { database?: string }; secureJsonData?: { password?: string } }[] }).datasources;
    expect(ds.map((d) => [d.uid, d.type])).toEqual([[DATASOURCES.prometheus.uid, "prometheus"], [DATASOURCES.starrocks.uid, "mysql"]]);
    expect(ds[1].jsonData?.database).toBe("rtdw_serving");
    expect(ds[1].secureJsonData?.password).toBe("pw-123");
    expect(text.split("pw-123").length).toBe(2);
  });
});
