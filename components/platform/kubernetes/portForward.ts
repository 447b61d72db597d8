/**
 * Reaching a service inside a Kubernetes cluster from the operator's machine through the Kubernetes
 * API (port-forward over a websocket), authenticated with the kubeconfig's credentials: nothing of the
 * warehouse needs a public address for `pulumi up` to manage it.
 *
 * Like `kubectl port-forward svc/<name> <port>` (kubernetes/kubectl pkg/cmd/portforward/portforward.go:
 * the Service's port is translated to its target port, a named target port to the container port of
 * that name, and one running, ready pod matching the Service's selector carries the stream), served
 * on a loopback listener for as long as `fn` runs. The wire protocol is the API server's
 * `/api/v1/namespaces/<ns>/pods/<pod>/portforward?ports=<n>` websocket (channel.k8s.io: a data and an
 * error channel per port, each opening with the port number), spoken by @kubernetes/client-node.
 *
 * @kubernetes/client-node is pinned to 0.22.3: its 1.x line is ESM-only, and this program and its
 * dynamic providers (bundled as CommonJS by the provider host) cannot require ESM.
 */
import * as net from "net";
import { PassThrough } from "stream";
import type * as k8s from "@kubernetes/client-node";
import { EndpointRef, KubernetesEndpoint, parseEndpointRef } from "../endpoint";

export interface PortForwardOptions {
  /** A kubeconfig's YAML text; the default kubeconfig (KUBECONFIG or ~/.kube/config) when absent. */
  kubeconfig?: string;
  /** A fixed loopback port (for consumers that keep the address, such as a provider's config); any free port when absent. */
  localPort?: number;
}

/** The parts of a Service and its pods that decide where a forwarded port goes. */
export interface ServiceView {
  selector?: Record<string, string>;
  ports: { port: number; targetPort?: number | string; name?: string }[];
}
export interface PodView {
  name: string;
  phase?: string;
  deleting: boolean;
  ready: boolean;
  containerPorts: { name?: string; containerPort: number }[];
}

/** Which pod and which of its ports a Service port forwards to; a clear error when none can. */
export function choosePodPort(ref: KubernetesEndpoint, service: ServiceView, pods: PodView[]): { pod: string; port: number } {
  const where = `service ${ref.namespace}/${ref.service}`;
  const sp = service.ports.find((p) => p.port === ref.port);
  if (!sp) throw new Error(`${where} has no port ${ref.port} (it has ${service.ports.map((p) => p.port).join(", ") || "none"})`);
  if (!service.selector || !Object.keys(service.selector).length) throw new Error(`${where} has no pod selector: nothing to forward to`);
  const candidates = pods
    .filter((p) => p.phase === "Running" && !p.deleting && p.ready)
    .sort((a, b) => a.name.localeCompare(b.name));
  if (!candidates.length) {
    const seen = pods.map((p) => `${p.name} (${p.phase ?? "?"}${p.ready ? "" : ", not ready"})`).join(", ");
    throw new Error(`${where}: no running and ready pod to forward port ${ref.port} to${seen ? `; pods: ${seen}` : ""}`);
  }
  const pod = candidates[0];
  const target = sp.targetPort ?? sp.port;
  if (typeof target === "number") return { pod: pod.name, port: target };
  if (/^\d+$/.test(target)) return { pod: pod.name, port: Number(target) };
  const named = pod.containerPorts.find((p) => p.name === target);
  if (!named) throw new Error(`${where}: pod ${pod.name} has no container port named "${target}"`);
  return { pod: pod.name, port: named.containerPort };
}

function apiError(call: string, e: unknown): Error {
  const err = e as { statusCode?: number; body?: { message?: string }; message?: string };
  const detail = err.body?.message ?? err.message ?? String(e);
  return new Error(`Kubernetes API ${call} failed${err.statusCode ? ` (HTTP ${err.statusCode})` : ""}: ${detail}`);
}

function loadKubeConfig(lib: typeof k8s, ref: KubernetesEndpoint, opts: PortForwardOptions): k8s.KubeConfig {
  const kc = new lib.KubeConfig();
  if (opts.kubeconfig) kc.loadFromString(opts.kubeconfig);
  else kc.loadFromDefault();
  if (ref.context) {
    if (!kc.getContextObject(ref.context)) throw new Error(`kubeconfig has no context "${ref.context}" (endpoint ${ref.namespace}/${ref.service})`);
    kc.setCurrentContext(ref.context);
  }
  return kc;
}

async function resolveTarget(lib: typeof k8s, kc: k8s.KubeConfig, ref: KubernetesEndpoint): Promise<{ pod: string; port: number }> {
  const core = kc.makeApiClient(lib.CoreV1Api);
  let svc: k8s.V1Service;
  try {
    svc = (await core.readNamespacedService(ref.service, ref.namespace)).body;
  } catch (e) {
    throw apiError(`GET /api/v1/namespaces/${ref.namespace}/services/${ref.service}`, e);
  }
  const selector = svc.spec?.selector;
  const service: ServiceView = {
    selector,
    ports: (svc.spec?.ports ?? []).map((p) => ({ port: p.port, targetPort: p.targetPort as number | string | undefined, name: p.name })),
  };
  let pods: PodView[] = [];
  if (selector && Object.keys(selector).length) {
    const labelSelector = Object.entries(selector).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`).join(",");
    try {
      const list = (await core.listNamespacedPod(ref.namespace, undefined, undefined, undefined, undefined, labelSelector)).body;
      pods = list.items.map((p) => ({
        name: p.metadata?.name ?? "",
        phase: p.status?.phase,
        deleting: Boolean(p.metadata?.deletionTimestamp),
        ready: (p.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True"),
        containerPorts: (p.spec?.containers ?? []).flatMap((c) => c.ports ?? []),
      }));
    } catch (e) {
      throw apiError(`GET /api/v1/namespaces/${ref.namespace}/pods?labelSelector=${labelSelector}`, e);
    }
  }
  return choosePodPort(ref, service, pods);
}

/** A loopback listener whose every connection is a port-forward stream to the pod's port. */
async function listen(lib: typeof k8s, kc: k8s.KubeConfig, ns: string, target: { pod: string; port: number }, localPort = 0): Promise<{ port: number; close(): Promise<void> }> {
  const forward = new lib.PortForward(kc, true);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    const errors = new PassThrough();
    errors.on("data", (d: Buffer) => socket.destroy(new Error(`port-forward to ${ns}/${target.pod}:${target.port}: ${d.toString("utf8").trim()}`)));
    forward.portForward(ns, target.pod, [target.port], socket, errors, socket)
      .then((ws) => {
        const w = typeof ws === "function" ? ws() : ws;
        w?.on("close", () => socket.end());
        socket.on("close", () => w?.close());
      })
      .catch((e: unknown) => socket.destroy(apiError(`port-forward to pod ${ns}/${target.pod}:${target.port}`, e)));
    socket.on("error", () => undefined); // reported to the client through the closed connection
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(localPort, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

/**
 * Opens a `host:port` that reaches the endpoint until `close()`: the address itself for a direct
 * endpoint, a loopback port forwarded through the Kubernetes API for a Service.
 */
export async function openEndpoint(endpoint: EndpointRef, opts: PortForwardOptions = {}): Promise<{ hostPort: string; close(): Promise<void> }> {
  const ref = parseEndpointRef(endpoint, "openEndpoint");
  if (ref.kind === "direct") return { hostPort: `${ref.host}:${ref.port}`, close: async () => undefined };
  // Loaded here, not at module load: only a Kubernetes endpoint needs it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lib = require("@kubernetes/client-node") as typeof k8s;
  const kc = loadKubeConfig(lib, ref, opts);
  const target = await resolveTarget(lib, kc, ref);
  const listener = await listen(lib, kc, ref.namespace, target, opts.localPort);
  return { hostPort: `127.0.0.1:${listener.port}`, close: listener.close };
}

/** Runs `fn` with a `host:port` that reaches the endpoint (openEndpoint), closed when `fn` settles. */
export async function withEndpoint<T>(endpoint: EndpointRef, fn: (hostPort: string) => Promise<T>, opts: PortForwardOptions = {}): Promise<T> {
  const open = await openEndpoint(parseEndpointRef(endpoint, "withEndpoint"), opts);
  try {
    return await fn(open.hostPort);
  } finally {
    await open.close();
  }
}
