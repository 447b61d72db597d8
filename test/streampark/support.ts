/**
 * Shared fixtures for the StreamPark tests: a double per test file, the five jobs (the real
 * definitions from components/warehouse when that module provides them, representative SQL
 * otherwise), and provider inputs with short waits.
 */
import * as fs from "fs";
import * as path from "path";
import { StreamParkDouble } from "../doubles/streampark/server";
import type { JobInputs, JobOutputs } from "../../components/streampark/providers/jobProvider";
import { StreamParkJobProvider } from "../../components/streampark/providers/jobProvider";
import { FlinkEnvironmentProvider, SessionClusterProvider } from "../../components/streampark/providers/bootstrapProviders";

export const ADMIN_PASSWORD = "s3cret-Admin-Passw0rd!";
export const PASSWORD_KEY = "rtdw:streamparkAdminPassword";

export interface JobDefinition { name: string; sql: string; parallelism: number }

/** Representative SQL for the five jobs, shaped like the real ones (CDC source, Paimon, StarRocks sink). */
const REPRESENTATIVE: JobDefinition[] = [
  {
    name: "rt-dw-cdc-ingestion", parallelism: 2,
    sql: `-- MySQL CDC -> ODS
CREATE TEMPORARY TABLE src_orders (id BIGINT, amount DECIMAL(12,2), status STRING, PRIMARY KEY (id) NOT ENFORCED)
WITH ('connector' = 'mysql-cdc', 'hostname' = 'mysql', 'port' = '3306', 'username' = 'cdc',
      'password' = '\${mysql.cdc.password}', 'database-name' = 'shop', 'table-name' = 'orders');
INSERT INTO paimon.ods.orders SELECT * FROM src_orders;`,
  },
  { name: "rt-dw-ods-processing", parallelism: 4, sql: "INSERT INTO paimon.dwd.orders_clean SELECT id, amount, UPPER(status) FROM paimon.ods.orders WHERE amount >= 0;" },
  { name: "rt-dw-dwd-transform", parallelism: 6, sql: "INSERT INTO paimon.dwd.orders_wide SELECT o.id, o.amount, c.name FROM paimon.dwd.orders_clean o JOIN paimon.dwd.customers c ON o.customer_id = c.id;" },
  {
    name: "rt-dw-dws-aggregate", parallelism: 4,
    sql: `CREATE TEMPORARY TABLE sr_sales (window_start TIMESTAMP(3), revenue DECIMAL(18,2)) WITH ('connector' = 'starrocks',
  'jdbc-url' = 'jdbc:mysql://starrocks:9030', 'load-url' = 'starrocks:8030', 'username' = 'root', 'password' = '\${starrocks.root.password}',
  'sink.version' = 'V2', 'sink.buffer-flush.max-rows' = '100000');
INSERT INTO sr_sales SELECT window_start, SUM(amount) FROM TABLE(TUMBLE(TABLE paimon.dwd.orders_wide, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) GROUP BY window_start, window_end;`,
  },
  { name: "rt-dw-monitor", parallelism: 1, sql: "INSERT INTO paimon.dws.quality SELECT 'orders', COUNT(*) FROM paimon.ods.orders;" },
];

/**
 * The five jobs. Uses components/warehouse's `jobDefinitions()` when that module exists and
 * returns [{name, sql, parallelism?}] (the "sql" lane's interface), else the representative set.
 */
export function fiveJobs(): { jobs: JobDefinition[]; source: string } {
  const dir = path.join(__dirname, "../../components/warehouse");
  if (fs.existsSync(path.join(dir, "index.ts"))) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(dir) as { jobDefinitions?: () => unknown };
      const defs = typeof mod.jobDefinitions === "function" ? mod.jobDefinitions() : undefined;
      if (Array.isArray(defs) && defs.length === 5 && defs.every((d) => typeof d?.name === "string" && typeof d?.sql === "string")) {
        return { jobs: defs.map((d) => ({ name: d.name, sql: d.sql, parallelism: typeof d.parallelism === "number" ? d.parallelism : 1 })), source: "components/warehouse" };
      }
    } catch {
      // not ready yet: fall back
    }
  }
  return { jobs: REPRESENTATIVE, source: "representative" };
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
    name: job.name, sql: job.sql, executionMode: 1, clusterId: ids.clusterId, flinkEnvId: ids.envId,
    // The double completes a checkpoint every 25 ms: the options say so, so the gate check agrees.
    options: { parallelism: job.parallelism, checkpointInterval: "25ms", checkpointTimeout: "10min", checkpointMinPause: "5s", stateTtl: "1d", taskManagerMemory: "2g", jobManagerMemory: "1g" },
    restartAttempts: 3, consoleRestarts: 0, tags: ["rtdw", "dev"], upgradeStrategy: "savepoint",
    healthGate: { checkpoints: 2, timeoutSeconds: 2 }, allowNonRestoredState: false,
    waits: { buildSeconds: 5, startSeconds: 5, cancelSeconds: 5, pollMs: 10 },
    variables: ["mysql.cdc.password", "starrocks.root.password"],
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

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
