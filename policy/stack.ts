/**
 * Which stack a resource belongs to, read from its URN (`urn:pulumi:<stack>::<project>::<type>::<name>`,
 * pulumi/pulumi sdk/go/common/resource/urn.go), and whether the pack treats it as production.
 * Production stacks default to `prod`; the pack's config (`--policy-pack-config`) may name others.
 */
export interface StackPolicyConfig {
  prodStacks?: string[];
}

export const STACK_CONFIG_SCHEMA = {
  properties: { prodStacks: { type: "array" as const, items: { type: "string" as const }, default: ["prod"] } },
};

export function stackOf(urn: string): string {
  const m = /^urn:pulumi:([^:]+)::/.exec(urn);
  if (!m) throw new Error(`not a Pulumi URN: ${urn}`);
  // Fully qualified stack names (org/project/stack) end with the stack's own name.
  return m[1].split("/").pop()!;
}

export function isProd(urn: string, config: StackPolicyConfig | undefined): boolean {
  return (config?.prodStacks ?? ["prod"]).includes(stackOf(urn));
}
