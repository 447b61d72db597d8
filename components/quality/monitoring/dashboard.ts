/**
 * "rtdw · Data quality": the scores rt-dw-monitor writes to StarRocks, per table and dimension over
 * time (SQL over dq_results through the StarRocks data source), next to the current values and the
 * monitor's own alert level. Columns: sql/starrocks/01-serving.sql (dq_results).
 */
import { DATASOURCES, Dashboard, DashboardBuilder, higherIsBetter, lowerIsBetter, prom, sql, stat, table, timeseries } from "../../observability/dashboardModel";
import { KpiThresholds } from "../../observability/kpis";
import { DQ_TABLE, QUALITY_METRICS as M } from "./qualityMetrics";

/** The table picker: every table the monitor has judged. */
const TABLE_VARIABLE = {
  name: "table",
  label: "Table",
  type: "query",
  datasource: DATASOURCES.starrocks,
  query: `SELECT DISTINCT table_name FROM ${DQ_TABLE} ORDER BY table_name`,
  refresh: 2,
  includeAll: false,
  multi: false,
};

export function qualityDashboard(k: KpiThresholds): Dashboard {
  const sr = { datasource: DATASOURCES.starrocks };
  return new DashboardBuilder("rtdw-quality", "rtdw · Data quality", [TABLE_VARIABLE])
    .row("Now")
    .panel(stat("Quality score, newest window", [prom(M.score, "{{table_name}}")], "none", higherIsBetter(k.qualityScoreCritical, k.qualityScoreTarget),
      { decimals: 1, description: `KPI: > ${k.qualityScoreTarget}. CRITICAL below ${k.qualityScoreCritical}.` }), 12, 5)
    .panel(stat("Anomalous rows, newest window", [prom(M.anomalousRatio, "{{table_name}}")], "percentunit",
      lowerIsBetter(k.anomalousPercentTarget / 100, k.anomalousPercentMedium / 100), { decimals: 2, description: `KPI: < ${k.anomalousPercentTarget}%. MEDIUM above ${k.anomalousPercentMedium}%.` }), 12, 5)
    .panel(table("Newest window per table (rt-dw-monitor's verdict)", [sql(`SELECT r.table_name, r.window_start, r.row_count, r.quality_score, r.completeness_score, r.accuracy_score,
  r.consistency_score, r.timeliness_score, r.conformity_score, r.anomalous_ratio, r.max_delay_seconds, r.alert_level, r.evaluated_at
FROM ${DQ_TABLE} r
JOIN (SELECT table_name, MAX(window_start) AS window_start FROM ${DQ_TABLE} GROUP BY table_name) latest
  ON r.table_name = latest.table_name AND r.window_start = latest.window_start
ORDER BY r.quality_score`, "table")], sr), 24, 7)
    .row("Over time")
    .panel(timeseries("Quality score per table", [sql(`SELECT window_start AS time, table_name AS metric, quality_score AS value
FROM ${DQ_TABLE} WHERE $__timeFilter(window_start) ORDER BY window_start`)], "none",
      { ...sr, thresholds: higherIsBetter(k.qualityScoreCritical, k.qualityScoreTarget), min: 0, max: 100 }), 12)
    .panel(timeseries("Dimension scores of $table", [sql(`SELECT window_start AS time, completeness_score AS completeness, accuracy_score AS accuracy,
  consistency_score AS consistency, timeliness_score AS timeliness, conformity_score AS conformity
FROM ${DQ_TABLE} WHERE table_name = '$table' AND $__timeFilter(window_start) ORDER BY window_start`)], "none",
      { ...sr, description: "Timeliness is the SLA attainment: the share of rows that arrived within the table's freshness SLA.", min: 0, max: 100 }), 12)
    .panel(timeseries("Anomalous rows per table", [sql(`SELECT window_start AS time, table_name AS metric, anomalous_ratio AS value
FROM ${DQ_TABLE} WHERE $__timeFilter(window_start) ORDER BY window_start`)], "percentunit",
      { ...sr, thresholds: lowerIsBetter(k.anomalousPercentTarget / 100, k.anomalousPercentMedium / 100), min: 0 }), 8)
    .panel(timeseries("Largest delay per table", [sql(`SELECT window_start AS time, table_name AS metric, max_delay_seconds AS value
FROM ${DQ_TABLE} WHERE $__timeFilter(window_start) ORDER BY window_start`)], "s",
      { ...sr, thresholds: lowerIsBetter(k.processingDelaySeconds, k.dataDelaySeconds), min: 0, description: `HIGH above ${k.dataDelaySeconds / 60} min.` }), 8)
    .panel(timeseries("Rows judged per window", [sql(`SELECT window_start AS time, table_name AS metric, row_count AS value
FROM ${DQ_TABLE} WHERE $__timeFilter(window_start) ORDER BY window_start`)], "short", { ...sr, min: 0 }), 8)
    .build();
}
