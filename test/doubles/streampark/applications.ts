/**
 * Applications in the StreamPark 2.1.5 double: create/list/get/update, release
 * (ApplicationBuildPipelineController.java, AppBuildPipeServiceImpl.java), start and cancel
 * (ApplicationServiceImpl.java), the watcher (FlinkAppHttpWatcher.java), SQL versions
 * (FlinkSqlController.java, FlinkSqlServiceImpl.java), savepoints (SavepointController.java,
 * SavepointServiceImpl.java) and backups (ApplicationBackUpServiceImpl.java); all under
 * SVC = streampark-console/streampark-console-service/src/main/java/org/apache/streampark/console/.
 */
import { ConsoleObjects } from "./consoleObjects";
import { tracking, HttpReply, L, javaDate, ok, alert, internal, badRequest, CAN_BE_STARTED } from "./wire";
import type { AppRow, SqlRow } from "./wire";

export class Applications extends ConsoleObjects {
  /** Stop a job as an operator would from the UI, without a savepoint. */
  stopByHand(appId: number): void {
    this.tick();
    const a = this.apps.get(appId)!;
    if (a.jobId) this.flink.cancel(a.jobId, null);
    a.state = 9;
    a.optionState = 0;
    a.runningSince = undefined;
  }

  /** Edit a job's SQL in the UI (a new candidate version, effective at the next start). */
  editSqlByHand(appId: number, sql: string): void {
    this.newSqlVersion(appId, sql);
    this.apps.get(appId)!.release = 1;
  }

  /**
   * Advance the Flink cluster, then StreamPark's FlinkAppHttpWatcher: only tracked apps follow
   * their Flink job (SVC/core/task/FlinkAppHttpWatcher.java: WATCHING_APPS from tracking=1);
   * RESTARTING is never stored (handleNotRunState only caches it); FAILED triggers the
   * auto-restart of restartSize (applicationService.start(application, true)).
   */
  tick(): void {
    this.flink.tick();
    for (const a of this.apps.values()) {
      if (tracking(a) === 0 || !a.jobId || a.state === 3 && a.optionState === 3 && !this.flink.jobs.has(a.jobId)) continue;
      const job = this.flink.jobs.get(a.jobId);
      if (!job) { a.state = 13; continue; } // LOST
      if (a.state === 8) continue; // the cancel future decides
      if (job.state === "RUNNING") {
        if (a.optionState === 3 && (a.release === 3 || a.release === 4)) a.release = 0; // handleRunningState
        if (a.state !== 5) a.runningSince = Date.now();
        a.state = 5;
        a.optionState = 0;
      } else if (job.state === "CANCELED") {
        a.state = 9;
        a.runningSince = undefined;
      } else if (job.state === "FINISHED") {
        a.state = 10;
        a.runningSince = undefined;
      } else if (job.state === "FAILED") {
        a.state = 7;
        a.optionState = 0;
        a.runningSince = undefined;
        // Auto-restart from the latest savepoint (ApplicationServiceImpl#start(auto=true), restartSize).
        if ((a.restartSize ?? 0) > 0 && a.restartCount < (a.restartSize ?? 0)) {
          a.restartCount++;
          this.launch(a, this.latestSavepoint(a.id)?.path ?? null);
        }
      }
    }
  }

  /** Flink's restart attempts as the job's options set them (the provider's exponential-delay). */
  protected restartAttempts(a: AppRow): number {
    try {
      const o = JSON.parse(a.options ?? "{}") as Record<string, unknown>;
      const n = Number(o["restart-strategy.exponential-delay.attempts-before-reset-backoff"]);
      return Number.isInteger(n) ? n : 0;
    } catch {
      return 0;
    }
  }

  /** The asynchronous submit of ApplicationServiceImpl#start: STARTING, then a Flink job or FAILED. */
  protected launch(a: AppRow, restoreFrom: string | null): void {
    a.state = 3;
    a.optionState = 3;
    a.restoredFrom = restoreFrom;
    a.jobId = null;
    const sql = a.submittedSql ?? "";
    setTimeout(() => {
      if (a.state !== 3 || !this.apps.has(a.id)) return;
      // The submit reads the build jar from the local workspace; gone with an unpersisted console.
      if (!this.workspace.has(a.id)) {
        a.state = 7;
        a.optionState = 0;
        return;
      }
      const job = this.flink.submit(a.jobName, sql, restoreFrom, this.restartAttempts(a));
      a.jobId = job.jid;
      this.tick();
    }, this.delays.startMs);
  }

  protected checkName(p: (k: string) => string | undefined): HttpReply {
    const name = p("jobName");
    if (name === undefined) return internal("java.lang.NullPointerException");
    const id = p("id") ? Number(p("id")) : undefined;
    if (!/^[.\u4e00-\u9fa5A-Za-z\d_\-\s]+$/.test(name) || !/^\S+(\s\S+)*$/.test(name)) return ok(4);
    if ([...this.apps.values()].some((a) => a.jobName === name && a.id !== id)) return ok(1);
    return ok(0);
  }

  protected appCreate(p: (k: string) => string | undefined, user: { userId: number }): HttpReply {
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

  protected renderApp(a: AppRow, withSql: boolean) {
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

  protected appList(p: (k: string) => string | undefined): HttpReply {
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

  protected appGet(p: (k: string) => string | undefined): HttpReply {
    const a = this.apps.get(Number(p("id")));
    if (!a) return internal("java.lang.NullPointerException"); // unknown id → NPE, not 404
    return ok(this.renderApp(a, true));
  }

  protected appUpdate(p: (k: string) => string | undefined): HttpReply {
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

  /**
   * SVC/core/controller/ApplicationBuildPipelineController.java → ApplicationServiceImpl#buildApplication
   * → AppBuildPipeServiceImpl#buildApplication. Strict about timing: the answer comes before the
   * build starts; the pipeline row is reset to pending at once, `release` moves to RELEASING only
   * in the pipeline's onStart and to DONE/NEED_RESTART after onFinish has saved the pipeline.
   */
  protected build(p: (k: string) => string | undefined): HttpReply {
    const a = this.apps.get(Number(p("appId")));
    if (!a) return internal("java.lang.NullPointerException");
    if (a.versionId === null) return alert("Please bind a Flink version to the current flink job.");
    const cluster = this.clusters.find((c) => c.id === a.flinkClusterId);
    if ((a.executionMode === 1 || a.executionMode === 5) && !cluster) return alert("The clusterId can't be find, maybe the clusterId is wrong or the cluster has been deleted.");
    if (cluster && this.unreachable.has(cluster.address ?? "")) return alert("the target cluster is unavailable, please check!");
    // allowToBuildNow: refused while the current pipeline is running (pending does not count).
    if (a.pipeline?.status === 2 && p("forceBuild") !== "true") return alert("The job is invalid, or the job cannot be built while it is running");
    const newSql = this.sqls.find((s) => s.appId === a.id && s.candidate === 1);
    const rollback = a.release === 4;
    const backup = () => {
      // ApplicationBackUpServiceImpl#backup: only a release of a NEW version, never a rollback.
      if (!rollback && newSql) this.backups.push({ id: this.nextId(), appId: a.id, sqlId: newSql.id, version: newSql.version, createTime: javaDate(Date.now()) });
    };
    if (!a.build) {
      // checkBuildAndUpdate: synchronous, no pipeline.
      const running = a.state === 5;
      a.release = running ? 3 : 0;
      if (!running) a.optionState = 0;
      backup();
      if (!running || !this.effectiveSql(a.id)) this.toEffective(a);
      return ok(true);
    }
    if (rollback) {
      // FlinkSqlServiceImpl#rollback → ApplicationBackUpServiceImpl#rollbackFlinkSql.
      const history = this.sqls.find((s) => s.appId === a.id && s.candidate === 2);
      if (!history) return internal("java.lang.NullPointerException");
      if (!this.backups.some((b) => b.appId === a.id && b.sqlId === history.id)) {
        return new HttpReply(500, JSON.stringify({ status: "error", code: "500", message: "internal server error: java.lang.RuntimeException: Application backup can't be null. Rollback flink sql failed.", data: null }));
      }
      this.effective.set(a.id, history.id);
    }
    a.pipeline = { status: 1, error: null }; // initFromPipeline: pending, saved before launch
    this.workspace.delete(a.id); // removeApp: the previous build's files go first
    const onStart = Math.max(1, Math.floor(this.delays.buildMs / 3));
    setTimeout(() => {
      if (!this.apps.has(a.id)) return;
      a.pipeline = { status: 2, error: null };
      a.release = 2;
    }, onStart);
    setTimeout(() => {
      if (!this.apps.has(a.id)) return;
      const err = this.faults.buildFails(a);
      if (err) {
        a.pipeline = { status: 4, error: err };
        setTimeout(() => { a.release = -1; a.optionState = 0; a.build = true; }, 1);
        return;
      }
      a.pipeline = { status: 3, error: null };
      this.workspace.add(a.id);
      a.built = true;
      // onFinish: the pipeline row is saved first, the release state after.
      setTimeout(() => {
        if (!this.apps.has(a.id)) return;
        const running = a.state === 5;
        a.release = running ? 3 : 0;
        if (!running) {
          a.optionState = 0;
          this.toEffective(a);
        }
        backup();
        a.build = false;
      }, 1);
    }, this.delays.buildMs);
    return ok(true);
  }

  /** The candidate (NEW or HISTORY) becomes the effective version (ApplicationServiceImpl#toEffective). */
  protected toEffective(a: AppRow): void {
    const cand = this.sqls.find((s) => s.appId === a.id && (s.candidate === 1 || s.candidate === 2));
    if (cand) {
      this.effective.set(a.id, cand.id);
      cand.candidate = 0;
    }
  }

  protected pipeDetail(p: (k: string) => string | undefined): HttpReply {
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

  protected substitute(teamId: number, sql: string): string {
    // VariableServiceImpl#replaceVariable, called by ApplicationServiceImpl#start for Flink SQL.
    return sql.replace(/\$\{([A-Za-z])+([A-Za-z0-9._-])+\}/g, (ph) => {
      const v = this.variables.find((x) => x.teamId === teamId && x.variableCode === ph.slice(2, -1));
      return v && v.variableValue !== "" ? v.variableValue : ph;
    });
  }

  protected appStart(p: (k: string) => string | undefined): HttpReply {
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

  /**
   * ApplicationServiceImpl#cancel: CANCELLING at once, then the cancel future. On failure the app
   * is set FAILED (7), which also sets tracking=0 (Application#setState → shouldTracking), the
   * latest-savepoint flag is cleared (savepointService.expire → cleanLatest) and the watcher lets
   * go of it (FlinkAppHttpWatcher.unWatching). The Flink job itself keeps running.
   */
  protected appCancel(p: (k: string) => string | undefined): HttpReply {
    const a = this.apps.get(Number(p("id")));
    if (!a) return internal("java.lang.NullPointerException");
    const withSavepoint = p("restoreOrTriggerSavepoint") === "true";
    a.state = 8;
    a.optionState = withSavepoint ? 4 : 2;
    const jobId = a.jobId;
    setTimeout(() => {
      if (!this.apps.has(a.id)) return;
      a.optionState = 0;
      const dir = p("savepointPath") && p("savepointPath")!.trim() !== "" ? p("savepointPath")! : this.defaultSavepointDir;
      let path: string | null;
      try {
        path = this.flink.cancel(jobId ?? "", withSavepoint ? dir : null);
      } catch {
        a.state = 7;
        if (withSavepoint) for (const s of this.savepoints) if (s.appId === a.id) s.latest = false;
        return;
      }
      a.runningSince = undefined;
      if (path) {
        for (const s of this.savepoints) if (s.appId === a.id) s.latest = false;
        this.savepoints.push({ id: this.nextId(), appId: a.id, chkId: null, latest: true, type: 2, path, triggerTime: Date.now() });
      }
      a.state = 9;
    }, this.delays.cancelMs);
    return ok();
  }

  protected appDelete(p: (k: string) => string | undefined): HttpReply {
    const a = this.apps.get(Number(p("id")));
    if (!a) return internal("java.lang.NullPointerException");
    // No state check server side (a running Flink job is left running). Removes SQL rows,
    // effective rows, backups, savepoint records, and the app's workspace (ApplicationServiceImpl#delete).
    this.apps.delete(a.id);
    for (let i = this.sqls.length - 1; i >= 0; i--) if (this.sqls[i].appId === a.id) this.sqls.splice(i, 1);
    this.effective.delete(a.id);
    for (let i = this.savepoints.length - 1; i >= 0; i--) if (this.savepoints[i].appId === a.id) this.savepoints.splice(i, 1);
    for (let i = this.backups.length - 1; i >= 0; i--) if (this.backups[i].appId === a.id) this.backups.splice(i, 1);
    this.workspace.delete(a.id);
    return ok(true);
  }

  /** `/flink/app/backups` (ApplicationController#backups → ApplicationBackUpServiceImpl#page). */
  protected appBackups(p: (k: string) => string | undefined): HttpReply {
    const rows = this.backups.filter((b) => b.appId === Number(p("appId")));
    const records = rows.map((b) => ({ id: L(b.id), appId: L(b.appId), sqlId: L(b.sqlId), configId: null, path: `/tmp/streampark/backups/${b.appId}/${b.id}`, description: null, version: b.version, createTime: b.createTime }));
    return ok({ records, total: L(rows.length), size: L(Number(p("pageSize") ?? 10)), current: L(Number(p("pageNum") ?? 1)) });
  }

  protected sqlHistory(p: (k: string) => string | undefined): HttpReply {
    const appId = Number(p("id"));
    const eff = this.effective.get(appId);
    return ok(this.sqlRows(appId).map((s) => ({
      id: L(s.id), appId: L(s.appId), sql: s.sql, dependency: null, version: s.version, candidate: s.candidate,
      createTime: s.createTime, effective: s.id === eff, teamId: null,
    })));
  }

  protected sqlGet(p: (k: string) => string | undefined): HttpReply {
    if (!p("appId") || !p("teamId")) return badRequest("appId: must not be null");
    const ids = (p("id") ?? "").split(",").map(Number);
    const rows = ids.map((id) => this.sqls.find((s) => s.id === id && s.appId === Number(p("appId"))));
    if (rows.some((r) => !r)) return internal("java.lang.NullPointerException");
    const render = (s: SqlRow) => ({ id: L(s.id), appId: L(s.appId), sql: Buffer.from(this.plainSql(s), "utf8").toString("base64"), version: s.version, candidate: s.candidate, createTime: s.createTime });
    return ok(rows.length === 1 ? render(rows[0]!) : rows.map((r) => render(r!)));
  }

  protected sqlDelete(p: (k: string) => string | undefined): HttpReply {
    const i = this.sqls.findIndex((s) => s.id === Number(p("id")) && s.appId === Number(p("appId")));
    if (i < 0) return ok(false);
    this.sqls.splice(i, 1);
    return ok(true);
  }

  protected savepointHistory(p: (k: string) => string | undefined): HttpReply {
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
}
