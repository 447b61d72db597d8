/**
 * The GitHub Actions workflows, checked by actionlint (syntax, expressions, the inputs of the
 * actions used, ShellCheck on every `run:`), and what each must do.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

const ROOT = path.join(__dirname, "..", "..");
const ACTIONLINT = path.join(ROOT, ".tools", "bin", "actionlint");
const SHELLCHECK = "/usr/bin/shellcheck";
const WORKFLOWS = path.join(ROOT, ".github", "workflows");

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const workflow = (name: string): Obj => parse(fs.readFileSync(path.join(WORKFLOWS, name), "utf8"));
const text = (file: string): string => fs.readFileSync(path.join(ROOT, file), "utf8");
const steps = (wf: Obj, job: string): Obj[] => wf.jobs[job].steps;

function actionlint(args: string[], input?: string): { code: number; out: string } {
  if (!fs.existsSync(ACTIONLINT)) throw new Error(`${ACTIONLINT} is missing: run scripts/install-actionlint.sh (npm test does)`);
  if (!fs.existsSync(SHELLCHECK)) throw new Error(`${SHELLCHECK} is missing: run scripts/install-test-deps.sh (npm test does)`);
  const r = spawnSync(ACTIONLINT, ["-no-color", "-oneline", "-shellcheck", SHELLCHECK, ...args], { cwd: ROOT, input, encoding: "utf8" });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

describe("actionlint", () => {
  it("finds nothing wrong in any workflow", () => {
    const files = fs.readdirSync(WORKFLOWS).filter((f) => f.endsWith(".yml"));
    expect(files.sort()).toEqual(["drift.yml", "main.yml", "pull-request.yml", "review-stack.yml"]);
    expect(actionlint(files.map((f) => path.join(WORKFLOWS, f)))).toEqual({ code: 0, out: "" });
  });

  it("would catch a misspelt input of pulumi/actions and a shell mistake (it checks what we rely on)", () => {
    const bad = [
      "on: push", "jobs:", "  j:", "    runs-on: ubuntu-24.04", "    steps:",
      "      - uses: pulumi/actions@v6", "        with:", "          comand: preview", "          stack-name: test",
      "      - run: echo $UNQUOTED_VAR_WITH_SPACES",
    ].join("\n");
    const r = actionlint(["-stdin-filename", "bad.yml", "-"], bad);
    expect(r.code).toBe(1);
    expect(r.out).toContain('input "comand" is not defined in action "pulumi/actions@v6"');
    expect(r.out).toContain("SC2086");
  });
});

describe("ShellCheck", () => {
  it("finds nothing wrong in the project's scripts", () => {
    const dirs = ["scripts", "scripts/lib", "scripts/ci"];
    const files = [...dirs.flatMap((d) => fs.readdirSync(path.join(ROOT, d)).filter((f) => f.endsWith(".sh")).map((f) => `${d}/${f}`)), ".ci/run"];
    expect(files.length).toBeGreaterThan(12);
    const r = spawnSync(SHELLCHECK, ["-x", ...files], { cwd: ROOT, encoding: "utf8" });
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});

describe("pull request workflow", () => {
  const wf = workflow("pull-request.yml");

  it("runs the README's test command, then previews the affected stacks with the policy pack", () => {
    expect(steps(wf, "test").map((s) => s.run).filter(Boolean)).toEqual(["bash .ci/run"]);
    expect(wf.jobs.preview.needs).toEqual(["test", "affected"]);
    const preview = steps(wf, "preview").find((s) => s.id === "preview")!;
    expect(preview.run).toContain("bash scripts/ci/preview.sh");
    expect(text("scripts/ci/preview.sh")).toMatch(/pulumi preview --stack "\$stack" --diff --non-interactive --policy-pack policy/);
  });

  it("reports into the job summary and one comment found by its marker and edited, also when the preview failed", () => {
    const report = steps(wf, "preview").find((s) => s.name === "Report")!;
    expect(report.if).toBe("always()");
    expect(report.run).toContain("$GITHUB_STEP_SUMMARY");
    const comment = steps(wf, "preview").find((s) => String(s.uses).startsWith("actions/github-script@"))!;
    expect(comment.if).toBe("always()");
    expect(comment.with.script).toContain("github.paginate(github.rest.issues.listComments");
    expect(comment.with.script).toContain("updateComment");
    expect(wf.jobs.preview.permissions["pull-requests"]).toBe("write");
    expect(steps(wf, "preview").at(-1)).toMatchObject({ if: "steps.preview.outcome == 'failure'", run: "exit 1" });
  });
});

describe("main workflow", () => {
  const wf = workflow("main.yml");

  it("promotes test -> verify -> prod, prod behind its environment", () => {
    expect(wf.on.push.branches).toEqual(["main"]);
    expect(wf.jobs["deploy-test"]).toMatchObject({ needs: "test", environment: "test" });
    const testSteps = steps(wf, "deploy-test");
    const up = testSteps.findIndex((s) => s.with?.command === "up" && s.with["stack-name"] === "test");
    const verify = testSteps.findIndex((s) => s.run === "npm run verify -- --stack test");
    expect(up).toBeGreaterThan(-1);
    expect(verify).toBeGreaterThan(up);
    expect(wf.jobs["deploy-prod"]).toMatchObject({ needs: "deploy-test", environment: "prod" });
    expect(steps(wf, "deploy-prod").find((s) => s.with?.command === "up")!.with).toMatchObject({ "stack-name": "prod", policyPacks: "policy" });
    expect(wf.concurrency).toMatchObject({ "cancel-in-progress": false });
  });
});

describe("review stack workflow", () => {
  const wf = workflow("review-stack.yml");

  it("brings pr-<number> up on the label and destroys and removes it on close, reporting a failure", () => {
    expect(wf.env.STACK).toBe("pr-${{ github.event.pull_request.number }}");
    expect(wf.jobs.up.if).toContain("'review-stack'");
    expect(steps(wf, "up").find((s) => s.with?.command === "up")!.with).toMatchObject({ "comment-on-pr": true, "edit-pr-comment": true });
    expect(wf.jobs.destroy.if).toContain("github.event.action == 'closed'");
    const destroy = steps(wf, "destroy").find((s) => s.with?.command === "destroy")!;
    expect(destroy.with).toMatchObject({ remove: true });
    const report = steps(wf, "destroy").find((s) => s.name === "Report the failed destroy on the pull request")!;
    expect(report.if).toBe(`failure() && steps.destroy.outcome == 'failure'`);
    expect(report.with.script).toContain("createComment");
  });
});

describe("drift workflow", () => {
  const wf = workflow("drift.yml");

  it("runs nightly per long-lived stack and opens, updates or closes an issue", () => {
    expect(wf.on.schedule[0].cron).toMatch(/^\d+ \d+ \* \* \*$/);
    expect(wf.jobs.drift.strategy.matrix.stack).toEqual(["test", "prod"]);
    const issue = steps(wf, "drift").find((s) => String(s.uses).startsWith("actions/github-script@"))!;
    for (const call of ["issues.create(", "issues.createComment(", "issues.update("]) expect(issue.with.script).toContain(call);
    expect(wf.jobs.drift.permissions.issues).toBe("write");
  });
});

describe("scripts the workflows run", () => {
  const fakePulumi = (dir: string, script: string): NodeJS.ProcessEnv => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "pulumi"), `#!/bin/sh\n${script}\n`, { mode: 0o755 });
    return { ...process.env, PATH: `${dir}:${process.env.PATH}` };
  };
  const tmp = fs.mkdtempSync(path.join(require("os").tmpdir(), "rtdw-wf-"));

  it("drift.sh tells no drift (0), drift (1) and a failed check (2) apart", () => {
    const run = (script: string) => spawnSync("bash", ["scripts/ci/drift.sh", "test", path.join(tmp, "drift.txt")], { cwd: ROOT, env: fakePulumi(path.join(tmp, String(Math.random())), script) }).status;
    expect(run("echo 'Resources: 40 unchanged'; exit 0")).toBe(0);
    expect(run("echo '~ 1 to update'; echo 'error: no changes were expected for refresh but changes were proposed' >&2; exit 255")).toBe(1);
    expect(run("echo 'error: no changes were expected but changes were proposed' >&2; exit 255")).toBe(1);
    expect(run("echo 'error: failed to load checkpoint: AccessDenied' >&2; exit 255")).toBe(2);
  });

  it("preview.sh previews every stack, keeps each output and exit code, and fails after all ran if one failed", () => {
    const dir = path.join(tmp, "preview");
    const env = fakePulumi(path.join(tmp, "bin-preview"), `echo "previewing $3"; [ "$3" = prod ] && { echo "- [mandatory]  services-restricted"; exit 255; }; exit 0`);
    const r = spawnSync("bash", ["scripts/ci/preview.sh", dir, "test", "prod"], { cwd: ROOT, env, encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(fs.readFileSync(path.join(dir, "test.code"), "utf8").trim()).toBe("0");
    expect(fs.readFileSync(path.join(dir, "prod.code"), "utf8").trim()).toBe("255");
    expect(fs.readFileSync(path.join(dir, "prod.out"), "utf8")).toContain("[mandatory]  services-restricted");
  });
});

describe("one install path, Node 22", () => {
  it("installs node modules only through scripts/install-node-modules.sh, never npm ci", () => {
    const files = ["scripts/dev-up.sh", "scripts/test.sh", "scripts/install-test-deps.sh", "scripts/verify.sh", ".ci/run",
      ...fs.readdirSync(WORKFLOWS).map((f) => `.github/workflows/${f}`), ".github/actions/pulumi-setup/action.yml"];
    for (const f of files) expect([f, /npm ci\b|npm install\b/.test(text(f).replace(/^\s*#.*$/gm, ""))]).toEqual([f, false]);
    expect(text("scripts/install-test-deps.sh")).toContain("bash scripts/install-node-modules.sh");
    expect(text("scripts/dev-up.sh")).toContain("bash scripts/install-node-modules.sh");
    expect(text(".github/actions/pulumi-setup/action.yml")).toContain("bash scripts/install-node-modules.sh");
  });

  it("declares Node 22 and the scripts run on it", () => {
    expect(JSON.parse(text("package.json")).engines.node).toBe(">=22");
    expect(text(".node-version").trim()).toMatch(/^22\.\d+\.\d+$/);
    const v = execFileSync("bash", ["-c", "source scripts/lib/node22.sh && use_node22 2>/dev/null && node -p process.versions.node"], { cwd: ROOT, encoding: "utf8" }).trim();
    expect(Number(v.split(".")[0])).toBeGreaterThanOrEqual(22);
    expect(text("scripts/test.sh")).toMatch(/use_node22[\s\S]*npx jest/);
  }, 300000);
});

describe("the README names what the workflows need", () => {
  it("every secret and variable the workflows read", () => {
    const readme = text("README.md");
    const used = new Set<string>();
    for (const f of [...fs.readdirSync(WORKFLOWS).map((w) => `.github/workflows/${w}`), ".github/actions/pulumi-setup/action.yml"]) {
      for (const m of text(f).matchAll(/\b(?:secrets|vars)\.([A-Z_]+)/g)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(4);
    expect([...used].filter((name) => !readme.includes(`\`${name}\``))).toEqual([]);
  });
});
