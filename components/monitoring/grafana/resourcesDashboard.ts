/** "rtdw · Resources": CPU and memory against the seed's KPIs, and whether every process answers. */
import { FLINK_METRICS as F } from "../../flink/monitoring/metrics";
import { MYSQL_METRICS as MY } from "../../mysql/monitoring/alerts";
import { STARROCKS_METRICS as S } from "../../starrocks/monitoring/metrics";
import { KpiThresholds } from "../../observability/kpis";
import { Dashboard, DashboardBuilder, lowerIsBetter, prom, stat, timeseries, higherIsBetter } from "../../observability/dashboardModel";

export function resourcesDashboard(k: KpiThresholds): Dashboard {
  const cpu = lowerIsBetter(k.cpuPercent - 10, k.cpuPercent);
  const mem = lowerIsBetter(k.memoryPercent - 10, k.memoryPercent);
  return new DashboardBuilder("rtdw-resources", "rtdw · Resources")
    .row("Up")
    .panel(stat("Scrape targets up", [prom("min by (job) (up)", "{{job}}")], "none", higherIsBetter(0.5, 1), { description: "1 = every instance of the service answers." }), 16, 5)
    .panel(stat("StreamPark health", [prom('probe_success{job="streampark"}', "streampark")], "none", higherIsBetter(0.5, 1)), 8, 5)
    .row("Flink")
    .panel(timeseries("CPU per Flink process", [
      prom(`100 * ${F.taskManagerCpuLoad}`, "TM {{host}}"),
      prom(`100 * ${F.jobManagerCpuLoad}`, "JM {{host}}"),
    ], "percent", { thresholds: cpu, description: `KPI: < ${k.cpuPercent}%`, min: 0, max: 100 }), 12)
    .panel(timeseries("Heap used per Flink process", [
      prom(`100 * ${F.taskManagerHeapUsed} / ${F.taskManagerHeapMax}`, "TM {{host}}"),
      prom(`100 * ${F.jobManagerHeapUsed} / ${F.jobManagerHeapMax}`, "JM {{host}}"),
    ], "percent", { thresholds: mem, description: `KPI: < ${k.memoryPercent}%`, min: 0, max: 100 }), 12)
    .panel(timeseries("Task slots", [prom(F.taskSlotsTotal, "total"), prom(F.taskSlotsAvailable, "free"), prom(F.numRunningJobs, "running jobs")], "short", { min: 0 }), 12)
    .row("StarRocks and MySQL")
    .panel(timeseries("StarRocks FE heap used", [prom(`100 * ${S.feJvmHeapBytes}{type="used"} / ignoring(type) ${S.feJvmHeapBytes}{type="max"}`, "{{instance}}")], "percent",
      { thresholds: mem, min: 0, max: 100 }), 12)
    .panel(timeseries("StarRocks BE process memory", [prom(S.beProcessMemBytes, "{{instance}}")], "bytes", { min: 0 }), 12)
    .panel(timeseries("StarRocks queries per second", [
      prom(`sum(rate(${S.feQueryTotal}[5m]))`, "queries"),
      prom(`sum(rate(${S.feQueryErrors}[5m]))`, "errors"),
      prom(`sum(rate(${S.feTxnFailed}[5m]))`, "failed load transactions"),
    ], "reqps", { min: 0 }), 12)
    .panel(timeseries("Connections", [
      prom(S.feConnections, "StarRocks FE {{instance}}"),
      prom(MY.threadsConnected, "MySQL"),
      prom(MY.maxConnections, "MySQL max"),
    ], "short", { min: 0 }), 12)
    .build();
}
