/**
 * Checks of rendered stacks against the images' contracts (components/platform/imageContract.ts):
 * every mount readable or writable by the user the container runs as, every heap inside its limit,
 * every environment variable read by someone, every image the contract's. They read what the
 * backends rendered (pod templates, ConfigMaps, Docker containers), not the service descriptions.
 */
import { DEFAULT_VERSIONS } from "../../components/config/versions";
import { flinkContract } from "../../components/flink/image";
import { ImageContract, memoryFootprintMiB, runsAsRoot, userOf } from "../../components/platform/imageContract";
import { FETCHER_CONTRACT } from "../../components/platform/artifacts";
import { fileKey } from "../../components/platform/kubernetes/podTemplate";
import { MYSQL_CLIENT_CONTRACT, MYSQL_CONTRACT } from "../../components/mysql/image";
import { MONITORING_CONTRACTS as M } from "../../components/monitoring/images";
import { NODE_CONTRACT } from "../../components/loadgen/loadGenerator";
import { SCHEDULER_CONTRACT } from "../../components/savepoints/savepointScheduler";
import { starrocksContract } from "../../components/starrocks/image";
import { streamparkContract } from "../../components/streampark/console";
import { ProgramRun, reveal } from "./harness";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const V = DEFAULT_VERSIONS;

/** The contract of each service and one-shot step, by name: what the rendered objects must keep. */
export const CONTRACTS: Record<string, ImageContract> = {
  "flink-jobmanager": flinkContract(V.flink, "jobmanager"),
  "flink-taskmanager": flinkContract(V.flink, "taskmanager"),
  "flink-sql-gateway": flinkContract(V.flink, "sql-gateway"),
  streampark: streamparkContract(V.streampark),
  "streampark-schema": MYSQL_CLIENT_CONTRACT,
  mysql: MYSQL_CONTRACT,
  starrocks: starrocksContract("allin1", V.starrocks),
  "starrocks-fe": starrocksContract("fe", V.starrocks),
  "starrocks-be": starrocksContract("be", V.starrocks),
  loadgen: NODE_CONTRACT,
  "savepoint-scheduler": SCHEDULER_CONTRACT,
  "loadgen-seed": MYSQL_CLIENT_CONTRACT,
  "lake-owner": { ...FETCHER_CONTRACT, user: { root: "prepares the volume's ownership" } },
  prometheus: M.prometheus,
  alertmanager: M.alertmanager,
  grafana: M.grafana,
  "mysqld-exporter": M.mysqldExporter,
  "blackbox-exporter": M.blackboxExporter,
  "alertmanager-dingtalk": M.dingtalk,
  "quality-exporter": M.sqlExporter,
};

function envReadBySomeone(name: string, c: ImageContract, ownText: string): boolean {
  return c.env.includes(name) || new RegExp(`\\$\\{?${name}\\b`).test(ownText);
}

/** Problems of a Kubernetes workload's pod against its service's contract. */
export function podProblems(run: ProgramRun, workload: { name: string; inputs: Obj }, namespace: string): string[] {
  const service = workload.inputs.metadata.name as string;
  const c = CONTRACTS[service];
  if (!c) return [`${service}: no contract known`];
  const out: string[] = [];
  const tpl = workload.inputs.spec.template;
  const pod = tpl.spec as Obj;
  const main = pod.containers[0] as Obj;
  const where = `${service} (${c.image}, ${c.source})`;
  if (!c.source) out.push(`${service}: contract cites no source`);
  // Or the image the stack built from it and pushed (<registry>/<stock name>-rtdw:<digest>@sha256:...).
  const stockName = c.image.replace(/:[^/:]+$/, "").split("/").pop();
  if (main.image !== c.image && !new RegExp(`/${stockName}-rtdw:[0-9a-f]{12}@sha256:`).test(main.image)) out.push(`${where}: runs ${main.image}`);
  // Identity: restricted for non-root images, a named exception otherwise.
  const user = userOf(c);
  if (runsAsRoot(c)) {
    if (!String(tpl.metadata.annotations?.["rtdw.dev/pod-security-exception"] ?? "").includes("runs as root")) out.push(`${where}: root without a named exception`);
  } else {
    const sc = main.securityContext ?? {};
    if (sc.runAsNonRoot !== true || sc.runAsUser !== user.uid || sc.allowPrivilegeEscalation !== false || JSON.stringify(sc.capabilities?.drop) !== '["ALL"]') {
      out.push(`${where}: not "restricted": ${JSON.stringify(sc)}`);
    }
  }
  if (pod.securityContext?.seccompProfile?.type !== "RuntimeDefault") out.push(`${where}: no RuntimeDefault seccomp profile`);
  // Mounts: readable (files) and writable (volumes) by the user it runs as.
  const fsGroup = pod.securityContext?.fsGroup;
  const volumes = new Map<string, Obj>((pod.volumes ?? []).map((v: Obj) => [v.name, v]));
  for (const t of workload.inputs.spec.volumeClaimTemplates ?? []) volumes.set(t.metadata.name, { persistentVolumeClaim: {} });
  for (const m of main.volumeMounts ?? []) {
    const v = volumes.get(m.name);
    if (!v) { out.push(`${where}: mount ${m.mountPath} of unknown volume ${m.name}`); continue; }
    if (user.uid === 0) continue;
    if (v.secret && !(fsGroup === user.gid || (v.secret.defaultMode & 0o004))) out.push(`${where}: cannot read ${m.mountPath} (secret ${v.secret.defaultMode?.toString(8)}, fsGroup ${fsGroup})`);
    if (v.persistentVolumeClaim && fsGroup !== user.gid) out.push(`${where}: cannot write ${m.mountPath} (fsGroup ${fsGroup}, group ${user.gid})`);
  }
  // Environment and memory, from the container's env and its files in the ConfigMap.
  const cm = run.resources.find((r) => r.type === "kubernetes:core/v1:ConfigMap" && r.name === `${namespace}-${service}-files`);
  const data = (cm ? reveal(cm.inputs.data) : {}) as Record<string, string>;
  const ownText = [...(main.command ?? []), ...(main.args ?? []), ...Object.values(data)].join("\n");
  const env: Record<string, string> = {};
  for (const e of main.env ?? []) {
    if (!envReadBySomeone(e.name, c, ownText)) out.push(`${where}: sets ${e.name}, which nothing reads`);
    if (typeof e.value === "string") env[e.name] = e.value;
  }
  const files: Record<string, string> = {};
  for (const m of main.volumeMounts ?? []) if (m.subPath && data[m.subPath] !== undefined) files[m.mountPath] = data[m.subPath];
  for (const m of main.volumeMounts ?? []) if (m.name === "writable-files" && data[fileKey(m.mountPath)] !== undefined) files[m.mountPath] = data[fileKey(m.mountPath)];
  const limit = Number(/^(\d+)Mi$/.exec(main.resources.limits.memory)?.[1]);
  try {
    const f = memoryFootprintMiB(c, env, files);
    if (f.mib > limit) out.push(`${where}: needs ${f.mib} MiB (${f.how}), limit ${limit} MiB`);
  } catch (e) {
    out.push(`${where}: ${(e as Error).message}`);
  }
  return out;
}

export function workloads(run: ProgramRun): { name: string; inputs: Obj }[] {
  return [...run.byType("kubernetes:apps/v1:Deployment"), ...run.byType("kubernetes:apps/v1:StatefulSet")]
    .map((r) => ({ name: r.name, inputs: reveal(r.inputs) as Obj }));
}

/** Every connection the network policies admit, as "client -> target:port", from the ingress side. */
export function admittedFlows(run: ProgramRun): string[] {
  const out: string[] = [];
  for (const r of run.byType("kubernetes:networking.k8s.io/v1:NetworkPolicy")) {
    const p = reveal(r.inputs) as Obj;
    const target = p.spec.podSelector.matchLabels?.["app.kubernetes.io/name"];
    for (const rule of p.spec.ingress ?? []) {
      for (const from of rule.from ?? []) {
        const client = from.podSelector?.matchLabels?.["app.kubernetes.io/name"] ?? `ipBlock ${from.ipBlock?.cidr}`;
        for (const port of rule.ports ?? []) out.push(`${client} -> ${target}:${port.port}`);
      }
    }
  }
  return [...new Set(out)].sort();
}

/** Every connection the egress policies allow, as "client -> target:port" (external targets as "outside"). */
export function allowedEgress(run: ProgramRun): string[] {
  const out: string[] = [];
  for (const r of run.byType("kubernetes:networking.k8s.io/v1:NetworkPolicy")) {
    const p = reveal(r.inputs) as Obj;
    if (!(p.spec.policyTypes as string[]).includes("Egress")) continue;
    const client = p.spec.podSelector.matchLabels?.["app.kubernetes.io/name"] ?? "*";
    for (const rule of p.spec.egress ?? []) {
      const targets = (rule.to ?? [{}]).map((t: Obj) => t.podSelector?.matchLabels?.["app.kubernetes.io/name"] ?? (t.ipBlock ? "outside" : "anywhere"));
      for (const t of targets) for (const port of rule.ports ?? []) out.push(`${client} -> ${t}:${port.port}`);
    }
  }
  return [...new Set(out)].sort();
}
