/**
 * Types and wire helpers of the StreamPark 2.1.5 double: the RestResponse envelope
 * (SVC/base/domain/RestResponse.java), GlobalExceptionHandler's failure shapes, Longs as strings
 * (WebMvcConfig#jacksonModule), dates as Jackson writes them, and the table rows it keeps.
 * SVC = streampark-console/streampark-console-service/src/main/java/org/apache/streampark/console/
 */
export interface DoubleDelays {
  buildMs: number;
  startMs: number;
  cancelMs: number;
  /** Time between completed checkpoints of a RUNNING job. */
  checkpointIntervalMs: number;
  /** After a failing job reaches RUNNING, how long until it goes FAILED. */
  failAfterMs: number;
}

export type FaultKind = "http500" | "http502" | "timeout" | "reset";

export interface Fault {
  kind: FaultKind;
  /** Apply the request first, then fail the answer (a lost response). */
  afterHandling?: boolean;
}

export interface AppRow {
  id: number;
  teamId: number;
  jobType: number | null;
  appType: number | null;
  jobName: string;
  executionMode: number | null;
  versionId: number | null;
  flinkClusterId: number | null;
  options: string | null;
  dynamicProperties: string | null;
  args: string | null;
  restartSize: number | null;
  restartCount: number;
  alertId: number | null;
  tags: string | null;
  description: string | null;
  resolveOrder: number | null;
  state: number;
  release: number;
  optionState: number;
  build: boolean;
  jobId: string | null;
  userId: number;
  built: boolean;
  pipeline?: { status: number; error: string | null };
  /** SQL the job was submitted with, after variable substitution (what Flink got). */
  submittedSql?: string;
  restoredFrom?: string | null;
  runningSince?: number;
  nextChkId: number;
  createTime: string;
}

/** Application#shouldTracking: the watcher follows only apps in these states (tracking = 1). */
const NOT_TRACKED = [0, 2, 10, 7, 9, -9, 18, 19, 13];
export function tracking(a: AppRow): 0 | 1 {
  return NOT_TRACKED.includes(a.state) ? 0 : 1;
}
export interface BackupRow { id: number; appId: number; sqlId: number | null; version: number; createTime: string }

export interface SqlRow { id: number; appId: number; sql: string; version: number; candidate: number; createTime: string }
export interface SavepointRow { id: number; appId: number; chkId: number | null; latest: boolean; type: number; path: string; triggerTime: number }
export interface EnvRow { id: number; flinkName: string; flinkHome: string; description: string | null; version: string; isDefault: boolean; flinkConf: string }
export interface ClusterRow { id: number; clusterName: string; executionMode: number; versionId: number | null; address: string | null; description: string | null; clusterState: number; clusterId: string | null; k8sNamespace: string | null; userId: number }
export interface VariableRow { id: number; variableCode: string; variableValue: string; description: string | null; teamId: number; desensitization: boolean | null; creatorId: number }
export interface AlertRow { id: number; alertName: string; alertType: number; userId: number; emailParams: string | null; dingTalkParams: string | null; weComParams: string | null; httpCallbackParams: string | null; larkParams: string | null }

export interface TokenInfo { userId: number; epoch: number; passwordVersion: number }

export class HttpReply {
  constructor(readonly status: number, readonly body: string, readonly contentType = "application/json") {}
}

/** Java Long → JSON string (WebMvcConfig#jacksonModule); null stays null. */
export function L(v: number | null | undefined): string | null {
  return v === null || v === undefined ? null : String(v);
}

export function javaDate(ms: number): string {
  // spring.jackson.date-format yyyy-MM-dd HH:mm:ss, GMT+8 (SpringProperties#getSpringConfig)
  return new Date(ms + 8 * 3600_000).toISOString().replace("T", " ").slice(0, 19);
}

export const ok = (data?: unknown) => new HttpReply(200, JSON.stringify(data === undefined ? { status: "success", code: "200" } : { status: "success", code: "200", data }));
/** ApiAlertException → HTTP 500, code "501" (GlobalExceptionHandler). */
export const alert = (message: string) => new HttpReply(500, JSON.stringify({ status: "error", code: "501", message, data: null }));
/** ApiDetailException → 500, code "502". */
export const detail = (message: string) => new HttpReply(500, JSON.stringify({ status: "error", code: "502", message: `Detail exception: \n${message}`, data: null }));
/** Any other exception (NPE...) → 500, code "500", message with a stack trace. */
export const internal = (e: string) => new HttpReply(500, JSON.stringify({ status: "error", code: "500", message: `internal server error: ${e}\n\tat org.apache.streampark.console...`, data: null }));
/** BindException / validation → 400, code "500". */
export const badRequest = (message: string) => new HttpReply(400, JSON.stringify({ status: "error", code: "500", message, data: null }));

export const CAN_BE_STARTED = [0, 2, 7, 9, 10, 13, 18, 19, 20, -9]; // Application#isCanBeStart

/** Endpoints that change nothing (reads, checks, sign-in): everything else counts as mutating. */
export const READ_ONLY = new Set([
  "/passport/signin", "/flink/app/list", "/flink/app/get", "/flink/app/checkName", "/flink/pipe/detail",
  "/flink/sql/history", "/flink/sql/get", "/flink/savepoint/history", "/flink/env/list", "/flink/env/get",
  "/flink/env/check", "/flink/cluster/list", "/flink/cluster/get", "/flink/cluster/check", "/variable/list",
  "/variable/check/code", "/variable/showOriginal", "/flink/alert/exists", "/flink/alert/get",
  "/flink/alert/listWithOutPage", "/flink/app/backups",
]);

export interface DoubleOptions {
  delays?: Partial<DoubleDelays>;
  adminPassword?: string;
  /** The cluster's state.savepoints.dir, used when cancel gets no savepointPath. */
  defaultSavepointDir?: string;
  /**
   * Whether the console's workspace (streampark.workspace.local, /tmp/streampark in the shipped
   * conf/config.yaml) is on a volume that survives a replaced console container. Default true.
   */
  workspaceVolume?: boolean;
}

/** t_setting keys of the sender email (SettingService.KEY_ALERT_EMAIL_*, SenderEmail.java). */
export interface SenderEmail { host: string; port: number; from: string; userName: string; password: string; ssl: boolean }
