/**
 * The stack's jobs as StreamingJobs and the savepoint scheduler take them: each job's SQL and sinks
 * from the warehouse content, its settings from the stack config (one source: config.jobs, see
 * components/config/jobs.ts), so index.ts only passes them along.
 */
import * as pulumi from "@pulumi/pulumi";
import { StackConfig } from "../config/stackConfig";
import type { EndpointRef } from "../platform/endpoint";
import type { JobSchedule } from "../streampark/savepointSchedule";
import type { StreamingJobsArgs } from "../streampark/streamingJobs";
import type { JobDefinition, SchemaObjectDefinition } from "../warehouse";
import { jobSinks } from "../warehouse/sinkKeys";

/** The jobs with periodic savepoints (rtdw:jobs.<job>.savepoints), each protecting its restoreFrom. */
export function savepointSchedules(config: StackConfig, jobSql: JobDefinition[]): JobSchedule[] {
  return jobSql.flatMap((j) => {
    const s = config.jobs[j.name].savepoints;
    const restoreFrom = config.jobs[j.name].restoreFrom;
    return s ? [{ name: j.name, everyMs: s.everyMs, keep: s.keep, protect: restoreFrom ? [restoreFrom] : [] }] : [];
  });
}

/**
 * StreamingJobs' jobs, cluster settings and per-job overrides: the text of each job's own SET
 * statements, its upgrade and restore choices, the health gate derived from its checkpoint
 * interval, (for a job with a schedule) the scheduler's history endpoint, read on refresh, and
 * (for canary) the comparison's settings and how to reach the sinks' engines.
 */
export function streamingJobsArgs(
  config: StackConfig,
  jobSql: JobDefinition[],
  objects: SchemaObjectDefinition[],
  reach: {
    savepointHistoryUrl?: pulumi.Input<string | EndpointRef>;
    canaryPaimonEndpoint: pulumi.Input<string | EndpointRef>;
    canaryStarRocksEndpoint: pulumi.Input<string | EndpointRef>;
  },
): Pick<StreamingJobsArgs, "jobs" | "settings" | "overrides" | "tags" | "sinkEngines" | "canaryPaimonEndpoint" | "canaryStarRocksEndpoint"> {
  const sinks = jobSinks(jobSql, objects);
  return {
    jobs: jobSql.map((j) => ({ name: j.name, sql: j.sql, parallelism: j.parallelism, variables: j.variables, description: j.description, sinks: sinks[j.name] })),
    settings: {
      taskManagerMemory: `${config.flink.taskManagerMiB}m`,
      jobManagerMemory: `${config.flink.jobManagerMiB}m`,
      restartAttempts: config.flink.restartAttempts,
    },
    overrides: Object.fromEntries(jobSql.map((j) => {
      const c = config.jobs[j.name];
      return [j.name, {
        parallelism: j.parallelism,
        ...j.settings,
        upgradeStrategy: c.upgradeStrategy,
        pinnedSqlVersion: c.pinnedSqlVersion,
        state: c.state,
        restoreFrom: c.restoreFrom,
        healthGate: c.healthGate,
        savepointHistoryUrl: c.savepoints ? reach.savepointHistoryUrl : undefined,
        canary: c.canary && { windowSeconds: c.canary.windowMs / 1000, tolerances: c.canary.tolerances },
      }];
    })),
    // Canary jobs create shadow tables and compare them with their sinks through the engines the schema uses.
    sinkEngines: {
      paimon: {
        setup: objects.filter((o) => o.engine === "paimon" && o.kind === "catalog").map((o) => o.sql),
        secretConfigKeys: config.storage.kind === "s3" ? { "s3.access-key": "rtdw:s3AccessKey", "s3.secret-key": "rtdw:s3SecretKey" } : {},
      },
      starrocks: { user: "root", passwordConfigKey: "rtdw:starrocksRootPassword" },
    },
    canaryPaimonEndpoint: reach.canaryPaimonEndpoint,
    canaryStarRocksEndpoint: reach.canaryStarRocksEndpoint,
    tags: ["rtdw", config.environment],
  };
}
