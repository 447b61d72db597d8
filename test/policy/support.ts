/**
 * Calls policies the way the policy SDK's server does (pulumi/pulumi-policy sdk/nodejs/policy/server.ts:
 * plain unwrapped props, resource options, a reportViolation callback, config from the pack's
 * schema defaults), with hand-built resources. Like pulumi/pulumi-policy-aws src/tests/util.ts.
 */
import type { PolicyResource, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface TestResource {
  type: string;
  name?: string;
  props: Obj;
  stack?: string;
  protect?: boolean;
}

const urnOf = (r: TestResource): string => `urn:pulumi:${r.stack ?? "dev"}::rtdw::${r.type}::${r.name ?? "res"}`;

function resourceArgs(r: TestResource, config: Obj): ResourceValidationArgs {
  return {
    type: r.type,
    props: r.props,
    urn: urnOf(r),
    name: r.name ?? "res",
    opts: { protect: r.protect ?? false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
    stackTags: new Map(),
    isType: () => false,
    asType: () => undefined,
    getConfig: <T extends object>() => config as T,
    notApplicable: (reason?: string): never => { throw new Error(`not applicable: ${reason}`); },
  };
}

function defaults(policy: { configSchema?: { properties?: Obj } }): Obj {
  return Object.fromEntries(Object.entries(policy.configSchema?.properties ?? {}).map(([k, v]) => [k, (v as Obj).default]));
}

/** The violations one resource policy reports for one resource. */
export async function violations(policy: ResourceValidationPolicy, r: TestResource, config: Obj = {}): Promise<string[]> {
  const found: string[] = [];
  const validate = Array.isArray(policy.validateResource) ? policy.validateResource : policy.validateResource ? [policy.validateResource] : [];
  for (const v of validate) await v(resourceArgs(r, { ...defaults(policy), ...config }), (message) => found.push(message));
  return found;
}

/** The violations one stack policy reports for a set of resources. */
export async function stackViolations(policy: StackValidationPolicy, resources: TestResource[], config: Obj = {}): Promise<string[]> {
  const found: string[] = [];
  const policyResources: PolicyResource[] = resources.map((r) => ({
    ...resourceArgs(r, {}),
    dependencies: [],
    propertyDependencies: {},
  }) as unknown as PolicyResource);
  const args: StackValidationArgs = {
    resources: policyResources,
    stackTags: new Map(),
    getConfig: <T extends object>() => ({ ...defaults(policy), ...config }) as T,
    notApplicable: (reason?: string): never => { throw new Error(`not applicable: ${reason}`); },
  } as StackValidationArgs;
  await policy.validateStack(args, (message) => found.push(message));
  return found;
}

/** A Kubernetes Deployment with one container. */
export function deployment(container: Obj, spec: Obj = {}): Obj {
  return { metadata: { name: "app" }, spec: { replicas: 1, ...spec, template: { spec: { containers: [{ name: "app", ...container }] } } } };
}
