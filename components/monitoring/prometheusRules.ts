/**
 * Renders every system's rule groups into one Prometheus rule file
 * (prometheus docs configuration/recording_rules.md, alerting_rules.md). Pure and deterministic.
 */
import { stringify } from "yaml";
import { JOB_NAMES } from "../config/schema";
import { flinkRuleGroup } from "../flink/monitoring/alerts";
import { starRocksRuleGroup } from "../starrocks/monitoring/alerts";
import { mySqlRuleGroup } from "../mysql/monitoring/alerts";
import { streamParkRuleGroup } from "../streampark/monitoring/alerts";
import { qualityRuleGroup } from "../quality/monitoring/alerts";
import { AlertRule, RUNBOOK_PATH, RuleGroup } from "../observability/alertRule";
import { escalationRuleGroups, reportRuleGroup } from "./escalation";
import { KpiThresholds, SEED_KPIS } from "../observability/kpis";

/** Every rule group of the warehouse, in evaluation order (escalation reads the others' ALERTS). */
export function ruleGroups(kpis: KpiThresholds = SEED_KPIS): RuleGroup[] {
  return [
    flinkRuleGroup(kpis, JOB_NAMES),
    starRocksRuleGroup(kpis),
    mySqlRuleGroup(),
    streamParkRuleGroup(),
    qualityRuleGroup(kpis),
    reportRuleGroup(),
    ...escalationRuleGroups(),
  ];
}

export function allAlertRules(groups: RuleGroup[] = ruleGroups()): AlertRule[] {
  return groups.flatMap((g) => g.rules);
}

/** The Markdown anchor GitHub gives a `## RtdwName` heading. */
export function runbookAnchor(name: string): string {
  return name.toLowerCase();
}

interface RenderedRule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface RuleFileOptions {
  evaluationInterval?: string;
  /**
   * Leave out the `summary` annotation (its text interpolates the alert's value). Only for
   * `promtool test rules`, which compares annotations exactly; `promtool check rules` checks the
   * summary templates of the full file.
   */
  withoutSummaries?: boolean;
}

/** The annotations an alert of this rule carries, without its summary. */
export function staticAnnotations(r: AlertRule): Record<string, string> {
  return { kpi: r.kpi, runbook: r.runbook, runbook_url: `${RUNBOOK_PATH}#${runbookAnchor(r.name)}` };
}

export function renderRuleFile(groups: RuleGroup[], opts: RuleFileOptions = {}): string {
  const rendered = groups.map((g) => {
    const records: RenderedRule[] = Object.entries(g.records ?? {}).map(([record, expr]) => ({ record, expr }));
    const alerts: RenderedRule[] = g.rules.map((r) => ({
      alert: r.name,
      expr: r.expr,
      for: r.for,
      labels: {
        severity: r.level,
        ...(g.inheritsIdentity ? {} : { target: r.target, rtdw_alert: r.name }),
        ...(g.extraLabels?.[r.name] ?? {}),
      },
      annotations: { ...(opts.withoutSummaries ? {} : { summary: r.summary }), ...staticAnnotations(r) },
    }));
    return { name: g.name, ...(opts.evaluationInterval ? { interval: opts.evaluationInterval } : {}), rules: [...records, ...alerts] };
  });
  return stringify({ groups: rendered }, { lineWidth: 0 });
}

/** RUNBOOK.md: one section per alert name, with its level, KPI and first action. */
export function runbookMarkdown(groups: RuleGroup[] = ruleGroups()): string {
  const seen = new Map<string, AlertRule>();
  for (const r of allAlertRules(groups)) if (!seen.has(r.name)) seen.set(r.name, r);
  const lines = [
    "# rtdw alert runbook",
    "",
    "Generated from the rule definitions (`runbookMarkdown()` in components/monitoring/prometheusRules.ts);",
    "a test keeps this file equal to them. Acknowledge an alert by silencing `rtdw_alert=\"<name>\"` in",
    "Alertmanager: that silences the alert and its escalations.",
    "",
  ];
  for (const r of seen.values()) {
    lines.push(`## ${r.name}`, "", `- level: ${r.level.toUpperCase()}`, `- KPI: ${r.kpi}`, `- first action: ${r.runbook}`, "");
  }
  return lines.join("\n");
}
