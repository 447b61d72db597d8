/**
 * An in-repo HTTP double of the StreamPark 2.1.5 console REST API, for tests and the benchmark.
 * It follows StreamPark's source at tag v2.1.5: form bodies (JSON only for the alert endpoints), Longs as strings, business errors
 * as HTTP 500 with code "501", an empty-body 401 from the auth filter, create without id, async
 * build/start/cancel, SQL versions with candidates and rollback, savepoint/checkpoint history,
 * and variables substituted into Flink SQL at start. Each endpoint names its source file.
 * Source paths: SVC = streampark-console/streampark-console-service/src/main/java/org/apache/streampark/console/
 *
 * Faults: 5xx and timeouts per endpoint, a job that fails after start, builds that fail,
 * savepoints that fail, a console restart that invalidates every sign-in token.
 * Time runs on real (short) delays; state advances lazily on each request.
 * Split by concern: wire.ts (envelope, rows), state.ts (tables, Flink cluster, faults),
 * consoleObjects.ts (env, cluster, variables, alerts, settings), applications.ts (apps, release,
 * start/cancel, watcher, SQL versions, savepoints), flinkCluster.ts (Flink and its REST API);
 * this file is the HTTP server, the auth filter and the routing.
 */
import * as http from "http";
import { AddressInfo } from "net";
import { randomBytes } from "crypto";
import { Applications } from "./applications";
import { HttpReply, L, javaDate, ok, alert, internal, READ_ONLY } from "./wire";
import type { Fault, TokenInfo } from "./wire";

export * from "./wire";

export class StreamParkDouble extends Applications {
  url = "";

  private server?: http.Server;

  private epoch = 1;

  private readonly tokens = new Map<string, TokenInfo>();

  private readonly hanging = new Set<http.ServerResponse>();

  /** Every request: method, path, and whether it was answered 2xx. */
  readonly calls: { method: string; path: string; status: number }[] = [];

  /** Hooks run once after the next call to a path was handled (a restart at an exact moment). */
  readonly afterCall = new Map<string, () => void>();

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

  /**
   * The console container replaced (new image, moved node): a restart, and without a volume the
   * local workspace is gone, build jars included; t_app_build_pipeline still says "built", so
   * the next submit reads a jar that is not there (ApplicationServiceImpl#start, SubmitRequest).
   */
  replaceConsole(): void {
    this.restartConsole();
    if (!this.workspaceVolume) this.workspace.clear();
  }

  mutatingCalls(): { method: string; path: string }[] {
    return this.calls.filter((c) => !READ_ONLY.has(c.path));
  }

  async start(): Promise<void> {
    await this.flink.start();
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, "127.0.0.1", r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const r of this.hanging) r.destroy();
    this.hanging.clear();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
    this.server?.closeAllConnections?.();
    await this.flink.stop();
  }

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
    const hook = this.afterCall.get(path);
    if (hook) {
      this.afterCall.delete(path);
      hook();
    }
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
      "/flink/app/backups": () => this.appBackups(p),
      "/flink/env/sync": () => this.envSync(p),
      "/flink/setting/update/email": () => this.updateEmail(p),
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
}
