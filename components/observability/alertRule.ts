/**
 * One alerting rule as data: the KPI it guards, its level, the PromQL that fires it, and the
 * runbook line a responder reads first. Systems declare their rules beside their code
 * (components/<system>/monitoring/alerts.ts, kube-prometheus style);
 * components/monitoring/prometheusRules.ts collects and renders them.
 */
import { Level } from "./levels";

export interface AlertRule {
  /** Prometheus alert name (`alertname`), CamelCase with the `Rtdw` prefix. */
  name: string;
  level: Level;
  /** The seed KPI or alert the rule enforces, in the seed's words (the seed). */
  kpi: string;
  /** PromQL; a series in the result is one firing alert. */
  expr: string;
  /** How long the condition must hold before the alert fires (Prometheus duration). */
  for: string;
  /**
   * Label template naming what the alert is about (a job, a table, a process): inhibition and
   * grouping compare it, so every rule must set one. Example: "{{ $labels.job_name }}".
   */
  target: string;
  summary: string;
  /** What to do first: one line, also rendered into RUNBOOK.md. */
  runbook: string;
}

/** Where the runbook lives in the repository (annotation `runbook_url` points at the rule's anchor). */
export const RUNBOOK_PATH = "components/monitoring/RUNBOOK.md";

/** A group of rules evaluated together (one system's rules, or the escalation rules). */
export interface RuleGroup {
  name: string;
  rules: AlertRule[];
  /** Recording rules the alerts of this group use: record name -> PromQL. */
  records?: Record<string, string>;
  /** Extra static labels per alert name (escalation marks). */
  extraLabels?: Record<string, Record<string, string>>;
  /** Alerts derived from other alerts keep the originals' `rtdw_alert` and `target` labels. */
  inheritsIdentity?: boolean;
}
