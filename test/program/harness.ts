/**
 * Runs index.ts under the Pulumi mock runtime with a real stack file (Pulumi.<stack>.yaml), and
 * records every resource the program registers, with its inputs as the engine would receive them
 * (secret values still wrapped as secrets).
 */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";

const SIG_KEY = "4dabf18193072939515e22adb298388d"; // @pulumi/pulumi runtime/rpc.ts specialSigKey
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"; // specialSecretSig

/** The resource options the engine receives (RegisterResourceRequest), which mocks do not pass on. */
export interface RecordedOptions {
  protect: boolean;
  retainOnDelete: boolean;
  deleteBeforeReplace: boolean;
  ignoreChanges: string[];
  /** URNs this resource waits for: dependsOn and the resources its inputs come from. */
  dependencies: string[];
  /** Per input property, the URNs whose outputs it is made of. */
  propertyDependencies: Record<string, string[]>;
  parent: string;
  /** The types this resource was known by before (`aliases: [{ type }]`), as the engine is told. */
  aliasTypes: string[];
}

export interface RecordedResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  provider?: string;
  urn: string;
  options: RecordedOptions;
}

export interface ProgramRun {
  resources: RecordedResource[];
  outputs: Record<string, unknown>;
  /** Every secret value the run used (configured or generated). */
  secretValues: string[];
  byType(type: string): RecordedResource[];
  one(type: string, name: string): RecordedResource;
}

export function isSecretValue(v: unknown): v is { value: unknown } {
  return typeof v === "object" && v !== null && (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

/** Every string reachable in a value without passing through a secret wrapper. */
export function plaintextStrings(v: unknown, out: string[] = []): string[] {
  if (isSecretValue(v)) return out;
  if (typeof v === "string") out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => plaintextStrings(x, out));
  else if (v && typeof v === "object") Object.values(v).forEach((x) => plaintextStrings(x, out));
  return out;
}

/** Strips secret wrappers: the values as the provider would see them. */
export function reveal(v: unknown): unknown {
  if (isSecretValue(v)) return reveal(v.value);
  if (Array.isArray(v)) return v.map(reveal);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, reveal(x)]));
  return v;
}

export function unwrap<T>(x: pulumi.Output<T> | T): Promise<T> {
  return new Promise((resolve) => (pulumi.Output.isInstance(x) ? x.apply((v) => { resolve(v); return v; }) : resolve(x)));
}

export function stackConfig(stack: string): Record<string, string> {
  const file = path.join(__dirname, "..", "..", `Pulumi.${stack}.yaml`);
  const doc = parse(fs.readFileSync(file, "utf8")) as { config?: Record<string, unknown> };
  return Object.fromEntries(Object.entries(doc.config ?? {}).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
}

/**
 * Outputs of dynamic resources that other resources take as inputs, as their providers return them
 * (StreamPark ids are digits, revisions count from 1): without them the mock runtime would drop
 * those inputs and their dependencies (@pulumi/pulumi runtime/rpc.ts: undefined is no property).
 */
const DYNAMIC_OUTPUTS: Record<string, Record<string, unknown>> = {
  "pulumi-nodejs:dynamic/streampark:FlinkEnvironment": { envId: "100000" },
  "pulumi-nodejs:dynamic/streampark:SessionCluster": { clusterId: "100001" },
  "pulumi-nodejs:dynamic/streampark:AlertConfig": { alertId: 100002 },
  "pulumi-nodejs:dynamic/streampark:Variable": { revision: 1 },
};

type RegisterRequest = {
  getProtect(): boolean | undefined; getRetainondelete(): boolean | undefined; getDeletebeforereplace(): boolean;
  getIgnorechangesList(): string[]; getDependenciesList(): string[]; getParent(): string;
  getPropertydependenciesMap(): { forEach(fn: (v: { getUrnsList(): string[] }, k: string) => void): void };
  getAliasesList(): { getSpec(): { getType(): string } | undefined }[];
};
type RegisterCallback = (err: unknown, res?: { getUrn(): string }) => void;

/**
 * The mock monitor hands newResource only type, name and inputs: wrap its registerResource to keep
 * the options and the URN the engine would see (so tests can assert protect, retainOnDelete and the
 * dependency order).
 */
function recordOptions(pending: { options: RecordedOptions; urn?: string }[]): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const monitor = (require("@pulumi/pulumi/runtime/settings") as { getMonitor(): Record<string, unknown> }).getMonitor();
  const register = (monitor.registerResource as (req: RegisterRequest, cb: RegisterCallback) => Promise<void>).bind(monitor);
  monitor.registerResource = (req: RegisterRequest, cb: RegisterCallback) => {
    const entry: { options: RecordedOptions; urn?: string } = {
      options: {
        protect: req.getProtect() ?? false, retainOnDelete: req.getRetainondelete() ?? false, deleteBeforeReplace: req.getDeletebeforereplace(),
        ignoreChanges: req.getIgnorechangesList(), dependencies: req.getDependenciesList(), parent: req.getParent(),
        aliasTypes: req.getAliasesList().map((a) => a.getSpec()?.getType() ?? "").filter((t) => t !== ""),
        propertyDependencies: {},
      },
    };
    req.getPropertydependenciesMap().forEach((v, k) => { entry.options.propertyDependencies[k] = v.getUrnsList(); });
    pending.push(entry);
    return register(req, (err, res) => {
      if (res) entry.urn = res.getUrn();
      cb(err, res);
    });
  };
}

/**
 * Runs the program for a stack. `secrets` are set as secret config (prod requires them); missing
 * ones are generated by random.RandomPassword, whose mocked result is recorded in secretValues.
 */
export async function runProgram(stack: string, opts: { secrets?: Record<string, string>; config?: Record<string, string>; failOneShot?: string } = {}): Promise<ProgramRun> {
  const secrets = opts.secrets ?? {};
  const all = { ...stackConfig(stack), ...(opts.config ?? {}) };
  for (const [k, v] of Object.entries(secrets)) all[`rtdw:${k}`] = v;
  pulumi.runtime.setAllConfig(all, Object.keys(secrets).map((k) => `rtdw:${k}`));
  const resources: RecordedResource[] = [];
  const secretValues = Object.values(secrets);
  const pending: { options: RecordedOptions; urn?: string }[] = [];
  await pulumi.runtime.setMocks({
    newResource(args) {
      // registerResource (below) queued this request's options just before calling newResource.
      const request = pending.shift()!;
      const recorded: RecordedResource = { type: args.type, name: args.name, inputs: args.inputs, provider: args.provider, urn: "", options: request.options };
      Object.defineProperty(recorded, "urn", { enumerable: true, get: () => request.urn ?? "" });
      resources.push(recorded);
      const state: Record<string, unknown> = { ...args.inputs };
      if (args.type === "random:index/randomPassword:RandomPassword") {
        const generated = `generated-${args.name}-Zq9`;
        secretValues.push(generated);
        state.result = generated;
      }
      Object.assign(state, DYNAMIC_OUTPUTS[args.type] ?? {});
      if (args.type === "docker:index/image:Image") state.imageName = args.inputs.imageName;
      if (args.type === "docker:index/remoteImage:RemoteImage") state.imageId = `sha256:${args.name}`;
      // A one-shot container that ran to completion: its exit code (opts.failOneShot makes one fail).
      if (args.type === "docker:index/container:Container" && args.inputs.attach) {
        const failed = opts.failOneShot === args.name;
        state.exitCode = failed ? 1 : 0;
        state.containerLogs = failed ? "starting\nERROR 1045 (28000): Access denied for user 'streampark'@'%'\n" : "done\n";
      }
      if (args.type === "docker:index/image:Image") state.repoDigest = `${args.inputs.imageName}@sha256:${"0".repeat(64)}`;
      if (args.type === "kubernetes:core/v1:Service") state.status = { loadBalancer: { ingress: [{ ip: "203.0.113.10" }] } };
      return { id: `${args.name}-id`, state };
    },
    call(args) {
      return args.inputs;
    },
  }, "rtdw", stack, false);
  recordOptions(pending);

  const outputs: Record<string, unknown> = {};
  try {
    let program: Record<string, unknown> = {};
    jest.isolateModules(() => {
      program = require("../../index");
    });
    for (const [k, v] of Object.entries(program)) outputs[k] = await unwrap(v as pulumi.Output<unknown>);
  } finally {
    // Let registrations that started from applies settle (dynamic resources serialize their provider
    // first), also when the program failed: the runtime's own RPC queue (runtime/settings.ts
    // waitForRPCs, what disconnect awaits), then until no resource has been registered for a while.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    await (require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> }).waitForRPCs().catch(() => undefined);
    for (let seen = -1, quiet = 0; quiet < 3;) {
      await new Promise((r) => setTimeout(r, 100));
      quiet = resources.length === seen ? quiet + 1 : 0;
      seen = resources.length;
    }
  }
  return {
    resources,
    outputs,
    secretValues,
    byType: (type) => resources.filter((r) => r.type === type),
    one: (type, name) => {
      const found = resources.find((r) => r.type === type && r.name === name);
      if (!found) throw new Error(`no ${type} named ${name}; have: ${resources.filter((r) => r.type === type).map((r) => r.name).join(", ")}`);
      return found;
    },
  };
}
