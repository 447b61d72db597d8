/**
 * The state of the StreamPark 2.1.5 double: its tables (t_flink_app, t_flink_sql, t_flink_effective,
 * t_flink_savepoint, t_app_backup, t_flink_env, t_flink_cluster, t_variable, t_alert_config,
 * t_setting), the Flink session cluster it submits to, the console's local workspace, and the
 * fault hooks tests set. The endpoints live in consoleObjects.ts, applications.ts and server.ts.
 */
import { FlinkClusterDouble } from "./flinkCluster";
import type { FlinkJob } from "./flinkCluster";
import { deflateSync, inflateSync } from "zlib";
import { tracking, javaDate } from "./wire";
import type { DoubleDelays, Fault, AppRow, BackupRow, SqlRow, SavepointRow, EnvRow, ClusterRow, VariableRow, AlertRow, DoubleOptions, SenderEmail } from "./wire";

export class DoubleState {
  readonly delays: DoubleDelays;

  protected seq = 100100;

  readonly users = [{ userId: 100000, username: "admin", password: "streampark", passwordVersion: 1, lastTeamId: 100000 }];

  readonly apps = new Map<number, AppRow>();

  readonly sqls: SqlRow[] = [];

  readonly effective = new Map<number, number>(); // appId → sql id (t_flink_effective)

  readonly savepoints: SavepointRow[] = [];

  /** t_app_backup rows (ApplicationBackUpServiceImpl#backup, written by each release of a NEW SQL version). */
  readonly backups: BackupRow[] = [];

  /** The Flink session cluster the apps run on (its own REST API: `flink.url`). */
  readonly flink: FlinkClusterDouble;

  /** Paths that exist on the (pretend) savepoint storage (the Flink cluster's). */
  readonly storage: Set<string>;

  readonly envs: EnvRow[] = [];

  readonly clusters: ClusterRow[] = [];

  readonly variables: VariableRow[] = [];

  readonly alerts: AlertRow[] = [];

  /** The sender email settings (`/flink/setting/update/email`); null until set. */
  senderEmail: SenderEmail | null = null;

  /** conf/config.yaml inside the console's Flink home as it is on disk now (FlinkEnv#doSetFlinkConf reads it). */
  flinkConfOnDisk = "jobmanager.rpc.address: jobmanager\n";

  /** App ids whose build jar exists in the console's local workspace (AppBuildPipeServiceImpl writes it). */
  readonly workspace = new Set<number>();

  readonly workspaceVolume: boolean;

  readonly defaultSavepointDir: string;

  /** Addresses whose `/overview` answers (FlinkCluster#verifyClusterConnection); empty = all. */
  unreachable = new Set<string>();

  /** Fault hooks, set by tests. */
  readonly faults = {
    queue: new Map<string, Fault[]>(),
    /** A started job with this predicate true fails `failAfterMs` after each (re)start (Flink restarts it, then gives up). */
    failsAfterStart: (_app: AppRow, _sql: string): boolean => false,
    /** A RUNNING job for which this is true completes no checkpoints. */
    noCheckpoints: (_app: AppRow, _sql: string): boolean => false,
    buildFails: (_app: AppRow): string | undefined => undefined,
    /** Flink fails the stop-with-savepoint; the job keeps running (see FlinkClusterDouble). */
    savepointFails: (_app: AppRow): boolean => false,
  };

  constructor(opts: DoubleOptions = {}) {
    this.delays = { buildMs: 30, startMs: 40, cancelMs: 30, checkpointIntervalMs: 25, failAfterMs: 30, ...opts.delays };
    if (opts.adminPassword) this.users[0].password = opts.adminPassword;
    this.defaultSavepointDir = opts.defaultSavepointDir ?? "file:///flink-data/savepoints";
    this.workspaceVolume = opts.workspaceVolume ?? true;
    this.flink = new FlinkClusterDouble(this.defaultSavepointDir.replace("savepoints", "checkpoints"), {
      checkpointIntervalMs: this.delays.checkpointIntervalMs, failAfterMs: this.delays.failAfterMs,
    });
    this.storage = this.flink.storage;
    this.flink.defaultSavepointDir = this.defaultSavepointDir;
    const appOf = (job: FlinkJob) => [...this.apps.values()].find((a) => a.jobId === job.jid);
    this.flink.faults.fails = (job) => { const a = appOf(job) ?? this.appByName(job.name); return !!a && this.faults.failsAfterStart(a, job.sql); };
    this.flink.faults.noCheckpoints = (job) => { const a = appOf(job); return !!a && this.faults.noCheckpoints(a, job.sql); };
    this.flink.faults.savepointFails = (job) => { const a = appOf(job); return !!a && this.faults.savepointFails(a); };
    // CheckpointProcessor records checkpoints of the apps the watcher tracks only.
    this.flink.onCheckpoint = (job, path, chkId, at) => {
      const a = appOf(job);
      if (a && tracking(a) === 1) this.recordCheckpoint(a, path, chkId, at);
    };
  }

  appByName(name: string): AppRow | undefined {
    return [...this.apps.values()].find((a) => a.jobName === name);
  }

  sqlRows(appId: number): SqlRow[] {
    return this.sqls.filter((s) => s.appId === appId).sort((a, b) => b.version - a.version);
  }

  effectiveSql(appId: number): SqlRow | undefined {
    const id = this.effective.get(appId);
    return this.sqls.find((s) => s.id === id);
  }

  protected nextId(): number {
    return ++this.seq;
  }

  protected recordCheckpoint(a: AppRow, path: string, chkId: number, at: number): void {
    // CheckpointProcessor#saveSavepoint → SavepointServiceImpl#saveSavePoint: expire() keeps
    // num-retained (default 1) checkpoints, cleanLatest(), then save with latest=true.
    for (let i = this.savepoints.length - 1; i >= 0; i--) {
      const s = this.savepoints[i];
      if (s.appId === a.id && s.type === 1) this.savepoints.splice(i, 1);
    }
    for (const s of this.savepoints) if (s.appId === a.id) s.latest = false;
    this.savepoints.push({ id: this.nextId(), appId: a.id, chkId, latest: true, type: 1, path, triggerTime: at });
  }

  protected latestSavepoint(appId: number): SavepointRow | undefined {
    // SavepointServiceImpl#getLatest: the latest=true row, else newest trigger_time.
    const rows = this.savepoints.filter((s) => s.appId === appId);
    return rows.find((s) => s.latest) ?? rows.sort((x, y) => y.triggerTime - x.triggerTime)[0];
  }

  /** A new t_flink_sql row, candidate NEW (FlinkSqlServiceImpl#create). */
  protected newSqlVersion(appId: number, sql: string): SqlRow {
    // Only one NEW candidate is kept: an unreleased edit is replaced by the next one.
    const newCandidate = this.sqls.findIndex((s) => s.appId === appId && s.candidate === 1);
    if (newCandidate >= 0) this.sqls.splice(newCandidate, 1);
    const version = Math.max(0, ...this.sqls.filter((s) => s.appId === appId).map((s) => s.version)) + 1;
    const row = { id: this.nextId(), appId, sql: deflateSync(Buffer.from(sql, "utf8"), { level: 9 }).toString("base64"), version, candidate: 1, createTime: javaDate(Date.now()) };
    this.sqls.push(row);
    return row;
  }

  plainSql(row: SqlRow): string {
    return inflateSync(Buffer.from(row.sql, "base64")).toString("utf8");
  }
}
