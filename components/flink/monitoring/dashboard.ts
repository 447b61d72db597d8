/**
 * "rtdw · Jobs": is every job running, are checkpoints succeeding, how much flows, how far behind.
 * Each panel answers one question at a glance; thresholds are the seed's KPIs.
 */
import { Dashboard, DashboardBuilder, higherIsBetter, lowerIsBetter, prom, stat, table, timeseries } from "../../observability/dashboardModel";
import { KpiThresholds } from "../../observability/kpis";
import { JOB_RUNNING_RECORD } from "./alerts";
import { FLINK_METRICS as M, SOURCE_OPERATOR } from "./metrics";

export function jobsDashboard(k: KpiThresholds, jobCount: number): Dashboard {
  const ckptRatio = `100 * sum by (job_name) (increase(${M.jobCompletedCheckpoints}[1h])) / (sum by (job_name) (increase(${M.jobCompletedCheckpoints}[1h])) + sum by (job_name) (increase(${M.jobFailedCheckpoints}[1h])))`;
  return new DashboardBuilder("rtdw-jobs", "rtdw · Jobs")
    .row("Health")
    .panel(stat("Jobs running", [prom(`sum(${JOB_RUNNING_RECORD})`, "running")], "none", higherIsBetter(jobCount - 0.5, jobCount),
      { description: `All ${jobCount} jobs should run (rt-dw-cdc-ingestion ... rt-dw-monitor).` }), 4, 5)
    .panel(stat("Uptime, last 24 h", [prom(`100 * avg_over_time(${JOB_RUNNING_RECORD}[1d])`, "{{job_name}}")], "percent",
      higherIsBetter(k.jobUptimePercent - 0.1, k.jobUptimePercent), { decimals: 3, description: `KPI: > ${k.jobUptimePercent}%` }), 12, 5)
    .panel(table("Firing alerts", [{ ...prom('ALERTS{alertstate="firing"}'), instant: true }], { description: "Every alert firing now, with its level (severity) and target." }), 8, 5)
    .panel(timeseries("Restarts per hour", [prom(`increase(${M.jobRestarts}[1h])`, "{{job_name}}")], "short", { min: 0 }), 12)
    .panel(timeseries("Time since last (re)start", [prom(`${M.jobUptime} / 1000`, "{{job_name}}")], "s", { min: 0 }), 12)
    .row("Checkpoints")
    .panel(timeseries("Checkpoint success, last hour", [prom(ckptRatio, "{{job_name}}")], "percent",
      { thresholds: higherIsBetter(k.checkpointSuccessPercent, k.checkpointSuccessPercent + 0.5), description: `KPI: > ${k.checkpointSuccessPercent}%`, max: 100 }), 8)
    .panel(timeseries("Checkpoints per 5 min", [
      prom(`sum by (job_name) (increase(${M.jobCompletedCheckpoints}[5m]))`, "{{job_name}} completed"),
      prom(`sum by (job_name) (increase(${M.jobFailedCheckpoints}[5m]))`, "{{job_name}} failed"),
    ], "short", { min: 0 }), 8)
    .panel(timeseries("Last checkpoint duration", [prom(`${M.jobLastCheckpointDuration} / 1000`, "{{job_name}}")], "s", { min: 0 }), 8)
    .row("Throughput and delay")
    .panel(timeseries("Records taken in per second", [prom(`sum by (job_name) (${M.operatorRecordsOutPerSecond}{${SOURCE_OPERATOR}})`, "{{job_name}}")], "short",
      { thresholds: higherIsBetter(k.throughputRecordsPerSecond, k.throughputRecordsPerSecond + 1), description: `Source operators' output. KPI: > ${k.throughputRecordsPerSecond} records/s (ingestion).`, min: 0 }), 12)
    .panel(timeseries("Processing delay (event time to emit)", [
      prom(`max by (job_name) (${M.sourceEmitEventTimeLag}) / 1000`, "{{job_name}} emit"),
      prom(`max by (job_name) (${M.sourceFetchEventTimeLag}) / 1000`, "{{job_name}} binlog fetch"),
    ], "s", { thresholds: lowerIsBetter(k.processingDelaySeconds, k.dataDelaySeconds), description: `KPI: < ${k.processingDelaySeconds / 60} min; HIGH above ${k.dataDelaySeconds / 60} min. -1 while undefined (CDC snapshot).` }), 12)
    .panel(timeseries("Back pressure (busiest task)", [prom(`max by (job_name) (${M.taskBackPressuredTimeMsPerSecond}) / 10`, "{{job_name}}")], "percent",
      { description: "Share of time the most back-pressured task waits on its downstream.", min: 0, max: 100 }), 12)
    .panel(timeseries("Records in per operator per second", [prom(`sum by (job_name) (${M.operatorRecordsInPerSecond})`, "{{job_name}}")], "short", { min: 0 }), 12)
    .build();
}
