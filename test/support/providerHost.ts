/**
 * Pulumi's real dynamic-provider host (node_modules/@pulumi/pulumi/cmd/dynamic-provider), started
 * in a fresh Node process exactly as the engine's shim does and spoken to over gRPC
 * (pulumi/pulumi sdk/nodejs/cmd/dynamic-provider/index.ts): what loads a serialized `__provider` and runs its methods.
 */
import { ChildProcess, spawn } from "child_process";
import * as path from "path";

type Grpc = typeof import("@grpc/grpc-js");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const grpc = require("@grpc/grpc-js") as Grpc;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const providerGrpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const providerPb = require("@pulumi/pulumi/proto/provider_pb");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Struct } = require("google-protobuf/google/protobuf/struct_pb");

const SIG_KEY = "4dabf18193072939515e22adb298388d"; // @pulumi/pulumi runtime/rpc.ts specialSigKey

/** What the engine hands a provider that does not accept secrets: secret values unwrapped. */
export function engineView(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(engineView);
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (SIG_KEY in o) return engineView(o.value);
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, engineView(x)]));
  }
  return v;
}

const plain = (v: unknown) => JSON.parse(JSON.stringify(v)) as Record<string, unknown>;
const struct = (v: unknown) => Struct.fromJavaScript(plain(v));
type Js = { toJavaScript(): Record<string, unknown> };

export interface ProviderHost {
  configure(config: Record<string, string>): Promise<void>;
  check(urn: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<{ inputs: Record<string, unknown>; failures: string[] }>;
  create(urn: string, inputs: Record<string, unknown>): Promise<{ id: string; outs: Record<string, unknown> }>;
  diff(urn: string, id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<number>;
  /** The whole DiffResponse: changes (DIFF_NONE/DIFF_SOME/DIFF_UNKNOWN), replaces, deleteBeforeReplace. */
  diffDetail(urn: string, id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<DiffDetail>;
  update(urn: string, id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<Record<string, unknown>>;
  read(urn: string, id: string, props: Record<string, unknown>): Promise<{ id: string; props: Record<string, unknown> }>;
  delete(urn: string, id: string, props: Record<string, unknown>): Promise<void>;
  stop(): void;
  /** Everything the host wrote to stderr (provider logs). */
  stderr(): string;
}

export const DIFF_NONE = providerPb.DiffResponse.DiffChanges.DIFF_NONE as number;
export const DIFF_SOME = providerPb.DiffResponse.DiffChanges.DIFF_SOME as number;

export interface DiffDetail { changes: number; replaces: string[]; deleteBeforeReplace: boolean }

/**
 * Starts the host. `projectDir` is its working directory, where the engine starts it: the program's
 * directory (pulumi/pulumi pkg/resource/plugin/provider_plugin.go), from which the hosted providers
 * load their code (components/dynamicResource/hostedProvider.ts).
 */
export async function startProviderHost(project = "rtdw", projectDir = path.join(__dirname, "../.."), extraEnv: NodeJS.ProcessEnv = {}): Promise<ProviderHost> {
  const script = require.resolve("@pulumi/pulumi/cmd/dynamic-provider");
  const env: NodeJS.ProcessEnv = { ...process.env, PULUMI_NODEJS_PROJECT: project, PULUMI_PROJECT: project, ...extraEnv };
  delete env.RTDW_PROJECT_DIR;
  const child: ChildProcess = spawn(process.execPath, [script, "127.0.0.1:1"], {
    cwd: projectDir,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (b: Buffer) => (stderr += b.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (b: Buffer) => {
      out += b.toString();
      const m = out.match(/^(\d+)\s*$/m);
      if (m) resolve(Number(m[1]));
    });
    child.on("exit", (code) => reject(new Error(`provider host exited (${code}): ${stderr}`)));
  });
  const client = new providerGrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as Record<string, unknown>;
  const rpc = <T>(method: string, req: unknown): Promise<T> => new Promise((resolve, reject) => {
    (client[method] as (r: unknown, cb: (e: Error | null, res: T) => void) => void).call(client, req, (e, res) => (e ? reject(e) : resolve(res)));
  });
  const diffDetail = async (urn: string, id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<DiffDetail> => {
    const req = new providerPb.DiffRequest();
    req.setId(id);
    req.setUrn(urn);
    req.setOlds(struct(olds));
    req.setNews(struct(news));
    const res = await rpc<{ getChanges(): number; getReplacesList(): string[]; getDeletebeforereplace(): boolean }>("diff", req);
    return { changes: res.getChanges(), replaces: res.getReplacesList(), deleteBeforeReplace: res.getDeletebeforereplace() };
  };
  return {
    async configure(config) {
      const req = new providerPb.ConfigureRequest();
      req.setArgs(Struct.fromJavaScript(config));
      await rpc("configure", req);
    },
    async check(urn, olds, news) {
      const req = new providerPb.CheckRequest();
      req.setUrn(urn);
      req.setOlds(struct(olds));
      req.setNews(struct(news));
      const res = await rpc<{ getInputs(): Js; getFailuresList(): { getReason(): string }[] }>("check", req);
      return { inputs: res.getInputs().toJavaScript(), failures: res.getFailuresList().map((f) => f.getReason()) };
    },
    async create(urn, inputs) {
      const req = new providerPb.CreateRequest();
      req.setUrn(urn);
      req.setProperties(struct(inputs));
      const res = await rpc<{ getId(): string; getProperties(): Js }>("create", req);
      return { id: res.getId(), outs: res.getProperties().toJavaScript() };
    },
    diff: async (urn, id, olds, news) => (await diffDetail(urn, id, olds, news)).changes,
    diffDetail,
    async update(urn, id, olds, news) {
      const req = new providerPb.UpdateRequest();
      req.setId(id);
      req.setUrn(urn);
      req.setOlds(struct(olds));
      req.setNews(struct(news));
      return (await rpc<{ getProperties(): Js }>("update", req)).getProperties().toJavaScript();
    },
    async read(urn, id, props) {
      const req = new providerPb.ReadRequest();
      req.setId(id);
      req.setUrn(urn);
      req.setProperties(struct(props));
      const res = await rpc<{ getId(): string; getProperties(): Js }>("read", req);
      return { id: res.getId(), props: res.getProperties().toJavaScript() };
    },
    async delete(urn, id, props) {
      const req = new providerPb.DeleteRequest();
      req.setId(id);
      req.setUrn(urn);
      req.setProperties(struct(props));
      await rpc("delete", req);
    },
    stop() {
      (client as unknown as { close(): void }).close();
      if (child.pid) process.kill(child.pid);
    },
    stderr: () => stderr,
  };
}
