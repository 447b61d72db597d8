/**
 * Program evaluation cost: how long Pulumi takes to run the prod program (every resource
 * registered, every dynamic provider serialized) against an empty Pulumi program, each in fresh
 * Node processes under the mock runtime, and how large the stored `__provider` of each dynamic
 * resource is. Goal (issue: "evaluating prod within 2x an empty program"; no serialized provider
 * over 8 KiB). TypeScript compilation is left out of both: each program is bundled to JavaScript
 * first, so the figures are the evaluation itself.
 *
 * Run:
 *   npx esbuild bench/evaluation.ts --bundle --platform=node --packages=external --outfile=bin/bench/evaluation.js \
 *     && node bin/bench/evaluation.js [runs=5]
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "..", "..");
const OUT = path.join(ROOT, "bin", "bench");

/** The child: run one program under mocks, print its timings and the dynamic resources' provider sizes. */
async function child(programFile: string, stack: string): Promise<void> {
  const started = process.hrtime.bigint();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parse } = require("yaml") as typeof import("yaml");
  const doc = parse(fs.readFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), "utf8")) as { config?: Record<string, unknown> };
  const config: Record<string, string> = Object.fromEntries(Object.entries(doc.config ?? {}).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
  // Every secret the program may require, as prod does (components/config/secretKeys.ts).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { SECRET_KEYS } = require(path.join(OUT, "secretKeys.js")) as { SECRET_KEYS: string[] };
  for (const k of SECRET_KEYS) config[`rtdw:${k}`] = `bench-${k}-S3cr3t`;
  pulumi.runtime.setAllConfig(config, SECRET_KEYS.map((k) => `rtdw:${k}`));
  const sizes: number[] = [];
  let registered = 0;
  await pulumi.runtime.setMocks({
    newResource(args) {
      registered++;
      if (typeof args.inputs.__provider === "string") sizes.push(Buffer.byteLength(args.inputs.__provider));
      return { id: `${args.name}-id`, state: { ...args.inputs, result: args.type.startsWith("random:") ? "generated-Zq9" : undefined } };
    },
    call: (args) => args.inputs,
  }, "rtdw", stack, false);
  const loaded = process.hrtime.bigint();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(programFile);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };
  await settings.waitForRPCs();
  // Registrations started from applies: wait until none has arrived for a while (not timed).
  let settledAt = process.hrtime.bigint();
  for (let seen = -1, quiet = 0; quiet < 5;) {
    await new Promise((r) => setTimeout(r, 20));
    if (registered !== seen) settledAt = process.hrtime.bigint();
    quiet = registered === seen ? quiet + 1 : 0;
    seen = registered;
  }
  const ms = (a: bigint, b: bigint) => Number(b - a) / 1e6;
  process.stdout.write(JSON.stringify({
    sdkMs: ms(started, loaded), evalMs: ms(loaded, settledAt), registered,
    providers: sizes.length, maxProviderBytes: Math.max(0, ...sizes), totalProviderBytes: sizes.reduce((a, b) => a + b, 0),
  }) + "\n");
}

function bundle(entry: string, outfile: string): void {
  execFileSync(process.execPath, [require.resolve("esbuild/bin/esbuild", { paths: [ROOT] }), entry, "--bundle", "--platform=node",
    "--packages=external", "--log-level=error", `--outfile=${outfile}`], { cwd: ROOT, stdio: "inherit" });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 5);
  fs.mkdirSync(OUT, { recursive: true });
  const empty = path.join(OUT, "empty-program.ts");
  fs.writeFileSync(empty, 'import * as pulumi from "@pulumi/pulumi";\nexport const stack = pulumi.getStack();\n');
  bundle(empty, path.join(OUT, "empty-program.js"));
  bundle("index.ts", path.join(OUT, "program.js"));
  bundle("components/config/secretKeys.ts", path.join(OUT, "secretKeys.js"));
  const measure = (program: string, times = runs) => {
    const results = [];
    for (let i = 0; i < times; i++) {
      const r = spawnSync(process.execPath, [__filename, "child", path.join(OUT, program), "prod"], { cwd: ROOT, encoding: "utf8" });
      if (r.status !== 0) throw new Error(`${program} failed:\n${r.stderr}`);
      results.push(JSON.parse(r.stdout.trim().split("\n").pop()!));
    }
    return results as { sdkMs: number; evalMs: number; registered: number; providers: number; maxProviderBytes: number; totalProviderBytes: number }[];
  };
  const base = measure("empty-program.js");
  // Cold: the lineage's parse cache removed (a fresh clone); then warm runs.
  const cacheDir = path.join(ROOT, "node_modules", ".cache", "rtdw");
  for (const f of fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir) : []) if (f.endsWith(".json")) fs.rmSync(path.join(cacheDir, f));
  const [cold] = measure("program.js", 1);
  const prod = measure("program.js");
  const baseMs = median(base.map((r) => r.sdkMs + r.evalMs));
  const prodMs = median(prod.map((r) => r.sdkMs + r.evalMs));
  console.log(`runs per program: ${runs} (median, fresh process each, mock runtime, TypeScript compilation excluded)`);
  console.log(`empty Pulumi program: ${baseMs.toFixed(0)} ms`);
  console.log(`prod program: ${prodMs.toFixed(0)} ms, ${prod[0].registered} resources (SDK load ${median(prod.map((r) => r.sdkMs)).toFixed(0)} ms + evaluation ${median(prod.map((r) => r.evalMs)).toFixed(0)} ms)`);
  console.log(`ratio prod / empty: ${(prodMs / baseMs).toFixed(2)} (goal <= 2)`);
  console.log(`prod program on a fresh clone (no parse cache yet, once): ${(cold.sdkMs + cold.evalMs).toFixed(0)} ms, ratio ${((cold.sdkMs + cold.evalMs) / baseMs).toFixed(2)}`);
  console.log(`dynamic resources: ${prod[0].providers}; largest __provider ${(prod[0].maxProviderBytes / 1024).toFixed(1)} KiB (goal <= 8 KiB); all __provider together ${(prod[0].totalProviderBytes / 1024).toFixed(1)} KiB`);
}

if (process.argv[2] === "child") {
  child(process.argv[3], process.argv[4]).catch((e) => { console.error(e); process.exit(1); });
} else {
  main().catch((e) => { console.error(e instanceof Error ? e.message : e); process.exit(1); });
}
