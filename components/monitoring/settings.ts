/**
 * Monitoring settings beyond the lead's `rtdw:monitoring` keys (components/config/schema.ts):
 * KPI overrides and the digest time. Proposed to be merged into the `monitoring` object of the stack
 * schema as `kpis`, `digestStartUtc` and `escalationWebhookUrl` (README "Wiring").
 */
import { z } from "zod";
import { kpiThresholdsSchema } from "./kpis";

export const monitoringTuningSchema = z.object({
  /** Per-stack KPI overrides (dev's load generator writes far fewer than 10,000 changes/s). */
  kpis: kpiThresholdsSchema.partial().default({}),
  /** Daily digest start, UTC "HH:MM" (default 01:00 = 09:00 China Standard Time). */
  digestStartUtc: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected "HH:MM" (UTC)').default("01:00"),
  /** Where an unacknowledged CRITICAL re-pages (default: the phone gateway). */
  escalationWebhookUrl: z.url().optional(),
}).strict();

export type MonitoringTuning = z.output<typeof monitoringTuningSchema>;
