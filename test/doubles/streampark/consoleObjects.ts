/**
 * Console-wide objects of the StreamPark 2.1.5 double, each endpoint following its source
 * (SVC = streampark-console/streampark-console-service/src/main/java/org/apache/streampark/console/):
 * Flink environments (SVC/core/controller/FlinkEnvController.java, FlinkEnvServiceImpl.java),
 * the sender email (SettingController#updateEmail), clusters (FlinkClusterController.java,
 * FlinkClusterServiceImpl.java), variables (VariableController.java, VariableServiceImpl.java,
 * Variable.java) and alerts (AlertController.java, AlertConfig#of; JSON bodies).
 */
import { DoubleState } from "./state";
import { HttpReply, L, javaDate, ok, alert, detail, internal, badRequest } from "./wire";
import type { AppRow, EnvRow, ClusterRow, VariableRow, AlertRow } from "./wire";
import { deflateSync } from "zlib";

export class ConsoleObjects extends DoubleState {
  protected renderEnv(e: EnvRow) {
    return { id: L(e.id), flinkName: e.flinkName, flinkHome: e.flinkHome, description: e.description, version: e.version, scalaVersion: "2.12", isDefault: e.isDefault, flinkConf: deflateSync(Buffer.from(e.flinkConf)).toString("base64"), createTime: javaDate(Date.now()) };
  }

  protected envInUse(id: number): boolean {
    return [...this.apps.values()].some((a) => a.versionId === id) || this.clusters.some((c) => c.versionId === id);
  }

  protected envCheck(p: (k: string) => string | undefined): HttpReply {
    const id = p("id") ? Number(p("id")) : undefined;
    if (this.envs.some((e) => e.flinkName === p("flinkName") && e.id !== id)) return ok(1);
    if (!p("flinkHome")?.startsWith("/")) return ok(-1);
    return ok(0);
  }

  protected envCreate(p: (k: string) => string | undefined): HttpReply {
    const name = p("flinkName");
    const home = p("flinkHome");
    if (!home?.startsWith("/")) return detail(`java.io.FileNotFoundException: ${home}/lib`);
    if (this.envs.some((e) => e.flinkName === name)) return detail("Duplicate entry for key 'un_env_name'");
    this.envs.push({ id: this.nextId(), flinkName: name ?? "", flinkHome: home, description: p("description") ?? null, version: "1.20.1", isDefault: this.envs.length === 0, flinkConf: this.flinkConfOnDisk });
    return ok(true);
  }

  /**
   * FlinkEnvController#update wraps every exception in ApiDetailException (code "502");
   * FlinkEnvServiceImpl#update → checkOrElseAlert refuses while a cluster or an app uses the env,
   * and re-reads the Flink config only when flinkHome changed.
   */
  protected envUpdate(p: (k: string) => string | undefined): HttpReply {
    const e = this.envs.find((x) => x.id === Number(p("id")));
    if (!e) return detail("org.apache.streampark.console.base.exception.ApiAlertException: The flink home does not exist, please check.");
    if (this.clusters.some((c) => c.versionId === e.id)) return detail("org.apache.streampark.console.base.exception.ApiAlertException: The flink home is still in use by some flink cluster, please check.");
    if ([...this.apps.values()].some((a) => a.versionId === e.id)) return detail("org.apache.streampark.console.base.exception.ApiAlertException: The flink home is still in use by some application, please check.");
    e.flinkName = p("flinkName") ?? e.flinkName;
    if (p("flinkHome") !== undefined && p("flinkHome") !== e.flinkHome) {
      e.flinkHome = p("flinkHome")!;
      e.flinkConf = this.flinkConfOnDisk;
    }
    e.description = p("description") ?? null;
    return ok(true);
  }

  /** FlinkEnvController#sync → FlinkEnvServiceImpl#syncConf: re-reads conf/config.yaml; no in-use check. */
  protected envSync(p: (k: string) => string | undefined): HttpReply {
    const e = this.envs.find((x) => x.id === Number(p("id")));
    if (!e) return internal("java.lang.NullPointerException");
    e.flinkConf = this.flinkConfOnDisk;
    return ok();
  }

  /** SettingController#updateEmail → SettingServiceImpl#updateEmail (SenderEmail form fields). */
  protected updateEmail(p: (k: string) => string | undefined): HttpReply {
    this.senderEmail = {
      host: p("host") ?? "", port: Number(p("port") ?? 0), from: p("from") ?? "", userName: p("userName") ?? "",
      password: p("password") ?? "", ssl: p("ssl") === "true",
    };
    return ok(true);
  }

  protected envDelete(p: (k: string) => string | undefined): HttpReply {
    const i = this.envs.findIndex((x) => x.id === Number(p("id")));
    if (i < 0) return alert("The flink home does not exist, please check.");
    if (this.envInUse(this.envs[i].id)) return alert("The flink home is still in use by some application/flink cluster, please check.");
    if (this.envs[i].isDefault && this.envs.length > 1) return alert("The flink home is set as default, please change it first.");
    this.envs.splice(i, 1);
    return ok();
  }

  protected renderCluster(c: ClusterRow) {
    return {
      id: L(c.id), clusterName: c.clusterName, executionMode: c.executionMode, versionId: L(c.versionId), address: c.address,
      description: c.description, clusterState: c.clusterState, clusterId: c.clusterId, k8sNamespace: c.k8sNamespace,
      userId: L(c.userId), options: null, dynamicProperties: null, resolveOrder: 0,
      executionModeEnum: c.executionMode === 1 ? "REMOTE" : "KUBERNETES_NATIVE_SESSION", clusterStateEnum: c.clusterState === 1 ? "STARTED" : "CREATED",
    };
  }

  protected clusterCheck(p: (k: string) => string | undefined): HttpReply {
    const id = p("id") ? Number(p("id")) : undefined;
    if (this.clusters.some((c) => c.clusterName === p("clusterName") && c.id !== id)) return ok({ status: 1, msg: "the cluster name is already exists", result: null });
    if (Number(p("executionMode")) === 1 && this.unreachable.has(p("address") ?? "")) {
      return ok({ status: 3, msg: "the remote cluster connection failed, please check!", result: null });
    }
    return ok({ status: 0, msg: null, result: null });
  }

  protected clusterCreate(p: (k: string) => string | undefined, user: { userId: number }): HttpReply {
    const mode = Number(p("executionMode"));
    this.clusters.push({
      id: this.nextId(), clusterName: p("clusterName") ?? "", executionMode: mode, versionId: p("versionId") ? Number(p("versionId")) : null,
      address: p("address") ?? null, description: p("description") ?? null,
      clusterState: mode === 1 ? 1 : 0, clusterId: p("clusterId") ?? null, k8sNamespace: p("k8sNamespace") ?? null, userId: user.userId,
    });
    return ok(true);
  }

  protected clusterUpdate(p: (k: string) => string | undefined): HttpReply {
    const c = this.clusters.find((x) => x.id === Number(p("id")));
    if (!c) return internal("java.lang.NullPointerException");
    // FlinkClusterServiceImpl#update: name and description always; REMOTE sets the address,
    // every other mode sets it to null (address is updateStrategy=IGNORED, FlinkCluster.java).
    c.clusterName = p("clusterName") ?? c.clusterName;
    c.description = p("description") ?? null;
    if (c.executionMode === 1) {
      c.address = p("address") ?? null;
    } else {
      c.address = null;
      c.clusterId = p("clusterId") ?? null;
      c.versionId = p("versionId") ? Number(p("versionId")) : null;
      c.k8sNamespace = p("k8sNamespace") ?? null;
    }
    return ok();
  }

  protected clusterDelete(p: (k: string) => string | undefined): HttpReply {
    const i = this.clusters.findIndex((x) => x.id === Number(p("id")));
    if (i < 0) return alert("flink cluster not exist, please check.");
    if ([...this.apps.values()].some((a) => a.flinkClusterId === this.clusters[i].id)) return alert("some app on this cluster, the cluster cannot be delete, please check.");
    this.clusters.splice(i, 1);
    return ok();
  }

  protected renderVariable(v: VariableRow, mask: boolean) {
    // Variable#dataMasking unboxes desensitization: null → NPE.
    if (mask && v.desensitization === null) throw new Error("java.lang.NullPointerException at Variable.dataMasking");
    return {
      id: L(v.id), variableCode: v.variableCode, variableValue: mask && v.desensitization ? "********" : v.variableValue,
      description: v.description, creatorId: L(v.creatorId), teamId: L(v.teamId), desensitization: v.desensitization,
      createTime: javaDate(Date.now()), modifyTime: javaDate(Date.now()),
    };
  }

  protected variableList(p: (k: string) => string | undefined): HttpReply {
    if (!p("teamId")) return internal("Required request parameter 'teamId' for method parameter type Long is not present");
    const kw = p("keyword");
    return ok(this.variables.filter((v) => v.teamId === Number(p("teamId")) && (!kw || v.variableCode.includes(kw) || (v.description ?? "").includes(kw))).map((v) => this.renderVariable(v, true)));
  }

  protected variableCheck(p: (k: string) => string | undefined): HttpReply {
    if (!p("teamId")) return internal("Required request parameter 'teamId' is not present");
    return ok(!this.variables.some((v) => v.teamId === Number(p("teamId")) && v.variableCode === p("variableCode")));
  }

  protected variableInvalid(p: (k: string) => string | undefined): HttpReply | undefined {
    // @Valid Variable: variableCode/variableValue @NotBlank, teamId @NotNull → BindException (400).
    for (const k of ["variableCode", "variableValue", "teamId"]) if (!p(k)) return badRequest(`${k}: must not be blank`);
    if ((p("description") ?? "").length > 100) return badRequest("description: no more than 100");
    return undefined;
  }

  protected variablePost(p: (k: string) => string | undefined, user: { userId: number }): HttpReply {
    const bad = this.variableInvalid(p);
    if (bad) return bad;
    if (this.variables.some((v) => v.teamId === Number(p("teamId")) && v.variableCode === p("variableCode"))) return alert("Sorry, the variable code already exists.");
    const d = p("desensitization");
    this.variables.push({ id: this.nextId(), variableCode: p("variableCode")!, variableValue: p("variableValue")!, description: p("description") ?? null, teamId: Number(p("teamId")), desensitization: d === undefined ? null : d === "true", creatorId: user.userId });
    return ok();
  }

  protected dependentApps(v: VariableRow): AppRow[] {
    const ph = "${" + v.variableCode + "}";
    return [...this.apps.values()].filter((a) => a.teamId === v.teamId && ((a.args ?? "").includes(ph) || this.sqls.some((s) => s.appId === a.id && this.plainSql(s).includes(ph))));
  }

  protected variableUpdate(p: (k: string) => string | undefined): HttpReply {
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

  protected variableDelete(p: (k: string) => string | undefined): HttpReply {
    const bad = this.variableInvalid(p);
    if (bad) return bad;
    const i = this.variables.findIndex((x) => x.id === Number(p("id")));
    if (i >= 0 && this.dependentApps(this.variables[i]).length > 0) return alert("Sorry, the variable is actually used.");
    if (i >= 0) this.variables.splice(i, 1);
    return ok();
  }

  protected renderAlert(a: AlertRow, parsed: boolean) {
    const params = (s: string | null) => (parsed ? (s ? JSON.parse(s) : null) : s);
    return { id: L(a.id), alertName: a.alertName, alertType: a.alertType, userId: L(a.userId), emailParams: params(a.emailParams), dingTalkParams: params(a.dingTalkParams), weComParams: params(a.weComParams), httpCallbackParams: params(a.httpCallbackParams), larkParams: params(a.larkParams) };
  }

  protected alertAdd(json: Record<string, unknown> | undefined, user: { userId: number }): HttpReply {
    if (!json) return internal("HttpMessageNotReadableException: Required request body is missing");
    const s = (k: string) => (json[k] ? JSON.stringify(json[k]) : null);
    this.alerts.push({ id: this.nextId(), alertName: String(json.alertName ?? ""), alertType: Number(json.alertType ?? 0), userId: Number(json.userId ?? user.userId), emailParams: s("emailParams"), dingTalkParams: s("dingTalkParams"), weComParams: s("weComParams"), httpCallbackParams: s("httpCallbackParams"), larkParams: s("larkParams") });
    return ok(true);
  }

  protected alertUpdate(json: Record<string, unknown> | undefined): HttpReply {
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

  protected alertDelete(p: (k: string) => string | undefined): HttpReply {
    const id = Number(p("id"));
    if ([...this.apps.values()].some((a) => a.alertId === id)) return alert(`AlertId:${id}, this is bound by application. Please clear the configuration first`);
    const i = this.alerts.findIndex((x) => x.id === id);
    if (i >= 0) this.alerts.splice(i, 1);
    return ok(i >= 0);
  }
}
