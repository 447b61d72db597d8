/**
 * Data-quality results as Prometheus metrics. rt-dw-monitor upserts one row per table and window
 * into StarRocks `dq_results` (sql/starrocks/01-serving.sql, ../quality/monitorSql.ts); a SQL
 * exporter (burningalchemist/sql_exporter) reads the newest window of each table over StarRocks'
 * MySQL protocol on every scrape and exposes it, so quality alerts go through the same Prometheus
 * rules, Alertmanager routes, inhibition and escalation as every other alert, and are unit-tested
 * with promtool like them.
 *
 * Why not Grafana alerting over the table: it would be a second alert pipeline with its own
 * routing, no inhibition by Alertmanager's rules and nothing promtool can test.
 *
 * Collector format: sql_exporter 0.18.0 README ("Collectors") and config/metric_config.go
 * (metric_name, type, help, key_labels, value_label, values, query, no_prepared_statement).
 */

/** The table rt-dw-monitor writes (sql/starrocks/01-serving.sql). */
export const DQ_TABLE = "dq_results";

/** Its columns, as 01-serving.sql declares them (a test checks the two agree). */
export const DQ_COLUMNS = [
  "table_name", "window_start", "row_count",
  "completeness_score", "accuracy_score", "consistency_score", "timeliness_score", "conformity_score",
  "quality_score", "anomalous_ratio", "max_delay_seconds", "alert_level", "evaluated_at",
] as const;
export type DqColumn = (typeof DQ_COLUMNS)[number];

/** The five dimensions (the seed: "Data quality: a score over 5 dimensions") and their score columns. */
export const DQ_DIMENSIONS = ["completeness", "accuracy", "consistency", "timeliness", "conformity"] as const;

export const QUALITY_METRICS = {
  score: "rtdw_dq_quality_score",
  dimensionScore: "rtdw_dq_dimension_score",
  anomalousRatio: "rtdw_dq_anomalous_ratio",
  maxDelaySeconds: "rtdw_dq_max_delay_seconds",
  rowCount: "rtdw_dq_row_count",
  evaluationAgeSeconds: "rtdw_dq_evaluation_age_seconds",
} as const;

export const QUALITY_SCRAPE_JOB = "rtdw-quality";

/**
 * Each table's newest window. Plain SQL both StarRocks 3.5 and MySQL/MariaDB run (the tests run it
 * on MariaDB). evaluated_at is written in UTC (the monitor's LOCALTIMESTAMP in a UTC JVM), hence
 * UTC_TIMESTAMP() rather than NOW(): StarRocks' session time zone defaults to Asia/Shanghai.
 */
export function latestWindowsSql(database: string): string {
  return `SELECT r.table_name,
  r.row_count,
  r.completeness_score AS completeness,
  r.accuracy_score AS accuracy,
  r.consistency_score AS consistency,
  r.timeliness_score AS timeliness,
  r.conformity_score AS conformity,
  r.quality_score,
  r.anomalous_ratio,
  r.max_delay_seconds,
  TIMESTAMPDIFF(SECOND, r.evaluated_at, UTC_TIMESTAMP()) AS evaluation_age_seconds
FROM \`${database}\`.${DQ_TABLE} r
JOIN (SELECT table_name, MAX(window_start) AS window_start FROM \`${database}\`.${DQ_TABLE} GROUP BY table_name) latest
  ON r.table_name = latest.table_name AND r.window_start = latest.window_start
WHERE r.quality_score IS NOT NULL`;
}

interface CollectorMetric {
  metric_name: string;
  type: "gauge";
  help: string;
  key_labels: string[];
  value_label?: string;
  values: string[];
  query_ref: string;
}

export interface QualityCollector {
  collector_name: string;
  queries: { query_name: string; query: string; no_prepared_statement: boolean }[];
  metrics: CollectorMetric[];
}

/** The sql_exporter collector: one query, one metric per value column. */
export function qualityCollector(database: string): QualityCollector {
  const metric = (metric_name: string, help: string, values: string[], value_label?: string): CollectorMetric => ({
    metric_name, type: "gauge", help, key_labels: ["table_name"], ...(value_label ? { value_label } : {}), values,
    query_ref: "latest_windows",
  });
  return {
    collector_name: "rtdw_quality",
    // A plain query, as Grafana runs it too: StarRocks' server-side prepared statements are newer
    // and partial. With query_ref the flag belongs to the query (config/collector_config.go).
    queries: [{ query_name: "latest_windows", query: latestWindowsSql(database), no_prepared_statement: true }],
    metrics: [
      metric(QUALITY_METRICS.score, "Weighted quality score (0-100) of the table's newest window (dq_results.quality_score).", ["quality_score"]),
      metric(QUALITY_METRICS.dimensionScore, "Score (0-100) per quality dimension of the table's newest window.", [...DQ_DIMENSIONS], "dimension"),
      metric(QUALITY_METRICS.anomalousRatio, "Share (0-1) of anomalous rows in the table's newest window (dq_results.anomalous_ratio).", ["anomalous_ratio"]),
      metric(QUALITY_METRICS.maxDelaySeconds, "Largest delay in seconds between a row's change time and its arrival, newest window.", ["max_delay_seconds"]),
      metric(QUALITY_METRICS.rowCount, "Rows judged in the table's newest window.", ["row_count"]),
      metric(QUALITY_METRICS.evaluationAgeSeconds, "Seconds since rt-dw-monitor last wrote the table's newest window.", ["evaluation_age_seconds"]),
    ],
  };
}
