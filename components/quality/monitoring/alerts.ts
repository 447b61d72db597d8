/**
 * Data quality and data delay, from the monitor's results (./qualityMetrics.ts).
 * The seed's own alerts keep the seed's levels and strict conditions (CRITICAL score < 70, HIGH
 * delay > 15 min, MEDIUM anomalous > 2%), the same conditions rt-dw-monitor writes as alert_level
 * (../quality/monitorSql.ts); the quality KPIs fire on their negation (score <= 95, ...).
 */
import { AlertRule, RuleGroup } from "../../observability/alertRule";
import { KpiThresholds } from "../../observability/kpis";
import { QUALITY_METRICS as M, QUALITY_SCRAPE_JOB } from "./qualityMetrics";

export function qualityRuleGroup(k: KpiThresholds): RuleGroup {
  const table = "{{ $labels.table_name }}";
  const rules: AlertRule[] = [
    {
      name: "RtdwQualityScoreCritical",
      level: "critical",
      kpi: `CRITICAL: quality score < ${k.qualityScoreCritical} -> notify immediately`,
      expr: `${M.score} < ${k.qualityScoreCritical}`,
      for: "0m",
      target: table,
      summary: `${table} quality score is {{ $value | printf "%.1f" }}`,
      runbook: "Open the Data quality dashboard: the lowest dimension names the problem (nulls, failed business rules, duplicates, late or malformed rows); stop consumers of the table if the data is wrong, then fix the source or the job.",
    },
    {
      name: "RtdwQualityScoreBelowKpi",
      level: "medium",
      kpi: `quality score > ${k.qualityScoreTarget}`,
      expr: `${M.score} <= ${k.qualityScoreTarget}`,
      for: "0m",
      target: table,
      summary: `${table} quality score is {{ $value | printf "%.1f" }}`,
      runbook: "Find the dimension below 100 on the Data quality dashboard and the rule behind it in sql/quality/rules.yaml; fix the data at its source or correct a rule that is wrong.",
    },
    {
      name: "RtdwDataDelayHigh",
      level: "high",
      kpi: `HIGH: data delay > ${k.dataDelaySeconds / 60} minutes -> alert within 5 minutes`,
      expr: `${M.maxDelaySeconds} > ${k.dataDelaySeconds}`,
      for: "0m",
      target: table,
      summary: `${table} has rows {{ $value | humanizeDuration }} late`,
      runbook: "Check the delay panel per job: the first job in ODS -> DWD -> DWS that is behind is the cause (back pressure, restarts, failing checkpoints); see processing delay.",
    },
    {
      name: "RtdwAnomalousRatioHigh",
      level: "medium",
      kpi: `MEDIUM: anomalous data > ${k.anomalousPercentMedium}% -> scheduled report`,
      expr: `${M.anomalousRatio} > ${k.anomalousPercentMedium / 100}`,
      for: "0m",
      target: table,
      summary: `${table}: {{ $value | humanizePercentage }} of rows are anomalous`,
      runbook: "Query dq_results for the window and the failing dimension, then the table for the rows that fail it; the rule names are in sql/quality/rules.yaml.",
    },
    {
      name: "RtdwAnomalousRatioAboveKpi",
      level: "low",
      kpi: `anomalous-data ratio < ${k.anomalousPercentTarget}%`,
      expr: `${M.anomalousRatio} >= ${k.anomalousPercentTarget / 100}`,
      for: "0m",
      target: table,
      summary: `${table}: {{ $value | humanizePercentage }} of rows are anomalous`,
      runbook: "Reported in the daily digest: review the trend on the Data quality dashboard; act when it keeps rising.",
    },
    {
      name: "RtdwSlaAttainmentBelowKpi",
      level: "medium",
      kpi: `SLA attainment > ${k.slaAttainmentPercent}% (rows within their table's freshness SLA)`,
      expr: `${M.dimensionScore}{dimension="timeliness"} <= ${k.slaAttainmentPercent}`,
      for: "0m",
      target: table,
      summary: `${table}: {{ $value | printf "%.2f" }}% of rows arrived within their freshness SLA`,
      runbook: "Rows arrive later than the table's freshnessSla (sql/quality/rules.yaml): check processing delay and checkpoint duration of the jobs writing the table.",
    },
    {
      name: "RtdwQualityResultsUnavailable",
      level: "high",
      kpi: "quality score > 95 (cannot be judged without results)",
      expr: `up{job="${QUALITY_SCRAPE_JOB}"} == 0`,
      for: "5m",
      target: "rt-dw-monitor",
      summary: "The quality results in StarRocks cannot be read",
      runbook: "Check the quality exporter's log and StarRocks (the dq_results table and the exporter's credentials); without it no quality alert can fire.",
    },
  ];
  return { name: "rtdw-quality", rules };
}
