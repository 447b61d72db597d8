/** StarRocks serving: the processes are up, the FE heap within the seed's memory KPI. */
import { AlertRule, RuleGroup } from "../../observability/alertRule";
import { KpiThresholds } from "../../observability/kpis";
import { STARROCKS_METRICS as M, STARROCKS_SCRAPE_JOBS as J } from "./metrics";

export function starRocksRuleGroup(k: KpiThresholds): RuleGroup {
  const rules: AlertRule[] = [
    {
      name: "RtdwStarRocksFrontendDown",
      level: "critical",
      kpi: "job uptime > 99.9% (the serving layer answers queries)",
      expr: `up{job="${J.fe}"} == 0`,
      for: "2m",
      target: "{{ $labels.instance }}",
      summary: "StarRocks FE {{ $labels.instance }} does not answer /metrics",
      runbook: "Check the FE container/pod log (fe/log/fe.warn.log): out of memory, meta directory full, or lost quorum; restart it after fixing the cause.",
    },
    {
      name: "RtdwStarRocksBackendDown",
      level: "critical",
      kpi: "job uptime > 99.9% (the sinks load into StarRocks backends)",
      expr: `up{job="${J.be}"} == 0`,
      for: "2m",
      target: "{{ $labels.instance }}",
      summary: "StarRocks BE {{ $labels.instance }} does not answer /metrics",
      runbook: "Check the BE log (be/log/be.WARNING) and its storage volume's free space; the Flink sinks retry until the BE is back.",
    },
    {
      name: "RtdwStarRocksMemoryAboveKpi",
      level: "medium",
      kpi: `memory < ${k.memoryPercent}%`,
      expr: `(${M.feJvmHeapBytes}{type="used"} / ignoring(type) ${M.feJvmHeapBytes}{type="max"}) * 100 >= ${k.memoryPercent}`,
      for: "10m",
      target: "{{ $labels.instance }}",
      summary: "StarRocks FE heap on {{ $labels.instance }} is {{ $value | printf \"%.0f\" }}% full",
      runbook: "Large metadata or many concurrent queries: give the FE more memory (its -Xmx follows the container limit) or reduce concurrent dashboards.",
    },
  ];
  return { name: "rtdw-starrocks", rules };
}
