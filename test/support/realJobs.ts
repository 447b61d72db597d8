/**
 * The five jobs as the program renders them for a stack, made runnable on the local cluster: the
 * Paimon warehouse moved to a local folder (on the same line, so line numbers stay the file's), and
 * StreamPark's secret variable references given stand-in values (StreamPark substitutes them at
 * start). Plus EXPLAIN of a job's statement set through the real SQL Gateway, failing with the job,
 * the file and the line.
 */
import { splitStatements } from "../../components/sqlgrammar";
import { defaultSecretRefs, jobDefinitions, schemaObjects } from "../../components/warehouse";
import { warehouseVariablesFor } from "../../components/warehouseBinding/warehouseVariables";
import type { JobDefinition, WarehouseVariables } from "../../components/warehouse";
import { stackConfigFor } from "../../scripts/flink-local/cluster";
import { GatewayError, GatewaySession } from "./gatewayClient";

/** The endpoints the platform would hand the warehouse (service names; nothing connects at planning). */
const ENDPOINTS = {
  dev: { mysqlHost: "mysql", mysqlPort: 3306, starrocksFeHost: "starrocks", starrocksQueryPort: 9030, starrocksHttpPort: 8030, paimonWarehouse: "file:///lake/paimon" },
  prod: { mysqlHost: "mysql.shop.internal", mysqlPort: 3306, starrocksFeHost: "starrocks-fe", starrocksQueryPort: 9030, starrocksHttpPort: 8030, paimonWarehouse: "s3://rtdw-lake/prod/paimon" },
};

export function stackVariables(stack: "dev" | "prod"): WarehouseVariables {
  return warehouseVariablesFor(stackConfigFor(stack), ENDPOINTS[stack]);
}

export function renderedJobs(vars: WarehouseVariables): JobDefinition[] {
  return jobDefinitions(vars, defaultSecretRefs(vars));
}

export interface Localize {
  /** The Paimon warehouse URI (file://...) in place of the stack's. */
  warehouse: string;
  /** host:port of the StarRocks FE stand-in's MySQL port, in place of the FE's (test/doubles/starrocks-fe). */
  starrocksFe?: string;
  secrets?: Record<string, string>;
}

/** The warehouse and the StarRocks FE moved, secret references filled with stand-ins; lines unchanged. */
export function localize(sql: string, to: Localize | string): string {
  const o = typeof to === "string" ? { warehouse: to } : to;
  const secrets = o.secrets ?? {};
  return sql
    .replace(/'warehouse' = '[^']*'/g, `'warehouse' = '${o.warehouse}'`)
    .replace(/'jdbc-url' = 'jdbc:mysql:\/\/[^']*'/g, (m) => (o.starrocksFe ? `'jdbc-url' = 'jdbc:mysql://${o.starrocksFe}'` : m))
    .replace(/\$\{([A-Za-z][A-Za-z0-9._-]*)\}/g, (_m, name: string) => secrets[name] ?? "stand-in");
}

/** The stack's StarRocks CREATE TABLE statements, rendered (for the FE stand-in). */
export function starrocksTables(vars: WarehouseVariables): string[] {
  return schemaObjects(vars).filter((o) => o.engine === "starrocks" && o.kind === "table").map((o) => o.sql);
}

/** Creates the stack's Paimon catalog, databases and tables (sql/paimon) in `warehouse`. */
export async function createLake(session: GatewaySession, vars: WarehouseVariables, warehouse: string): Promise<void> {
  for (const o of schemaObjects(vars).filter((x) => x.engine === "paimon")) {
    try {
      await session.run(localize(o.sql, warehouse));
    } catch (e) {
      throw new Error(`${o.file}:${o.line} (${o.name}): ${(e as Error).message}`);
    }
  }
}

export interface ExplainResult {
  job: string;
  statements: number;
  inserts: number;
  plan: string;
  /** The highest parallelism of any node of the physical execution plan: the slots the job takes (one slot sharing group). */
  maxParallelism: number;
}

export class JobPlanError extends Error {}

/**
 * Runs the job's SET and CREATE statements in `session`, then EXPLAIN STATEMENT SET over its
 * INSERTs (StreamPark runs them as one statement set). A failure names job, file and line.
 */
export async function explainJob(session: GatewaySession, job: Pick<JobDefinition, "name" | "file">, sql: string): Promise<ExplainResult> {
  const statements = splitStatements("flink", sql);
  const inserts = statements.filter((s) => /^INSERT\s/i.test(s.text));
  const where = (line: number, message: string) => new JobPlanError(`${job.name} (${job.file}:${line}): ${message}`);
  for (const s of statements.filter((x) => !/^INSERT\s/i.test(x.text))) {
    try {
      await session.run(s.text);
    } catch (e) {
      throw where(s.line, (e as Error).message);
    }
  }
  try {
    // JSON_EXECUTION_PLAN: the plan translated to Flink's stream graph, with each node's parallelism
    // as the connectors set it (Paimon's sources infer theirs unless told not to).
    const r = await session.run(`EXPLAIN JSON_EXECUTION_PLAN STATEMENT SET BEGIN\n${inserts.map((s) => `${s.text};`).join("\n")}\nEND`);
    const plan = String(r.rows[0]?.[0] ?? "");
    const parallelisms = [...plan.matchAll(/"parallelism"\s*:\s*(\d+)/g)].map((m) => Number(m[1]));
    return { job: job.name, statements: statements.length, inserts: inserts.length, plan, maxParallelism: Math.max(0, ...parallelisms) };
  } catch (e) {
    if (!(e instanceof GatewayError)) throw e;
    // Which INSERT: explain each alone, and name the first that fails.
    for (const s of inserts) {
      try {
        await session.run(`EXPLAIN ${s.text}`);
      } catch (inner) {
        throw where(s.line, (inner as Error).message);
      }
    }
    throw where(inserts[0]?.line ?? 1, e.message);
  }
}

/** The StarRocks sinks' WITH clause replaced by Flink's print connector, named after the table. */
export function starRocksToPrint(sql: string): string {
  return sql.replace(/(CREATE TEMPORARY TABLE (sr_\w+) \([\s\S]*?\) WITH \()([\s\S]*?)(\n\);)/g, (_m, head: string, name: string, body: string, tail: string) => {
    const lines = body.split("\n").length; // keep the line count: later lines keep their numbers
    return `${head}\n  'connector' = 'print', 'print-identifier' = '${name}'${"\n".repeat(Math.max(0, lines - 2))}${tail}`;
  });
}

/** Submits a job as StreamPark runs it: its statements in order, the INSERTs as one statement set; the job id. */
export async function submitJob(gatewayUrl: string, sql: string): Promise<string> {
  const session = await GatewaySession.open(gatewayUrl);
  try {
    const statements = splitStatements("flink", sql);
    for (const s of statements.filter((x) => !/^INSERT\s/i.test(x.text))) await session.run(s.text);
    const inserts = statements.filter((x) => /^INSERT\s/i.test(x.text)).map((s) => `${s.text};`);
    const r = await session.run(`EXECUTE STATEMENT SET BEGIN\n${inserts.join("\n")}\nEND`);
    return r.jobId ?? "";
  } finally {
    await session.close();
  }
}
