/** The workflows' helpers: which stacks a change affects, the preview report, the review stack's config. */
import * as fs from "fs";
import * as path from "path";
import { affectedStacks } from "../../tools/workflow/affectedStacks";
import { MARKER, MAX_COMMENT, previewReport, violationLines } from "../../tools/workflow/previewReport";
import { reviewStackConfig, reviewStackName } from "../../tools/workflow/reviewStack";
import { rawConfigFrom, resolveStackConfig } from "../../components/config";
import { parse } from "yaml";

const ROOT = path.join(__dirname, "..", "..");

describe("affectedStacks", () => {
  it("previews a stack whose own file changed, and every team stack when the program changes", () => {
    expect(affectedStacks(["Pulumi.prod.yaml"])).toEqual(["prod"]);
    expect(affectedStacks(["components/flink/flinkConfig.ts", "README.md"])).toEqual(["test", "prod"]);
    expect(affectedStacks(["policy/rules/memoryLimited.ts"])).toEqual(["test", "prod"]);
    expect(affectedStacks(["package-lock.json"])).toEqual(["test", "prod"]);
  });

  it("previews nothing for docs, tests, workflows or dev's file", () => {
    expect(affectedStacks(["README.md", "docs/upstream-facts.md", "test/policy/policies.test.ts", "components/config/stackConfig.test.ts",
      ".github/workflows/drift.yml", "Pulumi.dev.yaml", "components/schema/README.md"])).toEqual([]);
  });
});

describe("previewReport", () => {
  const failed = {
    stack: "prod", exitCode: 255,
    output: "\u001b[1mPreviewing update (prod):\u001b[0m\n  + kubernetes:core/v1:Service rtdw-grafana-external create\nPolicies:\n    ❌ rtdw-guardrails@v0.1.0 (local: policy)\n        - [mandatory]  services-restricted  (kubernetes:core/v1:Service: rtdw-grafana-external)\n          Service rtdw-grafana-external is a LoadBalancer open to every address.\n",
  };

  it("starts with the marker the workflow finds its comment by, and lists violations of a failed preview", () => {
    const text = previewReport([{ stack: "test", exitCode: 0, output: "Resources:\n    42 unchanged\n" }, failed], "https://github.com/o/r/actions/runs/1");
    expect(text.startsWith(MARKER)).toBe(true);
    expect(text).toContain("### `test`: preview succeeded");
    expect(text).toContain("### `prod`: **preview failed** (exit code 255), 1 policy violation(s)");
    expect(text).toContain("- - [mandatory]  services-restricted  (kubernetes:core/v1:Service: rtdw-grafana-external)");
    expect(text).not.toContain("\u001b[");
    expect(text).toContain("[Workflow run](https://github.com/o/r/actions/runs/1)");
  });

  it("keeps the end of a long output (the summary and the policies) within GitHub's comment limit", () => {
    const long = { stack: "prod", exitCode: 0, output: "x".repeat(200_000) + "\nResources:\n    3 to update\n" };
    const text = previewReport([long, { ...long, stack: "test" }]);
    expect(text.length).toBeLessThan(MAX_COMMENT);
    expect(text).toContain("3 to update");
    expect(text).toContain("characters cut");
  });

  it("says so when no team stack is affected", () => {
    expect(previewReport([])).toContain("This change affects no team stack.");
    expect(violationLines("a\n  - [advisory]  prod-images-by-digest  (x)\n")).toEqual(["- [advisory]  prod-images-by-digest  (x)"]);
  });
});

describe("review stacks", () => {
  const testYaml = fs.readFileSync(path.join(ROOT, "Pulumi.test.yaml"), "utf8");

  it("takes test's config into its own namespace at the smallest sizes, and the program accepts it", () => {
    const text = reviewStackConfig(testYaml, 42);
    const config = (parse(text) as { config: Record<string, unknown> }).config;
    expect(config["rtdw:platform"]).toMatchObject({ kind: "kubernetes", namespace: "rtdw-pr-42", sharedStorageClass: "nfs-client" });
    expect(config["rtdw:starrocks"]).toMatchObject({ frontends: 1, backends: 1 });
    const flat = Object.fromEntries(Object.entries(config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
    const resolved = resolveStackConfig("pr-42", rawConfigFrom(flat));
    expect(resolved.environment).toBe("test");
    expect(resolved.starrocks).toMatchObject({ frontends: 1, backends: 1, beStorageGiB: 5 });
  });

  it("drops test's encrypted secrets and refuses a bad number", () => {
    const withSecret = testYaml + "  rtdw:mysqlRootPassword:\n    secure: v1:abc\n";
    expect(reviewStackConfig(withSecret, 7)).not.toContain("secure");
    expect(reviewStackName(7)).toBe("pr-7");
    expect(() => reviewStackName(0)).toThrow("not a pull request number");
  });
});
