/** Monitoring and alerting as code: see README.md. */
export { Monitoring, MONITOR_MYSQL_USER } from "./monitoring";
export type { MonitoringArgs, ScrapeService } from "./monitoring";
export { kpiThresholdsSchema, SEED_KPIS } from "../observability/kpis";
export type { KpiThresholds } from "../observability/kpis";
export { LEVEL_POLICY, LEVELS } from "../observability/levels";
export type { Level } from "../observability/levels";
export { ruleGroups, renderRuleFile, runbookMarkdown } from "./prometheusRules";
export { renderPrometheusConfig } from "./prometheusConfig";
export { renderAlertmanagerConfig } from "./alertmanagerConfig";
