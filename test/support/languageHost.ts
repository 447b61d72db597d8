/**
 * What `pulumi preview`/`up` prints for an error the program throws, by the rule of Pulumi's
 * Node.js language host (@pulumi/pulumi cmd/run/run.js, uncaughtHandler): a RunError's message
 * alone; a ResourceError's message when it asks to hide the stack; anything else "Running program
 * ... failed with an unhandled exception:" and util.inspect of the error (cmd/run/error.js
 * defaultErrorMessage), which shows `err.stack` (the trace) and the error's own fields.
 * Uses the installed SDK's own RunError/ResourceError tests and defaultErrorMessage.
 */
import * as pulumi from "@pulumi/pulumi";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultErrorMessage } = require("@pulumi/pulumi/cmd/run/error") as { defaultErrorMessage(err: unknown): string };

export function printedByLanguageHost(err: unknown, program = "/rtdw"): string {
  if (pulumi.RunError.isInstance(err)) return (err as Error).message;
  if (pulumi.ResourceError.isInstance(err) && (err as pulumi.ResourceError).hideStack) return (err as Error).message;
  // util.inspect colours its output; the terminal's escape codes are not part of the text.
  // eslint-disable-next-line no-control-regex
  return `Running program '${program}' failed with an unhandled exception:\n${defaultErrorMessage(err).replace(/\u001b\[[0-9;]*m/g, "")}`;
}

/** A line of a Node stack trace ("    at fn (file:line:col)"). */
export const STACK_FRAME = /^\s+at .+/m;

/**
 * Runs the program (index.ts, bundled to one CommonJS file with its packages left to node_modules)
 * under Pulumi's real Node.js language host (`node @pulumi/pulumi/cmd/run`), against an in-process
 * stand-in for the engine and resource monitor: every RPC answers an empty response, except
 * RegisterResource (a URN) and Engine.Log, which is recorded. What the host logs at ERROR
 * severity is what `pulumi preview` shows the user.
 */
export interface LanguageHostRun {
  exitCode: number | null;
  /** Engine.Log messages of severity ERROR. */
  errors: string[];
}

export async function runUnderLanguageHost(stack: string, config: Record<string, string>): Promise<LanguageHostRun> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const fs = require("fs") as typeof import("fs");
  const os = require("os") as typeof import("os");
  const path = require("path") as typeof import("path");
  const { spawn } = require("child_process") as typeof import("child_process");
  const esbuild = require("esbuild") as typeof import("esbuild");
  // The SDK's own gRPC library and generated service definitions.
  const sdkDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
  const grpc = require(require.resolve("@grpc/grpc-js", { paths: [sdkDir] })) as typeof import("@grpc/grpc-js");
  const resourceRpc = require("@pulumi/pulumi/proto/resource_grpc_pb.js");
  const engineRpc = require("@pulumi/pulumi/proto/engine_grpc_pb.js");
  /* eslint-enable @typescript-eslint/no-require-imports */

  const root = path.join(__dirname, "..", "..");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rtdw-host-"));
  const program = path.join(dir, "index.js");
  esbuild.buildSync({ entryPoints: [path.join(root, "index.ts")], bundle: true, platform: "node", format: "cjs", target: "node20", packages: "external", outfile: program, logLevel: "silent" });

  const errors: string[] = [];
  const ERROR = 3; // pulumirpc.LogSeverity.ERROR (proto/engine.proto)
  type Service = Record<string, { responseType: new () => unknown }>;
  type Handler = (call: { request: Record<string, () => unknown> }, cb: (e: null, r: unknown) => void) => void;
  const handlers = (service: Service, special: Record<string, Handler>) =>
    Object.fromEntries(Object.entries(service).map(([name, m]) => [name, special[name] ?? ((_: unknown, cb: (e: null, r: unknown) => void) => cb(null, new m.responseType()))]));
  const server = new grpc.Server();
  server.addService(resourceRpc.ResourceMonitorService, handlers(resourceRpc.ResourceMonitorService, {
    registerResource: (call, cb) => {
      const r = new resourceRpc.ResourceMonitorService.registerResource.responseType();
      r.setUrn(`urn:pulumi:${stack}::rtdw::${call.request.getType()}::${call.request.getName()}`);
      cb(null, r);
    },
  }));
  server.addService(engineRpc.EngineService, handlers(engineRpc.EngineService, {
    log: (call, cb) => {
      if (call.request.getSeverity() === ERROR) errors.push(String(call.request.getMessage()));
      cb(null, new engineRpc.EngineService.log.responseType());
    },
  }));
  const port = await new Promise<number>((resolve, reject) => server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
  try {
    const address = `127.0.0.1:${port}`;
    const child = spawn(process.execPath, [path.join(sdkDir, "cmd", "run"), `--monitor=${address}`, `--engine=${address}`, `--stack=${stack}`, "--project=rtdw", `--pwd=${root}`, program], {
      cwd: root,
      env: { ...process.env, PULUMI_CONFIG: JSON.stringify(config), NODE_PATH: path.join(root, "node_modules") },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exitCode = await new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    return { exitCode, errors };
  } finally {
    server.forceShutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
