/**
 * Network policies derived from the service descriptions' flows (ServiceSpec.egress): the namespace
 * denies everything by default, each service may open the connections it declares and nothing else,
 * and each target accepts exactly its declared clients. Not subject to them, per the Kubernetes docs
 * (concepts/services-networking/network-policies.md): traffic from the pod's own node (kubelet
 * probes) and port-forwards, which the kubelet opens inside the pod's network namespace.
 * Pure renderers, so tests read every policy.
 */
import type * as Input from "@pulumi/kubernetes/types/input";
import { Flow } from "../service";
import { serviceLabels } from "./podTemplate";

export interface RenderedPolicy {
  name: string;
  spec: Input.networking.v1.NetworkPolicySpec;
}

const tcp = (ports: number[]) => [...new Set(ports)].sort((a, b) => a - b).map((port) => ({ protocol: "TCP", port }));

/** Deny all ingress and egress in the namespace except DNS lookups (to any resolver: kube-dns or a node-local cache). */
export function defaultDenyPolicy(): RenderedPolicy {
  return {
    name: "default-deny",
    spec: {
      podSelector: {},
      policyTypes: ["Ingress", "Egress"],
      egress: [{ ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }] }],
    },
  };
}

/** Flows to the same target merged into one rule per target. */
function byTarget(flows: Flow[]): { target: { service: string } | { external: string }; ports: number[] }[] {
  const merged = new Map<string, { target: { service: string } | { external: string }; ports: number[] }>();
  for (const f of flows) {
    const key = "service" in f ? `service:${f.service}` : `external:${f.external}`;
    const entry = merged.get(key) ?? { target: "service" in f ? { service: f.service } : { external: f.external }, ports: [] };
    entry.ports.push(...f.ports);
    merged.set(key, entry);
  }
  return [...merged.values()];
}

/** What the service may connect to. Outside the platform: any address, on the declared ports only. */
export function egressPolicy(service: string, flows: Flow[]): RenderedPolicy | undefined {
  if (!flows.length) return undefined;
  return {
    name: `${service}-egress`,
    spec: {
      podSelector: { matchLabels: serviceLabels(service) },
      policyTypes: ["Egress"],
      egress: byTarget(flows).map((t) => ({
        to: ["service" in t.target ? { podSelector: { matchLabels: serviceLabels(t.target.service) } } : { ipBlock: { cidr: "0.0.0.0/0" } }],
        ports: tcp(t.ports),
      })),
    },
  };
}

/** On each target of the service's flows, an ingress rule admitting this service on those ports. */
export function ingressPolicies(client: string, flows: Flow[]): RenderedPolicy[] {
  return byTarget(flows).flatMap((t) => ("service" in t.target ? [{
    name: `${t.target.service}-from-${client}`,
    spec: {
      podSelector: { matchLabels: serviceLabels(t.target.service) },
      policyTypes: ["Ingress"],
      ingress: [{ from: [{ podSelector: { matchLabels: serviceLabels(client) } }], ports: tcp(t.ports) }],
    },
  }] : []));
}

/** The explicit opt-in: the exposed ports from the configured source ranges only. */
export function exposurePolicy(service: string, ports: number[], sourceRanges: string[]): RenderedPolicy {
  return {
    name: `${service}-from-outside`,
    spec: {
      podSelector: { matchLabels: serviceLabels(service) },
      policyTypes: ["Ingress"],
      ingress: [{ from: sourceRanges.map((cidr) => ({ ipBlock: { cidr } })), ports: tcp(ports) }],
    },
  };
}
