/**
 * Every container has a memory limit, so one runaway process (a TaskManager, a BE compaction) is
 * killed alone instead of starving the node: Docker's `memory` (MB, pulumi-docker container
 * schema) or Kubernetes `resources.limits.memory`, init containers included.
 */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { containersOf } from "../workloads";

export const memoryLimited: ResourceValidationPolicy = {
  name: "memory-limited",
  description: "Every container, init containers included, has a memory limit.",
  validateResource: (args, reportViolation) => {
    for (const c of containersOf(args.type, args.props) ?? []) {
      const limit = c.memoryLimit;
      if (limit === undefined || limit === null || limit === "" || limit === 0 || limit === "0") {
        reportViolation(`${args.name}, container "${c.name}": no memory limit. Set one (Docker memory, Kubernetes resources.limits.memory).`);
      }
    }
  },
};
