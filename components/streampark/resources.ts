/**
 * StreamPark 2.1.5 as Pulumi resources: the job, and the bootstrap a console needs before jobs
 * (admin password rotation, Flink environment, remote session cluster, alert configurations,
 * secret variables). Each is a dynamic resource `pulumi-nodejs:dynamic/streampark:<Type>`
 * run by its implementation in components/providers through a hosted stub (components/dynamicResource/hostedProvider.ts).
 *
 * The admin password is a secret input of every resource; it is never an output. Delete and
 * refresh read it from the stack config key `passwordConfigKey` (see providers/connection.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import type { EndpointRef } from "../platform/endpoint";
import type { HealthGate, JobOptions, JobWaits, UpgradeStrategy } from "./lifecycle/jobSpec";
import { HostedResource } from "../dynamicResource/hostedProvider";
import type { AlertChannels } from "./lifecycle/bootstrap";
import type { CanaryComparison } from "./lifecycle/canaryCompare";
import type { CanaryInput, SinkEnginesInput } from "./providers/canaryInputs";

/** How to reach the console: URL and user plain, the password a secret. */
export interface StreamParkConnection {
  /** The console's URL, or an EndpointRef (components/providers/reach.ts opens it per call). */
  consoleUrl: pulumi.Input<string | EndpointRef>;
  adminUser: pulumi.Input<string>;
  /** A secret Output (config.requireSecret): never captured, never an output. */
  adminPassword: pulumi.Input<string>;
  /** The stack config key holding the same password, for delete and refresh. Default rtdw:streamparkAdminPassword. */
  passwordConfigKey?: string;
  requestTimeoutSeconds?: pulumi.Input<number>;
}

function connectionProps(c: StreamParkConnection): pulumi.Inputs {
  return {
    consoleUrl: c.consoleUrl,
    adminUser: c.adminUser,
    adminPassword: pulumi.secret(c.adminPassword),
    passwordConfigKey: c.passwordConfigKey ?? "rtdw:streamparkAdminPassword",
    requestTimeoutSeconds: c.requestTimeoutSeconds,
  };
}


export interface StreamParkJobArgs {
  connection: StreamParkConnection;
  /** Job name in StreamPark (also its identity: a change replaces the job). */
  name: pulumi.Input<string>;
  /** Rendered Flink SQL; secrets inside it as `${code}` StreamPark variable references. */
  sql: pulumi.Input<string>;
  /** 1 remote session cluster (the only mode rtdw uses: see README "Kubernetes session mode"). */
  executionMode?: pulumi.Input<1>;
  /** StreamPark ids: StreamParkSessionCluster.clusterId and StreamParkFlinkEnvironment.envId. */
  clusterId: pulumi.Input<string>;
  /** Flink JobManager REST URL as the machine running Pulumi reaches it (health gate, orphan checks). */
  flinkRestUrl?: pulumi.Input<string | EndpointRef>;
  flinkEnvId: pulumi.Input<string>;
  options: pulumi.Input<JobOptions>;
  /** Flink's exponential-delay restart attempts (default 3, the seed). */
  restartAttempts?: pulumi.Input<number>;
  /** StreamPark's auto-restarts after the job FAILED for good (default 0: Flink's attempts are the retries). */
  consoleRestarts?: pulumi.Input<number>;
  tags?: pulumi.Input<pulumi.Input<string>[]>;
  description?: pulumi.Input<string>;
  /** StreamParkAlertConfig.alertId */
  alertId?: pulumi.Input<number>;
  upgradeStrategy?: pulumi.Input<UpgradeStrategy>;
  healthGate?: pulumi.Input<HealthGate>;
  /** One-click rollback: run this SQL version from the job's history (see output previousSqlVersion). */
  pinnedSqlVersion?: pulumi.Input<number>;
  /** running (default) or suspended: stopped with a savepoint, the application kept; running resumes from it. */
  desiredState?: pulumi.Input<"running" | "suspended">;
  /** One-click rollback to a savepoint of output `savepointHistory`, with the SQL version that wrote it. */
  restoreFrom?: pulumi.Input<string>;
  /**
   * Where the savepoint scheduler serves its history (components/savepoints), as the machine
   * running Pulumi reaches it: a refresh lists the job's scheduled savepoints in `savepointHistory`.
   */
  savepointHistoryUrl?: pulumi.Input<string | EndpointRef>;
  /** The job's sinks, each with whether it is a primary-key table (blue-green, canary) and its DDL (canary). */
  sinks?: pulumi.Input<{ table: string; primaryKey: boolean; ddl?: string }[]>;
  /** upgradeStrategy canary: the window (seconds) and the comparison's tolerances. */
  canary?: pulumi.Input<CanaryInput>;
  /** upgradeStrategy canary: how to reach the sinks' engines (the addresses: the two endpoints below). */
  sinkEngines?: pulumi.Input<SinkEnginesInput>;
  canaryPaimonEndpoint?: pulumi.Input<string | EndpointRef>;
  canaryStarRocksEndpoint?: pulumi.Input<string | EndpointRef>;
  savepointDir?: pulumi.Input<string>;
  allowNonRestoredState?: pulumi.Input<boolean>;
  waits?: pulumi.Input<Partial<JobWaits>>;
  /**
   * The StreamPark variables the SQL references as `${code}` (check fails on an undeclared one).
   * The job depends on them, and a changed value restarts it (through a savepoint) so that
   * StreamPark substitutes the new value at start.
   */
  variables?: StreamParkVariable[];
}

/** A Flink SQL job managed through StreamPark. */
export class StreamParkJob extends HostedResource {
  declare readonly appId: pulumi.Output<string>;
  declare readonly jobId: pulumi.Output<string | null>;
  declare readonly state: pulumi.Output<string>;
  declare readonly sqlVersion: pulumi.Output<number | null>;
  declare readonly previousSqlVersion: pulumi.Output<number | null>;
  declare readonly lastSavepoint: pulumi.Output<string | null>;
  declare readonly sqlFingerprint: pulumi.Output<string>;
  /** What the last `up` did and why (the preview shows the plan as the `plannedAction` input). */
  declare readonly plannedAction: pulumi.Output<string>;
  /** Savepoints the stack took, each with the SQL version that wrote it (what restoreFrom can name). */
  declare readonly savepointHistory: pulumi.Output<{ path: string; sqlVersion: number | null; takenAt: string; takenAtMs?: number }[]>;
  declare readonly restoredFrom: pulumi.Output<string | null>;
  /** The last canary's comparison (upgradeStrategy canary): what differed, by how much, the tolerance. */
  declare readonly canaryComparison: pulumi.Output<CanaryComparison | null>;

  constructor(name: string, args: StreamParkJobArgs, opts?: pulumi.CustomResourceOptions) {
    const variables = args.variables ?? [];
    const dependsOn = [...variables, ...(Array.isArray(opts?.dependsOn) ? opts!.dependsOn : opts?.dependsOn ? [opts.dependsOn] : [])] as pulumi.Input<pulumi.Resource>[];
    super("streamparkJob", "streampark", "Job", name, {
      ...connectionProps(args.connection),
      name: args.name, sql: args.sql, executionMode: args.executionMode, clusterId: args.clusterId, flinkEnvId: args.flinkEnvId,
      flinkRestUrl: args.flinkRestUrl,
      ...(args.savepointHistoryUrl !== undefined ? { savepointHistoryUrl: args.savepointHistoryUrl } : {}),
      options: args.options, restartAttempts: args.restartAttempts, consoleRestarts: args.consoleRestarts, tags: args.tags, description: args.description,
      alertId: args.alertId, upgradeStrategy: args.upgradeStrategy, healthGate: args.healthGate,
      pinnedSqlVersion: args.pinnedSqlVersion, desiredState: args.desiredState, restoreFrom: args.restoreFrom, sinks: args.sinks,
      canary: args.canary, sinkEngines: args.sinkEngines, canaryPaimonEndpoint: args.canaryPaimonEndpoint, canaryStarRocksEndpoint: args.canaryStarRocksEndpoint,
      savepointDir: args.savepointDir, allowNonRestoredState: args.allowNonRestoredState,
      waits: args.waits,
      variables: pulumi.all(variables.map((v) => v.code)),
      variableRevisions: pulumi.all(variables.map((v) => pulumi.interpolate`${v.code}@${v.revision}`)).apply((r) => r.join(",")),
      appId: undefined, jobId: undefined, state: undefined, sqlVersion: undefined, previousSqlVersion: undefined,
      pendingSqlVersion: undefined, liveOptions: undefined, lastSavepoint: undefined, sqlFingerprint: undefined, liveName: undefined,
      plannedAction: undefined, savepointHistory: undefined, restoredFrom: undefined, canaryComparison: undefined,
    }, { ...opts, dependsOn });
  }
}

/** Rotates the admin password from StreamPark's shipped default to the stack's secret. */
export class StreamParkAdminPassword extends HostedResource {
  declare readonly userId: pulumi.Output<string>;
  declare readonly revision: pulumi.Output<number>;

  constructor(name: string, args: { connection: StreamParkConnection; previousPassword?: pulumi.Input<string> }, opts?: pulumi.CustomResourceOptions) {
    super("streamparkAdminPassword", "streampark", "AdminPassword", name, {
      ...connectionProps(args.connection),
      // StreamPark's shipped default (mysql-data.sql, user admin): public, not a secret.
      previousPassword: args.previousPassword ? pulumi.secret(args.previousPassword) : "streampark",
      userId: undefined, revision: undefined,
    }, opts);
  }
}

/** A Flink home registered in StreamPark (FlinkEnv); its version is read from the dist by the console. */
export class StreamParkFlinkEnvironment extends HostedResource {
  declare readonly envId: pulumi.Output<string>;
  declare readonly flinkVersion: pulumi.Output<string | null>;

  constructor(name: string, args: {
    connection: StreamParkConnection; flinkName: pulumi.Input<string>; flinkHome: pulumi.Input<string>; description?: pulumi.Input<string>;
    /** Fingerprint of the console's conf/config.yaml: a change re-reads it (`/flink/env/sync`). */
    flinkConfigFingerprint?: pulumi.Input<string>;
  }, opts?: pulumi.CustomResourceOptions) {
    super("streamparkFlinkEnvironment", "streampark", "FlinkEnvironment", name, {
      ...connectionProps(args.connection), flinkName: args.flinkName, flinkHome: args.flinkHome, description: args.description,
      flinkConfigFingerprint: args.flinkConfigFingerprint,
      envId: undefined, flinkVersion: undefined,
    }, opts);
  }
}

/** A session cluster jobs run on: remote standalone (executionMode 1, the JobManager REST address) or Kubernetes session (5). */
export class StreamParkSessionCluster extends HostedResource {
  declare readonly clusterId: pulumi.Output<string>;
  declare readonly clusterState: pulumi.Output<number | null>;

  constructor(name: string, args: {
    connection: StreamParkConnection; clusterName: pulumi.Input<string>; flinkEnvId: pulumi.Input<string>;
    /** JobManager REST address as StreamPark reaches it, e.g. http://jobmanager:8081 (no trailing slash). */
    address: pulumi.Input<string>;
    executionMode?: pulumi.Input<1 | 5>;
    /** Kubernetes session only. */
    kubernetesClusterId?: pulumi.Input<string>;
    kubernetesNamespace?: pulumi.Input<string>;
    description?: pulumi.Input<string>;
  }, opts?: pulumi.CustomResourceOptions) {
    super("streamparkSessionCluster", "streampark", "SessionCluster", name, {
      ...connectionProps(args.connection), clusterName: args.clusterName, flinkEnvId: args.flinkEnvId, address: args.address,
      executionMode: args.executionMode, kubernetesClusterId: args.kubernetesClusterId, kubernetesNamespace: args.kubernetesNamespace,
      description: args.description, clusterId: undefined, clusterState: undefined,
    }, opts);
  }
}

/** An alert configuration (AlertController, JSON bodies); jobs reference it by alertId. */
export class StreamParkAlertConfig extends HostedResource {
  declare readonly alertId: pulumi.Output<number>;

  constructor(name: string, args: { connection: StreamParkConnection; alertName: pulumi.Input<string>; channels: pulumi.Input<AlertChannels> }, opts?: pulumi.CustomResourceOptions) {
    super("streamparkAlertConfig", "streampark", "AlertConfig", name, {
      ...connectionProps(args.connection), alertName: args.alertName, channels: pulumi.secret(args.channels), alertId: undefined,
    }, opts);
  }
}

/** A desensitized StreamPark variable: SQL references it as `${code}`, StreamPark substitutes it at job start. */
export class StreamParkVariable extends HostedResource {
  declare readonly variableId: pulumi.Output<string>;
  declare readonly code: pulumi.Output<string>;
  declare readonly revision: pulumi.Output<number>;

  constructor(name: string, args: { connection: StreamParkConnection; code: pulumi.Input<string>; value: pulumi.Input<string>; description?: pulumi.Input<string> }, opts?: pulumi.CustomResourceOptions) {
    super("streamparkVariable", "streampark", "Variable", name, {
      ...connectionProps(args.connection), code: args.code, value: pulumi.secret(args.value), description: args.description,
      variableId: undefined, revision: undefined,
    }, opts);
  }
}
