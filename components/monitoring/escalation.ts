/**
 * Escalation (the seed: "unacknowledged alerts escalate automatically after a timeout"): an alert
 * still firing after its level's response time is raised to the next level: MEDIUM after 1 h ->
 * HIGH, HIGH after 15 min -> CRITICAL, CRITICAL after 5 min -> re-paged as CRITICAL with
 * `escalated="page"` (there is no level above; the page route calls again). The chain continues:
 * a MEDIUM alert left alone becomes HIGH at 1 h and CRITICAL at 1 h 15 min.
 *
 * Built on Prometheus' own ALERTS series (one per active alert, with alertstate="firing" once its
 * `for` has passed): the escalated alert keeps every label of the original (its target, its
 * `rtdw_alert`) with a new severity. Acknowledging = silencing `rtdw_alert="<AlertName>"` in
 * Alertmanager, which silences the alert and every escalation of it.
 *
 * And the seed's LOW level ("normal operation -> periodic report"): an always-firing report alert,
 * so the daily digest arrives every day and its absence is itself a signal.
 */
import { AlertRule, RuleGroup } from "../observability/alertRule";
import { LEVEL_POLICY, Level, promDuration } from "../observability/levels";

/** Label an escalated alert carries: "to-high", "to-critical" or "page". */
export const ESCALATED_LABEL = "escalated";

function firing(level: Level, extra = ""): string {
  // label_replace with an empty replacement removes alertstate, which ALERTS carries and an alert must not.
  return `label_replace(ALERTS{alertstate="firing", severity="${level}", rtdw_alert!=""${extra}}, "alertstate", "", "", "")`;
}

/**
 * One group per step. A rule sees the ALERTS of a rule in its own group only one evaluation later;
 * across groups it depends on the order the groups run in. promtool's unit tests fix that order
 * (group_eval_order, as ruleGroups() lists them) and show each step exactly on time; a live
 * Prometheus runs groups on independent timers, so each step may add up to one evaluation interval
 * (30 s) to the seed's response time.
 */
export function escalationRuleGroups(): RuleGroup[] {
  const medium = LEVEL_POLICY.medium;
  const high = LEVEL_POLICY.high;
  const critical = LEVEL_POLICY.critical;
  const rules: AlertRule[] = [
    {
      name: "RtdwEscalatedToHigh",
      level: medium.escalatesTo as Level,
      kpi: `MEDIUM unresolved past its response time (${promDuration(medium.responseSeconds)})`,
      expr: firing("medium"),
      for: promDuration(medium.responseSeconds),
      target: "{{ $labels.target }}",
      summary: "{{ $labels.rtdw_alert }} on {{ $labels.target }} unresolved for 1 h: raised to HIGH",
      runbook: "An unanswered MEDIUM alert: take it over now, or silence rtdw_alert=<its name> in Alertmanager to acknowledge it with a reason.",
    },
    {
      name: "RtdwEscalatedToCritical",
      level: high.escalatesTo as Level,
      kpi: `HIGH unresolved past its response time (${promDuration(high.responseSeconds)})`,
      expr: firing("high"),
      for: promDuration(high.responseSeconds),
      target: "{{ $labels.target }}",
      summary: "{{ $labels.rtdw_alert }} on {{ $labels.target }} unresolved for 15 min at HIGH: raised to CRITICAL",
      runbook: "An unanswered HIGH alert: the on-call takes it over now; acknowledge by silencing rtdw_alert=<its name>.",
    },
    {
      name: "RtdwCriticalUnresolved",
      level: "critical",
      kpi: `CRITICAL unresolved past its response time (${promDuration(critical.responseSeconds)})`,
      // Its own output is critical too: excluded, so the page does not feed itself.
      expr: firing("critical", `, alertname!="RtdwCriticalUnresolved"`),
      for: promDuration(critical.responseSeconds),
      target: "{{ $labels.target }}",
      summary: "{{ $labels.rtdw_alert }} on {{ $labels.target }} unresolved for 5 min at CRITICAL: paging again",
      runbook: "A CRITICAL alert nobody acknowledged in 5 minutes: the escalation contact answers the call; acknowledge by silencing rtdw_alert=<its name>.",
    },
  ];
  const escalatedValue: Record<string, string> = {
    RtdwEscalatedToHigh: "to-high",
    RtdwEscalatedToCritical: "to-critical",
    RtdwCriticalUnresolved: "page",
  };
  // The escalated alert inherits the original's identity (rtdw_alert, target): no rule label for them.
  return rules.map((r) => ({
    name: `rtdw-escalation-${escalatedValue[r.name]}`,
    rules: [r],
    extraLabels: { [r.name]: { [ESCALATED_LABEL]: escalatedValue[r.name] } },
    inheritsIdentity: true,
  }));
}

export function reportRuleGroup(): RuleGroup {
  return {
    name: "rtdw-report",
    rules: [{
      name: "RtdwDailyReport",
      level: "low",
      kpi: "LOW: normal operation -> periodic report",
      expr: "vector(1)",
      for: "0m",
      target: "warehouse",
      summary: "Daily report: the warehouse's monitoring pipeline is working; LOW findings of the last day follow",
      runbook: "Nothing to do when this arrives; if the daily digest does not arrive, Prometheus or Alertmanager is down.",
    }],
  };
}
