/**
 * StarRocks 3.5 metrics read by the warehouse's rules and dashboards, as the FE (`/metrics` on the
 * http port 8030) and BE (`/metrics` on 8040) expose them in Prometheus format.
 * FE: fe/fe-core/src/main/java/com/starrocks/metric/MetricRepo.java registers `query_total`,
 * `query_err`, `txn_failed`, `connection_total`, `max_tablet_compaction_score`; PrometheusMetricVisitor
 * prefixes them with `starrocks_fe_` and adds the JVM gauges `jvm_heap_size_bytes{type="used"|"max"|...}`.
 * BE: be/src/util/starrocks_metrics.cpp (memory metrics registered as `process_mem_bytes`),
 * exposed with the `starrocks_be_` prefix. Docs: administration/management/monitoring/metrics.md.
 */
export const STARROCKS_METRICS = {
  feQueryTotal: "starrocks_fe_query_total",
  feQueryErrors: "starrocks_fe_query_err",
  feTxnFailed: "starrocks_fe_txn_failed",
  feConnections: "starrocks_fe_connection_total",
  feMaxCompactionScore: "starrocks_fe_max_tablet_compaction_score",
  feJvmHeapBytes: "starrocks_fe_jvm_heap_size_bytes",
  beProcessMemBytes: "starrocks_be_process_mem_bytes",
} as const;

/** Prometheus scrape job names for the two roles (./../../monitoring/prometheusConfig.ts). */
export const STARROCKS_SCRAPE_JOBS = { fe: "starrocks-fe", be: "starrocks-be" } as const;
