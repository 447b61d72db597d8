/**
 * An in-repo HTTP double of the StreamPark 2.1.5 console REST API, for tests and the benchmark.
 * It follows the contract read from StreamPark's source (apache/incubator-streampark at tag v2.1.5,
 * commit ae5b84bc7c164460047566b0dd8864d135200ac2): form bodies (JSON only for the alert endpoints), Longs as strings, business errors
 * as HTTP 500 with code "501", an empty-body 401 from the auth filter, create without id, async
 * build/start/cancel, SQL versions with candidates and rollback, savepoint/checkpoint history,
 * and variables substituted into Flink SQL at start. Each endpoint names its source file.
 * Source paths: SVC = streampark-console/streampark-console-service/src/main/java/org/apache/streampark/console/
 *
 * Faults: 5xx and timeouts per endpoint, a job that fails after start, builds that fail,
 * savepoints that fail, a console restart that invalidates every sign-in token.
 * Time runs on real (short) delays; state advances lazily on each request.
 */
import * as http from "http";
import { AddressInfo } from "net";
import { randomBytes } from "crypto";
import { deflateSync } from "zlib";

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
  lastCheckpointAt?: number;
  nextChkId: number;
  failAt?: number;
  createTime: string;
}

export interface SqlRow { id: number; appId: number; sql: string; version: number; candidate: number; createTime: string }
export interface SavepointRow { id: number; appId: number; chkId: number | null; latest: boolean; type: number; path: string; triggerTime: number }
export interface EnvRow { id: number; flinkName: string; flinkHome: string; description: string | null; version: string; isDefault: boolean }
export interface ClusterRow { id: number; clusterName: string; executionMode: number; versionId: number | null; address: string | null; description: string | null; clusterState: number; clusterId: string | null; k8sNamespace: string | null; userId: number }
export interface VariableRow { id: number; variableCode: string; variableValue: string; description: string | null; teamId: number; desensitization: boolean | null; creatorId: number }
export interface AlertRow { id: number; alertName: string; alertType: number; userId: number; emailParams: string | null; dingTalkParams: string | null; weComParams: string | null; httpCallbackParams: string | null; larkParams: string | null }

interface TokenInfo { userId: number; epoch: number; passwordVersion: number }

class HttpReply {
  constructor(readonly status: number, readonly body: string, readonly contentType = "application/json") {}
}

/** Java Long → JSON string (WebMvcConfig#jacksonModule); null stays null. */
function L(v: number | null | undefined): string | null {
  return v === null || v === undefined ? null : String(v);
}

function javaDate(ms: number): string {
  // spring.jackson.date-format yyyy-MM-dd HH:mm:ss, GMT+8 (SpringProperties#getSpringConfig)
  return new Date(ms + 8 * 3600_000).toISOString().replace("T", " ").slice(0, 19);
}

const ok = (data?: unknown) => new HttpReply(200, JSON.stringify(data === undefined ? { status: "success", code: "200" } : { status: "success", code: "200", data }));
/** ApiAlertException → HTTP 500, code "501" (GlobalExceptionHandler). */
const alert = (message: string) => new HttpReply(500, JSON.stringify({ status: "error", code: "501", message, data: null }));
/** ApiDetailException → 500, code "502". */
const detail = (message: string) => new HttpReply(500, JSON.stringify({ status: "error", code: "502", message: `Detail exception: \n${message}`, data: null }));
/** Any other exception (NPE...) → 500, code "500", message with a stack trace. */
const internal = (e: string) => new HttpReply(500, JSON.stringify({ status: "error", code: "500", message: `internal server error: ${e}\n\tat org.apache.streampark.console...`, data: null }));
/** BindException / validation → 400, code "500". */
const badRequest = (message: string) => new HttpReply(400, JSON.stringify({ status: "error", code: "500", message, data: null }));

const CAN_BE_STARTED = [0, 2, 7, 9, 10, 13, 18, 19, 20, -9]; // Application#isCanBeStart

/** Endpoints that change nothing (reads, checks, sign-in): everything else counts as mutating. */
const READ_ONLY = new Set([
  "/passport/signin", "/flink/app/list", "/flink/app/get", "/flink/app/checkName", "/flink/pipe/detail",
  "/flink/sql/history", "/flink/sql/get", "/flink/savepoint/history", "/flink/env/list", "/flink/env/get",
  "/flink/env/check", "/flink/cluster/list", "/flink/cluster/get", "/flink/cluster/check", "/variable/list",
  "/variable/check/code", "/variable/showOriginal", "/flink/alert/exists", "/flink/alert/get",
  "/flink/alert/listWithOutPage",
]);

export interface DoubleOptions {
  delays?: Partial<DoubleDelays>;
  adminPassword?: string;
  /** The cluster's state.savepoints.dir, used when cancel gets no savepointPath. */
  defaultSavepointDir?: string;
}

export class StreamParkDouble {
  readonly delays: DoubleDelays;
  url = "";
  private server?: http.Server;
  private epoch = 1;
  private seq = 100100;
  private readonly tokens = new Map<string, TokenInfo>();
  private readonly hanging = new Set<http.ServerResponse>();
  readonly users = [{ userId: 100000, username: "admin", password: "streampark", passwordVersion: 1, lastTeamId: 100000 }];
  readonly apps = new Map<number, AppRow>();
  readonly sqls: SqlRow[] = [];
  readonly effective = new Map<number, number>(); // appId → sql id (t_flink_effective)
  readonly savepoints: SavepointRow[] = [];
  /** Paths that exist on the (pretend) savepoint storage. */
  readonly storage = new Set<string>();
  readonly envs: EnvRow[] = [];
  readonly clusters: ClusterRow[] = [];
  readonly variables: VariableRow[] = [];
  readonly alerts: AlertRow[] = [];
  /** Every request: method, path, and whether it was answered 2xx. */
  readonly calls: { method: string; path: string; status: number }[] = [];
  readonly defaultSavepointDir: string;
  /** Addresses whose `/overview` answers (FlinkCluster#verifyClusterConnection); empty = all. */
  unreachable = new Set<string>();

  /** Fault hooks, set by tests. */
  readonly faults = {
    queue: new Map<string, Fault[]>(),
    /** A started job with this predicate true goes FAILED `failAfterMs` after reaching RUNNING. */
    failsAfterStart: (_app: AppRow, _sql: string): boolean => false,
    /** A RUNNING job for which this is true completes no checkpoints. */
    noCheckpoints: (_app: AppRow, _sql: string): boolean => false,
    buildFails: (_app: AppRow): string | undefined => undefined,
    savepointFails: (_app: AppRow): boolean => false,
  };

  constructor(opts: DoubleOptions = {}) {
    this.delays = { buildMs: 30, startMs: 40, cancelMs: 30, checkpointIntervalMs: 25, failAfterMs: 30, ...opts.delays };
    if (opts.adminPassword) this.users[0].password = opts.adminPassword;
    this.defaultSavepointDir = opts.defaultSavepointDir ?? "file:///flink-data/savepoints";
  }

  /** Inject `times` faults on the next calls to a path. */
  fail(path: string, fault: Fault, times = 1): void {
    const q = this.faults.queue.get(path) ?? [];
    for (let i = 0; i < times; i++) q.push(fault);
    this.faults.queue.set(path, q);
  }

  /** A console restart: sign-in tokens issued before it are refused (ShiroRealm vs StartedUpRunner timestamp). */
  restartConsole(): void {
    this.epoch++;
    // OptionState is reset for all apps at boot (ApplicationServiceImpl#resetOptionState).
    for (const a of this.apps.values()) a.optionState = 0;
  }

  mutatingCalls(): { method: string; path: string }[] {
    return this.calls.filter((c) => !READ_ONLY.has(c.path));
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

  /** Stop a job as an operator would from the UI, without a savepoint. */
  stopByHand(appId: number): void {
    this.tick();
    const a = this.apps.get(appId)!;
    a.state = 9;
    a.optionState = 0;
    a.runningSince = undefined;
    a.failAt = undefined;
  }

  /** Edit a job's SQL in the UI (a new candidate version, effective at the next start). */
  editSqlByHand(appId: number, sql: string): void {
    this.newSqlVersion(appId, sql);
    this.apps.get(appId)!.release = 1;
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, "127.0.0.1", r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const r of this.hanging) r.destroy();
    this.hanging.clear();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
    this.server?.closeAllConnections?.();
  }

  private nextId(): number {
    return ++this.seq;
  }

  // ---------------------------------------------------------------- time

  /** Advance checkpoints, failures and auto-restarts to now. */
  tick(): void {
    const now = Date.now();
    for (const a of this.apps.values()) {
      if (a.state === 5 && a.failAt !== undefined && now >= a.failAt) {
        a.state = 7;
        a.runningSince = undefined;
        a.failAt = undefined;
        // Auto-restart from the latest savepoint (ApplicationServiceImpl#start(auto=true), restartSize).
        if ((a.restartSize ?? 0) > 0 && a.restartCount < (a.restartSize ?? 0)) {
          a.restartCount++;
          const latest = this.latestSavepoint(a.id);
          this.launch(a, latest?.path ?? null);
        }
      }
      if (a.state === 5 && a.runningSince !== undefined && !this.faults.noCheckpoints(a, a.submittedSql ?? "")) {
        const interval = this.delays.checkpointIntervalMs;
        while (now - (a.lastCheckpointAt ?? a.runningSince) >= interval) {
          a.lastCheckpointAt = (a.lastCheckpointAt ?? a.runningSince) + interval;
          this.recordCheckpoint(a, a.lastCheckpointAt);
        }
      }
    }
  }

  private recordCheckpoint(a: AppRow, at: number): void {
    const chkId = a.nextChkId++;
    const path = `${this.defaultSavepointDir.replace("savepoints", "checkpoints")}/${a.jobId}/chk-${chkId}`;
    this.storage.add(path);
    // CheckpointProcessor#saveSavepoint → SavepointServiceImpl#saveSavePoint: expire() keeps
    // num-retained (default 1) checkpoints, cleanLatest(), then save with latest=true.
    for (let i = this.savepoints.length - 1; i >= 0; i--) {
      const s = this.savepoints[i];
      if (s.appId === a.id && s.type === 1) this.savepoints.splice(i, 1);
    }
    for (const s of this.savepoints) if (s.appId === a.id) s.latest = false;
    this.savepoints.push({ id: this.nextId(), appId: a.id, chkId, latest: true, type: 1, path, triggerTime: at });
  }

  private latestSavepoint(appId: number): SavepointRow | undefined {
    // SavepointServiceImpl#getLatest: the latest=true row, else newest trigger_time.
    const rows = this.savepoints.filter((s) => s.appId === appId);
    return rows.find((s) => s.latest) ?? rows.sort((x, y) => y.triggerTime - x.triggerTime)[0];
  }

  private launch(a: AppRow, restoreFrom: string | null): void {
    a.state = 3;
    a.optionState = 3;
    a.restoredFrom = restoreFrom;
    const sql = a.submittedSql ?? "";
    setTimeout(() => {
      if (a.state !== 3 || !this.apps.has(a.id)) return;
      // Flink refuses to restore from a path that does not exist: the job fails.
      if (restoreFrom && !this.storage.has(restoreFrom)) {
        a.state = 7;
        a.optionState = 0;
        return;
      }
      a.state = 5;
      a.optionState = 0;
      a.release = 0; // a successful start marks the release DONE (ApplicationServiceImpl#start)
      a.jobId = randomBytes(16).toString("hex");
      a.runningSince = Date.now();
      a.lastCheckpointAt = undefined;
      a.failAt = this.faults.failsAfterStart(a, sql) ? Date.now() + this.delays.failAfterMs : undefined;
    }, this.delays.startMs);
  }

  // ---------------------------------------------------------------- HTTP

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const u = new URL(req.url ?? "/", "http://double");
    const path = u.pathname;
    const method = req.method ?? "GET";
    const fault = this.faults.queue.get(path)?.shift();
    const send = (r: HttpReply) => {
      this.calls.push({ method, path, status: r.status });
      if (r.status === 401) {
        res.writeHead(401); // sendChallenge: empty body, WWW-Authenticate nulled (JWTFilter)
        res.end();
        return;
      }
      res.writeHead(r.status, { "Content-Type": r.contentType });
      res.end(r.body);
    };
    const applyFault = (f: Fault) => {
      this.calls.push({ method, path, status: 0 });
      if (f.kind === "http500") {
        res.writeHead(500, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ status: "error", code: "500", message: "internal server error: java.sql.SQLTransientConnectionException", data: null }));
      } else if (f.kind === "http502") {
        res.writeHead(502, { "Content-Type": "text/html" });
        res.end("<html><body>502 Bad Gateway</body></html>");
      } else if (f.kind === "reset") {
        req.socket.destroy();
      } else {
        this.hanging.add(res); // never answer: the client's timeout must fire
      }
    };
    if (fault && !fault.afterHandling) return applyFault(fault);
    this.tick();
    let reply: HttpReply;
    try {
      reply = this.route(method, path, u.searchParams, raw, String(req.headers["content-type"] ?? ""), req.headers.authorization);
    } catch (e) {
      reply = internal(String((e as Error).message));
    }
    if (fault) return applyFault(fault);
    send(reply);
  }

  private route(method: string, path: string, query: URLSearchParams, raw: string, contentType: string, auth: string | undefined): HttpReply {
    // Form params bind from the body (x-www-form-urlencoded) or the query string; JSON binds nothing.
    const form = new URLSearchParams(query);
    if (contentType.includes("application/x-www-form-urlencoded")) {
      for (const [k, v] of new URLSearchParams(raw)) form.append(k, v);
    }
    const json = contentType.includes("application/json") && raw ? JSON.parse(raw) as Record<string, unknown> : undefined;
    const p = (k: string) => form.get(k) ?? undefined;

    if (path === "/passport/signin") return this.signIn(method, p);
    if (path.startsWith("/actuator")) return new HttpReply(200, JSON.stringify({ status: "UP" }));

    // JWTFilter: every other path needs a valid token; failure = 401 with an empty body.
    const user = this.authenticate(auth);
    if (!user) return new HttpReply(401, "");

    const expect = (m: string) => {
      if (method !== m) throw new Error(`Request method '${method}' not supported`);
    };
    const handlers: Record<string, () => HttpReply> = {
      "/user/password": () => { expect("PUT"); return this.changePassword(user, p); },
      "/flink/env/list": () => { expect("POST"); return ok(this.envs.map((e) => this.renderEnv(e))); },
      "/flink/env/check": () => this.envCheck(p),
      "/flink/env/create": () => this.envCreate(p),
      "/flink/env/get": () => {
        const e = this.envs.find((x) => x.id === Number(p("id")));
        if (!e) return internal("java.lang.NullPointerException"); // FlinkEnvServiceImpl: NPE on missing id
        return ok(this.renderEnv(e));
      },
      "/flink/env/update": () => this.envUpdate(p),
      "/flink/env/delete": () => this.envDelete(p),
      "/flink/cluster/check": () => this.clusterCheck(p),
      "/flink/cluster/create": () => this.clusterCreate(p, user),
      "/flink/cluster/update": () => this.clusterUpdate(p),
      "/flink/cluster/get": () => ok(this.clusters.find((c) => c.id === Number(p("id"))) ? this.renderCluster(this.clusters.find((c) => c.id === Number(p("id")))!) : null),
      "/flink/cluster/list": () => ok(this.clusters.map((c) => this.renderCluster(c))),
      "/flink/cluster/delete": () => this.clusterDelete(p),
      "/flink/app/checkName": () => this.checkName(p),
      "/flink/app/create": () => this.appCreate(p, user),
      "/flink/app/list": () => this.appList(p),
      "/flink/app/get": () => this.appGet(p),
      "/flink/app/update": () => this.appUpdate(p),
      "/flink/pipe/build": () => this.build(p),
      "/flink/pipe/detail": () => this.pipeDetail(p),
      "/flink/app/start": () => this.appStart(p),
      "/flink/app/cancel": () => this.appCancel(p),
      "/flink/app/delete": () => this.appDelete(p),
      "/flink/sql/history": () => this.sqlHistory(p),
      "/flink/sql/get": () => this.sqlGet(p),
      "/flink/sql/delete": () => this.sqlDelete(p),
      "/flink/savepoint/history": () => this.savepointHistory(p),
      "/variable/list": () => this.variableList(p),
      "/variable/check/code": () => this.variableCheck(p),
      "/variable/post": () => { expect("POST"); return this.variablePost(p, user); },
      "/variable/update": () => { expect("PUT"); return this.variableUpdate(p); },
      "/variable/delete": () => { expect("DELETE"); return this.variableDelete(p); },
      "/variable/showOriginal": () => {
        const v = this.variables.find((x) => x.id === Number(p("id")));
        return ok(v ? this.renderVariable(v, false) : null);
      },
      "/flink/alert/add": () => this.alertAdd(json, user),
      "/flink/alert/exists": () => ok(this.alerts.some((a) => a.alertName === json?.alertName)),
      "/flink/alert/update": () => this.alertUpdate(json),
      "/flink/alert/get": () => {
        const a = this.alerts.find((x) => x.id === Number(json?.id));
        return ok(a ? this.renderAlert(a, true) : null);
      },
      "/flink/alert/listWithOutPage": () => ok(this.alerts.map((a) => this.renderAlert(a, false))),
      "/flink/alert/delete": () => { expect("DELETE"); return this.alertDelete(p); },
    };
    const h = handlers[path];
    if (!h) {
      // Spring Boot's default /error JSON, not a RestResponse.
      return new HttpReply(404, JSON.stringify({ timestamp: new Date().toISOString(), status: 404, error: "Not Found", path }));
    }
    if (path !== "/user/password" && !path.startsWith("/variable/update") && !path.startsWith("/variable/delete") && path !== "/flink/alert/delete" && method !== "POST") {
      return internal(`Request method '${method}' not supported`);
    }
    return h();
  }

  // ------------------------------------------------------------ auth
  // SVC/system/controller/PassportController.java, SVC/system/security/impl/AuthenticatorImpl.java

  private signIn(method: string, p: (k: string) => string | undefined): HttpReply {
    if (method !== "POST") return internal(`Request method '${method}' not supported`);
    const username = p("username");
    if (!username) return new HttpReply(200, JSON.stringify({ status: "success", code: 0 }));
    if (!p("loginType")) return alert("the login type is null.");
    const u = this.users.find((x) => x.username === username);
    if (!u || p("loginType") !== "PASSWORD") return alert(`user [${username}] does not exist or can not login with PASSWORD`);
    if (u.password !== p("password")) return new HttpReply(200, JSON.stringify({ status: "success", code: 0 }));
    const token = randomBytes(24).toString("base64");
    this.tokens.set(token, { userId: u.userId, epoch: this.epoch, passwordVersion: u.passwordVersion });
    // No status/code keys: built with new RestResponse() (an empty map).
    return new HttpReply(200, JSON.stringify({
      data: {
        token, expire: javaDate(Date.now() + 2 * 3600_000),
        user: { id: randomBytes(10).toString("hex"), userId: L(u.userId), username: u.username, password: "********", salt: "********", lastTeamId: L(u.lastTeamId), userType: "ADMIN", loginType: "PASSWORD" },
        permissions: ["app:create", "app:update", "app:delete", "app:view"],
      },
    }));
  }

  private authenticate(auth: string | undefined): { userId: number } | undefined {
    if (!auth) return undefined;
    const t = this.tokens.get(auth);
    if (!t) return undefined;
    const u = this.users.find((x) => x.userId === t.userId);
    // ShiroRealm: tokens from before the last start, or signed with an old password hash, are refused.
    if (!u || t.epoch !== this.epoch || t.passwordVersion !== u.passwordVersion) return undefined;
    return { userId: u.userId };
  }

  /** SVC/system/controller/UserController.java#updatePassword → UserServiceImpl#updatePassword. */
  private changePassword(_user: { userId: number }, p: (k: string) => string | undefined): HttpReply {
    const u = this.users.find((x) => x.userId === Number(p("userId")));
    if (!u) return alert("User is null. Update password failed.");
    if (u.password !== p("oldPassword")) return alert("Old password error. Update password failed.");
    u.password = p("password") ?? "";
    u.passwordVersion++;
    return ok();
  }

  // ------------------------------------------------------------ Flink environments
  // SVC/core/controller/FlinkEnvController.java, SVC/core/service/impl/FlinkEnvServiceImpl.java

  private renderEnv(e: EnvRow) {
    return { id: L(e.id), flinkName: e.flinkName, flinkHome: e.flinkHome, description: e.description, version: e.version, scalaVersion: "2.12", isDefault: e.isDefault, flinkConf: deflateSync(Buffer.from("jobmanager.rpc.address: jobmanager\n")).toString("base64"), createTime: javaDate(Date.now()) };
  }

  private envInUse(id: number): boolean {
    return [...this.apps.values()].some((a) => a.versionId === id) || this.clusters.some((c) => c.versionId === id);
  }

  private envCheck(p: (k: string) => string | undefined): HttpReply {
    const id = p("id") ? Number(p("id")) : undefined;
    if (this.envs.some((e) => e.flinkName === p("flinkName") && e.id !== id)) return ok(1);
    if (!p("flinkHome")?.startsWith("/")) return ok(-1);
    return ok(0);
  }

  private envCreate(p: (k: string) => string | undefined): HttpReply {
    const name = p("flinkName");
    const home = p("flinkHome");
    if (!home?.startsWith("/")) return detail(`java.io.FileNotFoundException: ${home}/lib`);
    if (this.envs.some((e) => e.flinkName === name)) return detail("Duplicate entry for key 'un_env_name'");
    this.envs.push({ id: this.nextId(), flinkName: name ?? "", flinkHome: home, description: p("description") ?? null, version: "1.20.1", isDefault: this.envs.length === 0 });
    return ok(true);
  }

  private envUpdate(p: (k: string) => string | undefined): HttpReply {
    const e = this.envs.find((x) => x.id === Number(p("id")));
    if (!e) return alert("The flink home does not exist, please check.");
    if (this.envInUse(e.id)) return alert("The flink home is still in use by some application/flink cluster, please check.");
    e.flinkName = p("flinkName") ?? e.flinkName;
    e.flinkHome = p("flinkHome") ?? e.flinkHome;
    e.description = p("description") ?? null;
    return ok(true);
  }

  private envDelete(p: (k: string) => string | undefined): HttpReply {
    const i = this.envs.findIndex((x) => x.id === Number(p("id")));
    if (i < 0) return alert("The flink home does not exist, please check.");
    if (this.envInUse(this.envs[i].id)) return alert("The flink home is still in use by some application/flink cluster, please check.");
    if (this.envs[i].isDefault && this.envs.length > 1) return alert("The flink home is set as default, please change it first.");
    this.envs.splice(i, 1);
    return ok();
  }

  // ------------------------------------------------------------ clusters
  // SVC/core/controller/FlinkClusterController.java, SVC/core/service/impl/FlinkClusterServiceImpl.java

  private renderCluster(c: ClusterRow) {
    return {
      id: L(c.id), clusterName: c.clusterName, executionMode: c.executionMode, versionId: L(c.versionId), address: c.address,
      description: c.description, clusterState: c.clusterState, clusterId: c.clusterId, k8sNamespace: c.k8sNamespace,
      userId: L(c.userId), options: null, dynamicProperties: null, resolveOrder: 0,
      executionModeEnum: c.executionMode === 1 ? "REMOTE" : "KUBERNETES_NATIVE_SESSION", clusterStateEnum: c.clusterState === 1 ? "STARTED" : "CREATED",
    };
  }

  private clusterCheck(p: (k: string) => string | undefined): HttpReply {
    const id = p("id") ? Number(p("id")) : undefined;
    if (this.clusters.some((c) => c.clusterName === p("clusterName") && c.id !== id)) return ok({ status: 1, msg: "the cluster name is already exists", result: null });
    if (Number(p("executionMode")) === 1 && this.unreachable.has(p("address") ?? "")) {
      return ok({ status: 3, msg: "the remote cluster connection failed, please check!", result: null });
    }
    return ok({ status: 0, msg: null, result: null });
  }

  private clusterCreate(p: (k: string) => string | undefined, user: { userId: number }): HttpReply {
    const mode = Number(p("executionMode"));
    this.clusters.push({
      id: this.nextId(), clusterName: p("clusterName") ?? "", executionMode: mode, versionId: p("versionId") ? Number(p("versionId")) : null,
      address: p("address") ?? null, description: p("description") ?? null,
      clusterState: mode === 1 ? 1 : 0, clusterId: p("clusterId") ?? null, k8sNamespace: p("k8sNamespace") ?? null, userId: user.userId,
    });
    return ok(true);
  }

  private clusterUpdate(p: (k: string) => string | undefined): HttpReply {
    const c = this.clusters.find((x) => x.id === Number(p("id")));
    if (!c) return internal("java.lang.NullPointerException");
    // REMOTE: only clusterName, description, address are updated.
    c.clusterName = p("clusterName") ?? c.clusterName;
    c.description = p("description") ?? null;
    c.address = p("address") ?? c.address;
    if (c.executionMode !== 1) {
      c.clusterId = p("clusterId") ?? c.clusterId;
      c.versionId = p("versionId") ? Number(p("versionId")) : c.versionId;
    }
    return ok();
  }

  private clusterDelete(p: (k: string) => string | undefined): HttpReply {
    const i = this.clusters.findIndex((x) => x.id === Number(p("id")));
    if (i < 0) return alert("flink cluster not exist, please check.");
    if ([...this.apps.values()].some((a) => a.flinkClusterId === this.clusters[i].id)) return alert("some app on this cluster, the cluster cannot be delete, please check.");
    this.clusters.splice(i, 1);
    return ok();
  }

  // ------------------------------------------------------------ applications
  // SVC/core/controller/ApplicationController.java, SVC/core/service/impl/ApplicationServiceImpl.java

  private checkName(p: (k: string) => string | undefined): HttpReply {
    const name = p("jobName");
    if (name === undefined) return internal("java.lang.NullPointerException");
    const id = p("id") ? Number(p("id")) : undefined;
    if (!/^[.\u4e00-\u9fa5A-Za-z\d_\-\s]+$/.test(name) || !/^\S+(\s\S+)*$/.test(name)) return ok(4);
    if ([...this.apps.values()].some((a) => a.jobName === name && a.id !== id)) return ok(1);
    return ok(0);
  }

  private appCreate(p: (k: string) => string | undefined, user: { userId: number }): HttpReply {
    if (!p("teamId")) return alert("The teamId can't be null. Create application failed.");
    const id = this.nextId();
    const num = (k: string) => (p(k) !== undefined && p(k) !== "" ? Number(p(k)) : null);
    this.apps.set(id, {
      id, teamId: Number(p("teamId")), jobType: num("jobType"), appType: num("appType"), jobName: p("jobName") ?? "",
      executionMode: num("executionMode"), versionId: num("versionId"), flinkClusterId: num("flinkClusterId"),
      options: p("options") ?? null, dynamicProperties: p("dynamicProperties") ?? null, args: p("args") ?? null,
      restartSize: num("restartSize"), restartCount: 0, alertId: num("alertId"), tags: p("tags") ?? null,
      description: p("description") ?? null, resolveOrder: num("resolveOrder"),
      state: 0, release: 1, optionState: 0, build: true, jobId: null, userId: user.userId, built: false,
      nextChkId: 1, createTime: javaDate(Date.now()),
    });
    if (p("flinkSql") !== undefined) this.newSqlVersion(id, p("flinkSql") ?? "");
    return ok(true);
  }

  /** A new t_flink_sql row, candidate NEW (FlinkSqlServiceImpl#create). */
  private newSqlVersion(appId: number, sql: string): SqlRow {
    // Only one NEW candidate is kept: an unreleased edit is replaced by the next one.
    const newCandidate = this.sqls.findIndex((s) => s.appId === appId && s.candidate === 1);
    if (newCandidate >= 0) this.sqls.splice(newCandidate, 1);
    const version = Math.max(0, ...this.sqls.filter((s) => s.appId === appId).map((s) => s.version)) + 1;
    const row = { id: this.nextId(), appId, sql: deflateSync(Buffer.from(sql, "utf8"), { level: 9 }).toString("base64"), version, candidate: 1, createTime: javaDate(Date.now()) };
    this.sqls.push(row);
    return row;
  }

  plainSql(row: SqlRow): string {
    return require("zlib").inflateSync(Buffer.from(row.sql, "base64")).toString("utf8");
  }

  private renderApp(a: AppRow, withSql: boolean) {
    // Application#isStreamParkJob unboxes appType during serialization: null → NPE → HTTP 500.
    if (a.appType === null) throw new Error("java.lang.NullPointerException at Application.isStreamParkJob");
    const out: Record<string, unknown> = {
      id: L(a.id), teamId: L(a.teamId), jobType: a.jobType, appType: a.appType, jobName: a.jobName, executionMode: a.executionMode,
      versionId: L(a.versionId), flinkClusterId: L(a.flinkClusterId), options: a.options, dynamicProperties: a.dynamicProperties,
      args: a.args, restartSize: a.restartSize, restartCount: a.restartCount, alertId: a.alertId, tags: a.tags, description: a.description,
      resolveOrder: a.resolveOrder, state: a.state, release: a.release, optionState: a.optionState, build: a.build, jobId: a.jobId,
      userId: L(a.userId), k8sNamespace: "default", tracking: a.state === 5 ? 1 : 0, createTime: a.createTime,
      startTime: a.runningSince ? javaDate(a.runningSince) : null, duration: a.runningSince ? L(Date.now() - a.runningSince) : null,
      restoreOrTriggerSavepoint: false, drain: false, savepointTimeout: "60", allowNonRestored: false,
    };
    if (withSql) {
      // getApp: the effective FlinkSql, or the NEW candidate if never released; flinkSql = base64(plain).
      const row = this.effectiveSql(a.id) ?? this.sqls.find((s) => s.appId === a.id && s.candidate === 1);
      out.flinkSql = row ? Buffer.from(this.plainSql(row), "utf8").toString("base64") : null;
      out.sqlId = row ? L(row.id) : null;
      out.dependency = null;
    }
    return out;
  }

  private appList(p: (k: string) => string | undefined): HttpReply {
    if (!p("teamId")) return ok(null);
    const team = Number(p("teamId"));
    const like = p("jobName");
    const rows = [...this.apps.values()]
      .filter((a) => a.teamId === team && (!like || a.jobName.includes(like)))
      .sort((x, y) => y.id - x.id);
    const size = Number(p("pageSize") ?? 10);
    const current = Number(p("pageNum") ?? 1);
    const records = rows.slice((current - 1) * size, current * size).map((a) => ({ ...this.renderApp(a, false), buildStatus: a.pipeline?.status ?? 0, appControl: { allowStart: CAN_BE_STARTED.includes(a.state), allowStop: a.state === 5, allowBuild: true, allowView: true } }));
    return ok({ records, total: L(rows.length), size: L(size), current: L(current), pages: L(Math.ceil(rows.length / size)), orders: [], searchCount: true });
  }

  private appGet(p: (k: string) => string | undefined): HttpReply {
    const a = this.apps.get(Number(p("id")));
    if (!a) return internal("java.lang.NullPointerException"); // unknown id → NPE, not 404
    return ok(this.renderApp(a, true));
  }

  private appUpdate(p: (k: string) => string | undefined): HttpReply {
    const a = this.apps.get(Number(p("id")));
    if (!a) return internal("java.lang.NullPointerException");
    if (p("executionMode") === undefined) return internal("java.lang.NullPointerException"); // required
    const num = (k: string) => (p(k) !== undefined && p(k) !== "" ? Number(p(k)) : null);
    a.release = 1; // always NEED_RELEASE, even when nothing changed, even while RUNNING
    // updateStrategy=IGNORED fields: a missing param nulls them.
    a.args = p("args") ?? null;
    a.options = p("options") ?? null;
    a.dynamicProperties = p("dynamicProperties") ?? null;
    a.restartSize = num("restartSize");
    a.alertId = num("alertId");
    a.tags = p("tags") ?? null;
    a.description = p("description") ?? null;
    a.flinkClusterId = num("flinkClusterId");
    if (p("jobName")) a.jobName = p("jobName")!;
    if (num("versionId") !== null && num("versionId") !== a.versionId) { a.versionId = num("versionId"); a.build = true; }
    a.executionMode = num("executionMode");
    if (num("resolveOrder") !== null) a.resolveOrder = num("resolveOrder");
    // updateFlinkSqlJob
    const effective = this.effectiveSql(a.id);
    const text = p("flinkSql") ?? "";
    if (!effective) {
      this.newSqlVersion(a.id, text);
      a.build = true;
    } else {
      const source = this.sqls.find((s) => s.id === Number(p("sqlId")));
      if (!source) return alert("Flink sql is null, update flink sql job failed.");
      if (this.plainSql(source).trim() !== text.trim()) {
        const hist = this.sqls.find((s) => s.appId === a.id && s.candidate === 2);
        if (hist) hist.candidate = 0;
        this.newSqlVersion(a.id, text);
      } else if (source.id !== effective.id) {
        // Rollback: setCandidate(HISTORY) clears every candidate flag of the app first.
        for (const s of this.sqls) if (s.appId === a.id) s.candidate = 0;
        source.candidate = 2;
        a.release = 4;
        a.build = true;
      }
    }
    return ok(true);
  }

  /** SVC/core/controller/ApplicationBuildPipelineController.java, SVC/core/service/impl/AppBuildPipeServiceImpl.java */
  private build(p: (k: string) => string | undefined): HttpReply {
    const a = this.apps.get(Number(p("appId")));
    if (!a) return internal("java.lang.NullPointerException");
    if (a.versionId === null) return alert("Please bind a Flink version to the current flink job.");
    const cluster = this.clusters.find((c) => c.id === a.flinkClusterId);
    if ((a.executionMode === 1 || a.executionMode === 5) && !cluster) return alert("The clusterId can't be find, maybe the clusterId is wrong or the cluster has been deleted.");
    if (cluster && this.unreachable.has(cluster.address ?? "")) return alert("the target cluster is unavailable, please check!");
    if (a.release === 2 && p("forceBuild") !== "true") return alert("The job is being built, please wait.");
    const finish = () => {
      const running = a.state === 5;
      a.release = running ? 3 : 0;
      a.built = true;
      a.build = false;
      a.pipeline = { status: 3, error: null };
      if (!running) this.toEffective(a);
    };
    if (!a.build) {
      finish();
      return ok(true);
    }
    a.release = 2;
    a.pipeline = { status: 2, error: null };
    setTimeout(() => {
      if (!this.apps.has(a.id)) return;
      const err = this.faults.buildFails(a);
      if (err) {
        a.release = -1;
        a.pipeline = { status: 4, error: err };
        return;
      }
      finish();
    }, this.delays.buildMs);
    return ok(true);
  }

  /** The candidate (NEW or HISTORY) becomes the effective version (ApplicationServiceImpl#toEffective). */
  private toEffective(a: AppRow): void {
    const cand = this.sqls.find((s) => s.appId === a.id && (s.candidate === 1 || s.candidate === 2));
    if (cand) {
      this.effective.set(a.id, cand.id);
      cand.candidate = 0;
    }
  }

  private pipeDetail(p: (k: string) => string | undefined): HttpReply {
    const a = this.apps.get(Number(p("appId")));
    if (!a?.pipeline) return ok({ pipeline: null, docker: null });
    return ok({
      pipeline: {
        appId: L(a.id), pipeType: 1, pipeStatus: a.pipeline.status, curStep: 2, totalStep: 2, percent: 100, costSec: L(1),
        steps: [], hasError: a.pipeline.status === 4, errorSummary: a.pipeline.error, errorStack: a.pipeline.error, updateTime: javaDate(Date.now()),
      },
      docker: null,
    });
  }

  private substitute(teamId: number, sql: string): string {
    // VariableServiceImpl#replaceVariable, called by ApplicationServiceImpl#start for Flink SQL.
    return sql.replace(/\$\{([A-Za-z])+([A-Za-z0-9._-])+\}/g, (ph) => {
      const v = this.variables.find((x) => x.teamId === teamId && x.variableCode === ph.slice(2, -1));
      return v && v.variableValue !== "" ? v.variableValue : ph;
    });
  }

  private appStart(p: (k: string) => string | undefined): HttpReply {
    // The controller catches everything: failures are HTTP 200, data:false + message.
    const refuse = (message: string) => new HttpReply(200, JSON.stringify({ status: "success", code: "200", data: false, message }));
    const a = this.apps.get(Number(p("id")));
    if (!a) return refuse("this argument must not be null");
    if (!CAN_BE_STARTED.includes(a.state)) return refuse("[StreamPark] The application cannot be started repeatedly.");
    if (!a.built) return refuse("this argument must not be null"); // no build pipeline: never released
    const cluster = this.clusters.find((c) => c.id === a.flinkClusterId);
    if (!cluster || this.unreachable.has(cluster.address ?? "")) return refuse("the target cluster is unavailable, please check!");
    a.restartCount = 0; // manual start clears the restart counter
    this.toEffective(a);
    const eff = this.effectiveSql(a.id);
    a.submittedSql = eff ? this.substitute(a.teamId, this.plainSql(eff)) : "";
    const restore = p("restoreOrTriggerSavepoint") === "true";
    const path = p("savepointPath");
    const from = restore ? (path && path.trim() !== "" ? path : this.latestSavepoint(a.id)?.path ?? null) : null;
    this.launch(a, from);
    return ok(true);
  }

  private appCancel(p: (k: string) => string | undefined): HttpReply {
    const a = this.apps.get(Number(p("id")));
    if (!a) return internal("java.lang.NullPointerException");
    const withSavepoint = p("restoreOrTriggerSavepoint") === "true";
    const wasRunning = a.state === 5;
    a.state = 8;
    a.optionState = withSavepoint ? 4 : 2;
    setTimeout(() => {
      if (!this.apps.has(a.id)) return;
      a.optionState = 0;
      a.runningSince = undefined;
      a.failAt = undefined;
      if (withSavepoint) {
        if (!wasRunning || this.faults.savepointFails(a)) {
          a.state = 7; // stop-with-savepoint failed → FAILED
          return;
        }
        const dir = p("savepointPath") && p("savepointPath")!.trim() !== "" ? p("savepointPath")! : this.defaultSavepointDir;
        const path = `${dir}/savepoint-${(a.jobId ?? "000000").slice(0, 6)}-${randomBytes(6).toString("hex")}`;
        this.storage.add(path);
        for (const s of this.savepoints) if (s.appId === a.id) s.latest = false;
        this.savepoints.push({ id: this.nextId(), appId: a.id, chkId: a.nextChkId++, latest: true, type: 2, path, triggerTime: Date.now() });
      }
      a.state = 9;
    }, this.delays.cancelMs);
    return ok();
  }

  private appDelete(p: (k: string) => string | undefined): HttpReply {
    const a = this.apps.get(Number(p("id")));
    if (!a) return internal("java.lang.NullPointerException");
    // No state check server side. Removes SQL rows, effective rows, savepoint records, and the
    // app's savepoint dir in StreamPark's workspace (SavepointServiceImpl#removeApp).
    this.apps.delete(a.id);
    for (let i = this.sqls.length - 1; i >= 0; i--) if (this.sqls[i].appId === a.id) this.sqls.splice(i, 1);
    this.effective.delete(a.id);
    for (let i = this.savepoints.length - 1; i >= 0; i--) if (this.savepoints[i].appId === a.id) this.savepoints.splice(i, 1);
    for (const path of [...this.storage]) if (path.startsWith(`/tmp/streampark/workspace/savepoints/${a.id}`)) this.storage.delete(path);
    return ok(true);
  }

  // ------------------------------------------------------------ SQL versions and savepoints
  // SVC/core/controller/FlinkSqlController.java, SVC/core/service/impl/FlinkSqlServiceImpl.java,
  // SVC/core/controller/SavepointController.java, SVC/core/service/impl/SavepointServiceImpl.java

  private sqlHistory(p: (k: string) => string | undefined): HttpReply {
    const appId = Number(p("id"));
    const eff = this.effective.get(appId);
    return ok(this.sqlRows(appId).map((s) => ({
      id: L(s.id), appId: L(s.appId), sql: s.sql, dependency: null, version: s.version, candidate: s.candidate,
      createTime: s.createTime, effective: s.id === eff, teamId: null,
    })));
  }

  private sqlGet(p: (k: string) => string | undefined): HttpReply {
    if (!p("appId") || !p("teamId")) return badRequest("appId: must not be null");
    const ids = (p("id") ?? "").split(",").map(Number);
    const rows = ids.map((id) => this.sqls.find((s) => s.id === id && s.appId === Number(p("appId"))));
    if (rows.some((r) => !r)) return internal("java.lang.NullPointerException");
    const render = (s: SqlRow) => ({ id: L(s.id), appId: L(s.appId), sql: Buffer.from(this.plainSql(s), "utf8").toString("base64"), version: s.version, candidate: s.candidate, createTime: s.createTime });
    return ok(rows.length === 1 ? render(rows[0]!) : rows.map((r) => render(r!)));
  }

  private sqlDelete(p: (k: string) => string | undefined): HttpReply {
    const i = this.sqls.findIndex((s) => s.id === Number(p("id")) && s.appId === Number(p("appId")));
    if (i < 0) return ok(false);
    this.sqls.splice(i, 1);
    return ok(true);
  }

  private savepointHistory(p: (k: string) => string | undefined): HttpReply {
    const appId = Number(p("appId"));
    const order = p("sortOrder") ?? "desc";
    if (order !== "desc" && order !== "asc") return internal("java.lang.IllegalArgumentException: sortOrder");
    // sort field forced to trigger_time
    const rows = this.savepoints.filter((s) => s.appId === appId)
      .sort((x, y) => (order === "desc" ? y.triggerTime - x.triggerTime || y.id - x.id : x.triggerTime - y.triggerTime || x.id - y.id));
    const size = Number(p("pageSize") ?? 10);
    const current = Number(p("pageNum") ?? 1);
    const records = rows.slice((current - 1) * size, current * size).map((s) => ({
      id: L(s.id), appId: L(s.appId), chkId: L(s.chkId), latest: s.latest, type: s.type, path: s.path,
      triggerTime: javaDate(s.triggerTime), createTime: javaDate(s.triggerTime),
    }));
    return ok({ records, total: L(rows.length), size: L(size), current: L(current), pages: L(Math.ceil(rows.length / size)) });
  }

  // ------------------------------------------------------------ variables
  // SVC/core/controller/VariableController.java, SVC/core/service/impl/VariableServiceImpl.java, SVC/core/entity/Variable.java

  private renderVariable(v: VariableRow, mask: boolean) {
    // Variable#dataMasking unboxes desensitization: null → NPE.
    if (mask && v.desensitization === null) throw new Error("java.lang.NullPointerException at Variable.dataMasking");
    return {
      id: L(v.id), variableCode: v.variableCode, variableValue: mask && v.desensitization ? "********" : v.variableValue,
      description: v.description, creatorId: L(v.creatorId), teamId: L(v.teamId), desensitization: v.desensitization,
      createTime: javaDate(Date.now()), modifyTime: javaDate(Date.now()),
    };
  }

  private variableList(p: (k: string) => string | undefined): HttpReply {
    if (!p("teamId")) return internal("Required request parameter 'teamId' for method parameter type Long is not present");
    const kw = p("keyword");
    return ok(this.variables.filter((v) => v.teamId === Number(p("teamId")) && (!kw || v.variableCode.includes(kw) || (v.description ?? "").includes(kw))).map((v) => this.renderVariable(v, true)));
  }

  private variableCheck(p: (k: string) => string | undefined): HttpReply {
    if (!p("teamId")) return internal("Required request parameter 'teamId' is not present");
    return ok(!this.variables.some((v) => v.teamId === Number(p("teamId")) && v.variableCode === p("variableCode")));
  }

  private variableInvalid(p: (k: string) => string | undefined): HttpReply | undefined {
    // @Valid Variable: variableCode/variableValue @NotBlank, teamId @NotNull → BindException (400).
    for (const k of ["variableCode", "variableValue", "teamId"]) if (!p(k)) return badRequest(`${k}: must not be blank`);
    if ((p("description") ?? "").length > 100) return badRequest("description: no more than 100");
    return undefined;
  }

  private variablePost(p: (k: string) => string | undefined, user: { userId: number }): HttpReply {
    const bad = this.variableInvalid(p);
    if (bad) return bad;
    if (this.variables.some((v) => v.teamId === Number(p("teamId")) && v.variableCode === p("variableCode"))) return alert("Sorry, the variable code already exists.");
    const d = p("desensitization");
    this.variables.push({ id: this.nextId(), variableCode: p("variableCode")!, variableValue: p("variableValue")!, description: p("description") ?? null, teamId: Number(p("teamId")), desensitization: d === undefined ? null : d === "true", creatorId: user.userId });
    return ok();
  }

  private dependentApps(v: VariableRow): AppRow[] {
    const ph = "${" + v.variableCode + "}";
    return [...this.apps.values()].filter((a) => a.teamId === v.teamId && ((a.args ?? "").includes(ph) || this.sqls.some((s) => s.appId === a.id && this.plainSql(s).includes(ph))));
  }

  private variableUpdate(p: (k: string) => string | undefined): HttpReply {
    const bad = this.variableInvalid(p);
    if (bad) return bad;
    if (!p("id")) return alert("Sorry, the variable id cannot be null.");
    const v = this.variables.find((x) => x.id === Number(p("id")));
    if (!v) return alert("Sorry, the variable does not exist.");
    if (v.variableCode !== p("variableCode")) return alert("Sorry, the variable code cannot be updated.");
    v.variableValue = p("variableValue")!;
    if (p("description") !== undefined) v.description = p("description")!;
    if (p("desensitization") !== undefined) v.desensitization = p("desensitization") === "true";
    for (const a of this.dependentApps(v)) a.release = 3; // dependent apps → NEED_RESTART
    return ok();
  }

  private variableDelete(p: (k: string) => string | undefined): HttpReply {
    const bad = this.variableInvalid(p);
    if (bad) return bad;
    const i = this.variables.findIndex((x) => x.id === Number(p("id")));
    if (i >= 0 && this.dependentApps(this.variables[i]).length > 0) return alert("Sorry, the variable is actually used.");
    if (i >= 0) this.variables.splice(i, 1);
    return ok();
  }

  // ------------------------------------------------------------ alerts (JSON bodies)
  // SVC/core/controller/AlertController.java, SVC/core/bean/AlertConfigWithParams.java

  private renderAlert(a: AlertRow, parsed: boolean) {
    const params = (s: string | null) => (parsed ? (s ? JSON.parse(s) : null) : s);
    return { id: L(a.id), alertName: a.alertName, alertType: a.alertType, userId: L(a.userId), emailParams: params(a.emailParams), dingTalkParams: params(a.dingTalkParams), weComParams: params(a.weComParams), httpCallbackParams: params(a.httpCallbackParams), larkParams: params(a.larkParams) };
  }

  private alertAdd(json: Record<string, unknown> | undefined, user: { userId: number }): HttpReply {
    if (!json) return internal("HttpMessageNotReadableException: Required request body is missing");
    const s = (k: string) => (json[k] ? JSON.stringify(json[k]) : null);
    this.alerts.push({ id: this.nextId(), alertName: String(json.alertName ?? ""), alertType: Number(json.alertType ?? 0), userId: Number(json.userId ?? user.userId), emailParams: s("emailParams"), dingTalkParams: s("dingTalkParams"), weComParams: s("weComParams"), httpCallbackParams: s("httpCallbackParams"), larkParams: s("larkParams") });
    return ok(true);
  }

  private alertUpdate(json: Record<string, unknown> | undefined): HttpReply {
    const a = this.alerts.find((x) => x.id === Number(json?.id));
    if (!json || !a) return ok(false);
    // updateById: null fields are left unchanged.
    if (json.alertName) a.alertName = String(json.alertName);
    if (json.alertType !== undefined && json.alertType !== null) a.alertType = Number(json.alertType);
    for (const k of ["emailParams", "dingTalkParams", "weComParams", "httpCallbackParams", "larkParams"] as const) {
      if (json[k]) a[k] = JSON.stringify(json[k]);
    }
    return ok(true);
  }

  private alertDelete(p: (k: string) => string | undefined): HttpReply {
    const id = Number(p("id"));
    if ([...this.apps.values()].some((a) => a.alertId === id)) return alert(`AlertId:${id}, this is bound by application. Please clear the configuration first`);
    const i = this.alerts.findIndex((x) => x.id === id);
    if (i >= 0) this.alerts.splice(i, 1);
    return ok(i >= 0);
  }
}
