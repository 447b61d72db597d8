/** Configuration files of the exporters and the DingTalk adapter. All hold credentials: secret files. */
import { stringify } from "yaml";
import { QualityCollector } from "../quality/monitoring/qualityMetrics";

/** The DingTalk adapter's target name: Alertmanager posts to /dingtalk/<name>/send (web/dingtalk/dingtalk.go, v2.1.0). */
export const DINGTALK_TARGET = "rtdw";

/** config.yml of timonwong/prometheus-webhook-dingtalk v2.1.0 (config.example.yml: targets.<name>.url, .secret). */
export function renderDingtalkConfig(robotUrl: string, signingSecret?: string): string {
  return stringify({ targets: { [DINGTALK_TARGET]: { url: robotUrl, ...(signingSecret ? { secret: signingSecret } : {}) } } });
}

/**
 * mysqld_exporter's credentials file (--config.my-cnf, [client] section; v0.15 reads no
 * DATA_SOURCE_NAME any more). The user needs PROCESS, REPLICATION CLIENT and SELECT (its README).
 */
export function renderMysqldExporterCnf(user: string, password: string): string {
  const quote = (s: string) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
  return `[client]\nuser=${quote(user)}\npassword=${quote(password)}\n`;
}

export const MYSQLD_EXPORTER_PRIVILEGES = ["PROCESS", "REPLICATION CLIENT", "SELECT"];

/**
 * sql_exporter.yml (burningalchemist/sql_exporter 0.18.0 README "Configuration"): one target, the
 * StarRocks FE's MySQL protocol, DSN as a mysql:// URL (xo/dburl) with the password URL-encoded.
 */
export function renderQualityExporterConfig(c: { host: string; port: number; user: string; password: string; database: string; collector: QualityCollector }): string {
  const dsn = `mysql://${encodeURIComponent(c.user)}:${encodeURIComponent(c.password)}@${c.host}:${c.port}/${c.database}`;
  return stringify({
    global: { scrape_timeout_offset: "500ms", min_interval: "0s", max_connections: 2, max_idle_connections: 1, max_connection_lifetime: "10m" },
    target: { name: "starrocks", data_source_name: dsn, collectors: [c.collector.collector_name] },
    collectors: [c.collector],
  }, { lineWidth: 0 });
}
