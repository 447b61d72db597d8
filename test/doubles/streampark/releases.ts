/**
 * Releases in the StreamPark 2.1.5 double: the build pipeline that makes a candidate SQL version
 * effective (ApplicationBuildPipelineController.java, AppBuildPipeServiceImpl.java,
 * ApplicationServiceImpl#toEffective), and the history a job keeps: SQL versions
 * (FlinkSqlController.java, FlinkSqlServiceImpl.java), backups (ApplicationBackUpServiceImpl.java)
 * and savepoints (SavepointController.java, SavepointServiceImpl.java); all under
 * SVC = streampark-console/streampark-console-service/src/main/java/org/apache/streampark/console/.
 */
import { ConsoleObjects } from "./consoleObjects";
import { HttpReply, L, javaDate, ok, alert, internal, badRequest } from "./wire";
import type { AppRow, SqlRow } from "./wire";

export class Releases extends ConsoleObjects {
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
