/**
 * The seed's availability and performance KPIs for the five Flink jobs, as Prometheus alerts.
 * Metric names: ./metrics.ts. Thresholds: the seed's, overridable per stack (KpiThresholds).
 *
 * Boundaries: a KPI is a healthy condition ("uptime > 99.9%"), so its alert fires on the negation,
 * which includes the threshold itself ("uptime <= 99.9%"); an alert the seed states as a condition
 * ("data delay > 15 minutes") fires exactly on that condition.
 */
import { AlertRule, RuleGroup } from "../../observability/alertRule";
import { KpiThresholds } from "../../observability/kpis";
import { FLINK_METRICS as M, SOURCE_OPERATOR } from "./metrics";

/** 1 while a job is RUNNING, 0 while restarting, failing or finished; one series per job. */
export const JOB_RUNNING_RECORD = "rtdw:flink_job_running:bool";

export function flinkRuleGroup(k: KpiThresholds, jobNames: readonly string[]): RuleGroup {
  const jobRegex = jobNames.join("|");
  const rules: AlertRule[] = [
    {
      name: "RtdwFlinkJobNotRunning",
      level: "critical",
      kpi: "job uptime > 99.9% (a job that is not running stops the warehouse)",
      expr: `${JOB_RUNNING_RECORD}{job_name=~"${jobRegex}"} == 0`,
      for: "2m",
      target: "{{ $labels.job_name }}",
      summary: "Flink job {{ $labels.job_name }} is not running",
      runbook: "Open the job in StreamPark; read the JobManager exceptions tab; if the restart strategy gave up, fix the cause and start the job from its last checkpoint.",
    },
    ...jobNames.map((job): AlertRule => ({
      name: "RtdwFlinkJobMissing",
      level: "critical",
      kpi: "job uptime > 99.9% (a job Flink does not know is down)",
      expr: `absent(${M.jobUptime}{job_name="${job}"})`,
      for: "5m",
      target: job,
      summary: `Flink reports no job named ${job}`,
      runbook: "The job is cancelled or the JobManager is down: check the flink-jobmanager service, then the job's state in StreamPark; `pulumi up` re-submits a job the stack owns.",
    })),
    {
      name: "RtdwFlinkJobAvailabilityBelowKpi",
      level: "high",
      kpi: `job uptime > ${k.jobUptimePercent}% (over the last 24 h)`,
      expr: `avg_over_time(${JOB_RUNNING_RECORD}[1d]) * 100 <= ${k.jobUptimePercent}`,
      for: "0m",
      target: "{{ $labels.job_name }}",
      summary: "{{ $labels.job_name }} ran {{ $value | printf \"%.3f\" }}% of the last 24 h",
      runbook: "List the job's restarts (flink_jobmanager_job_numRestarts, JobManager log) and remove the recurring cause: failing checkpoints, lost TaskManagers, source or sink errors.",
    },
    {
      name: "RtdwFlinkCheckpointSuccessBelowKpi",
      level: "high",
      kpi: `checkpoint success rate > ${k.checkpointSuccessPercent}% (over the last hour)`,
      // A ratio of two increases over the same samples: Prometheus extrapolates both alike.
      expr: `(sum by (job_name) (increase(${M.jobCompletedCheckpoints}[1h])) * 100`
        + ` / (sum by (job_name) (increase(${M.jobCompletedCheckpoints}[1h])) + sum by (job_name) (increase(${M.jobFailedCheckpoints}[1h]))))`
        + ` <= ${k.checkpointSuccessPercent}`,
      for: "0m",
      target: "{{ $labels.job_name }}",
      summary: "{{ $labels.job_name }}: {{ $value | printf \"%.2f\" }}% of checkpoints succeeded in the last hour",
      runbook: "Open the job's Checkpoints tab: timeouts mean back pressure or slow state storage (see checkpoint duration), declines name the failing task; check the checkpoint storage's free space and credentials.",
    },
    {
      name: "RtdwFlinkProcessingDelayAboveKpi",
      level: "medium",
      kpi: `processing delay < ${k.processingDelaySeconds / 60} minutes`,
      expr: `max by (job_name) (${M.sourceEmitEventTimeLag}) >= ${k.processingDelaySeconds * 1000}`,
      for: "2m",
      target: "{{ $labels.job_name }}",
      summary: "{{ $labels.job_name }} emits records {{ $value | printf \"%.0f\" }} ms behind their event time",
      runbook: "Look for back pressure in the job graph (the busiest operator is the bottleneck); raise its parallelism or the TaskManagers' resources; check the sink (StarRocks load errors) if the sink is busy.",
    },
    {
      name: "RtdwFlinkIngestionDelayHigh",
      level: "high",
      kpi: `data delay > ${k.dataDelaySeconds / 60} minutes -> HIGH, alert within 5 minutes`,
      expr: `max by (job_name) (${M.sourceEmitEventTimeLag}) > ${k.dataDelaySeconds * 1000}`,
      for: "1m",
      target: "{{ $labels.job_name }}",
      summary: "{{ $labels.job_name }} is more than 15 minutes behind its source",
      runbook: "Same as processing delay, now urgent: if the job is healthy but behind, scale it; if the binlog reader stalls, check MySQL (binlog retention, the CDC user's grants) and the job's exceptions.",
    },
    {
      name: "RtdwFlinkThroughputBelowKpi",
      level: "low",
      kpi: `throughput > ${k.throughputRecordsPerSecond} records/s`,
      expr: `sum by (job_name) (${M.operatorRecordsOutPerSecond}{job_name="${jobNames[0]}", ${SOURCE_OPERATOR}}) <= ${k.throughputRecordsPerSecond}`,
      for: "15m",
      target: "{{ $labels.job_name }}",
      summary: "{{ $labels.job_name }} takes in {{ $value | printf \"%.0f\" }} records/s",
      runbook: "A report, not an incident, while the source writes less than the target; if the source writes more and the delay grows, treat it as processing delay.",
    },
    {
      name: "RtdwFlinkCpuAboveKpi",
      level: "medium",
      kpi: `CPU < ${k.cpuPercent}%`,
      expr: `{__name__=~"${M.taskManagerCpuLoad}|${M.jobManagerCpuLoad}"} * 100 >= ${k.cpuPercent}`,
      for: "10m",
      target: "{{ $labels.host }}",
      summary: "Flink process on {{ $labels.host }} uses {{ $value | printf \"%.0f\" }}% CPU",
      runbook: "Find the busy job on that TaskManager (Flink UI, task metrics busyTimeMsPerSecond); spread it with more TaskManagers or give them more CPU (rtdw:flink).",
    },
    {
      name: "RtdwFlinkMemoryAboveKpi",
      level: "medium",
      kpi: `memory < ${k.memoryPercent}%`,
      expr: `(${M.taskManagerHeapUsed} / ${M.taskManagerHeapMax}) * 100 >= ${k.memoryPercent}`
        + ` or (${M.jobManagerHeapUsed} / ${M.jobManagerHeapMax}) * 100 >= ${k.memoryPercent}`,
      for: "10m",
      target: "{{ $labels.host }}",
      summary: "Flink heap on {{ $labels.host }} is {{ $value | printf \"%.0f\" }}% full",
      runbook: "Check GC time and state size; heap-heavy operators (large joins without TTL) need state TTL or more TaskManager memory (rtdw:flink.taskManagerMemory).",
    },
  ];
  return {
    name: "rtdw-flink",
    records: {
      // With two JobManagers (HA) only the leader reports job metrics: max keeps one series per job.
      [JOB_RUNNING_RECORD]: `max by (job_name) (${M.jobUptime} > bool 0)`,
    },
    rules,
  };
}
