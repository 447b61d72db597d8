/**
 * Which long-lived stacks a pull request's change can affect, so the workflow previews only those:
 * a stack's own Pulumi.<stack>.yaml affects that stack; the program, its SQL, its dependencies, the
 * project file or the policy pack affect every team stack; docs, tests, benchmarks and workflows
 * affect none. dev is not previewed in CI (it lives on a developer's Docker).
 */
export const TEAM_STACKS = ["test", "prod"] as const;

const PROGRAM = [/^index\.ts$/, /^components\//, /^sql\//, /^policy\//, /^package(-lock)?\.json$/, /^Pulumi\.yaml$/, /^tsconfig\.json$/];

export function affectedStacks(changedFiles: string[]): string[] {
  const stacks = new Set<string>();
  for (const file of changedFiles) {
    const stackFile = /^Pulumi\.([^./]+)\.yaml$/.exec(file);
    if (stackFile) {
      if ((TEAM_STACKS as readonly string[]).includes(stackFile[1])) stacks.add(stackFile[1]);
    } else if (PROGRAM.some((p) => p.test(file)) && !/\.test\.ts$/.test(file) && !/README\.md$/.test(file)) {
      TEAM_STACKS.forEach((s) => stacks.add(s));
    }
  }
  return TEAM_STACKS.filter((s) => stacks.has(s));
}

/** CLI: changed file names on stdin (one per line, as `git diff --name-only` prints them); prints a JSON array. */
if (require.main === module) {
  let input = "";
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (d) => (input += d));
  process.stdin.on("end", () => {
    process.stdout.write(JSON.stringify(affectedStacks(input.split("\n").map((l) => l.trim()).filter(Boolean))) + "\n");
  });
}
