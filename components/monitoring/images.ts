import { ImageContract } from "../platform/imageContract";

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

const NOBODY = { uid: 65534, gid: 65534 };
const GO_BINARY = { kind: "native", note: "a Go binary: no heap to size" } as const;

/**
 * Each monitoring image's contract. The Prometheus project's images (prometheus, alertmanager,
 * mysqld-exporter, blackbox-exporter) and the DingTalk adapter are built FROM quay.io/prometheus/busybox
 * with `USER nobody` (uid/gid 65534) in their Dockerfiles; sql_exporter's Dockerfile also ends in
 * `USER nobody`. grafana/grafana's Dockerfile runs as `GF_UID=472`, `GF_GID=0` and reads GF_* variables
 * (conf/defaults.ini: every key as GF_<SECTION>_<KEY>).
 */
export const MONITORING_CONTRACTS: Record<keyof typeof MONITORING_IMAGES, ImageContract> = {
  prometheus: {
    image: MONITORING_IMAGES.prometheus, source: "prometheus/prometheus@v2.42.0 Dockerfile (USER nobody, /etc/prometheus, /prometheus)",
    user: NOBODY, readablePaths: ["/etc/prometheus"], writablePaths: ["/prometheus"], env: [], ports: [MONITORING_PORTS.prometheus], memory: GO_BINARY,
  },
  alertmanager: {
    image: MONITORING_IMAGES.alertmanager, source: "prometheus/alertmanager@v0.25.0 Dockerfile (USER nobody, /etc/alertmanager, /alertmanager)",
    user: NOBODY, readablePaths: ["/etc/alertmanager"], writablePaths: ["/alertmanager"], env: [], ports: [MONITORING_PORTS.alertmanager], memory: GO_BINARY,
  },
  grafana: {
    image: MONITORING_IMAGES.grafana, source: "grafana/grafana@v11.6.0 Dockerfile (GF_UID 472, GF_GID 0, GF_PATHS_*), conf/defaults.ini",
    user: { uid: 472, gid: 0 }, readablePaths: ["/etc/grafana"], writablePaths: ["/var/lib/grafana"],
    env: ["GF_SECURITY_ADMIN_USER", "GF_SECURITY_ADMIN_PASSWORD", "GF_USERS_ALLOW_SIGN_UP", "GF_AUTH_ANONYMOUS_ENABLED", "GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"],
    ports: [MONITORING_PORTS.grafana], memory: GO_BINARY,
  },
  mysqldExporter: {
    image: MONITORING_IMAGES.mysqldExporter, source: "prometheus/mysqld_exporter@v0.15.1 Dockerfile (USER nobody, ENTRYPOINT /bin/mysqld_exporter)",
    user: NOBODY, readablePaths: ["/etc/mysqld-exporter"], writablePaths: [], env: [], ports: [MONITORING_PORTS.mysqldExporter], memory: GO_BINARY,
  },
  blackboxExporter: {
    image: MONITORING_IMAGES.blackboxExporter, source: "prometheus/blackbox_exporter@v0.25.0 Dockerfile (USER nobody, /etc/blackbox_exporter/config.yml)",
    user: NOBODY, readablePaths: ["/etc/blackbox_exporter"], writablePaths: [], env: [], ports: [MONITORING_PORTS.blackboxExporter], memory: GO_BINARY,
  },
  dingtalk: {
    image: MONITORING_IMAGES.dingtalk, source: "timonwong/prometheus-webhook-dingtalk@v2.1.0 Dockerfile (USER nobody, /etc/prometheus-webhook-dingtalk)",
    user: NOBODY, readablePaths: ["/etc/prometheus-webhook-dingtalk"], writablePaths: [], env: [], ports: [MONITORING_PORTS.dingtalk], memory: GO_BINARY,
  },
  sqlExporter: {
    image: MONITORING_IMAGES.sqlExporter, source: "burningalchemist/sql_exporter@0.18.0 Dockerfile (USER nobody)",
    user: NOBODY, readablePaths: ["/etc/sql_exporter"], writablePaths: [], env: [], ports: [MONITORING_PORTS.sqlExporter], memory: GO_BINARY,
  },
};
