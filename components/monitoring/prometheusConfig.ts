/**
 * prometheus.yml for the stack (prometheus docs configuration/configuration.md). Instances are
 * discovered by DNS (dns_sd_configs, type A): the platform gives every service a name resolving to
 * all its instances (DeployedService.instancesDnsName: Docker's network alias, Kubernetes' headless
 * Service), so scaled TaskManagers, FEs and BEs are scraped one by one without listing them.
 */
import { stringify } from "yaml";
import { STARROCKS_SCRAPE_JOBS } from "../starrocks/monitoring/metrics";
import { MYSQL_SCRAPE_JOB } from "../mysql/monitoring/alerts";
import { STREAMPARK_SCRAPE_JOB } from "../streampark/monitoring/alerts";
import { QUALITY_SCRAPE_JOB } from "../quality/monitoring/qualityMetrics";

export interface DnsTarget {
  /** A DNS name answering with the address of every instance. */
  dnsName: string;
  port: number;
}

/** Where every scrape target is inside the platform network (plain strings: resolve Outputs first). */
export interface ScrapeTargets {
  flinkJobManagers: DnsTarget;
  flinkTaskManagers: DnsTarget;
  starrocksFrontends: DnsTarget;
  starrocksBackends: DnsTarget;
  /** host:port of prom/mysqld-exporter. */
  mysqlExporter: string;
  /** host:port of the blackbox exporter that probes StreamPark. */
  blackboxExporter: string;
  /** StreamPark's health URL as the blackbox exporter reaches it. */
  streamparkHealthUrl: string;
  /** host:port of the quality SQL exporter. */
  qualityExporter: string;
  /** host:port of Alertmanager. */
  alertmanager: string;
}

export const FLINK_SCRAPE_JOBS = { jobManager: "flink-jobmanager", taskManager: "flink-taskmanager" } as const;
export const RULES_DIR = "rules";

export interface PrometheusConfigOptions {
  scrapeInterval?: string;
  evaluationInterval?: string;
  externalLabels?: Record<string, string>;
}

function dnsJob(jobName: string, t: DnsTarget, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { job_name: jobName, dns_sd_configs: [{ names: [t.dnsName], type: "A", port: t.port, refresh_interval: "30s" }], ...extra };
}

export function renderPrometheusConfig(t: ScrapeTargets, o: PrometheusConfigOptions = {}): string {
  const config = {
    global: {
      scrape_interval: o.scrapeInterval ?? "30s",
      evaluation_interval: o.evaluationInterval ?? "30s",
      ...(o.externalLabels ? { external_labels: o.externalLabels } : {}),
    },
    alerting: { alertmanagers: [{ static_configs: [{ targets: [t.alertmanager] }] }] },
    // Relative to this file: /etc/prometheus/rules/*.yml in the container.
    rule_files: [`${RULES_DIR}/*.yml`],
    scrape_configs: [
      { job_name: "prometheus", static_configs: [{ targets: ["localhost:9090"] }] },
      { job_name: "alertmanager", static_configs: [{ targets: [t.alertmanager] }] },
      dnsJob(FLINK_SCRAPE_JOBS.jobManager, t.flinkJobManagers),
      dnsJob(FLINK_SCRAPE_JOBS.taskManager, t.flinkTaskManagers),
      // FE and BE serve Prometheus text on /metrics of their http ports (StarRocks docs Monitor_and_Alert.md).
      dnsJob(STARROCKS_SCRAPE_JOBS.fe, t.starrocksFrontends, { metrics_path: "/metrics" }),
      dnsJob(STARROCKS_SCRAPE_JOBS.be, t.starrocksBackends, { metrics_path: "/metrics" }),
      { job_name: MYSQL_SCRAPE_JOB, static_configs: [{ targets: [t.mysqlExporter] }] },
      {
        // The blackbox exporter's multi-target pattern (blackbox_exporter README "Prometheus Configuration").
        job_name: STREAMPARK_SCRAPE_JOB,
        metrics_path: "/probe",
        params: { module: ["http_2xx"] },
        static_configs: [{ targets: [t.streamparkHealthUrl] }],
        relabel_configs: [
          { source_labels: ["__address__"], target_label: "__param_target" },
          { source_labels: ["__param_target"], target_label: "instance" },
          { target_label: "__address__", replacement: t.blackboxExporter },
        ],
      },
      // The quality exporter queries StarRocks on each scrape: once a minute is plenty for hourly windows.
      { job_name: QUALITY_SCRAPE_JOB, scrape_interval: "60s", scrape_timeout: "30s", static_configs: [{ targets: [t.qualityExporter] }] },
    ],
  };
  return stringify(config, { lineWidth: 0 });
}
