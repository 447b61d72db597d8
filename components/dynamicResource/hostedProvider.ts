/**
 * Dynamic resources whose `__provider` is a fixed stub of well under a kilobyte that, inside
 * Pulumi's dynamic-provider host, runs the provider implementations from the project's source.
 *
 * Why not `pulumi.dynamic.Resource`: it serializes the whole provider object, local modules by
 * value, into every resource's state (@pulumi/pulumi dynamic/index.ts serializeProvider,
 * runtime/closure/createClosure.ts). That was up to 92 KiB per resource, made every release of rtdw
 * a change to every resource, left delete and refresh running whatever code the last update stored,
 * and cost each preview the closure serializer (an inspector session and npm's arborist).
 *
 * What the engine needs is only this (@pulumi/pulumi cmd/dynamic-provider/index.ts): a resource of
 * type `pulumi-nodejs:dynamic[/<module>]:<Type>` whose input `__provider` is CommonJS text exporting
 * `handler()`, which returns the provider object. Our text depends on nothing but the provider's
 * name, so a new release changes no state; the host runs the checkout's current code for every
 * call, including delete and refresh of resources an earlier release wrote (each implementation
 * reads the outputs older releases stored).
 *
 * The engine starts the host with the program's directory as its working directory
 * (pulumi/pulumi pkg/resource/plugin/provider_plugin.go, NewProvider: ctx.Pwd), where the source
 * is; RTDW_PROJECT_DIR overrides it. The text captures no value: it is stored in plain state.
 */
import * as pulumi from "@pulumi/pulumi";

/** The implementations, by name: what components/providers/index.ts exports as `providers`. */
export type HostedProviderName =
  | "schemaObject"
  | "streamparkJob"
  | "streamparkAdminPassword"
  | "streamparkFlinkEnvironment"
  | "streamparkSessionCluster"
  | "streamparkAlertConfig"
  | "streamparkVariable"
  | "mysqlAccount"
  | "mysqlDatabase";

/** The module the host bundles, relative to the project directory. */
export const PROVIDER_ENTRY = "components/providers/index.ts";

/**
 * The stub. Plain JavaScript run by the host (Node 20+), kept byte-stable: changing this text is
 * the one change that rewrites every dynamic resource's state (test/program/urns.test.ts checks
 * it). Its comment names this file's earlier path, components/dynamic/: kept as it is for that reason. The bundle is built once per host
 * process, in memory, with the project's esbuild; npm packages resolve from the project's
 * node_modules.
 */
const STUB = `"use strict";
// rtdw dynamic provider stub: runs %NAME% from the rtdw project's source (components/dynamic/hostedProvider.ts).
exports.handler = function handler() {
  const slot = "__rtdwHostedProviders";
  if (!globalThis[slot]) {
    const path = require("path"), fs = require("fs"), Module = require("module");
    const root = process.env.RTDW_PROJECT_DIR || process.cwd();
    const entry = path.join(root, ${JSON.stringify(PROVIDER_ENTRY)});
    if (!fs.existsSync(entry)) throw new Error("rtdw: the provider code is not at " + entry + ": run pulumi from the rtdw project directory, or set RTDW_PROJECT_DIR to it");
    const esbuild = require(require.resolve("esbuild", { paths: [root] }));
    const built = esbuild.buildSync({ entryPoints: [entry], bundle: true, platform: "node", format: "cjs", target: "node20",
      packages: "external", write: false, sourcemap: "inline", logLevel: "silent", absWorkingDir: root });
    const file = entry.replace(/\\.ts$/, ".hosted.js");
    const m = new Module(file);
    m.filename = file;
    m.paths = Module._nodeModulePaths(path.dirname(file));
    m._compile(built.outputFiles[0].text, file);
    globalThis[slot] = m.exports.providers;
  }
  const provider = globalThis[slot][%NAME%];
  if (!provider) throw new Error("rtdw: no provider named " + %NAME% + " in " + ${JSON.stringify(PROVIDER_ENTRY)});
  return provider;
};
`;

/** The `__provider` text for a provider name. */
export function hostedProviderText(name: HostedProviderName): string {
  return STUB.split("%NAME%").join(JSON.stringify(name));
}

/**
 * A dynamic resource `pulumi-nodejs:dynamic/<module>:<type>` run by the named implementation.
 * Output properties are declared by subclasses (`declare readonly x: pulumi.Output<T>`) and must
 * be present in `props` (undefined) to be read back, as with `pulumi.dynamic.Resource`.
 */
export class HostedResource extends pulumi.CustomResource {
  constructor(provider: HostedProviderName, module: string, type: string, name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
    if ("__provider" in props) throw new Error("a dynamic resource must not define __provider");
    super(`pulumi-nodejs:dynamic/${module}:${type}`, name, { ...props, __provider: hostedProviderText(provider) }, opts);
  }
}
