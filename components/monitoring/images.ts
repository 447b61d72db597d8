/**
 * Pinned images of the monitoring services. Prometheus and Alertmanager are pinned to the versions
 * the tests run (Debian bookworm's prometheus 2.42.0 and prometheus-alertmanager 0.25.0), so the
 * configs `promtool`/`amtool` and the live alertmanager accept are the configs the stack runs.
 * Each tag is a published release: prom/prometheus v2.42.0, prom/alertmanager v0.25.0,
 * grafana/grafana 11.6.0, prom/mysqld-exporter v0.15.1, prom/blackbox-exporter v0.25.0,
 * timonwong/prometheus-webhook-dingtalk v2.1.0 (tag v2.1.0 of its repository; Dockerfile:
 * ENTRYPOINT /bin/prometheus-webhook-dingtalk, config /etc/prometheus-webhook-dingtalk/config.yml,
 * port 8060), burningalchemist/sql_exporter 0.18.0 (tag 0.18.0; port 9399).
 */
export const MONITORING_IMAGES = {
  prometheus: "prom/prometheus:v2.42.0",
  alertmanager: "prom/alertmanager:v0.25.0",
  grafana: "grafana/grafana:11.6.0",
  mysqldExporter: "prom/mysqld-exporter:v0.15.1",
  blackboxExporter: "prom/blackbox-exporter:v0.25.0",
  dingtalk: "timonwong/prometheus-webhook-dingtalk:v2.1.0",
  sqlExporter: "burningalchemist/sql_exporter:0.18.0",
} as const;

export const MONITORING_PORTS = {
  prometheus: 9090,
  alertmanager: 9093,
  grafana: 3000,
  mysqldExporter: 9104,
  blackboxExporter: 9115,
  dingtalk: 8060,
  sqlExporter: 9399,
} as const;
