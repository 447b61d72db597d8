/**
 * Streaming jobs keep their state: every job checkpoints (the seed's 30 s - 5 min interval is
 * enforced by the stack config; here only "on" is checked, whatever the source of the value), and in
 * prod a new version of a job starts from a savepoint of the old one, never from empty state.
 * The job resource is the StreamPark job provider's (components/streampark/resources.ts,
 * type `pulumi-nodejs:dynamic/streampark:Job`); a missing upgradeStrategy means the provider's
 * default, savepoint (components/streampark/providers/jobProvider.ts).
 */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { isProd, STACK_CONFIG_SCHEMA, StackPolicyConfig } from "../stack";

export const STREAMPARK_JOB = "pulumi-nodejs:dynamic/streampark:Job";

/** Flink duration text ("30s", "1 min", "60000ms", a bare number of ms) in milliseconds, or undefined. */
export function durationMs(text: unknown): number | undefined {
  if (typeof text === "number") return text;
  if (typeof text !== "string") return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|milli|millis|s|sec|secs|second|seconds|m|min|mins|minute|minutes|h|hour|hours)?\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = (m[2] ?? "ms").toLowerCase();
  const factor = unit.startsWith("ms") || unit.startsWith("milli") ? 1 : unit.startsWith("s") ? 1000 : unit.startsWith("h") ? 3_600_000 : 60_000;
  return Number(m[1]) * factor;
}

export const jobsCheckpointed: ResourceValidationPolicy = {
  name: "jobs-checkpointed",
  description: "Every streaming job checkpoints; in prod every job upgrades through a savepoint.",
  configSchema: STACK_CONFIG_SCHEMA,
  validateResource: (args, reportViolation) => {
    if (args.type !== STREAMPARK_JOB) return;
    // (A value still unknown at preview is never read here: the policy SDK skips the check for it.)
    const interval = args.props.options?.checkpointInterval;
    const ms = durationMs(interval);
    if (ms === undefined || ms <= 0) {
      reportViolation(`Job ${args.props.name ?? args.name}: checkpointing is off (checkpointInterval ${JSON.stringify(interval ?? null)}). Set rtdw:flink.checkpointInterval (30s-5min) so the job can recover and upgrade.`);
    }
    if (isProd(args.urn, args.getConfig<StackPolicyConfig>()) && args.props.upgradeStrategy === "stateless") {
      reportViolation(`Job ${args.props.name ?? args.name}: prod jobs must upgrade through a savepoint; upgradeStrategy "stateless" drops the job's state on every change. Remove rtdw:jobs.${args.props.name ?? "<job>"}.upgradeStrategy.`);
    }
  },
};
