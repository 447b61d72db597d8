/**
 * A new release of the program alone changes nothing live: every resource of dev, test and prod
 * keeps its URN (Pulumi's identity: stack, project, the parent chain of type tokens, name), or a
 * renamed component type carries `aliases: [{ type: "<old token>" }]` that leads the engine from the
 * old URN to the new one. Children inherit their parent's aliases (the engine composes them with the
 * parent chain, pulumi/pulumi pkg/resource/deploy/step_generator.go inheritedChildAlias), so this
 * test composes them the same way. Every dynamic resource also keeps its `__provider` text: changing
 * it is a diff on every dynamic resource (components/dynamicResource/hostedProvider.ts).
 *
 * The lists in test/program/urns/ were recorded from the program as deployed; re-record them only
 * for a change that is meant to replace resources: RTDW_RECORD_URNS=1 npx jest test/program/urns.test.ts
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { SECRET_KEYS } from "../../components/config/secretKeys";
import { RecordedResource, runProgram } from "./harness";

const DIR = path.join(__dirname, "urns");
const RECORD = process.env.RTDW_RECORD_URNS === "1";

const SECRETS: Record<string, Record<string, string>> = {
  dev: { streamparkAdminPassword: "dev-admin-Pw7", mysqlRootPassword: "dev-mysql-Root-Pw7", starrocksRootPassword: "dev-sr-Root-Pw7" },
  test: { streamparkAdminPassword: "test-admin-Pw7", mysqlRootPassword: "test-mysql-Root-Pw7", starrocksRootPassword: "test-sr-Root-Pw7" },
  prod: Object.fromEntries(SECRET_KEYS.map((k) => [k, `prod-${k}-S3cr3t`])),
};

/** `urn:pulumi:<stack>::<project>::<qualified type>::<name>`, split at its four `::`. */
function splitUrn(urn: string): { head: string; qualifiedType: string; name: string } {
  const parts = urn.split("::");
  return { head: `${parts[0]}::${parts[1]}`, qualifiedType: parts[2], name: parts.slice(3).join("::") };
}

/**
 * Every URN the engine would accept as this resource's earlier identity: its own, its own type
 * replaced by each alias type, and each of those under each earlier URN of its parent.
 */
export function earlierUrns(resources: Pick<RecordedResource, "urn" | "type" | "options">[]): Map<string, Set<string>> {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const memo = new Map<string, Set<string>>();
  const of = (urn: string): Set<string> => {
    const known = memo.get(urn);
    if (known) return known;
    const r = byUrn.get(urn);
    const out = new Set<string>([urn]);
    if (r) {
      const { head, name } = splitUrn(urn);
      const types = [r.type, ...r.options.aliasTypes];
      const parents = r.options.parent ? [...of(r.options.parent)] : [undefined];
      for (const p of parents) {
        for (const t of types) {
          const qualified = p === undefined ? t : `${splitUrn(p).qualifiedType.split("$").pop()}$${t}`;
          out.add(`${head}::${qualified}::${name}`);
        }
      }
    }
    memo.set(urn, out);
    return out;
  };
  return new Map(resources.map((r) => [r.urn, of(r.urn)]));
}

const sha = (text: string): string => crypto.createHash("sha256").update(text).digest("hex");

describe.each(["dev", "test", "prod"])("stack %s", (stack) => {
  let resources: RecordedResource[];
  beforeAll(async () => {
    resources = (await runProgram(stack, { secrets: SECRETS[stack] })).resources;
    if (RECORD) {
      fs.mkdirSync(DIR, { recursive: true });
      fs.writeFileSync(path.join(DIR, `${stack}.txt`), [...resources.map((r) => r.urn)].sort().join("\n") + "\n");
      const stubs = [...new Set(resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic")).map((r) => `${r.type} ${sha(String(r.inputs.__provider))}`))].sort();
      fs.writeFileSync(path.join(DIR, `${stack}.dynamic.txt`), stubs.join("\n") + "\n");
    }
  }, 600_000);

  const recorded = (file: string): string[] => fs.readFileSync(path.join(DIR, file), "utf8").split("\n").filter((l) => l !== "");

  it("every resource keeps its URN or is aliased from it, and none disappears", () => {
    const before = new Set(recorded(`${stack}.txt`));
    expect(before.size).toBeGreaterThan(50);
    const earlier = earlierUrns(resources);
    const unmatched = resources.filter((r) => ![...earlier.get(r.urn)!].some((u) => before.has(u))).map((r) => r.urn);
    expect(unmatched).toEqual([]);
    const reached = new Set(resources.flatMap((r) => [...earlier.get(r.urn)!]));
    expect([...before].filter((u) => !reached.has(u))).toEqual([]);
  });

  it("every dynamic resource keeps its type and its provider stub text", () => {
    const now = [...new Set(resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic")).map((r) => `${r.type} ${sha(String(r.inputs.__provider))}`))].sort();
    expect(now).toEqual(recorded(`${stack}.dynamic.txt`));
  });
});

describe("earlierUrns", () => {
  const res = (urn: string, type: string, parent = "", aliasTypes: string[] = []) => ({ urn, type, options: { parent, aliasTypes } as RecordedResource["options"] });
  it("composes a renamed parent's alias into its children's URNs", () => {
    const parent = res("urn:pulumi:s::p::rtdw:platform:Platform::platform", "rtdw:platform:Platform", "", ["rtdw:platform:PlatformBase"]);
    const child = res("urn:pulumi:s::p::rtdw:platform:Platform$docker:index/network:Network::net", "docker:index/network:Network", parent.urn);
    const got = earlierUrns([parent, child]);
    expect([...got.get(child.urn)!]).toContain("urn:pulumi:s::p::rtdw:platform:PlatformBase$docker:index/network:Network::net");
    expect([...got.get(parent.urn)!]).toContain("urn:pulumi:s::p::rtdw:platform:PlatformBase::platform");
  });
  it("offers nothing else without an alias", () => {
    const parent = res("urn:pulumi:s::p::rtdw:platform:Platform::platform", "rtdw:platform:Platform");
    expect([...earlierUrns([parent]).get(parent.urn)!]).toEqual([parent.urn]);
  });
});
