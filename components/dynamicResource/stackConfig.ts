/**
 * The stack configuration as the dynamic-provider host receives it in Configure (every namespace,
 * secrets decrypted: pulumi/pulumi pkg/resource/deploy/target.go GetPackageConfig, sdk/nodejs/cmd/dynamic-provider/index.ts). Delete and refresh get only a resource's outputs,
 * where secrets never go, so they read passwords from here by config key.
 *
 * The values live in a process-global slot of the host, so every provider implementation the host
 * runs reads the same configuration.
 */
const CONFIG_SLOT = "__rtdwStackConfig";

type ConfigGetter = (key: string) => string | undefined;

/** The `configure` method every provider shares: remember the stack config in this process. */
export function rememberConfig(req: { config: { get(key: string): string | undefined } }): void {
  const config = req.config;
  (globalThis as Record<string, unknown>)[CONFIG_SLOT] = ((key: string) => config.get(key)) as ConfigGetter;
}

/** Whether this process was configured (the engine always does; unit tests may not). */
export function hasConfig(): boolean {
  return typeof (globalThis as Record<string, unknown>)[CONFIG_SLOT] === "function";
}

export function configured(key: string): string | undefined {
  const get = (globalThis as Record<string, unknown>)[CONFIG_SLOT] as ConfigGetter | undefined;
  return get ? get(key) : undefined;
}
