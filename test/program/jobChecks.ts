/**
 * The StreamPark jobs a program run registered, put through the job provider's own `check` as the
 * engine does on every preview: inputs with secrets revealed (the engine decrypts them before
 * calling the provider), the provider's defaults applied (withJobDefaults), then jobFailures.
 * The mock runtime never calls check, so a job `pulumi preview` would refuse passes the other tests.
 */
import type { StreamParkJobProvider, JobInputs } from "../../components/streampark/providers/jobProvider";
import { providers } from "../../components/providers";
import { UNKNOWN } from "../../components/dynamicResource/values";
import { reveal, ProgramRun } from "./harness";

export const JOB_TYPE = "pulumi-nodejs:dynamic/streampark:Job";

export function jobInputs(run: ProgramRun): JobInputs[] {
  return run.byType(JOB_TYPE).map((r) => reveal(r.inputs) as JobInputs);
}

/**
 * The StreamPark ids a job gets from the bootstrap's resources: outputs the mock runtime leaves
 * unset. The engine passes them unknown on a stack's first preview and as ids afterwards; the job
 * is checked in both situations.
 */
const BOOTSTRAP_OUTPUTS = ["clusterId", "flinkEnvId"] as const;
const ENGINE_SITUATIONS: Record<string, string>[] = [
  { clusterId: UNKNOWN, flinkEnvId: UNKNOWN },
  { clusterId: "1", flinkEnvId: "2" },
];

/** Per job name, what the provider's check refuses (empty: preview passes). */
export async function jobCheckFailures(run: ProgramRun): Promise<Record<string, string[]>> {
  // As the host runs it: the implementation behind the stub, with where-to-reach inputs handled.
  const provider = providers.streamparkJob as StreamParkJobProvider;
  const out: Record<string, string[]> = {};
  for (const recorded of jobInputs(run)) {
    const failures = new Set<string>();
    for (const situation of ENGINE_SITUATIONS) {
      const inputs = { ...recorded } as unknown as Record<string, unknown>;
      for (const k of BOOTSTRAP_OUTPUTS) if (inputs[k] === undefined) inputs[k] = situation[k];
      const checked = await provider.check({} as JobInputs, inputs as unknown as JobInputs);
      for (const f of checked.failures ?? []) failures.add(`${f.property}: ${f.reason}`);
    }
    out[recorded.name] = [...failures];
  }
  return out;
}

/** The value of `SET '<key>' = '<value>';` in a job's SQL. */
export function setValue(sql: string, key: string): string | undefined {
  return new RegExp(`^SET '${key.replace(/\./g, "\\.")}' = '([^']*)';`, "m").exec(sql)?.[1];
}

/** The job's own SET statements and StreamPark's options, side by side. */
export function setsAndOptions(j: JobInputs): { sets: Record<string, string | undefined>; options: Record<string, unknown> } {
  return {
    sets: {
      parallelism: setValue(j.sql, "parallelism.default"),
      checkpointInterval: setValue(j.sql, "execution.checkpointing.interval"),
      checkpointTimeout: setValue(j.sql, "execution.checkpointing.timeout"),
      checkpointMinPause: setValue(j.sql, "execution.checkpointing.min-pause"),
      stateTtl: setValue(j.sql, "table.exec.state.ttl"),
    },
    options: {
      parallelism: String(j.options.parallelism),
      checkpointInterval: j.options.checkpointInterval,
      checkpointTimeout: j.options.checkpointTimeout,
      checkpointMinPause: j.options.checkpointMinPause,
      stateTtl: j.options.stateTtl,
    },
  };
}

/**
 * What every stack's program must satisfy: each job passes the provider's check as preview runs
 * it, its SET statements and StreamPark's options agree, and rt-dw-monitor (checkpoints every
 * 5 min) gets a gate that allows 3 of them (the fixed 600 s never could).
 */
export async function expectJobsPassPreviewCheck(run: ProgramRun, jobNames: readonly string[]): Promise<void> {
  expect(await jobCheckFailures(run)).toEqual(Object.fromEntries(jobNames.map((n) => [n, []])));
  for (const j of jobInputs(run)) {
    const { sets, options } = setsAndOptions(j);
    expect({ job: j.name, ...options }).toEqual({ job: j.name, ...sets });
  }
  expect(jobInputs(run).find((j) => j.name === "rt-dw-monitor")?.healthGate).toEqual({ checkpoints: 3, timeoutSeconds: 1200 });
}
