/**
 * The guardrails against the program itself: every resource that dev, test and prod register under
 * the mock runtime, with the inputs the engine would hand the pack (secrets unwrapped, as the policy
 * SDK does). prod-data-protected is left out: the mock monitor does not pass resource options
 * (pulumi/pulumi#14421), and the prod program's protect option is tested in test/program.
 * KNOWN lists what the program violates today; a fix in the program makes this test name it.
 */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { SECRET_KEYS } from "../../components/config/secretKeys";
import { policies } from "../../policy/policies";
import { reveal, runProgram } from "../program/harness";
import { stackViolations, violations } from "./support";

const KNOWN: Record<string, RegExp[]> = {
  // Two one-shot Docker init steps run without a memory limit (components/platform/docker).
  dev: [/^memory-limited: rtdw-dev-(streampark-schema|loadgen-seed), container "docker": no memory limit/],
  // The endpoint Services have no source-range setting yet (rtdw:platform has none).
  test: [/^services-restricted: Service rtdw-test-[a-z-]+-external is a LoadBalancer open to every address/],
  prod: [/^services-restricted: Service rtdw-[a-z-]+-external is a LoadBalancer open to every address/],
};

async function mandatoryViolations(stack: string): Promise<string[]> {
  const run = await runProgram(stack, { secrets: Object.fromEntries(SECRET_KEYS.map((k) => [k, `${stack}-${k}-S3cr3t`])) });
  const resources = run.resources.map((r) => ({ type: r.type, name: r.name, props: reveal(r.inputs) as Record<string, unknown>, stack, protect: true }));
  const found: string[] = [];
  for (const p of policies) {
    if (p.enforcementLevel === "advisory" || p.name === "prod-data-protected") continue;
    if ("validateResource" in p) {
      for (const r of resources) for (const v of await violations(p as ResourceValidationPolicy, r)) found.push(`${p.name}: ${v}`);
    } else {
      for (const v of await stackViolations(p as StackValidationPolicy, resources)) found.push(`${p.name}: ${v}`);
    }
  }
  return found;
}

describe.each(["dev", "test", "prod"])("the %s program under the guardrails", (stack) => {
  it("violates no mandatory policy beyond the known findings", async () => {
    const found = await mandatoryViolations(stack);
    expect(found.filter((v) => !KNOWN[stack].some((k) => k.test(v)))).toEqual([]);
    // Each known finding still exists (remove it here once the program is fixed).
    for (const k of KNOWN[stack]) expect(found.some((v) => k.test(v))).toBe(true);
  }, 480000);
});
