/**
 * The seed's KPI targets (the seed: "Monitoring and observability: KPIs") and alert thresholds
 * (the seed: "Automatic alerts"), as numbers the rules are rendered from. A stack may override them
 * (components/config/monitoringTuning.ts); the defaults are the seed's.
 */
import { z } from "zod";

export const kpiThresholdsSchema = z.object({
  /** availability: job uptime > 99.9% */
  jobUptimePercent: z.number().min(0).max(100).default(99.9),
  /** availability: checkpoint success rate > 99% */
  checkpointSuccessPercent: z.number().min(0).max(100).default(99),
  /** availability: processing delay < 5 minutes */
  processingDelaySeconds: z.number().int().min(1).default(300),
  /** performance: throughput > 10,000 records/s */
  throughputRecordsPerSecond: z.number().min(0).default(10_000),
  /** performance: CPU < 80% */
  cpuPercent: z.number().min(1).max(100).default(80),
  /** performance: memory < 85% */
  memoryPercent: z.number().min(1).max(100).default(85),
  /** quality: quality score > 95 */
  qualityScoreTarget: z.number().min(0).max(100).default(95),
  /** alert CRITICAL: quality score < 70 */
  qualityScoreCritical: z.number().min(0).max(100).default(70),
  /** quality: anomalous-data ratio < 0.1% */
  anomalousPercentTarget: z.number().min(0).max(100).default(0.1),
  /** alert MEDIUM: anomalous data > 2% */
  anomalousPercentMedium: z.number().min(0).max(100).default(2),
  /** quality: SLA attainment > 99% (share of rows that arrived within their table's freshness SLA) */
  slaAttainmentPercent: z.number().min(0).max(100).default(99),
  /** alert HIGH: data delay > 15 minutes */
  dataDelaySeconds: z.number().int().min(1).default(900),
}).strict();

export type KpiThresholds = z.output<typeof kpiThresholdsSchema>;

export const SEED_KPIS: KpiThresholds = kpiThresholdsSchema.parse({});
