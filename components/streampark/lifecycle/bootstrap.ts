/**
 * What a fresh StreamPark 2.1.5 console needs before it can run jobs, as idempotent steps:
 * the admin password rotated, a Flink environment, a session cluster, alert configurations and
 * secret variables. Every create adopts an existing object of the same exact name (creates return
 * no id and most have no unique key: facts section 10 #4), so an interrupted `up` never duplicates.
 *
 * Sources (SVC = streampark-console-service/src/main/java/org/apache/streampark/console/, v2.1.5):
 * SVC/system/controller/UserController.java#updatePassword (PUT /user/password: userId,
 * oldPassword, password), SVC/core/controller/FlinkEnvController.java,
 * SVC/core/controller/FlinkClusterController.java, SVC/core/controller/AlertController.java,
 * SVC/core/controller/VariableController.java + SVC/core/entity/Variable.java (variableCode,
 * variableValue, description, teamId, desensitization; PUT update, DELETE delete with @Valid).
 */
import type { StreamParkApi } from "../api/client";
import type { AlertRecord, ClusterRecord, FlinkEnvRecord, VariableRecord } from "../api/schemas";
import { failureOf } from "../api/wire";

// ------------------------------------------------------------------ admin password

export interface PasswordRotation { userId: string; rotated: boolean }

/**
 * Make `target` the user's password. Signs in with it first (already rotated: nothing to do);
 * otherwise signs in with `previous` (StreamPark's shipped default unless told) and changes it.
 */
export async function rotatePassword(open: (password: string) => StreamParkApi, user: string, target: string, previous: string): Promise<PasswordRotation> {
  const wrongPassword = (e: unknown) => failureOf(e)?.code === "0";
  try {
    const s = await open(target).session();
    return { userId: s.userId, rotated: false };
  } catch (e) {
    if (!wrongPassword(e)) throw e;
  }
  let api: StreamParkApi;
  let userId: string;
  try {
    api = open(previous);
    userId = (await api.session()).userId;
  } catch (e) {
    if (wrongPassword(e)) {
      throw new Error(`StreamPark user '${user}' accepts neither the stack's admin password nor the previous one: set the current password as previousPassword`);
    }
    throw e;
  }
  await api.call("/user/password", { method: "PUT", form: { userId, oldPassword: previous, password: target } });
  // The change invalidates every token of the user (ShiroRealm verifies with the password hash).
  const check = await open(target).session();
  return { userId: check.userId, rotated: true };
}

export async function passwordWorks(open: (password: string) => StreamParkApi, target: string): Promise<boolean> {
  try {
    await open(target).session();
    return true;
  } catch (e) {
    if (failureOf(e)?.code === "0") return false;
    throw e;
  }
}

// ------------------------------------------------------------------ Flink environment

export interface FlinkEnvSpec { flinkName: string; flinkHome: string; description?: string }

export async function listEnvs(api: StreamParkApi): Promise<FlinkEnvRecord[]> {
  return api.schemas.envs(await api.data("/flink/env/list", { safe: true }));
}

export async function ensureFlinkEnv(api: StreamParkApi, spec: FlinkEnvSpec): Promise<FlinkEnvRecord> {
  const existing = (await listEnvs(api)).find((e) => e.flinkName === spec.flinkName);
  if (existing) return updateFlinkEnv(api, existing.id, spec);
  const verdict = api.schemas.int(await api.data("/flink/env/check", { form: { flinkName: spec.flinkName, flinkHome: spec.flinkHome }, safe: true }));
  const why: Record<number, string> = {
    1: "another Flink environment has this name",
    2: `more than one flink-dist jar in ${spec.flinkHome}/lib on the StreamPark host`,
    [-1]: `${spec.flinkHome}/lib does not exist on the StreamPark host (the Flink distribution must be inside the console container)`,
  };
  if (verdict !== 0) throw new Error(`Flink environment '${spec.flinkName}': ${why[verdict] ?? `check answered ${verdict}`}`);
  await api.call("/flink/env/create", { form: { flinkName: spec.flinkName, flinkHome: spec.flinkHome, description: spec.description ?? "" } });
  const created = (await listEnvs(api)).find((e) => e.flinkName === spec.flinkName);
  if (!created) throw new Error(`Flink environment '${spec.flinkName}': StreamPark accepted the create but does not list it`);
  return created;
}

export async function updateFlinkEnv(api: StreamParkApi, id: string, spec: FlinkEnvSpec): Promise<FlinkEnvRecord> {
  const current = (await listEnvs(api)).find((e) => e.id === id);
  if (!current) throw new Error(`Flink environment ${id} ('${spec.flinkName}') no longer exists in StreamPark`);
  if (current.flinkName !== spec.flinkName || current.flinkHome !== spec.flinkHome || (current.description ?? "") !== (spec.description ?? "")) {
    // Refused (501) while any app or cluster uses it: the message says so.
    await api.call("/flink/env/update", { form: { id, flinkName: spec.flinkName, flinkHome: spec.flinkHome, description: spec.description ?? "" } });
  }
  return (await listEnvs(api)).find((e) => e.id === id)!;
}

/**
 * Re-read conf/config.yaml into StreamPark's copy (FlinkEnvController#sync → FlinkEnvServiceImpl
 * #syncConf). StreamPark reads it only at create and when flinkHome changes (#update, which is
 * refused with code 502 while any app or cluster uses the env); sync has no such check.
 */
export async function syncFlinkEnv(api: StreamParkApi, id: string): Promise<void> {
  await api.call("/flink/env/sync", { form: { id } });
}

export async function deleteFlinkEnv(api: StreamParkApi, id: string): Promise<void> {
  if (!(await listEnvs(api)).some((e) => e.id === id)) return;
  await api.call("/flink/env/delete", { form: { id } });
}

// ------------------------------------------------------------------ session cluster

export interface ClusterSpec {
  clusterName: string;
  /** Remote session only: see components/streampark/README.md ("Kubernetes session mode"). */
  executionMode: 1 | 5;
  flinkEnvId: string;
  address: string;
  kubernetesClusterId?: string;
  kubernetesNamespace?: string;
  description?: string;
}

export async function listClusters(api: StreamParkApi): Promise<ClusterRecord[]> {
  return api.schemas.clusters(await api.data("/flink/cluster/list", { safe: true }));
}

function clusterForm(spec: ClusterSpec): Record<string, string | number | undefined> {
  return {
    clusterName: spec.clusterName, executionMode: spec.executionMode, versionId: spec.flinkEnvId,
    address: spec.address.replace(/\/+$/, ""), description: spec.description ?? "",
    clusterId: spec.executionMode === 5 ? spec.kubernetesClusterId : undefined,
    k8sNamespace: spec.executionMode === 5 ? spec.kubernetesNamespace ?? "default" : undefined,
  };
}

export async function ensureCluster(api: StreamParkApi, spec: ClusterSpec): Promise<ClusterRecord> {
  const existing = (await listClusters(api)).find((c) => c.clusterName === spec.clusterName);
  if (existing) return updateCluster(api, existing.id, spec);
  const check = api.schemas.clusterCheck(await api.data("/flink/cluster/check", { form: clusterForm(spec), safe: true }));
  const why: Record<number, string> = {
    1: "another cluster has this name", 2: "another cluster has this Kubernetes cluster id",
    3: `StreamPark cannot reach the JobManager at ${spec.address}/overview`, 4: "the YARN session is not reachable",
  };
  if (check.status !== 0) throw new Error(`cluster '${spec.clusterName}': ${why[check.status] ?? check.msg ?? `check answered ${check.status}`}`);
  await api.call("/flink/cluster/create", { form: clusterForm(spec) });
  const created = (await listClusters(api)).find((c) => c.clusterName === spec.clusterName);
  if (!created) throw new Error(`cluster '${spec.clusterName}': StreamPark accepted the create but does not list it`);
  return created;
}

export async function updateCluster(api: StreamParkApi, id: string, spec: ClusterSpec): Promise<ClusterRecord> {
  const current = (await listClusters(api)).find((c) => c.id === id);
  if (!current) throw new Error(`cluster ${id} ('${spec.clusterName}') no longer exists in StreamPark`);
  const want = clusterForm(spec);
  if (current.clusterName !== want.clusterName || (current.address ?? "") !== want.address || (current.description ?? "") !== want.description
    || (spec.executionMode === 5 && (current.clusterId !== want.clusterId || current.k8sNamespace !== want.k8sNamespace))) {
    await api.call("/flink/cluster/update", { form: { ...want, id } });
  }
  return (await listClusters(api)).find((c) => c.id === id)!;
}

export async function deleteCluster(api: StreamParkApi, id: string): Promise<void> {
  if (!(await listClusters(api)).some((c) => c.id === id)) return;
  await api.call("/flink/cluster/delete", { form: { id } });
}

// ------------------------------------------------------------------ alerts

/** Channels of one alert configuration (AlertConfigWithParams beans). */
/** The sender StreamPark mails alerts with (SenderEmail.java, `/flink/setting/update/email`): one per console. */
export interface SenderEmail { host: string; port: number; from: string; userName: string; password: string; ssl: boolean }

export interface AlertChannels {
  /** Email needs the console's sender (`smtp`): StreamPark cannot mail without it. */
  email?: { contacts: string; smtp: SenderEmail };
  dingTalk?: { token: string; contacts?: string; alertDingURL?: string; isAtAll?: boolean; secretEnable?: boolean; secretToken?: string };
  weCom?: { token: string };
  httpCallback?: { url: string; method?: string; contentType?: string; requestTemplate?: string };
  lark?: { token: string; isAtAll?: boolean; secretEnable?: boolean; secretToken?: string };
}

/**
 * AlertType.java bits: EMAIL 1, DING_TALK 2, WE_COM 4, HTTP_CALLBACK 8, LARK 16. On update a
 * removed channel is sent as `{}`: `/flink/alert/update` is an updateById that leaves null
 * columns unchanged (AlertConfig#of copies only non-null params), so null would keep the old
 * token or URL stored; `{}` overwrites it, and the alertType bit without it keeps it unused.
 */
export function alertBody(name: string, userId: string, c: AlertChannels, clearRemoved = false): Record<string, unknown> {
  const type = (c.email ? 1 : 0) + (c.dingTalk ? 2 : 0) + (c.weCom ? 4 : 0) + (c.httpCallback ? 8 : 0) + (c.lark ? 16 : 0);
  const absent = clearRemoved ? {} : null;
  return {
    alertName: name, userId: Number(userId), alertType: type,
    emailParams: c.email ? { contacts: c.email.contacts } : absent, dingTalkParams: c.dingTalk ?? absent, weComParams: c.weCom ?? absent,
    httpCallbackParams: c.httpCallback ?? absent, larkParams: c.lark ?? absent,
  };
}

/** SettingController#updateEmail: the console-wide sender (t_setting alert.email.*). */
async function setSender(api: StreamParkApi, c: AlertChannels): Promise<void> {
  if (!c.email) return;
  const s = c.email.smtp;
  await api.call("/flink/setting/update/email", { form: { host: s.host, port: s.port, from: s.from, userName: s.userName, password: s.password, ssl: s.ssl } });
}

export async function listAlerts(api: StreamParkApi): Promise<AlertRecord[]> {
  return api.schemas.alerts(await api.data("/flink/alert/listWithOutPage", { safe: true }));
}

export async function ensureAlert(api: StreamParkApi, name: string, channels: AlertChannels): Promise<AlertRecord> {
  const { userId } = await api.session();
  const existing = (await listAlerts(api)).find((a) => a.alertName === name);
  if (existing) return updateAlert(api, String(existing.id), name, channels);
  await setSender(api, channels);
  await api.call("/flink/alert/add", { json: alertBody(name, userId, channels) });
  const created = (await listAlerts(api)).find((a) => a.alertName === name);
  if (!created) throw new Error(`alert '${name}': StreamPark accepted the add but does not list it`);
  return created;
}

export async function updateAlert(api: StreamParkApi, id: string, name: string, channels: AlertChannels): Promise<AlertRecord> {
  const { userId } = await api.session();
  await setSender(api, channels);
  const ok = await api.data("/flink/alert/update", { json: { ...alertBody(name, userId, channels, true), id: Number(id) } });
  if (ok !== true) throw new Error(`alert '${name}': StreamPark did not update alert ${id}`);
  const row = (await listAlerts(api)).find((a) => String(a.id) === id);
  if (!row) throw new Error(`alert '${name}': alert ${id} no longer exists`);
  return row;
}

export async function deleteAlert(api: StreamParkApi, id: string): Promise<void> {
  if (!(await listAlerts(api)).some((a) => String(a.id) === id)) return;
  // DELETE with the id as a query/form param; refused (501) while an application references it.
  await api.call(`/flink/alert/delete?id=${encodeURIComponent(id)}`, { method: "DELETE" });
}

// ------------------------------------------------------------------ variables

export interface VariableSpec { code: string; value: string; description?: string }

/** Placeholder rule of VariableServiceImpl.PLACEHOLDER_PATTERN: a letter, then 1+ of [A-Za-z0-9._-]. */
export const VARIABLE_CODE_PATTERN = "^[A-Za-z]+[A-Za-z0-9._-]+$";

export async function findVariable(api: StreamParkApi, code: string): Promise<VariableRecord | undefined> {
  const { teamId } = await api.session();
  const rows = api.schemas.variables(await api.data("/variable/list", { form: { teamId, keyword: code }, safe: true }));
  return rows.find((v) => v.variableCode === code);
}

function variableForm(spec: VariableSpec, teamId: string, id?: string): Record<string, string | boolean | undefined> {
  // desensitization is always sent: Variable#dataMasking unboxes it and a null breaks every list.
  return { id, variableCode: spec.code, variableValue: spec.value, description: spec.description ?? "", teamId, desensitization: true };
}

export async function ensureVariable(api: StreamParkApi, spec: VariableSpec): Promise<VariableRecord> {
  const { teamId } = await api.session();
  const existing = await findVariable(api, spec.code);
  if (existing) {
    await api.call("/variable/update", { method: "PUT", form: variableForm(spec, teamId, existing.id) });
  } else {
    await api.call("/variable/post", { form: variableForm(spec, teamId) });
  }
  const row = await findVariable(api, spec.code);
  if (!row) throw new Error(`variable '${spec.code}': StreamPark accepted it but does not list it`);
  return row;
}

export async function updateVariable(api: StreamParkApi, id: string, spec: VariableSpec): Promise<VariableRecord> {
  const { teamId } = await api.session();
  // Marks every application using ${code} NEED_RESTART (VariableServiceImpl#updateVariable).
  await api.call("/variable/update", { method: "PUT", form: variableForm(spec, teamId, id) });
  const row = await findVariable(api, spec.code);
  if (!row) throw new Error(`variable '${spec.code}' no longer exists in StreamPark`);
  return row;
}

export async function deleteVariable(api: StreamParkApi, id: string, code: string): Promise<void> {
  const { teamId } = await api.session();
  const row = await findVariable(api, code);
  if (!row || row.id !== id) return;
  // @Valid Variable on delete: code, a non-blank value and teamId must be present; only the id is used.
  await api.call("/variable/delete", { method: "DELETE", form: { id, variableCode: code, variableValue: "-", teamId } });
}
