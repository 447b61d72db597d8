/**
 * The monitoring stack's tuning keys, merged into the `rtdw:monitoring` object of the stack schema
 * (./schema.ts): KPI overrides, the digest time and the CRITICAL re-page URL. They live in config
 * (not in components/monitoring) so that configuration depends on nothing above it; the KPI
 * thresholds' schema comes from the leaf model (components/observability/kpis.ts).
 */
import { z } from "zod";
import { kpiThresholdsSchema } from "../observability/kpis";

export const monitoringTuningSchema = z.object({
  /** Per-stack KPI overrides (dev's load generator writes far fewer than 10,000 changes/s). */
  kpis: kpiThresholdsSchema.partial().default({}),
  /** Daily digest start, UTC "HH:MM" (default 01:00 = 09:00 China Standard Time). */
  digestStartUtc: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected "HH:MM" (UTC)').default("01:00"),
  /** Where an unacknowledged CRITICAL re-pages (default: the phone gateway). */
  escalationWebhookUrl: z.url().optional(),
}).strict();

export type MonitoringTuning = z.output<typeof monitoringTuningSchema>;
