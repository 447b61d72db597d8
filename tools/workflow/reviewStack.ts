/**
 * A pull request's review stack, `pr-<number>`: test's configuration (Pulumi.test.yaml) in its own
 * Kubernetes namespace at the smallest sizes the config accepts, so several can run side by side
 * and cost little. Written as Pulumi.pr-<number>.yaml by the review-stack workflow before `up`.
 */
import * as fs from "fs";
import { parse, stringify } from "yaml";

type Obj = Record<string, unknown>;

export function reviewStackName(prNumber: number): string {
  if (!Number.isInteger(prNumber) || prNumber <= 0) throw new Error(`not a pull request number: ${prNumber}`);
  return `pr-${prNumber}`;
}

/**
 * The smallest sizes: one StarRocks FE and BE, small volumes, a slow load generator. Flink keeps
 * test's TaskManagers: the five jobs need their slots (the config refuses fewer).
 */
const SMALLEST: Obj = {
  "rtdw:storage": { sizeGiB: 5 },
  "rtdw:mysql": { mode: "deploy", storageGiB: 2 },
  "rtdw:starrocks": { topology: "cluster", frontends: 1, backends: 1, feStorageGiB: 2, beStorageGiB: 5 },
  "rtdw:loadGenerator": { enabled: true, changesPerSecond: 20 },
  "rtdw:monitoring": { storageGiB: 2 },
};

function merge(base: unknown, over: unknown): unknown {
  if (base && over && typeof base === "object" && typeof over === "object" && !Array.isArray(base) && !Array.isArray(over)) {
    const out: Obj = { ...(base as Obj) };
    for (const [k, v] of Object.entries(over as Obj)) out[k] = merge(out[k], v);
    return out;
  }
  return over;
}

/** The review stack's Pulumi.<stack>.yaml text from test's. */
export function reviewStackConfig(testStackYaml: string, prNumber: number): string {
  const name = reviewStackName(prNumber);
  const doc = (parse(testStackYaml) ?? {}) as { config?: Obj };
  const config = { ...(doc.config ?? {}) };
  const platform = config["rtdw:platform"] as Obj | undefined;
  if (platform?.kind !== "kubernetes") throw new Error("Pulumi.test.yaml: rtdw:platform.kind must be kubernetes for review stacks");
  // Secrets of test's stack file are encrypted for test's secrets provider: the review stack makes its own.
  for (const [k, v] of Object.entries(config)) if (v && typeof v === "object" && "secure" in (v as Obj)) delete config[k];
  const review = merge(config, { ...SMALLEST, "rtdw:environment": "test", "rtdw:platform": { namespace: `rtdw-${name}` } }) as Obj;
  return `# ${name}: a pull request's review stack, generated from Pulumi.test.yaml by tools/workflow/reviewStack.ts.\n`
    + stringify({ config: review });
}

/** CLI: reviewStack.ts <pr-number> — writes Pulumi.pr-<number>.yaml next to Pulumi.test.yaml and prints the stack name. */
if (require.main === module) {
  const pr = Number(process.argv[2]);
  const name = reviewStackName(pr);
  fs.writeFileSync(`Pulumi.${name}.yaml`, reviewStackConfig(fs.readFileSync("Pulumi.test.yaml", "utf8"), pr));
  process.stdout.write(`${name}\n`);
}
