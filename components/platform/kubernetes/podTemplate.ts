/**
 * Renders a ServiceSpec into a Kubernetes pod template: containers, init containers, volumes and
 * mounts, probes and resources. Pure, so tests validate its output against the upstream schemas.
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { FETCHER_CONTRACT, FETCHER_IMAGE, STAGING_DIR, fetchScript } from "../artifacts";
import { ImageContract, runsAsRoot, userOf } from "../imageContract";
import { Artifact, ConfigFile, HealthCheck, ImageContent, ServiceSpec } from "../service";

import type * as Input from "@pulumi/kubernetes/types/input";

export function serviceLabels(name: string): Record<string, string> {
  return { "app.kubernetes.io/name": name, "app.kubernetes.io/part-of": "rtdw" };
}

/** ConfigMap/Secret keys allow [-._a-zA-Z0-9]: the file's path, flattened. */
export function fileKey(filePath: string): string {
  return filePath.replace(/^\/+/, "").replace(/[^-._a-zA-Z0-9]/g, "_");
}

export interface PodTemplateContext {
  configMapName?: string;
  secretName?: string;
  serviceAccountName?: string;
  /** The image the main container runs (a derived image from the stack's registry, or the spec's). */
  image?: pulumi.Input<string>;
  /** Artifacts still to fetch at start (from the stack's mirror); none when the image carries them. */
  artifacts?: Artifact[];
  /** Image contents still to copy at start; none when the image carries them. */
  imageContents?: ImageContent[];
}

/** Subdirectory of a data volume used when the process needs an empty directory (DataVolume.emptyDirectory). */
export const EMPTY_DIRECTORY_SUBPATH = "data";

/**
 * Pod Security "restricted" for a container whose image runs as a non-root user (runAsNonRoot, its
 * uid and gid, no privilege escalation, every capability dropped); for an image that runs as root,
 * the named exception keeps "baseline": no privilege escalation, the runtime's default capabilities.
 * (kubernetes.io/docs/concepts/security/pod-security-standards.)
 */
export function containerSecurity(c: ImageContract): Input.core.v1.SecurityContext {
  if (runsAsRoot(c)) return { allowPrivilegeEscalation: false };
  const u = userOf(c);
  return { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, runAsNonRoot: true, runAsUser: u.uid, runAsGroup: u.gid };
}

/** Pod level: RuntimeDefault seccomp, and for a non-root image its group owning the volumes (fsGroup): secret and config files (0440) and data volumes become readable and writable by it. */
export function podSecurity(c: ImageContract): Input.core.v1.PodSecurityContext {
  if (runsAsRoot(c)) return { seccompProfile: { type: "RuntimeDefault" } };
  const u = userOf(c);
  return { seccompProfile: { type: "RuntimeDefault" }, runAsNonRoot: true, runAsUser: u.uid, runAsGroup: u.gid, fsGroup: u.gid };
}

/** The annotation naming why a pod cannot be "restricted". */
export const POD_SECURITY_EXCEPTION = "rtdw.dev/pod-security-exception";

function probe(h: HealthCheck): Input.core.v1.Probe {
  const period = h.periodSeconds ?? 10;
  const base = { periodSeconds: period, timeoutSeconds: 5, failureThreshold: 3 };
  if (h.http) return { ...base, httpGet: { path: h.http.path, port: h.http.port } };
  if (h.tcp) return { ...base, tcpSocket: { port: h.tcp.port } };
  if (h.command) return { ...base, exec: { command: h.command } };
  throw new Error("a health check needs http, tcp or command");
}

function envVars(env: Record<string, pulumi.Input<string>> | undefined, secretEnv: Record<string, unknown> | undefined,
  secretName: string | undefined, secretKeyPrefix: string, ownAddressEnv?: string): Input.core.v1.EnvVar[] {
  const out: Input.core.v1.EnvVar[] = Object.entries(env ?? {}).sort(([a], [b]) => a.localeCompare(b)).map(([name, value]) => ({ name, value }));
  for (const name of Object.keys(secretEnv ?? {}).sort()) {
    out.push({ name, valueFrom: { secretKeyRef: { name: secretName as string, key: `env.${secretKeyPrefix}${name}` } } });
  }
  if (ownAddressEnv) out.push({ name: ownAddressEnv, valueFrom: { fieldRef: { fieldPath: "status.podIP" } } });
  return out;
}

function fileMounts(files: ConfigFile[] | undefined): Input.core.v1.VolumeMount[] {
  return (files ?? []).map((f) => f.writable
    ? { name: "writable-files", mountPath: f.path, subPath: fileKey(f.path) }
    : { name: f.secret ? "secret-files" : "files", mountPath: f.path, subPath: fileKey(f.path), readOnly: true });
}

/**
 * ConfigMap and Secret mounts are read-only; a file the process rewrites at start is copied into an
 * emptyDir first, by an init container of the service's own image.
 */
function writableFilesInit(spec: ServiceSpec, image: pulumi.Input<string>): { volume: Input.core.v1.Volume; init: Input.core.v1.Container } | undefined {
  const writable = (spec.files ?? []).filter((f) => f.writable);
  if (!writable.length) return undefined;
  const copies = writable.map((f) => `cp ${f.secret ? "/rtdw/secret-files" : "/rtdw/files"}/${fileKey(f.path)} /rtdw/writable/${fileKey(f.path)}`);
  const sources: Input.core.v1.VolumeMount[] = [{ name: "writable-files", mountPath: "/rtdw/writable" }];
  if (writable.some((f) => !f.secret)) sources.push({ name: "files", mountPath: "/rtdw/files", readOnly: true });
  if (writable.some((f) => f.secret)) sources.push({ name: "secret-files", mountPath: "/rtdw/secret-files", readOnly: true });
  return {
    volume: { name: "writable-files", emptyDir: {} },
    init: {
      name: "copy-writable-files",
      image,
      command: ["sh", "-c", copies.join(" && ")],
      volumeMounts: sources,
      securityContext: containerSecurity(spec.contract),
      resources: { requests: { cpu: "100m", memory: "64Mi" }, limits: { memory: "128Mi" } },
    },
  };
}

export function renderPodTemplate(spec: ServiceSpec, ctx: PodTemplateContext): Omit<Input.core.v1.PodTemplateSpec, "metadata"> {
  const volumes: Input.core.v1.Volume[] = [];
  const initContainers: Input.core.v1.Container[] = [];
  const mounts: Input.core.v1.VolumeMount[] = [...fileMounts(spec.files)];

  const anyFiles = [...(spec.files ?? []), ...(spec.initSteps ?? []).flatMap((s) => s.files ?? [])];
  if (ctx.configMapName && anyFiles.some((f) => !f.secret)) {
    volumes.push({ name: "files", configMap: { name: ctx.configMapName, defaultMode: 0o755 } });
  }
  if (ctx.secretName && anyFiles.some((f) => f.secret)) {
    volumes.push({ name: "secret-files", secret: { secretName: ctx.secretName, defaultMode: 0o440 } });
  }

  const image = ctx.image ?? spec.image;
  const artifacts = ctx.artifacts ?? spec.artifacts ?? [];
  const writable = writableFilesInit(spec, image);
  if (writable) {
    volumes.push(writable.volume);
    initContainers.push(writable.init);
  }

  if (artifacts.length) {
    volumes.push({ name: "artifacts", emptyDir: {} });
    initContainers.push({
      name: "fetch-artifacts",
      image: FETCHER_IMAGE,
      command: ["sh", "-c", fetchScript(artifacts)],
      volumeMounts: [{ name: "artifacts", mountPath: STAGING_DIR }],
      resources: { requests: { cpu: "100m", memory: "64Mi" }, limits: { memory: "256Mi" } },
      securityContext: containerSecurity(FETCHER_CONTRACT),
    });
    for (const a of artifacts) {
      mounts.push({ name: "artifacts", mountPath: a.path, subPath: path.posix.basename(a.path), readOnly: true });
    }
  }

  const copyInit = (contents: ServiceSpec["imageContents"], prefix: string, contract: ImageContract): Input.core.v1.VolumeMount[] =>
    (contents ?? []).map((c, i) => {
      const volume = `${prefix}content-${i}`;
      volumes.push({ name: volume, emptyDir: {} });
      initContainers.push({
        name: `copy-${prefix}${i}`,
        image: c.image,
        command: ["sh", "-c", `cp -a ${c.from.replace(/\/+$/, "")}/. /content/`],
        volumeMounts: [{ name: volume, mountPath: "/content" }],
        resources: { requests: { cpu: "100m", memory: "64Mi" }, limits: { memory: "256Mi" } },
        // Copied with the consuming container's identity, so it can read what it gets.
        securityContext: containerSecurity(contract),
      });
      return { name: volume, mountPath: c.to };
    });
  mounts.push(...copyInit(ctx.imageContents ?? spec.imageContents, "", spec.contract));

  const persistent: Input.core.v1.VolumeMount[] = [];
  for (const v of spec.dataVolumes ?? []) {
    persistent.push({ name: v.name, mountPath: v.mountPath, ...(v.emptyDirectory ? { subPath: EMPTY_DIRECTORY_SUBPATH } : {}) });
  }
  for (const m of spec.sharedMounts ?? []) {
    volumes.push({ name: `shared-${m.volume.name}`, persistentVolumeClaim: { claimName: m.volume.claimName } });
    persistent.push({ name: `shared-${m.volume.name}`, mountPath: m.mountPath });
  }
  mounts.push(...persistent);

  for (const step of spec.initSteps ?? []) {
    const stepMounts = copyInit(step.imageContents, `${step.name}-`, step.contract);
    initContainers.push({
      name: step.name,
      image: step.image,
      command: step.command,
      env: envVars(step.env, step.secretEnv, ctx.secretName, `${step.name}.`),
      volumeMounts: [...fileMounts(step.files), ...stepMounts, ...persistent],
      resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "512Mi" } },
      securityContext: containerSecurity(step.contract),
    });
  }

  const memory = `${spec.resources.memoryMiB}Mi`;
  const container: Input.core.v1.Container = {
    name: spec.name,
    image,
    command: spec.command,
    args: spec.args,
    env: envVars(spec.env, spec.secretEnv, ctx.secretName, "", spec.ownAddressEnv),
    ports: (spec.ports ?? []).map((p) => ({ name: p.name, containerPort: p.port, protocol: "TCP" })),
    volumeMounts: mounts,
    resources: { requests: { cpu: String(spec.resources.cpu), memory }, limits: { memory } },
    securityContext: containerSecurity(spec.contract),
  };
  if (spec.health) {
    const p = probe(spec.health);
    const period = spec.health.periodSeconds ?? 10;
    container.startupProbe = { ...p, failureThreshold: Math.max(3, Math.ceil(spec.health.startupSeconds / period)) };
    container.readinessProbe = p;
    container.livenessProbe = { ...p, failureThreshold: 6 };
  }
  return {
    spec: {
      serviceAccountName: ctx.serviceAccountName,
      // Only pods that use the API get a token.
      automountServiceAccountToken: ctx.serviceAccountName !== undefined,
      securityContext: podSecurity(spec.contract),
      initContainers: initContainers.length ? initContainers : undefined,
      containers: [container],
      volumes: volumes.length ? volumes : undefined,
    },
  };
}
