/** What every check returns: a name, pass or fail, and readable lines saying what was seen. */
export interface CheckResult {
  check: string;
  ok: boolean;
  details: string[];
}

export function report(results: CheckResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`${r.ok ? "PASS" : "FAIL"}  ${r.check}`);
    for (const d of r.details) lines.push(`      ${d}`);
  }
  const failed = results.filter((r) => !r.ok).length;
  lines.push("", failed ? `${failed} of ${results.length} checks failed` : `all ${results.length} checks passed`);
  return lines.join("\n");
}

export const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
