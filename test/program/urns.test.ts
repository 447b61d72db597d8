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
 * Per resource (by the mock's URN), the URN the engine gives it and every URN it would accept as
 * its earlier identity. The engine's qualified type is every ancestor's type joined by `$`
 * (@pulumi/pulumi runtime/resource.ts createUrn: the parent's URN up to its name, then `$type`);
 * the mock runtime keeps only the parent's own type, so this rebuilds the chain from the parents.
 * Earlier identities: each type of the chain replaced by one of that resource's alias types, as the
 * engine composes a parent's alias into its children's (step_generator.go inheritedChildAlias).
 */
export function engineUrns(resources: Pick<RecordedResource, "urn" | "type" | "options">[]): Map<string, { now: string; earlier: Set<string> }> {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const memo = new Map<string, { now: string; earlier: Set<string> }>();
  const of = (urn: string): { now: string; earlier: Set<string> } => {
    const known = memo.get(urn);
    if (known) return known;
    const r = byUrn.get(urn);
    if (!r) throw new Error(`parent ${urn} was not registered`);
    const { head, name } = splitUrn(urn);
    const parent = r.options.parent ? of(r.options.parent) : undefined;
    const qualify = (p: string | undefined, t: string) => `${head}::${p === undefined ? t : `${splitUrn(p).qualifiedType}$${t}`}::${name}`;
    const now = qualify(parent?.now, r.type);
    const earlier = new Set<string>([now]);
    for (const p of parent ? [...parent.earlier] : [undefined]) for (const t of [r.type, ...r.options.aliasTypes]) earlier.add(qualify(p, t));
    const out = { now, earlier };
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
      fs.writeFileSync(path.join(DIR, `${stack}.txt`), [...engineUrns(resources).values()].map((u) => u.now).sort().join("\n") + "\n");
      const stubs = [...new Set(resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic")).map((r) => `${r.type} ${sha(String(r.inputs.__provider))}`))].sort();
      fs.writeFileSync(path.join(DIR, `${stack}.dynamic.txt`), stubs.join("\n") + "\n");
    }
  }, 600_000);

  const recorded = (file: string): string[] => fs.readFileSync(path.join(DIR, file), "utf8").split("\n").filter((l) => l !== "");

  it("every resource keeps its URN or is aliased from it, and none disappears", () => {
    const before = new Set(recorded(`${stack}.txt`));
    expect(before.size).toBeGreaterThan(50);
    const urns = [...engineUrns(resources).values()];
    const unmatched = urns.filter((u) => ![...u.earlier].some((e) => before.has(e))).map((u) => u.now);
    expect(unmatched).toEqual([]);
    const reached = new Set(urns.flatMap((u) => [...u.earlier]));
    expect([...before].filter((u) => !reached.has(u))).toEqual([]);
  });

  it("every dynamic resource keeps its type and its provider stub text", () => {
    const now = [...new Set(resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic")).map((r) => `${r.type} ${sha(String(r.inputs.__provider))}`))].sort();
    expect(now).toEqual(recorded(`${stack}.dynamic.txt`));
  });
});

describe("engineUrns", () => {
  const res = (urn: string, type: string, parent = "", aliasTypes: string[] = []) => ({ urn, type, options: { parent, aliasTypes } as RecordedResource["options"] });
  // As the mock runtime names them: only the parent's own type before a child's.
  const top = res("urn:pulumi:s::p::rtdw:platform:Platform::platform", "rtdw:platform:Platform", "", ["rtdw:platform:PlatformBase"]);
  const child = res("urn:pulumi:s::p::rtdw:platform:Platform$my:x:Group::g", "my:x:Group", top.urn);
  const grandchild = res("urn:pulumi:s::p::my:x:Group$docker:index/network:Network::net", "docker:index/network:Network", child.urn);
  it("rebuilds the whole chain of types, as the engine names a resource", () => {
    expect(engineUrns([top, child, grandchild]).get(grandchild.urn)!.now).toBe("urn:pulumi:s::p::rtdw:platform:Platform$my:x:Group$docker:index/network:Network::net");
  });
  it("composes a renamed ancestor's alias into its descendants' URNs", () => {
    const got = engineUrns([top, child, grandchild]);
    expect([...got.get(top.urn)!.earlier]).toContain("urn:pulumi:s::p::rtdw:platform:PlatformBase::platform");
    expect([...got.get(grandchild.urn)!.earlier]).toContain("urn:pulumi:s::p::rtdw:platform:PlatformBase$my:x:Group$docker:index/network:Network::net");
  });
  it("offers nothing else without an alias", () => {
    const plain = res("urn:pulumi:s::p::rtdw:platform:Platform::platform", "rtdw:platform:Platform");
    expect([...engineUrns([plain]).get(plain.urn)!.earlier]).toEqual([plain.urn]);
  });
});
