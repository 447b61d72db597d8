/**
 * promtool unit tests (`promtool test rules`) for every KPI rule: synthetic series exactly at the
 * threshold and one step on the healthy side of it, plus escalation over time. Thresholds are read
 * from the same KpiThresholds the rules are rendered from, so a rule that drifts from the seed's
 * number fails here. Docs: prometheus configuration/unit_testing_rules.md.
 */
import { stringify } from "yaml";
import { KpiThresholds } from "../../components/observability/kpis";
import { JOB_RUNNING_RECORD } from "../../components/flink/monitoring/alerts";
import { JOB_NAMES } from "../../components/config/schema";
import { AlertRule } from "../../components/observability/alertRule";
import { staticAnnotations } from "../../components/monitoring/prometheusRules";

export interface Series {
  series: string;
  values: string;
}

export interface KpiCase {
  /** What the case proves, shown when it fails. */
  title: string;
  alertname: string;
  series: Series[];
  /** Minutes after the first sample. */
  evalMinute: number;
  /** Expected alerts' labels (besides alertname); [] means must not fire. */
  expect: Record<string, string>[];
}

/** Explicit values for minutes 0..n of a function of the minute. */
export function perMinute(n: number, f: (minute: number) => number): string {
  return Array.from({ length: n + 1 }, (_, m) => String(f(m))).join(" ");
}

export function constant(v: number, minutes = 90): string {
  return perMinute(minutes, () => v);
}

const CDC = "rt-dw-cdc-ingestion";
const DWD = "rt-dw-dwd-transform";

function labelsOf(level: string, alert: string, target: string, extra: Record<string, string> = {}): Record<string, string> {
  return { severity: level, rtdw_alert: alert, target, ...extra };
}

/** Fires at the threshold, stays quiet one step before it. */
function boundary(
  k: { title: string; alertname: string; level: string; target: string; metric: string; labels: Record<string, string>; at: number; healthy: number; evalMinute: number; extraSeries?: Series[]; alertLabels?: Record<string, string> },
): KpiCase[] {
  const sel = `${k.metric}{${Object.entries(k.labels).map(([n, v]) => `${n}="${v}"`).join(", ")}}`;
  const alertLabels = { ...k.labels, ...(k.alertLabels ?? {}) };
  return [
    {
      title: `${k.title}: fires at ${k.at}`,
      alertname: k.alertname,
      series: [{ series: sel, values: constant(k.at) }, ...(k.extraSeries ?? [])],
      evalMinute: k.evalMinute,
      expect: [labelsOf(k.level, k.alertname, k.target, alertLabels)],
    },
    {
      title: `${k.title}: quiet at ${k.healthy}`,
      alertname: k.alertname,
      series: [{ series: sel, values: constant(k.healthy) }, ...(k.extraSeries ?? [])],
      evalMinute: k.evalMinute,
      expect: [],
    },
  ];
}

export function kpiCases(k: KpiThresholds): KpiCase[] {
  const tm = { host: "tm-1", tm_id: "tm-1" };
  const table = "dwd.dwd_orders";
  const cases: KpiCase[] = [];

  // Job running / not running (availability; every job not present also fires RtdwFlinkJobMissing).
  cases.push({
    title: "job not running for 2 min fires CRITICAL",
    alertname: "RtdwFlinkJobNotRunning",
    series: [{ series: `flink_jobmanager_job_uptime{job_name="${CDC}"}`, values: perMinute(20, (m) => (m < 5 ? 60000 * (m + 1) : 0)) }],
    evalMinute: 8,
    expect: [labelsOf("critical", "RtdwFlinkJobNotRunning", CDC, { job_name: CDC })],
  }, {
    title: "job restarting for under 2 min stays quiet",
    alertname: "RtdwFlinkJobNotRunning",
    series: [{ series: `flink_jobmanager_job_uptime{job_name="${CDC}"}`, values: perMinute(20, (m) => (m < 5 ? 60000 * (m + 1) : 0)) }],
    evalMinute: 6,
    expect: [],
  }, {
    title: "a job Flink does not report fires CRITICAL after 5 min",
    alertname: "RtdwFlinkJobMissing",
    series: [{ series: `flink_jobmanager_job_uptime{job_name="${DWD}"}`, values: constant(60000) }],
    evalMinute: 6,
    expect: ["rt-dw-cdc-ingestion", "rt-dw-ods-processing", "rt-dw-dws-aggregate", "rt-dw-monitor"].map((j) => labelsOf("critical", "RtdwFlinkJobMissing", j, { job_name: j })),
  });

  // Uptime over 24 h: 1441 samples (both ends of [t-1d, t]); 1 min down = 99.93% (> 99.9%), 2 min = 99.86%.
  const day = 1441;
  const upExcept = (down: number) => perMinute(day, (m) => (m >= 600 && m < 600 + down ? 0 : 60000 * (m + 1)));
  cases.push({
    title: `uptime at or below ${k.jobUptimePercent}% over 24 h fires HIGH (2 min down)`,
    alertname: "RtdwFlinkJobAvailabilityBelowKpi",
    series: [{ series: `flink_jobmanager_job_uptime{job_name="${CDC}"}`, values: upExcept(2) }],
    evalMinute: day,
    expect: [labelsOf("high", "RtdwFlinkJobAvailabilityBelowKpi", CDC, { job_name: CDC })],
  }, {
    title: `uptime above ${k.jobUptimePercent}% over 24 h stays quiet (1 min down)`,
    alertname: "RtdwFlinkJobAvailabilityBelowKpi",
    series: [{ series: `flink_jobmanager_job_uptime{job_name="${CDC}"}`, values: upExcept(1) }],
    evalMinute: day,
    expect: [],
  });

  // Checkpoints over the last hour: 99 completed + 1 failed is exactly 99% (fires); 199 + 1 = 99.5%.
  const ckpt = (completedInHour: number, failedInHour: number): Series[] => [
    { series: `flink_jobmanager_job_numberOfCompletedCheckpoints{job_name="${CDC}"}`, values: perMinute(60, (m) => 1000 + (m >= 30 ? completedInHour : 0)) },
    { series: `flink_jobmanager_job_numberOfFailedCheckpoints{job_name="${CDC}"}`, values: perMinute(60, (m) => 5 + (m >= 30 ? failedInHour : 0)) },
  ];
  const okPct = k.checkpointSuccessPercent;
  const failed = 1;
  const completedAt = Math.round((okPct * failed) / (100 - okPct)); // 99 at 99%
  cases.push({
    title: `checkpoint success of exactly ${okPct}% in the last hour fires HIGH`,
    alertname: "RtdwFlinkCheckpointSuccessBelowKpi",
    series: ckpt(completedAt, failed),
    evalMinute: 60,
    expect: [labelsOf("high", "RtdwFlinkCheckpointSuccessBelowKpi", CDC, { job_name: CDC })],
  }, {
    title: "checkpoint success above the KPI stays quiet",
    alertname: "RtdwFlinkCheckpointSuccessBelowKpi",
    series: ckpt(completedAt * 2 + 1, failed),
    evalMinute: 60,
    expect: [],
  });

  const src = { job_name: CDC, task_name: "Source__orders", operator_name: "Source__orders_1_", subtask_index: "0", ...tm };
  cases.push(...boundary({
    title: "processing delay", alertname: "RtdwFlinkProcessingDelayAboveKpi", level: "medium", target: CDC,
    metric: "flink_taskmanager_job_task_operator_currentEmitEventTimeLag", labels: src,
    at: k.processingDelaySeconds * 1000, healthy: k.processingDelaySeconds * 1000 - 1, evalMinute: 3,
  }).map((c) => ({ ...c, expect: c.expect.map(() => labelsOf("medium", "RtdwFlinkProcessingDelayAboveKpi", CDC, { job_name: CDC })) })));
  cases.push(...boundary({
    title: "data delay at the source", alertname: "RtdwFlinkIngestionDelayHigh", level: "high", target: CDC,
    metric: "flink_taskmanager_job_task_operator_currentEmitEventTimeLag", labels: src,
    at: k.dataDelaySeconds * 1000 + 1, healthy: k.dataDelaySeconds * 1000, evalMinute: 2,
  }).map((c) => ({ ...c, expect: c.expect.map(() => labelsOf("high", "RtdwFlinkIngestionDelayHigh", CDC, { job_name: CDC })) })));

  // Throughput: two source subtasks summed; exactly the target fires (KPI is "> 10,000").
  const half = k.throughputRecordsPerSecond / 2;
  const thr = (a: number, b: number): Series[] => [0, 1].map((i) => ({
    series: `flink_taskmanager_job_task_operator_numRecordsOutPerSecond{job_name="${CDC}", operator_name="Source: orders[1]", subtask_index="${i}", host="tm-${i}"}`,
    values: constant(i === 0 ? a : b),
  }));
  cases.push({
    title: `throughput of exactly ${k.throughputRecordsPerSecond} records/s for 15 min fires LOW`,
    alertname: "RtdwFlinkThroughputBelowKpi", series: thr(half, half), evalMinute: 16,
    expect: [labelsOf("low", "RtdwFlinkThroughputBelowKpi", CDC, { job_name: CDC })],
  }, {
    title: "throughput above the target stays quiet",
    alertname: "RtdwFlinkThroughputBelowKpi", series: thr(half, half + 1), evalMinute: 16, expect: [],
  });

  cases.push(...boundary({
    title: "TaskManager CPU", alertname: "RtdwFlinkCpuAboveKpi", level: "medium", target: "tm-1",
    metric: "flink_taskmanager_Status_JVM_CPU_Load", labels: tm, at: k.cpuPercent / 100, healthy: (k.cpuPercent - 1) / 100, evalMinute: 11,
  }).map((c) => ({ ...c, expect: c.expect.map(() => labelsOf("medium", "RtdwFlinkCpuAboveKpi", "tm-1", tm)) })));
  cases.push(...boundary({
    title: "JobManager CPU", alertname: "RtdwFlinkCpuAboveKpi", level: "medium", target: "jm-1",
    metric: "flink_jobmanager_Status_JVM_CPU_Load", labels: { host: "jm-1" }, at: k.cpuPercent / 100, healthy: (k.cpuPercent - 1) / 100, evalMinute: 11,
  }).map((c) => ({ ...c, expect: c.expect.map(() => labelsOf("medium", "RtdwFlinkCpuAboveKpi", "jm-1", { host: "jm-1" })) })));
  cases.push(...boundary({
    title: "TaskManager heap", alertname: "RtdwFlinkMemoryAboveKpi", level: "medium", target: "tm-1",
    metric: "flink_taskmanager_Status_JVM_Memory_Heap_Used", labels: tm, at: k.memoryPercent, healthy: k.memoryPercent - 0.5, evalMinute: 11,
    extraSeries: [{ series: `flink_taskmanager_Status_JVM_Memory_Heap_Max{host="tm-1", tm_id="tm-1"}`, values: constant(100) }],
  }));

  // StarRocks
  cases.push(...boundary({
    title: "StarRocks FE heap", alertname: "RtdwStarRocksMemoryAboveKpi", level: "medium", target: "fe:8030",
    metric: "starrocks_fe_jvm_heap_size_bytes", labels: { instance: "fe:8030", job: "starrocks-fe", type: "used" },
    at: k.memoryPercent, healthy: k.memoryPercent - 0.5, evalMinute: 11,
    extraSeries: [{ series: 'starrocks_fe_jvm_heap_size_bytes{instance="fe:8030", job="starrocks-fe", type="max"}', values: constant(100) }],
    alertLabels: { type: "" },
  }).map((c) => ({ ...c, expect: c.expect.map(() => labelsOf("medium", "RtdwStarRocksMemoryAboveKpi", "fe:8030", { instance: "fe:8030", job: "starrocks-fe" })) })));
  for (const [alert, job, inst] of [["RtdwStarRocksFrontendDown", "starrocks-fe", "fe:8030"], ["RtdwStarRocksBackendDown", "starrocks-be", "be:8040"]] as const) {
    cases.push(...boundary({ title: `${job} down`, alertname: alert, level: "critical", target: inst, metric: "up", labels: { job, instance: inst }, at: 0, healthy: 1, evalMinute: 3 }));
  }
  cases.push(...boundary({ title: "MySQL down", alertname: "RtdwMySqlDown", level: "critical", target: "mysql", metric: "mysql_up", labels: { job: "mysql", instance: "mysqld-exporter:9104" }, at: 0, healthy: 1, evalMinute: 3 }));
  cases.push(...boundary({ title: "StreamPark down", alertname: "RtdwStreamParkDown", level: "high", target: "streampark", metric: "probe_success", labels: { job: "streampark", instance: "http://streampark:10000/actuator/health" }, at: 0, healthy: 1, evalMinute: 4 }));

  // Data quality (the monitor's newest window per table, through the SQL exporter).
  const q = { job: "rtdw-quality", instance: "quality-exporter:9399", table_name: table };
  const qc = (title: string, alertname: string, level: string, metric: string, at: number, healthy: number, labels: Record<string, string> = q) =>
    boundary({ title, alertname, level, target: table, metric, labels, at, healthy, evalMinute: 1 });
  cases.push(...qc(`quality score below ${k.qualityScoreCritical} (CRITICAL)`, "RtdwQualityScoreCritical", "critical", "rtdw_dq_quality_score", k.qualityScoreCritical - 0.01, k.qualityScoreCritical));
  cases.push(...qc(`quality score at ${k.qualityScoreTarget} (KPI > ${k.qualityScoreTarget})`, "RtdwQualityScoreBelowKpi", "medium", "rtdw_dq_quality_score", k.qualityScoreTarget, k.qualityScoreTarget + 0.01));
  cases.push(...qc(`data delay over ${k.dataDelaySeconds}s (HIGH)`, "RtdwDataDelayHigh", "high", "rtdw_dq_max_delay_seconds", k.dataDelaySeconds + 1, k.dataDelaySeconds));
  cases.push(...qc(`anomalous ratio over ${k.anomalousPercentMedium}% (MEDIUM)`, "RtdwAnomalousRatioHigh", "medium", "rtdw_dq_anomalous_ratio", k.anomalousPercentMedium / 100 + 0.0001, k.anomalousPercentMedium / 100));
  cases.push(...qc(`anomalous ratio at ${k.anomalousPercentTarget}% (KPI < ${k.anomalousPercentTarget}%)`, "RtdwAnomalousRatioAboveKpi", "low", "rtdw_dq_anomalous_ratio", k.anomalousPercentTarget / 100, k.anomalousPercentTarget / 100 - 0.00001));
  cases.push(...qc(`SLA attainment at ${k.slaAttainmentPercent}%`, "RtdwSlaAttainmentBelowKpi", "medium", "rtdw_dq_dimension_score", k.slaAttainmentPercent, k.slaAttainmentPercent + 0.01, { ...q, dimension: "timeliness" }));
  cases.push(...boundary({ title: "quality exporter down", alertname: "RtdwQualityResultsUnavailable", level: "high", target: "rt-dw-monitor", metric: "up", labels: { job: "rtdw-quality", instance: "quality-exporter:9399" }, at: 0, healthy: 1, evalMinute: 6 }));

  // The daily report always fires (LOW, the digest's heartbeat).
  cases.push({ title: "the daily report is always firing", alertname: "RtdwDailyReport", series: [], evalMinute: 1, expect: [labelsOf("low", "RtdwDailyReport", "warehouse")] });
  return cases.map((c) => ({ ...c, expect: c.expect.map((e) => Object.fromEntries(Object.entries(e).filter(([, v]) => v !== ""))) }));
}

/**
 * Escalation: a MEDIUM quality alert left firing becomes HIGH after 1 h, CRITICAL 15 min later,
 * and is paged again 5 min after that; a short one never escalates.
 */
export function escalationCases(): KpiCase[] {
  const table = "dwd.dwd_orders";
  // Every job reports, so no RtdwFlinkJobMissing pages mix into the CRITICAL cases.
  const jobs: Series[] = JOB_NAMES.map((j) => ({ series: `flink_jobmanager_job_uptime{job_name="${j}"}`, values: perMinute(120, (m) => 60000 * (m + 1)) }));
  const base = { job: "rtdw-quality", instance: "quality-exporter:9399", table_name: table, rtdw_alert: "RtdwQualityScoreBelowKpi", target: table };
  const series: Series[] = [{ series: `rtdw_dq_quality_score{job="rtdw-quality", instance="quality-exporter:9399", table_name="${table}"}`, values: constant(90, 120) }, ...jobs];
  const shortSeries: Series[] = [...jobs, { series: `rtdw_dq_quality_score{job="rtdw-quality", instance="quality-exporter:9399", table_name="${table}"}`, values: perMinute(120, (m) => (m < 59 ? 90 : 99)) }];
  return [
    { title: "MEDIUM not yet escalated just before 1 h", alertname: "RtdwEscalatedToHigh", series, evalMinute: 59, expect: [] },
    { title: "MEDIUM escalates to HIGH at 1 h", alertname: "RtdwEscalatedToHigh", series, evalMinute: 60, expect: [{ ...base, severity: "high", escalated: "to-high" }] },
    { title: "MEDIUM resolved before 1 h never escalates", alertname: "RtdwEscalatedToHigh", series: shortSeries, evalMinute: 61, expect: [] },
    { title: "escalated HIGH not yet CRITICAL before 15 min", alertname: "RtdwEscalatedToCritical", series, evalMinute: 74, expect: [] },
    { title: "escalated HIGH becomes CRITICAL after 15 min", alertname: "RtdwEscalatedToCritical", series, evalMinute: 75, expect: [{ ...base, severity: "critical", escalated: "to-critical" }] },
    { title: "CRITICAL unresolved 5 min pages again", alertname: "RtdwCriticalUnresolved", series, evalMinute: 80, expect: [{ ...base, severity: "critical", escalated: "page" }] },
    { title: "CRITICAL not paged again before 5 min", alertname: "RtdwCriticalUnresolved", series, evalMinute: 79, expect: [] },
  ];
}

/** Escalation of a HIGH alert on its own (data delay): CRITICAL after exactly 15 min. */
export function highEscalationCases(k: KpiThresholds): KpiCase[] {
  const table = "dwd.dwd_payments";
  const series: Series[] = [{ series: `rtdw_dq_max_delay_seconds{job="rtdw-quality", instance="quality-exporter:9399", table_name="${table}"}`, values: constant(k.dataDelaySeconds + 60, 60) }];
  const labels = { job: "rtdw-quality", instance: "quality-exporter:9399", table_name: table, rtdw_alert: "RtdwDataDelayHigh", target: table };
  return [
    { title: "HIGH data delay unresolved at 14 min: not escalated", alertname: "RtdwEscalatedToCritical", series, evalMinute: 14, expect: [] },
    { title: "HIGH data delay unresolved at 15 min: CRITICAL", alertname: "RtdwEscalatedToCritical", series, evalMinute: 15, expect: [{ ...labels, severity: "critical", escalated: "to-critical" }] },
  ];
}

/** One promtool test file; one test group per case so each has its own series. */
export function promtoolTestFile(ruleFile: string, cases: KpiCase[], rules: AlertRule[], groupOrder: string[]): string {
  const annotations = (name: string) => {
    const rule = rules.find((r) => r.name === name);
    if (!rule) throw new Error(`no rule ${name}`);
    return staticAnnotations(rule);
  };
  return stringify({
    rule_files: [ruleFile],
    evaluation_interval: "1m",
    // Escalation reads the other groups' ALERTS: evaluate in the order ruleGroups() lists them.
    group_eval_order: groupOrder,
    tests: cases.map((c) => ({
      name: c.title,
      interval: "1m",
      input_series: c.series,
      alert_rule_test: [{ eval_time: `${c.evalMinute}m`, alertname: c.alertname, exp_alerts: c.expect.map((l) => ({ exp_labels: l, exp_annotations: annotations(c.alertname) })) }],
    })),
  }, { lineWidth: 0 });
}

export { JOB_RUNNING_RECORD };
