/**
 * Prod data cannot be deleted by a `pulumi up` or `destroy`: every data-bearing resource is
 * `protect`ed (Pulumi refuses to delete it: docs concepts/resources/options/protect). A StatefulSet
 * holds no data itself: its volume claims do, and they outlive it when
 * persistentVolumeClaimRetentionPolicy.whenDeleted is Retain (Kubernetes docs, StatefulSet
 * "PersistentVolumeClaim retention"), so the workload stays replaceable (an upgrade that changes an
 * immutable field replaces it) while its data is kept.
 */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { isProd, STACK_CONFIG_SCHEMA, StackPolicyConfig } from "../stack";

export const SCHEMA_OBJECT = "pulumi-nodejs:dynamic/schema:SchemaObject";

/** Whether a resource holds data, and what it is called in messages. */
export function dataBearing(type: string, props: Record<string, any>): string | undefined { // eslint-disable-line @typescript-eslint/no-explicit-any
  switch (type) {
    case "kubernetes:core/v1:PersistentVolumeClaim": return "volume claim";
    case "kubernetes:core/v1:PersistentVolume": return "volume";
    case "docker:index/volume:Volume": return "Docker volume";
    case "kubernetes:apps/v1:StatefulSet": return props.spec?.volumeClaimTemplates?.length ? "StatefulSet with volumes" : undefined;
    case SCHEMA_OBJECT: return props.kind === "table" || props.kind === "database" ? `${props.engine ?? ""} ${props.kind}`.trim() : undefined;
    default: return undefined;
  }
}

export const prodDataProtected: ResourceValidationPolicy = {
  name: "prod-data-protected",
  description: "In prod, volumes, stateful workloads, tables and databases are protected and their volumes retained.",
  configSchema: STACK_CONFIG_SCHEMA,
  validateResource: (args, reportViolation) => {
    if (!isProd(args.urn, args.getConfig<StackPolicyConfig>())) return;
    const what = dataBearing(args.type, args.props);
    if (!what) return;
    if (!args.opts.protect && args.type !== "kubernetes:apps/v1:StatefulSet") {
      reportViolation(`${what} ${args.name} holds prod data but is not protected. Set rtdw:protectData: true (resource option protect).`);
    }
    if (args.type === "kubernetes:apps/v1:StatefulSet" && args.props.spec?.persistentVolumeClaimRetentionPolicy?.whenDeleted !== "Retain") {
      reportViolation(`StatefulSet ${args.name}: its volume claims would be deleted with it. Set spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Retain.`);
    }
  },
};
