/**
 * The seed's four alert levels (the seed: "Alerting"): who is told, how soon someone must respond,
 * and how often the same alert may be repeated. Every other monitoring module reads these numbers
 * from here, so the seed's table exists once.
 */

export const LEVELS = ["critical", "high", "medium", "low"] as const;
export type Level = (typeof LEVELS)[number];

/** The channels Alertmanager delivers to. */
export type Channel = "dingtalk" | "sms" | "phone" | "wecom" | "email" | "digest";

export interface LevelPolicy {
  /** the seed: CRITICAL -> DingTalk + SMS + phone call; HIGH -> WeCom + email; MEDIUM -> email; LOW -> daily digest. */
  channels: readonly Channel[];
  /** the seed's "response within"; an alert still firing after it escalates (LOW: next day, never escalates). */
  responseSeconds: number;
  /**
   * Alertmanager repeat_interval: the seed's "the same alert at most once per 15 minutes", so never
   * shorter than 15 min; levels with a longer response time repeat at that time (LOW: once a day,
   * 23h so that the next day's digest window is never missed by a few seconds).
   */
  repeatSeconds: number;
  /** The level an unresolved alert is raised to; CRITICAL re-pages (see components/monitoring/escalation.ts). */
  escalatesTo?: Level;
}

const MIN = 60;
export const LEVEL_POLICY: Record<Level, LevelPolicy> = {
  critical: { channels: ["dingtalk", "sms", "phone"], responseSeconds: 5 * MIN, repeatSeconds: 15 * MIN, escalatesTo: "critical" },
  high: { channels: ["wecom", "email"], responseSeconds: 15 * MIN, repeatSeconds: 15 * MIN, escalatesTo: "critical" },
  medium: { channels: ["email"], responseSeconds: 60 * MIN, repeatSeconds: 60 * MIN, escalatesTo: "high" },
  low: { channels: ["digest"], responseSeconds: 24 * 60 * MIN, repeatSeconds: 23 * 60 * MIN },
};

/** Convergence (the seed): bursts collected this long into one notification, then at most one per group per 15 min. */
export const CONVERGENCE = { groupWaitSeconds: 30, groupIntervalSeconds: 15 * MIN } as const;

/** A Prometheus/Alertmanager duration ("90s", "15m", "23h") for whole seconds, or milliseconds below a second. */
export function promDuration(seconds: number): string {
  if (!Number.isInteger(seconds)) return `${Math.max(1, Math.round(seconds * 1000))}ms`;
  const s = seconds;
  if (s % 3600 === 0) return `${s / 3600}h`;
  if (s % 60 === 0) return `${s / 60}m`;
  return `${s}s`;
}
