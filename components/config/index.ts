/** The stack's configuration, read once from the Pulumi runtime and validated. */
import * as pulumi from "@pulumi/pulumi";
import { rawConfigFrom, resolveStackConfig, StackConfig } from "./stackConfig";

export * from "./stackConfig";
export { StackSecrets } from "./secrets";
export { JOB_NAMES, SEED_JOB_DEFAULTS, healthGateFor } from "./jobs";
export type { JobName, JobTuning, ResolvedJob, HealthGate } from "./jobs";
export { UserError } from "./errors";
export { DEFAULT_VERSIONS, SEED_VERSIONS, checkVersions } from "./versions";
export type { Versions } from "./versions";

/** Validates the current stack's `rtdw:*` config; throws a StackConfigError naming every bad key. */
export function loadStackConfig(): StackConfig {
  const config = resolveStackConfig(pulumi.getStack(), rawConfigFrom(pulumi.runtime.allConfig()));
  for (const warning of config.warnings) pulumi.log.warn(warning);
  return config;
}
