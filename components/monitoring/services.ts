/**
 * The monitoring services as platform-neutral ServiceSpecs (components/platform/service.ts): the
 * Docker and Kubernetes backends render them like every other service. Pure: contents arrive
 * rendered (Inputs, secrets already marked), so tests can read every spec.
 */
import * as pulumi from "@pulumi/pulumi";
import { ServiceSpec } from "../platform/service";
import { STREAMPARK_HEALTH_PATH } from "../streampark/monitoring/alerts";
import { GRAFANA_PATHS } from "./grafana/provisioning";
import { MONITORING_CONTRACTS as C, MONITORING_IMAGES as I, MONITORING_PORTS as P } from "./images";
import { promDuration } from "../observability/levels";
import { RULES_DIR } from "./prometheusConfig";

export const SERVICE_NAMES = {
  prometheus: "prometheus",
  alertmanager: "alertmanager",
  grafana: "grafana",
  mysqldExporter: "mysqld-exporter",
  blackboxExporter: "blackbox-exporter",
  dingtalk: "alertmanager-dingtalk",
  qualityExporter: "quality-exporter",
} as const;

export const PROMETHEUS_CONFIG_PATH = "/etc/prometheus/prometheus.yml";
export const ALERTMANAGER_CONFIG_PATH = "/etc/alertmanager/alertmanager.yml";
export const DINGTALK_CONFIG_PATH = "/etc/prometheus-webhook-dingtalk/config.yml";
export const MYSQLD_EXPORTER_CNF_PATH = "/etc/mysqld-exporter/my.cnf";
export const SQL_EXPORTER_CONFIG_PATH = "/etc/sql_exporter/sql_exporter.yml";

export function prometheusSpec(a: { config: pulumi.Input<string>; rules: string; retentionMs: number; storageGiB: number; memoryMiB?: number }): ServiceSpec {
  return {
    name: SERVICE_NAMES.prometheus,
    image: I.prometheus,
    contract: C.prometheus,
    args: [
      `--config.file=${PROMETHEUS_CONFIG_PATH}`,
      "--storage.tsdb.path=/prometheus",
      `--storage.tsdb.retention.time=${promDuration(Math.round(a.retentionMs / 1000))}`,
      // Keep a margin on the volume: a full disk stops ingestion altogether.
      `--storage.tsdb.retention.size=${Math.max(1, Math.floor(a.storageGiB * 0.85))}GB`,
      // No --web.enable-lifecycle: its /-/quit and /-/reload need no credentials; a changed config restarts the pod.
    ],
    ports: [{ name: "http", port: P.prometheus, expose: true }],
    files: [
      { path: PROMETHEUS_CONFIG_PATH, content: a.config },
      { path: `/etc/prometheus/${RULES_DIR}/rtdw.yml`, content: a.rules },
    ],
    dataVolumes: [{ name: "data", mountPath: "/prometheus", sizeGiB: a.storageGiB }],
    resources: { memoryMiB: a.memoryMiB ?? 2048, cpu: 1 },
    health: { http: { path: "/-/ready", port: P.prometheus }, startupSeconds: 120 },
  };
}

export function alertmanagerSpec(a: { config: pulumi.Input<string>; memoryMiB?: number }): ServiceSpec {
  return {
    name: SERVICE_NAMES.alertmanager,
    image: I.alertmanager,
    contract: C.alertmanager,
    args: [
      `--config.file=${ALERTMANAGER_CONFIG_PATH}`,
      // Silences and the notification log survive restarts: the log is what suppresses duplicates.
      "--storage.path=/alertmanager",
      "--cluster.listen-address=",
    ],
    ports: [{ name: "http", port: P.alertmanager, expose: true }],
    files: [{ path: ALERTMANAGER_CONFIG_PATH, content: a.config, secret: true }],
    dataVolumes: [{ name: "data", mountPath: "/alertmanager", sizeGiB: 1 }],
    resources: { memoryMiB: a.memoryMiB ?? 256, cpu: 0.5 },
    health: { http: { path: "/-/ready", port: P.alertmanager }, startupSeconds: 60 },
  };
}

export function grafanaSpec(a: { datasources: pulumi.Input<string>; provider: string; dashboards: Record<string, string>; adminPassword: pulumi.Input<string>; memoryMiB?: number }): ServiceSpec {
  return {
    name: SERVICE_NAMES.grafana,
    image: I.grafana,
    contract: C.grafana,
    env: {
      GF_SECURITY_ADMIN_USER: "admin",
      GF_USERS_ALLOW_SIGN_UP: "false",
      GF_AUTH_ANONYMOUS_ENABLED: "false",
      GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH: `${GRAFANA_PATHS.dashboards}/rtdw-jobs.json`,
    },
    secretEnv: { GF_SECURITY_ADMIN_PASSWORD: a.adminPassword },
    ports: [{ name: "http", port: P.grafana, expose: true }],
    files: [
      { path: GRAFANA_PATHS.datasources, content: a.datasources, secret: true },
      { path: GRAFANA_PATHS.dashboardProvider, content: a.provider },
      ...Object.entries(a.dashboards).sort(([x], [y]) => x.localeCompare(y)).map(([file, content]) => ({ path: `${GRAFANA_PATHS.dashboards}/${file}`, content })),
    ],
    dataVolumes: [{ name: "data", mountPath: "/var/lib/grafana", sizeGiB: 2 }],
    resources: { memoryMiB: a.memoryMiB ?? 512, cpu: 0.5 },
    health: { http: { path: "/api/health", port: P.grafana }, startupSeconds: 120 },
  };
}

export function mysqldExporterSpec(a: { cnf: pulumi.Input<string>; mysqlAddress: pulumi.Input<string> }): ServiceSpec {
  return {
    name: SERVICE_NAMES.mysqldExporter,
    image: I.mysqldExporter,
    contract: C.mysqldExporter,
    // The address is a flag, so the command line carries it; credentials stay in the secret file.
    command: ["sh", "-c", `exec /bin/mysqld_exporter --config.my-cnf=${MYSQLD_EXPORTER_CNF_PATH} --mysqld.address="$MYSQLD_ADDRESS"`],
    env: { MYSQLD_ADDRESS: a.mysqlAddress },
    ports: [{ name: "metrics", port: P.mysqldExporter }],
    files: [{ path: MYSQLD_EXPORTER_CNF_PATH, content: a.cnf, secret: true }],
    resources: { memoryMiB: 128, cpu: 0.25 },
    health: { http: { path: "/", port: P.mysqldExporter }, startupSeconds: 60 },
  };
}

/** The image's default config has the http_2xx module (blackbox_exporter blackbox.yml). */
export function blackboxExporterSpec(): ServiceSpec {
  return {
    name: SERVICE_NAMES.blackboxExporter,
    image: I.blackboxExporter,
    contract: C.blackboxExporter,
    ports: [{ name: "http", port: P.blackboxExporter }],
    resources: { memoryMiB: 64, cpu: 0.25 },
    health: { http: { path: "/-/healthy", port: P.blackboxExporter }, startupSeconds: 60 },
  };
}

/** Distroless image without a shell or curl: no health command can run inside it. */
export function dingtalkSpec(a: { config: pulumi.Input<string> }): ServiceSpec {
  return {
    name: SERVICE_NAMES.dingtalk,
    image: I.dingtalk,
    contract: C.dingtalk,
    args: [`--config.file=${DINGTALK_CONFIG_PATH}`, `--web.listen-address=:${P.dingtalk}`],
    ports: [{ name: "http", port: P.dingtalk }],
    files: [{ path: DINGTALK_CONFIG_PATH, content: a.config, secret: true }],
    resources: { memoryMiB: 64, cpu: 0.25 },
  };
}

export function qualityExporterSpec(a: { config: pulumi.Input<string> }): ServiceSpec {
  return {
    name: SERVICE_NAMES.qualityExporter,
    image: I.sqlExporter,
    contract: C.sqlExporter,
    args: [`--config.file=${SQL_EXPORTER_CONFIG_PATH}`, `--web.listen-address=:${P.sqlExporter}`],
    ports: [{ name: "metrics", port: P.sqlExporter }],
    files: [{ path: SQL_EXPORTER_CONFIG_PATH, content: a.config, secret: true }],
    resources: { memoryMiB: 128, cpu: 0.25 },
  };
}

export function streamparkHealthUrl(endpoint: string): string {
  return `http://${endpoint}${STREAMPARK_HEALTH_PATH}`;
}
