/** Monitoring and alerting as code: see README.md. */
export { Monitoring, MONITOR_MYSQL_USER } from "./monitoring";
export type { MonitoringArgs, ScrapeService } from "./monitoring";
export { monitoringTuningSchema } from "./settings";
export type { MonitoringTuning } from "./settings";
export { kpiThresholdsSchema, SEED_KPIS } from "./kpis";
export type { KpiThresholds } from "./kpis";
export { LEVEL_POLICY, LEVELS } from "./levels";
export type { Level } from "./levels";
export { ruleGroups, renderRuleFile, runbookMarkdown } from "./prometheusRules";
export { renderPrometheusConfig } from "./prometheusConfig";
export { renderAlertmanagerConfig } from "./alertmanagerConfig";
