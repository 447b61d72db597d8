/**
 * The business MySQL through prom/mysqld-exporter: `mysql_up` is 1 when the exporter's connection
 * works (mysqld_exporter collector/exporter.go), `mysql_global_status_threads_connected` and
 * `mysql_global_variables_max_connections` come from SHOW GLOBAL STATUS / VARIABLES.
 */
import { RuleGroup } from "../../observability/alertRule";

export const MYSQL_METRICS = {
  up: "mysql_up",
  threadsConnected: "mysql_global_status_threads_connected",
  maxConnections: "mysql_global_variables_max_connections",
  bytesReceived: "mysql_global_status_bytes_received",
} as const;

export const MYSQL_SCRAPE_JOB = "mysql";

export function mySqlRuleGroup(): RuleGroup {
  return {
    name: "rtdw-mysql",
    rules: [{
      name: "RtdwMySqlDown",
      level: "critical",
      kpi: "job uptime > 99.9% (CDC reads the business MySQL's binlog)",
      expr: `${MYSQL_METRICS.up} == 0 or up{job="${MYSQL_SCRAPE_JOB}"} == 0`,
      for: "2m",
      target: "mysql",
      summary: "The business MySQL does not accept the monitoring connection",
      runbook: "Check the MySQL server and its disk; CDC resumes from its binlog position once MySQL is back, as long as the binlog is retained.",
    }],
  };
}
