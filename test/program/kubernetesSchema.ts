/** Validates recorded Kubernetes resources against the upstream OpenAPI schemas (kubernetes-models). */
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { StatefulSet } from "kubernetes-models/apps/v1/StatefulSet";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { PersistentVolumeClaim } from "kubernetes-models/v1/PersistentVolumeClaim";
import { Secret } from "kubernetes-models/v1/Secret";
import { Service } from "kubernetes-models/v1/Service";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { Role } from "kubernetes-models/rbac.authorization.k8s.io/v1/Role";
import { RoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { RecordedResource, reveal } from "./harness";

type Validatable = { validate(): void };
const MODELS: Record<string, new (data: never) => Validatable> = {
  "kubernetes:apps/v1:Deployment": Deployment,
  "kubernetes:apps/v1:StatefulSet": StatefulSet,
  "kubernetes:core/v1:ConfigMap": ConfigMap,
  "kubernetes:core/v1:Namespace": Namespace,
  "kubernetes:core/v1:PersistentVolumeClaim": PersistentVolumeClaim,
  "kubernetes:core/v1:Secret": Secret,
  "kubernetes:core/v1:Service": Service,
  "kubernetes:core/v1:ServiceAccount": ServiceAccount,
  "kubernetes:rbac.authorization.k8s.io/v1:Role": Role,
  "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding": RoleBinding,
  "kubernetes:networking.k8s.io/v1:NetworkPolicy": NetworkPolicy,
  "kubernetes:policy/v1:PodDisruptionBudget": PodDisruptionBudget,
};

/** Returns `type name: error` for every resource that does not validate, and throws on unknown kinds. */
export function schemaErrors(resources: RecordedResource[]): string[] {
  const errors: string[] = [];
  for (const r of resources.filter((x) => x.type.startsWith("kubernetes:"))) {
    const Model = MODELS[r.type];
    if (!Model) throw new Error(`no schema model registered for ${r.type}`);
    const data = reveal(r.inputs) as Record<string, unknown>;
    try {
      new Model(data as never).validate();
    } catch (e) {
      errors.push(`${r.type} ${r.name}: ${(e as Error).message}`);
    }
  }
  return errors;
}
