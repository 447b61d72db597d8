/**
 * Shared fixtures for the StreamPark tests: a double per test file, the five real jobs of
 * components/warehouse, and provider inputs with short waits.
 */
import { defaultWarehouseVariables, jobDefinitions } from "../../components/warehouse";
import { secretVariableRefs } from "../../components/warehouseBinding/warehouseVariables";
import { StreamParkDouble } from "../doubles/streampark/server";
import type { JobInputs, JobOutputs } from "../../components/streampark/providers/jobProvider";
import { StreamParkJobProvider } from "../../components/streampark/providers/jobProvider";
import { FlinkEnvironmentProvider, SessionClusterProvider } from "../../components/streampark/providers/bootstrapProviders";

export const ADMIN_PASSWORD = "s3cret-Admin-Passw0rd!";
export const PASSWORD_KEY = "rtdw:streamparkAdminPassword";

export interface JobDefinition { name: string; sql: string; parallelism: number; variables: string[] }

/**
 * The five real jobs, rendered as index.ts renders them (jobDefinitions(warehouse,
 * secretVariableRefs())) from the reference warehouse's variables: a broken template fails here.
 */
export function fiveJobs(): { jobs: JobDefinition[]; source: string } {
  const jobs = jobDefinitions(defaultWarehouseVariables, secretVariableRefs())
    .map((d) => ({ name: d.name, sql: d.sql, parallelism: d.parallelism, variables: d.variables }));
  if (jobs.length !== 5) throw new Error(`expected the five warehouse jobs, got ${jobs.length}`);
  return { jobs, source: "components/warehouse" };
}

export function config(): { config: { get(k: string): string | undefined } } {
  return { config: { get: (k: string) => (k === PASSWORD_KEY ? ADMIN_PASSWORD : undefined) } };
}

export async function startDouble(opts: ConstructorParameters<typeof StreamParkDouble>[0] = {}): Promise<StreamParkDouble> {
  const d = new StreamParkDouble({ adminPassword: ADMIN_PASSWORD, ...opts });
  await d.start();
  return d;
}

export function connection(d: StreamParkDouble) {
  return { consoleUrl: d.url, adminUser: "admin", adminPassword: ADMIN_PASSWORD, passwordConfigKey: PASSWORD_KEY, requestTimeoutSeconds: 2 };
}

/** Registers a Flink environment and a remote session cluster through their providers. */
export async function bootstrap(d: StreamParkDouble): Promise<{ envId: string; clusterId: string }> {
  const env = new FlinkEnvironmentProvider();
  const e = await env.create({ ...connection(d), flinkName: "flink-1.20.1", flinkHome: "/opt/flink" });
  const cluster = new SessionClusterProvider();
  const c = await cluster.create({ ...connection(d), clusterName: "rtdw-session", flinkEnvId: e.id, address: "http://jobmanager:8081", executionMode: 1 });
  return { envId: e.id, clusterId: c.id };
}

export function jobInputs(d: StreamParkDouble, ids: { envId: string; clusterId: string }, job: JobDefinition, extra: Partial<JobInputs> = {}): JobInputs {
  return {
    ...connection(d),
    name: job.name, sql: job.sql, executionMode: 1, clusterId: ids.clusterId, flinkEnvId: ids.envId, flinkRestUrl: d.flink.url,
    // The double completes a checkpoint every 25 ms: the options say so, so the gate check agrees.
    options: { parallelism: job.parallelism, checkpointInterval: "25ms", checkpointTimeout: "10min", checkpointMinPause: "5s", stateTtl: "1d", taskManagerMemory: "2g", jobManagerMemory: "1g" },
    restartAttempts: 3, consoleRestarts: 0, tags: ["rtdw", "dev"], upgradeStrategy: "savepoint",
    healthGate: { checkpoints: 2, timeoutSeconds: 2 }, allowNonRestoredState: false,
    waits: { buildSeconds: 5, startSeconds: 5, cancelSeconds: 5, pollMs: 10 },
    variables: job.variables,
    ...extra,
  };
}

/** What the engine does: check, then create; returns id and outputs (plus __provider as the engine stores it). */
export async function engineCreate(p: StreamParkJobProvider, inputs: JobInputs): Promise<{ id: string; outs: JobOutputs }> {
  const checked = await p.check({} as JobInputs, inputs);
  if (checked.failures?.length) throw new Error(checked.failures.map((f) => f.reason).join("; "));
  const r = await p.create(checked.inputs!);
  return { id: r.id, outs: r.outs! };
}

/** One `pulumi up` step for an existing job: check, diff, and update when diff says so. */
export async function engineUp(p: StreamParkJobProvider, id: string, olds: JobOutputs, inputs: JobInputs): Promise<{ changed: boolean; outs: JobOutputs }> {
  const checked = await p.check(olds as unknown as JobInputs, inputs);
  if (checked.failures?.length) throw new Error(checked.failures.map((f) => f.reason).join("; "));
  const d = await p.diff(id, olds, checked.inputs!);
  if (!d.changes) return { changed: false, outs: olds };
  const r = await p.update(id, olds, checked.inputs!);
  return { changed: true, outs: r.outs! };
}

/** Poll until `cond` holds (generous limit for a loaded CI; no assertion on how long it took). */
export async function waitFor(what: string, cond: () => boolean, limitMs = 30_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await sleep(10);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
