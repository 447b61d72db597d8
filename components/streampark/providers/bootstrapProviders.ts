/**
 * Dynamic providers for StreamPark's bootstrap objects (../lifecycle/bootstrap.ts): thin tables of
 * check/diff/create/read/update/delete. Secret inputs (passwords, variable values, alert channel
 * tokens) never reach outputs; a change of one is detected in check, which sees the old inputs,
 * and recorded as a `revision` number that diff (which sees only old outputs) can compare.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { AlertChannels } from "../lifecycle/bootstrap";
import {
  deleteAlert, deleteCluster, deleteFlinkEnv, deleteVariable, ensureAlert, ensureCluster, ensureFlinkEnv,
  ensureVariable, findVariable, listAlerts, listClusters, listEnvs, passwordWorks, rotatePassword, syncFlinkEnv, updateAlert,
  updateCluster, updateFlinkEnv, updateVariable, VARIABLE_CODE_PATTERN,
} from "../lifecycle/bootstrap";
import { connectConsole } from "../api/client";
import type { ConsoleInputs } from "./connection";
import { adminPassword, consoleFailures, consoleOutputs, containsUnknown, defined, isUnknown, openConsole, rememberConfig, stableJson } from "./connection";

type Failure = { property: string; reason: string };

/** Bumps `revision` when a secret input changed (check sees old inputs, diff only old outputs). */
function revisionOf(olds: Record<string, unknown> | undefined, news: Record<string, unknown>, secretKeys: string[]): number | string {
  if (secretKeys.some((k) => isUnknown(news[k]))) return "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
  const before = typeof olds?.revision === "number" ? olds.revision : 0;
  if (!olds || Object.keys(olds).length === 0) return 1;
  return secretKeys.some((k) => stableJson(olds[k] ?? null) !== stableJson(news[k] ?? null)) ? before + 1 : before || 1;
}

function withConsoleDefaults<T extends Partial<ConsoleInputs>>(news: T): T {
  return { ...news, passwordConfigKey: news.passwordConfigKey ?? "rtdw:streamparkAdminPassword" };
}

/**
 * update when any listed field differs, replace when an identity field does. How to reach the
 * console (consoleUrl) is an update field, never a replace; `__provider` (a fixed stub, see
 * components/dynamicResource/hostedProvider.ts) is not compared: a new release alone changes nothing. Fields missing from
 * outputs of an older release compare as null.
 */
function diffFields(olds: Record<string, unknown>, news: Record<string, unknown>, update: string[], replace: string[]): pulumi.dynamic.DiffResult {
  const replaces = replace.filter((k) => stableJson(olds[k] ?? null) !== stableJson(news[k] ?? null));
  if (replaces.length > 0) return { changes: true, replaces, deleteBeforeReplace: true };
  const changed = containsUnknown(update.map((k) => news[k]))
    || update.some((k) => stableJson(olds[k] ?? null) !== stableJson(news[k] ?? null));
  return { changes: changed };
}

/** How every bootstrap resource reaches the console: updates, never replaces. */
const CONSOLE_FIELDS = ["consoleUrl", "adminUser", "passwordConfigKey", "requestTimeoutSeconds"];

// ------------------------------------------------------------------ admin password

export interface AdminPasswordInputs extends ConsoleInputs { previousPassword: string; revision?: number }
export interface AdminPasswordOutputs extends Omit<ConsoleInputs, "adminPassword"> { userId: string; revision: number; inSync: boolean }

export class AdminPasswordProvider implements pulumi.dynamic.ResourceProvider<AdminPasswordInputs, AdminPasswordOutputs> {
  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    rememberConfig(req);
  }

  async check(olds: AdminPasswordInputs, news: AdminPasswordInputs): Promise<pulumi.dynamic.CheckResult<AdminPasswordInputs>> {
    const n = withConsoleDefaults(news);
    const failures: Failure[] = consoleFailures(n);
    if (!isUnknown(n.adminPassword) && (typeof n.adminPassword !== "string" || n.adminPassword.length < 8)) {
      failures.push({ property: "adminPassword", reason: `the StreamPark admin password (stack config ${n.passwordConfigKey}) must have at least 8 characters` });
    }
    n.revision = revisionOf(olds as unknown as Record<string, unknown>, n as unknown as Record<string, unknown>, ["adminPassword"]) as number;
    return { inputs: n, failures };
  }

  async diff(_id: string, olds: AdminPasswordOutputs, news: AdminPasswordInputs): Promise<pulumi.dynamic.DiffResult> {
    const d = diffFields(olds as unknown as Record<string, unknown>, news as unknown as Record<string, unknown>, [...CONSOLE_FIELDS, "revision"], []);
    return olds.inSync === false ? { ...d, changes: true } : d;
  }

  private async rotate(n: AdminPasswordInputs): Promise<AdminPasswordOutputs> {
    const open = (password: string) => connectConsole({ url: n.consoleUrl, username: n.adminUser, timeoutMs: (n.requestTimeoutSeconds ?? 30) * 1000 }, password);
    const r = await rotatePassword(open, n.adminUser, adminPassword(n), n.previousPassword);
    return { ...consoleOutputs(n), userId: r.userId, revision: typeof n.revision === "number" ? n.revision : 1, inSync: true };
  }

  async create(inputs: AdminPasswordInputs): Promise<pulumi.dynamic.CreateResult<AdminPasswordOutputs>> {
    const outs = await this.rotate(withConsoleDefaults(inputs));
    return { id: `streampark-user-${outs.userId}`, outs: defined(outs) };
  }

  async update(_id: string, _olds: AdminPasswordOutputs, news: AdminPasswordInputs): Promise<pulumi.dynamic.UpdateResult<AdminPasswordOutputs>> {
    return { outs: defined(await this.rotate(withConsoleDefaults(news))) };
  }

  async read(id: string, props: AdminPasswordOutputs = {} as AdminPasswordOutputs): Promise<pulumi.dynamic.ReadResult<AdminPasswordOutputs>> {
    const open = (password: string) => connectConsole({ url: props.consoleUrl, username: props.adminUser, timeoutMs: (props.requestTimeoutSeconds ?? 30) * 1000 }, password);
    // Changed by hand in the UI: the stack's password no longer signs in.
    const inSync = await passwordWorks(open, adminPassword(props));
    return { id, props: defined({ ...props, inSync }) };
  }

  async delete(): Promise<void> {
    // Deliberately nothing: putting the shipped default password back would open the console.
  }
}

// ------------------------------------------------------------------ Flink environment

export interface FlinkEnvInputs extends ConsoleInputs {
  flinkName: string; flinkHome: string; description?: string;
  /** Fingerprint of the console's conf/config.yaml: a change makes StreamPark re-read it (`/flink/env/sync`). */
  flinkConfigFingerprint?: string;
}
export interface FlinkEnvOutputs extends Omit<FlinkEnvInputs, "adminPassword"> { envId: string; flinkVersion: string | null }

export class FlinkEnvironmentProvider implements pulumi.dynamic.ResourceProvider<FlinkEnvInputs, FlinkEnvOutputs> {
  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    rememberConfig(req);
  }

  async check(_olds: FlinkEnvInputs, news: FlinkEnvInputs): Promise<pulumi.dynamic.CheckResult<FlinkEnvInputs>> {
    const n = withConsoleDefaults(news);
    const failures = consoleFailures(n);
    if (!isUnknown(n.flinkName) && (typeof n.flinkName !== "string" || n.flinkName.trim() === "")) failures.push({ property: "flinkName", reason: "flinkName must be a non-empty name" });
    if (!isUnknown(n.flinkHome) && (typeof n.flinkHome !== "string" || !n.flinkHome.startsWith("/"))) failures.push({ property: "flinkHome", reason: "flinkHome must be an absolute path inside the StreamPark container" });
    return { inputs: n, failures };
  }

  async diff(_id: string, olds: FlinkEnvOutputs, news: FlinkEnvInputs): Promise<pulumi.dynamic.DiffResult> {
    return diffFields(olds as unknown as Record<string, unknown>, news as unknown as Record<string, unknown>, [...CONSOLE_FIELDS, "flinkName", "flinkHome", "description", "flinkConfigFingerprint"], []);
  }

  async create(inputs: FlinkEnvInputs): Promise<pulumi.dynamic.CreateResult<FlinkEnvOutputs>> {
    const n = withConsoleDefaults(inputs);
    const env = await ensureFlinkEnv(openConsole(n), n);
    return { id: env.id, outs: defined({ ...consoleOutputs(n), flinkName: n.flinkName, flinkHome: n.flinkHome, description: n.description, flinkConfigFingerprint: n.flinkConfigFingerprint, envId: env.id, flinkVersion: env.version }) };
  }

  async update(id: string, olds: FlinkEnvOutputs, news: FlinkEnvInputs): Promise<pulumi.dynamic.UpdateResult<FlinkEnvOutputs>> {
    const n = withConsoleDefaults(news);
    const api = openConsole(n);
    const env = await updateFlinkEnv(api, id, n);
    if ((olds.flinkConfigFingerprint ?? null) !== (n.flinkConfigFingerprint ?? null)) await syncFlinkEnv(api, id);
    return { outs: defined({ ...consoleOutputs(n), flinkName: n.flinkName, flinkHome: n.flinkHome, description: n.description, flinkConfigFingerprint: n.flinkConfigFingerprint, envId: env.id, flinkVersion: env.version }) };
  }

  async read(id: string, props: FlinkEnvOutputs = {} as FlinkEnvOutputs): Promise<pulumi.dynamic.ReadResult<FlinkEnvOutputs>> {
    const env = (await listEnvs(openConsole(props))).find((e) => e.id === id);
    if (!env) return { id: "", props: {} as FlinkEnvOutputs };
    return { id, props: defined({ ...props, flinkName: env.flinkName, flinkHome: env.flinkHome, description: env.description ?? undefined, flinkVersion: env.version }) };
  }

  async delete(id: string, props: FlinkEnvOutputs): Promise<void> {
    await deleteFlinkEnv(openConsole(props), id);
  }
}

// ------------------------------------------------------------------ session cluster

export interface ClusterInputs extends ConsoleInputs {
  clusterName: string; flinkEnvId: string; address: string; executionMode: 1 | 5;
  kubernetesClusterId?: string; kubernetesNamespace?: string; description?: string;
}
export interface ClusterOutputs extends Omit<ClusterInputs, "adminPassword"> { clusterId: string; clusterState: number | null }

function clusterSpec(n: ClusterInputs) {
  return {
    clusterName: n.clusterName, executionMode: n.executionMode, flinkEnvId: String(n.flinkEnvId), address: n.address,
    kubernetesClusterId: n.kubernetesClusterId, kubernetesNamespace: n.kubernetesNamespace, description: n.description,
  };
}

function clusterOutputs(n: ClusterInputs, id: string, state: number | null): ClusterOutputs {
  const { adminPassword: _s, ...plain } = n;
  void _s;
  return { ...plain, ...consoleOutputs(n), clusterId: id, clusterState: state };
}

export class SessionClusterProvider implements pulumi.dynamic.ResourceProvider<ClusterInputs, ClusterOutputs> {
  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    rememberConfig(req);
  }

  async check(_olds: ClusterInputs, news: ClusterInputs): Promise<pulumi.dynamic.CheckResult<ClusterInputs>> {
    const n = withConsoleDefaults({ ...news, executionMode: news.executionMode ?? 1 });
    const failures = consoleFailures(n);
    if (!isUnknown(n.address) && (typeof n.address !== "string" || !/^https?:\/\/[^\s/]+/.test(n.address))) {
      failures.push({ property: "address", reason: "address must be the JobManager REST URL as StreamPark reaches it, e.g. http://jobmanager:8081" });
    }
    if (n.executionMode !== 1) {
      failures.push({ property: "executionMode", reason: "executionMode must be 1 (remote session): StreamPark 2.1.5's Kubernetes session mode (5) needs a native session it starts itself (/flink/cluster/start) with Kubernetes API access, and its cluster update clears the address (FlinkClusterServiceImpl#update); rtdw submits to the session cluster it deploys through its JobManager REST address on Docker and Kubernetes alike" });
    }
    if (!isUnknown(n.flinkEnvId) && !/^\d+$/.test(String(n.flinkEnvId ?? ""))) failures.push({ property: "flinkEnvId", reason: "flinkEnvId must be a StreamPark Flink environment id" });
    return { inputs: n, failures };
  }

  async diff(_id: string, olds: ClusterOutputs, news: ClusterInputs): Promise<pulumi.dynamic.DiffResult> {
    // A REMOTE cluster's update changes only name, description and address (FlinkClusterServiceImpl#update).
    return diffFields(olds as unknown as Record<string, unknown>, news as unknown as Record<string, unknown>,
      [...CONSOLE_FIELDS, "clusterName", "address", "description", "kubernetesClusterId", "kubernetesNamespace"], ["executionMode", "flinkEnvId"]);
  }

  async create(inputs: ClusterInputs): Promise<pulumi.dynamic.CreateResult<ClusterOutputs>> {
    const n = withConsoleDefaults(inputs);
    const c = await ensureCluster(openConsole(n), clusterSpec(n));
    return { id: c.id, outs: defined(clusterOutputs(n, c.id, c.clusterState)) };
  }

  async update(id: string, _olds: ClusterOutputs, news: ClusterInputs): Promise<pulumi.dynamic.UpdateResult<ClusterOutputs>> {
    const n = withConsoleDefaults(news);
    const c = await updateCluster(openConsole(n), id, clusterSpec(n));
    return { outs: defined(clusterOutputs(n, c.id, c.clusterState)) };
  }

  async read(id: string, props: ClusterOutputs = {} as ClusterOutputs): Promise<pulumi.dynamic.ReadResult<ClusterOutputs>> {
    const c = (await listClusters(openConsole(props))).find((x) => x.id === id);
    if (!c) return { id: "", props: {} as ClusterOutputs };
    return { id, props: defined({ ...props, clusterName: c.clusterName, address: c.address ?? props.address, description: c.description ?? undefined, clusterState: c.clusterState }) };
  }

  async delete(id: string, props: ClusterOutputs): Promise<void> {
    await deleteCluster(openConsole(props), id);
  }
}

// ------------------------------------------------------------------ alert configuration

export interface AlertInputs extends ConsoleInputs { alertName: string; channels: AlertChannels; revision?: number }
export interface AlertOutputs extends Omit<ConsoleInputs, "adminPassword"> { alertName: string; alertId: number; alertType: number; revision: number }

export class AlertConfigProvider implements pulumi.dynamic.ResourceProvider<AlertInputs, AlertOutputs> {
  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    rememberConfig(req);
  }

  async check(olds: AlertInputs, news: AlertInputs): Promise<pulumi.dynamic.CheckResult<AlertInputs>> {
    const n = withConsoleDefaults(news);
    const failures = consoleFailures(n);
    if (!isUnknown(n.alertName) && (typeof n.alertName !== "string" || n.alertName.trim() === "")) failures.push({ property: "alertName", reason: "alertName must be non-empty" });
    if (!containsUnknown(n.channels) && (!n.channels || Object.keys(n.channels).length === 0)) failures.push({ property: "channels", reason: `alert '${n.alertName}': at least one channel (email, dingTalk, weCom, httpCallback, lark)` });
    if (!containsUnknown(n.channels) && n.channels?.email && !n.channels.email.smtp?.host) {
      failures.push({ property: "channels", reason: `alert '${n.alertName}': an email channel needs email.smtp (host, port, from, userName, password, ssl): StreamPark mails with the sender set by /flink/setting/update/email` });
    }
    n.revision = revisionOf(olds as unknown as Record<string, unknown>, n as unknown as Record<string, unknown>, ["channels"]) as number;
    return { inputs: n, failures };
  }

  async diff(_id: string, olds: AlertOutputs, news: AlertInputs): Promise<pulumi.dynamic.DiffResult> {
    return diffFields(olds as unknown as Record<string, unknown>, news as unknown as Record<string, unknown>, [...CONSOLE_FIELDS, "alertName", "revision"], []);
  }

  async create(inputs: AlertInputs): Promise<pulumi.dynamic.CreateResult<AlertOutputs>> {
    const n = withConsoleDefaults(inputs);
    const a = await ensureAlert(openConsole(n), n.alertName, n.channels);
    return { id: String(a.id), outs: defined({ ...consoleOutputs(n), alertName: n.alertName, alertId: Number(a.id), alertType: a.alertType, revision: n.revision ?? 1 }) };
  }

  async update(id: string, _olds: AlertOutputs, news: AlertInputs): Promise<pulumi.dynamic.UpdateResult<AlertOutputs>> {
    const n = withConsoleDefaults(news);
    const a = await updateAlert(openConsole(n), id, n.alertName, n.channels);
    return { outs: defined({ ...consoleOutputs(n), alertName: n.alertName, alertId: Number(a.id), alertType: a.alertType, revision: n.revision ?? 1 }) };
  }

  async read(id: string, props: AlertOutputs = {} as AlertOutputs): Promise<pulumi.dynamic.ReadResult<AlertOutputs>> {
    const a = (await listAlerts(openConsole(props))).find((x) => String(x.id) === id);
    if (!a) return { id: "", props: {} as AlertOutputs };
    return { id, props: defined({ ...props, alertName: a.alertName, alertType: a.alertType }) };
  }

  async delete(id: string, props: AlertOutputs): Promise<void> {
    await deleteAlert(openConsole(props), id);
  }
}

// ------------------------------------------------------------------ secret variable

export interface VariableInputs extends ConsoleInputs { code: string; value: string; description?: string; revision?: number }
export interface VariableOutputs extends Omit<ConsoleInputs, "adminPassword"> { code: string; description?: string; variableId: string; revision: number; desensitized: boolean }

export class VariableProvider implements pulumi.dynamic.ResourceProvider<VariableInputs, VariableOutputs> {
  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    rememberConfig(req);
  }

  async check(olds: VariableInputs, news: VariableInputs): Promise<pulumi.dynamic.CheckResult<VariableInputs>> {
    const n = withConsoleDefaults(news);
    const failures = consoleFailures(n);
    if (!isUnknown(n.code) && (typeof n.code !== "string" || !new RegExp(VARIABLE_CODE_PATTERN).test(n.code))) {
      failures.push({ property: "code", reason: `variable code '${String(n.code)}' must match ${VARIABLE_CODE_PATTERN}, or StreamPark will not substitute \${${String(n.code)}} (VariableServiceImpl.PLACEHOLDER_PATTERN)` });
    }
    if (!isUnknown(n.value) && (typeof n.value !== "string" || n.value === "")) failures.push({ property: "value", reason: `variable '${String(n.code)}': the value is empty (StreamPark substitutes only non-empty values)` });
    if (typeof n.description === "string" && n.description.length > 100) failures.push({ property: "description", reason: `variable '${n.code}': description longer than 100 characters (Variable.java @Size)` });
    n.revision = revisionOf(olds as unknown as Record<string, unknown>, n as unknown as Record<string, unknown>, ["value"]) as number;
    return { inputs: n, failures };
  }

  async diff(_id: string, olds: VariableOutputs, news: VariableInputs): Promise<pulumi.dynamic.DiffResult> {
    const d = diffFields(olds as unknown as Record<string, unknown>, news as unknown as Record<string, unknown>, [...CONSOLE_FIELDS, "description", "revision"], ["code"]);
    return olds.desensitized === false ? { ...d, changes: true } : d;
  }

  async create(inputs: VariableInputs): Promise<pulumi.dynamic.CreateResult<VariableOutputs>> {
    const n = withConsoleDefaults(inputs);
    const v = await ensureVariable(openConsole(n), n);
    return { id: v.id, outs: defined({ ...consoleOutputs(n), code: n.code, description: n.description, variableId: v.id, revision: n.revision ?? 1, desensitized: v.desensitization === true }) };
  }

  async update(id: string, olds: VariableOutputs, news: VariableInputs): Promise<pulumi.dynamic.UpdateResult<VariableOutputs>> {
    const n = withConsoleDefaults(news);
    // Updating a variable marks every application using it NEED_RESTART whatever the value
    // (VariableServiceImpl#updateVariable compares nothing): only a new value or description goes
    // to StreamPark. Anything else (the console moved, a new release) is recorded, not sent.
    const unchanged = n.revision === olds.revision && (n.description ?? null) === (olds.description ?? null) && olds.desensitized !== false;
    const api = openConsole(n);
    const v = unchanged ? await findVariable(api, n.code) : await updateVariable(api, id, n);
    if (!v || v.id !== id) throw new Error(`variable '${n.code}' (StreamPark id ${id}) no longer exists in StreamPark: refresh, then up creates it again`);
    return { outs: defined({ ...consoleOutputs(n), code: n.code, description: n.description, variableId: v.id, revision: n.revision ?? 1, desensitized: v.desensitization === true }) };
  }

  async read(id: string, props: VariableOutputs = {} as VariableOutputs): Promise<pulumi.dynamic.ReadResult<VariableOutputs>> {
    const v = await findVariable(openConsole(props), props.code);
    if (!v || v.id !== id) return { id: "", props: {} as VariableOutputs };
    return { id, props: defined({ ...props, description: v.description ?? undefined, desensitized: v.desensitization === true }) };
  }

  async delete(id: string, props: VariableOutputs): Promise<void> {
    await deleteVariable(openConsole(props), id, props.code);
  }
}
