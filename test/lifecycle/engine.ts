/**
 * The part of the Pulumi engine that decides what happens to dynamic resources, run against
 * Pulumi's own dynamic-provider host (test/support/providerHost.ts) with the resources a program
 * registered under the mock runtime (test/program/harness.ts):
 *
 * - order: every registration waits for its dependencies (dependsOn and the resources its inputs
 *   come from), transitively through non-dynamic resources; destroy runs in reverse;
 * - preview: Check with the old inputs, then Diff of the old outputs against the checked inputs
 *   (pulumi/pulumi pkg/resource/deploy/step_generator.go: check before diff; a resource's inputs
 *   that come from other resources' outputs are filled in once those exist);
 * - up: Create, or Update on DIFF_SOME, or delete-then-create on a replace with deleteBeforeReplace;
 * - refresh: Read with the stored outputs; destroy: Delete with the stored outputs, never for a
 *   resource marked protect or retainOnDelete (the engine refuses or skips those).
 *
 * `reach` rewrites how a resource reaches its system (endpoints, credentials) to this machine's
 * servers and nothing else; it may say a resource cannot be driven here (no StarRocks server).
 */
import { engineView, DIFF_NONE, DIFF_SOME, ProviderHost } from "../support/providerHost";
import type { RecordedResource } from "../program/harness";
import { UNKNOWN } from "../../components/dynamicResource/values";

export const DYNAMIC = "pulumi-nodejs:dynamic";

export type Inputs = Record<string, unknown>;

export interface Managed {
  r: RecordedResource;
  /** Set when this machine cannot run the resource's system: checked in preview only. */
  skip?: string;
  id?: string;
  inputs?: Inputs;
  outs?: Inputs;
}

export type Reach = (r: RecordedResource, inputs: Inputs) => Inputs | { skip: string };

/**
 * Inputs made of another dynamic resource's outputs, which the mock runtime cannot know: how the
 * engine fills each in once the resource it comes from exists. An input with a dependency on a
 * dynamic resource that this table does not cover fails the run ("unwired").
 */
const WIRING: Record<string, (deps: Managed[], self: Inputs) => unknown> = {
  flinkEnvId: (deps) => one(deps, "FlinkEnvironment").outs?.envId,
  clusterId: (deps) => one(deps, "SessionCluster").outs?.clusterId,
  alertId: (deps) => one(deps, "AlertConfig").outs?.alertId,
  // components/streampark/resources.ts: `${code}@${revision}` per declared variable, joined by ",".
  variableRevisions: (deps, self) => (self.variables as string[]).map((code) => {
    const v = deps.find((d) => d.r.type.endsWith(":Variable") && d.inputs?.code === code);
    if (!v) throw new Error(`no Variable resource with code ${code}`);
    return `${code}@${String(v.outs?.revision)}`;
  }).join(","),
  variables: (_deps, self) => self.variables,
};

function one(deps: Managed[], type: string): Managed {
  const found = deps.filter((d) => d.r.type.endsWith(`:${type}`));
  if (found.length !== 1) throw new Error(`expected one ${type} among the dependencies, found ${found.length}`);
  return found[0];
}

const withoutProvider = (v: Inputs | undefined): Inputs => {
  const { __provider: _p, ...rest } = v ?? {};
  void _p;
  return rest;
};

export class Engine {
  readonly managed: Managed[];
  private readonly byUrn: Map<string, Managed>;
  private readonly deps: Map<string, string[]>;

  constructor(private host: ProviderHost, resources: RecordedResource[], private reach: Reach) {
    const all = new Map(resources.map((r) => [r.urn, r]));
    // Direct dependencies of every registration; then, per dynamic resource, the dynamic ones it reaches.
    const direct = (r: RecordedResource) => [...r.options.dependencies, ...Object.values(r.options.propertyDependencies).flat()];
    const reachable = (urn: string): Set<string> => {
      const seen = new Set<string>();
      const stack = [...direct(all.get(urn)!)];
      while (stack.length) {
        const u = stack.pop()!;
        if (seen.has(u) || !all.has(u)) continue;
        seen.add(u);
        stack.push(...direct(all.get(u)!));
      }
      return seen;
    };
    const dynamic = resources.filter((r) => r.type.startsWith(DYNAMIC));
    this.deps = new Map(dynamic.map((r) => [r.urn, [...reachable(r.urn)].filter((u) => all.get(u)!.type.startsWith(DYNAMIC))]));
    // Kahn's order, registration order among equals.
    const order: RecordedResource[] = [];
    const done = new Set<string>();
    while (order.length < dynamic.length) {
      const next = dynamic.find((r) => !done.has(r.urn) && this.deps.get(r.urn)!.every((u) => done.has(u)));
      if (!next) throw new Error("dependency cycle among dynamic resources");
      order.push(next);
      done.add(next.urn);
    }
    this.managed = order.map((r) => ({ r }));
    this.byUrn = new Map(this.managed.map((m) => [m.r.urn, m]));
  }

  /** Which resources `m` waits for. */
  dependenciesOf(m: Managed): Managed[] {
    return this.deps.get(m.r.urn)!.map((u) => this.byUrn.get(u)!);
  }

  /** The inputs the engine sends now: the program's, outputs of dependencies filled in, reached here. */
  private news(m: Managed): Inputs | { skip: string } {
    const inputs = { ...(engineView(m.r.inputs) as Inputs) };
    for (const [prop, urns] of Object.entries(m.r.options.propertyDependencies)) {
      const from = urns.map((u) => this.byUrn.get(u)).filter((x): x is Managed => x !== undefined);
      if (from.length === 0) continue;
      const wire = WIRING[prop];
      if (!wire) throw new Error(`${m.r.name}: input ${prop} comes from ${from.map((f) => f.r.name).join(", ")}; the lifecycle engine does not know how to fill it in (unwired)`);
      if (from.some((f) => f.skip)) return { skip: `${prop} comes from ${from.find((f) => f.skip)!.r.name}, which is not run here` };
      inputs[prop] = wire(from, inputs);
    }
    return this.reach(m.r, inputs);
  }

  /**
   * `pulumi preview` on an empty stack: Check of every resource, each input made of another
   * resource's outputs unknown (nothing exists yet: the engine sends the unknown sentinel,
   * @pulumi/pulumi runtime/rpc.ts unknownValue). The failures, by name.
   */
  async preview(): Promise<string[]> {
    const failures: string[] = [];
    for (const m of this.managed) {
      const inputs = { ...(engineView(m.r.inputs) as Inputs) };
      for (const [prop, urns] of Object.entries(m.r.options.propertyDependencies)) if (urns.length > 0) inputs[prop] = UNKNOWN;
      const checked = await this.host.check(m.r.urn, {}, inputs);
      failures.push(...checked.failures.map((f) => `${m.r.name}: ${f}`));
    }
    return failures;
  }

  /**
   * `pulumi up`: each resource in dependency order. Returns what happened to each, by name:
   * create, update, replace or same. `change` may alter the inputs the program would send.
   */
  async up(change: (m: Managed, inputs: Inputs) => Inputs = (_m, i) => i): Promise<Record<string, "create" | "update" | "replace" | "same" | "skip">> {
    const steps: Record<string, "create" | "update" | "replace" | "same" | "skip"> = {};
    for (const m of this.managed) {
      const reached = this.news(m);
      if ("skip" in reached && typeof reached.skip === "string") {
        m.skip = reached.skip;
        const checked = await this.host.check(m.r.urn, {}, engineView(m.r.inputs) as Inputs);
        if (checked.failures.length) throw new Error(`${m.r.name}: check failed: ${checked.failures.join("; ")}`);
        steps[m.r.name] = "skip";
        continue;
      }
      const news = change(m, reached as Inputs);
      const checked = await this.host.check(m.r.urn, m.inputs ?? {}, news);
      if (checked.failures.length) throw new Error(`${m.r.name}: check failed: ${checked.failures.join("; ")}`);
      if (m.id === undefined) {
        const created = await this.host.create(m.r.urn, checked.inputs);
        Object.assign(m, { id: created.id, outs: created.outs, inputs: checked.inputs });
        steps[m.r.name] = "create";
        continue;
      }
      const diff = await this.host.diffDetail(m.r.urn, m.id, m.outs!, checked.inputs);
      if (diff.changes === DIFF_NONE) {
        m.inputs = checked.inputs;
        steps[m.r.name] = "same";
      } else if (diff.changes === DIFF_SOME && diff.replaces.length === 0) {
        m.outs = await this.host.update(m.r.urn, m.id, m.outs!, checked.inputs);
        m.inputs = checked.inputs;
        steps[m.r.name] = "update";
      } else if (diff.changes === DIFF_SOME) {
        if (!diff.deleteBeforeReplace) throw new Error(`${m.r.name}: a replace without deleteBeforeReplace would create a second object of the same name`);
        await this.host.delete(m.r.urn, m.id, m.outs!);
        const created = await this.host.create(m.r.urn, checked.inputs);
        Object.assign(m, { id: created.id, outs: created.outs, inputs: checked.inputs });
        steps[m.r.name] = "replace";
      } else {
        throw new Error(`${m.r.name}: diff answered DIFF_UNKNOWN: the engine would fall back to comparing inputs itself`);
      }
    }
    return steps;
  }

  /** `pulumi refresh`: Read of every created resource. Names of those that drifted or are gone. */
  async refresh(): Promise<{ drifted: string[]; gone: string[] }> {
    const drifted: string[] = [];
    const gone: string[] = [];
    for (const m of this.managed) {
      if (m.id === undefined) continue;
      const read = await this.host.read(m.r.urn, m.id, m.outs!);
      if (read.id === "") {
        gone.push(m.r.name);
        continue;
      }
      const was = withoutProvider(m.outs);
      const now = withoutProvider(read.props);
      const changed = [...new Set([...Object.keys(was), ...Object.keys(now)])].filter((k) => JSON.stringify(sorted(was[k])) !== JSON.stringify(sorted(now[k])));
      if (changed.length > 0) drifted.push(`${m.r.name} (${changed.map((k) => `${k}: ${JSON.stringify(was[k])} -> ${JSON.stringify(now[k])}`).join(", ")})`);
      m.outs = read.props;
    }
    return { drifted, gone };
  }

  /** `pulumi destroy`: dependents first; protected and retained resources are left. Names left. */
  async destroy(): Promise<string[]> {
    const left: string[] = [];
    for (const m of [...this.managed].reverse()) {
      if (m.id === undefined) continue;
      if (m.r.options.protect || m.r.options.retainOnDelete) {
        left.push(m.r.name);
        continue;
      }
      await this.host.delete(m.r.urn, m.id, m.outs!);
      m.id = undefined;
    }
    return left;
  }
}

function sorted(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sorted);
  if (v && typeof v === "object") return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Inputs)[k])]));
  return v;
}
