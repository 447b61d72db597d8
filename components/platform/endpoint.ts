/**
 * How the operator's machine (where `pulumi up` and the dynamic providers run) reaches a service.
 * A plain, serializable description: identity ("what a thing is") stays in the resources, and this
 * is the updatable input saying how to reach it.
 * - `direct`: a host and port reachable as is (Docker's 127.0.0.1 ports, an external MySQL, a load
 *   balancer the stack opted into with source ranges).
 * - `kubernetes`: a Service inside a cluster, reached through the Kubernetes API's port-forward with
 *   the kubeconfig's credentials (./kubernetes/portForward.ts), so nothing is exposed to a network.
 */
import { z } from "zod";

export const directEndpointSchema = z.object({
  kind: z.literal("direct"),
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535),
});

export const kubernetesEndpointSchema = z.object({
  kind: z.literal("kubernetes"),
  namespace: z.string().min(1),
  /** The Service's name (a ClusterIP Service of the stack). */
  service: z.string().min(1),
  /** The Service's port (translated to the pod's target port as kubectl does). */
  port: z.number().int().min(1).max(65535),
  /** A kubeconfig context; the kubeconfig's current context when absent. */
  context: z.string().min(1).optional(),
});

export const endpointRefSchema = z.discriminatedUnion("kind", [directEndpointSchema, kubernetesEndpointSchema]);

export type DirectEndpoint = z.infer<typeof directEndpointSchema>;
export type KubernetesEndpoint = z.infer<typeof kubernetesEndpointSchema>;
export type EndpointRef = z.infer<typeof endpointRefSchema>;

/** A short human-readable form for outputs and messages ("127.0.0.1:8081", "k8s:rtdw/flink-jobmanager:8081"). */
export function describeEndpoint(e: EndpointRef): string {
  if (e.kind === "direct") return `${e.host}:${e.port}`;
  return `k8s:${e.context ? `${e.context}/` : ""}${e.namespace}/${e.service}:${e.port}`;
}

/**
 * The address a process inside the platform's network would use. For consumers that still take a
 * `host:port` string; a `kubernetes` endpoint is only reachable from inside its cluster this way.
 */
export function inNetworkAddress(e: EndpointRef): string {
  if (e.kind === "direct") return `${e.host}:${e.port}`;
  return `${e.service}.${e.namespace}.svc.cluster.local:${e.port}`;
}

/** Parses an EndpointRef arriving from state or stack config, naming what is wrong. */
export function parseEndpointRef(value: unknown, what: string): EndpointRef {
  const r = endpointRefSchema.safeParse(value);
  if (!r.success) {
    throw new Error(`${what}: not an endpoint description (${r.error.issues.map((i) => `${i.path.join(".") || "value"}: ${i.message}`).join("; ")})`);
  }
  return r.data;
}
