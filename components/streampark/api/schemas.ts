/**
 * The shapes StreamPark 2.1.5 returns, checked with zod at the boundary. Built by a function on
 * first use, so loading the provider for a preview's check does not build them.
 * Java Longs arrive as strings (WebMvcConfig#jacksonModule), Integers as numbers.
 */

export interface SignIn { token: string; userId: string; lastTeamId: string | null }

/** `t_flink_app` as `/flink/app/get` and `/flink/app/list` serialize it (Application.java). */
export interface AppRecord {
  id: string;
  teamId: string | null;
  jobName: string;
  jobType: number | null;
  executionMode: number | null;
  versionId: string | null;
  flinkClusterId: string | null;
  state: number;
  release: number | null;
  optionState: number | null;
  jobId: string | null;
  /** base64(plain SQL) of the effective version (or the candidate if never released) — get only. */
  flinkSql: string | null;
  sqlId: string | null;
  options: string | null;
  dynamicProperties: string | null;
  restartSize: number | null;
  restartCount: number | null;
  tags: string | null;
  description: string | null;
  alertId: number | null;
  build: boolean | null;
}

/** `t_flink_sql` rows from `/flink/sql/history` (sql in storage form) and `/flink/sql/get` (base64). */
export interface SqlVersion { id: string; appId: string; sql: string; version: number; candidate: number | null; effective: boolean }

/** `t_flink_savepoint` (Savepoint.java): type 1 checkpoint, 2 savepoint, 3 sync savepoint. */
export interface SavepointRecord { id: string; appId: string; chkId: string | null; latest: boolean | null; type: number; path: string | null; triggerTime: string | null }

/** `t_app_backup` (ApplicationBackUp.java): a rollback to `sqlId` needs one of these. */
export interface BackupRecord { id: string; appId: string; sqlId: string | null; version: number | null }

export interface Page<T> { records: T[]; total: string }

export interface PipelineDetail { pipeStatus: number | null; errorSummary: string | null; hasError: boolean | null }

export interface FlinkEnvRecord { id: string; flinkName: string; flinkHome: string; version: string | null; description: string | null; isDefault: boolean | null }

export interface ClusterRecord { id: string; clusterName: string; executionMode: number; address: string | null; versionId: string | null; clusterState: number | null; description: string | null; clusterId: string | null; k8sNamespace: string | null }

export interface VariableRecord { id: string; variableCode: string; variableValue: string; description: string | null; teamId: string; desensitization: boolean | null }

export interface AlertRecord { id: number | string; alertName: string; alertType: number; userId: string | number | null }

export interface Schemas {
  signIn(v: unknown): SignIn;
  app(v: unknown): AppRecord;
  appPage(v: unknown): Page<AppRecord>;
  sqlHistory(v: unknown): SqlVersion[];
  sqlOne(v: unknown): SqlVersion;
  savepointPage(v: unknown): Page<SavepointRecord>;
  backupPage(v: unknown): Page<BackupRecord>;
  pipeline(v: unknown): PipelineDetail | null;
  envs(v: unknown): FlinkEnvRecord[];
  env(v: unknown): FlinkEnvRecord;
  clusters(v: unknown): ClusterRecord[];
  cluster(v: unknown): ClusterRecord | null;
  variables(v: unknown): VariableRecord[];
  variable(v: unknown): VariableRecord;
  alerts(v: unknown): AlertRecord[];
  int(v: unknown): number;
  bool(v: unknown): boolean;
  clusterCheck(v: unknown): { status: number; msg: string | null };
}

export function streamParkSchemas(): Schemas {
  const { z } = require("zod") as typeof import("zod");
  const long = z.union([z.string().regex(/^-?\d+$/), z.number().int()]).transform((v) => String(v));
  const optLong = long.nullable().optional().transform((v) => v ?? null);
  const optInt = z.number().int().nullable().optional().transform((v) => v ?? null);
  const optStr = z.string().nullable().optional().transform((v) => v ?? null);
  const optBool = z.boolean().nullable().optional().transform((v) => v ?? null);

  const app = z.object({
    id: long, teamId: optLong, jobName: z.string(), jobType: optInt, executionMode: optInt,
    versionId: optLong, flinkClusterId: optLong, state: z.number().int(), release: optInt,
    optionState: optInt, jobId: optStr, flinkSql: optStr, sqlId: optLong, options: optStr,
    dynamicProperties: optStr, restartSize: optInt, restartCount: optInt, tags: optStr,
    description: optStr, alertId: optInt, build: optBool,
  });
  const page = <T extends import("zod").ZodType>(rec: T) => z.object({ records: z.array(rec), total: long });
  const sql = z.object({
    id: long, appId: long, sql: z.string(), version: z.number().int(),
    candidate: optInt, effective: z.boolean().nullable().optional().transform((v) => v ?? false),
  });
  const savepoint = z.object({
    id: long, appId: long, chkId: optLong, latest: optBool, type: z.number().int(), path: optStr, triggerTime: optStr,
  });
  const env = z.object({ id: long, flinkName: z.string(), flinkHome: z.string(), version: optStr, description: optStr, isDefault: optBool });
  const cluster = z.object({
    id: long, clusterName: z.string(), executionMode: z.number().int(), address: optStr, versionId: optLong,
    clusterState: optInt, description: optStr, clusterId: optStr, k8sNamespace: optStr,
  });
  const variable = z.object({ id: long, variableCode: z.string(), variableValue: z.string(), description: optStr, teamId: long, desensitization: optBool });
  const alert = z.object({ id: z.union([z.number(), z.string()]), alertName: z.string(), alertType: z.number().int(), userId: z.union([z.string(), z.number()]).nullable().optional().transform((v) => v ?? null) });

  const parse = <T>(schema: import("zod").ZodType, what: string) => (v: unknown): T => {
    const r = schema.safeParse(v);
    if (!r.success) {
      const issue = r.error.issues[0];
      throw new Error(`StreamPark returned an unexpected ${what}: ${issue ? `${issue.path.join(".") || "(root)"}: ${issue.message}` : "invalid"}`);
    }
    return r.data as T;
  };
  return {
    signIn: parse<SignIn>(z.object({
      token: z.string().min(1),
      user: z.object({ userId: long, lastTeamId: optLong }),
    }).transform((d) => ({ token: d.token, userId: d.user.userId, lastTeamId: d.user.lastTeamId })), "sign-in response"),
    app: parse<AppRecord>(app, "application"),
    appPage: parse<Page<AppRecord>>(page(app), "application page"),
    sqlHistory: parse<SqlVersion[]>(z.array(sql), "SQL history"),
    sqlOne: parse<SqlVersion>(sql, "SQL version"),
    savepointPage: parse<Page<SavepointRecord>>(page(savepoint), "savepoint page"),
    backupPage: parse<Page<BackupRecord>>(page(z.object({ id: long, appId: long, sqlId: optLong, version: optInt })), "backup page"),
    pipeline: parse<PipelineDetail | null>(z.object({
      pipeline: z.object({ pipeStatus: optInt, errorSummary: optStr, hasError: optBool }).nullable().optional(),
    }).nullable().transform((d) => d?.pipeline ?? null), "build pipeline"),
    envs: parse<FlinkEnvRecord[]>(z.array(env), "Flink environment list"),
    env: parse<FlinkEnvRecord>(env, "Flink environment"),
    clusters: parse<ClusterRecord[]>(z.array(cluster), "cluster list"),
    cluster: parse<ClusterRecord | null>(cluster.nullable(), "cluster"),
    variables: parse<VariableRecord[]>(z.array(variable), "variable list"),
    variable: parse<VariableRecord>(variable, "variable"),
    alerts: parse<AlertRecord[]>(z.array(alert), "alert list"),
    int: parse<number>(z.number().int(), "number"),
    bool: parse<boolean>(z.boolean(), "boolean"),
    clusterCheck: parse<{ status: number; msg: string | null }>(z.object({ status: z.number().int(), msg: optStr }), "cluster check"),
  };
}
