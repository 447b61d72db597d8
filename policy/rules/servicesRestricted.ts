/**
 * Nothing is open to the internet by accident: a Kubernetes LoadBalancer Service lists the source
 * ranges it accepts (spec.loadBalancerSourceRanges; without them the cloud load balancer accepts
 * 0.0.0.0/0), a NodePort Service is not used for endpoints (it opens the port on every node, with
 * no source filter), and a Docker container publishes its ports on a specific address (the Docker
 * provider's ports[].ip defaults to 0.0.0.0: pulumi-docker's container schema).
 */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { DOCKER_CONTAINER } from "../workloads";

export const SERVICE = "kubernetes:core/v1:Service";
const ALL_ADDRESSES = new Set(["", "0.0.0.0", "::", "[::]"]);

export const servicesRestricted: ResourceValidationPolicy = {
  name: "services-restricted",
  description: "No Service or published port is open to the internet without source ranges.",
  validateResource: (args, reportViolation) => {
    if (args.type === SERVICE) {
      const spec = args.props.spec ?? {};
      if (spec.type === "LoadBalancer" && !(spec.loadBalancerSourceRanges?.length > 0)) {
        reportViolation(`Service ${args.name} is a LoadBalancer open to every address. List the networks allowed in spec.loadBalancerSourceRanges.`);
      }
      if (spec.type === "NodePort") {
        reportViolation(`Service ${args.name} is a NodePort, open on every node with no source filter. Use a LoadBalancer with source ranges, or ClusterIP.`);
      }
      return;
    }
    if (args.type === DOCKER_CONTAINER) {
      for (const p of (args.props.ports ?? []) as { internal: number; external?: number; ip?: string }[]) {
        if (ALL_ADDRESSES.has(p.ip ?? "")) {
          reportViolation(`Container ${args.name} publishes port ${p.internal} on every address. Bind it to 127.0.0.1 (ports[].ip).`);
        }
      }
    }
  },
};
