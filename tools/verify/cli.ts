/**
 * `npm run verify -- --stack <name> [--flink-url URL] [--timeout-minutes 5] [--quality-kpi 95]`:
 * checks a deployed stack and prints one readable block per check; exits 1 when one failed, 2 when
 * the stack could not be read. --flink-url points the job checks at another Flink REST endpoint
 * (a local Flink, a port-forward) instead of the stack's flinkWebUiUrl.
 */
import { checkAlertmanager } from "./alertmanagerReady";
import { FlinkRest } from "./flinkRest";
import { checkJobs, sampleJobs } from "./jobsHealthy";
import { checkMarkerRoundTrip } from "./markerRoundTrip";
import { checkQualityScore } from "./qualityScore";
import { CheckResult, errorText, report } from "./result";
import { readTarget, VerifyTarget } from "./target";

export interface VerifyOptions {
  flinkUrl?: string;
  timeoutMs: number;
  pollMs: number;
  qualityKpi: number;
}

export async function verify(target: VerifyTarget, opts: VerifyOptions): Promise<CheckResult[]> {
  const flink = new FlinkRest(opts.flinkUrl ?? target.flinkRestUrl);
  const before = await sampleJobs(flink, target.jobNames).catch(() => new Map());
  const results: CheckResult[] = [];
  // The marker round trip takes the longest: it is the verification window the restart check spans.
  results.push(await checkMarkerRoundTrip({ source: target.source, starrocks: target.starrocks, timeoutMs: opts.timeoutMs, pollMs: opts.pollMs }));
  results.unshift(await checkJobs(flink, target.jobNames, before, Date.now()));
  results.push(await checkQualityScore({ ...target.starrocks }, opts.qualityKpi));
  results.push(target.alertmanager
    ? await checkAlertmanager(target.alertmanager.url, target.alertmanager)
    : { check: "Alertmanager ready with every configured channel", ok: true, details: ["monitoring is off in this stack (rtdw:monitoring.enabled)"] });
  return results;
}

export function parseArgs(argv: string[]): { stack: string } & VerifyOptions {
  const value = (flag: string): string | undefined => {
    const i = argv.findIndex((a) => a === flag || a.startsWith(`${flag}=`));
    if (i < 0) return undefined;
    return argv[i].includes("=") ? argv[i].slice(flag.length + 1) : argv[i + 1];
  };
  const stack = value("--stack");
  if (!stack) throw new Error("usage: npm run verify -- --stack <name> [--flink-url URL] [--timeout-minutes 5] [--quality-kpi 95]");
  const minutes = Number(value("--timeout-minutes") ?? 5);
  const kpi = Number(value("--quality-kpi") ?? 95);
  if (!(minutes > 0)) throw new Error(`--timeout-minutes: expected a positive number, got ${value("--timeout-minutes")}`);
  if (!(kpi >= 0 && kpi <= 100)) throw new Error(`--quality-kpi: expected 0-100, got ${value("--quality-kpi")}`);
  return { stack, flinkUrl: value("--flink-url"), timeoutMs: minutes * 60_000, pollMs: 5_000, qualityKpi: kpi };
}

if (require.main === module) {
  (async () => {
    let args: ReturnType<typeof parseArgs>;
    let target: VerifyTarget;
    try {
      args = parseArgs(process.argv.slice(2));
      target = readTarget(args.stack);
    } catch (e) {
      console.error(errorText(e));
      process.exit(2);
    }
    console.log(`verifying stack ${args.stack}`);
    const results = await verify(target, args);
    console.log(report(results));
    process.exit(results.every((r) => r.ok) ? 0 : 1);
  })();
}
