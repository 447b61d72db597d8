/**
 * Applications in the StreamPark 2.1.5 double: create/list/get/update, start and cancel
 * (ApplicationServiceImpl.java) and the watcher (FlinkAppHttpWatcher.java); releases, SQL
 * versions, backups and savepoints are releases.ts's; all under
 * SVC = streampark-console/streampark-console-service/src/main/java/org/apache/streampark/console/.
 */
import { Releases } from "./releases";
import { tracking, HttpReply, L, javaDate, ok, alert, internal, CAN_BE_STARTED } from "./wire";
import type { AppRow } from "./wire";

export class Applications extends Releases {
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

}
