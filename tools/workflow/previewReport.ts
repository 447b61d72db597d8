/**
 * The pull request's preview report: one comment for every stack previewed, found again by a hidden
 * marker and edited on each push, and the same text as the job summary. Each stack's section holds
 * `pulumi preview --diff` output, policy violations included (they are part of the preview's
 * output, and a mandatory one fails it, which is why the report is built here and not by the
 * action's own comment: pulumi/actions src/main.ts only comments after a successful command).
 */
import * as fs from "fs";

export const MARKER = "<!-- rtdw:preview-report -->";
/** GitHub refuses comments over 65,536 characters; keep room for the headings. */
export const MAX_COMMENT = 60_000;

export interface StackPreview {
  stack: string;
  exitCode: number;
  output: string;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

/** The end of a long output, where Pulumi prints the summary and the policy violations. */
function tail(text: string, max: number): string {
  return text.length <= max ? text : `… (${text.length - max} characters cut; the full output is in the job log)\n${text.slice(text.length - max)}`;
}

export function violationLines(output: string): string[] {
  return output.split("\n").filter((l) => /\[(mandatory|advisory)\]/.test(l)).map((l) => l.trim());
}

export function previewReport(previews: StackPreview[], runUrl?: string): string {
  const budget = Math.floor((MAX_COMMENT - 2000) / Math.max(previews.length, 1));
  const sections = previews.map((p) => {
    const clean = p.output.replace(ANSI, "").replace(/```/g, "ʼʼʼ");
    const violations = violationLines(clean);
    const status = p.exitCode === 0 ? "preview succeeded" : `**preview failed** (exit code ${p.exitCode})`;
    return [
      `### \`${p.stack}\`: ${status}${violations.length ? `, ${violations.length} policy violation(s)` : ""}`,
      ...(violations.length ? ["", ...violations.map((v) => `- ${v.replace(/\|/g, "\\|")}`)] : []),
      "",
      "<details><summary>pulumi preview --diff</summary>",
      "",
      "```diff",
      tail(clean.trimEnd(), budget),
      "```",
      "</details>",
    ].join("\n");
  });
  const header = previews.length ? "## Pulumi preview" : "## Pulumi preview\n\nThis change affects no team stack.";
  return [MARKER, header, ...sections, runUrl ? `\n[Workflow run](${runUrl})` : ""].join("\n\n").trimEnd() + "\n";
}

/** CLI: previewReport.ts <dir> — reads <stack>.out and <stack>.code files written by scripts/ci/preview.sh, prints the report. */
if (require.main === module) {
  const dir = process.argv[2];
  const previews = fs.readdirSync(dir).filter((f) => f.endsWith(".code")).sort().map((f) => {
    const stack = f.slice(0, -".code".length);
    return { stack, exitCode: Number(fs.readFileSync(`${dir}/${f}`, "utf8").trim()), output: fs.readFileSync(`${dir}/${stack}.out`, "utf8") };
  });
  const run = process.env.GITHUB_RUN_ID ? `${process.env.GITHUB_SERVER_URL}/${process.env.GITHUB_REPOSITORY}/actions/runs/${process.env.GITHUB_RUN_ID}` : undefined;
  process.stdout.write(previewReport(previews, run));
}
