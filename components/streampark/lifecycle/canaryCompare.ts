/**
 * Canary (issue 12): how green's output is compared with blue's, and the sink reader it reads
 * through. Green writes shadow tables for the window while blue writes the real sinks; green
 * started from a savepoint of blue, so for every key green wrote, blue holds its own row for the
 * same input. The comparison reads blue's rows for exactly those keys (an inner join on the
 * primary key with the shadow) and green's shadow rows, on the sink's own engine:
 *
 * - rows per key range: 16 ranges of the first key column's MD5 (first hex digit), so a range
 *   that green fills differently shows whatever the key's type (Flink SQL and StarRocks both
 *   have MD5 and SUBSTR);
 * - aggregate deltas: the sum of every numeric non-key column (relative difference);
 * - quality scores where the sink has them (`*_score` columns, rt-dw-monitor's `dq_results`):
 *   the average, as an absolute difference in points (scores are 0-100).
 *
 * The reader is an interface so tests can fake an engine that cannot answer; `engineSinks`
 * implements it over the schema engines' sessions (components/schema/engines: Paimon through the
 * Flink SQL Gateway in a batch session, StarRocks over the MySQL protocol).
 */
import { parseDefinition } from "../../schema/definition/definition";
import { qualified } from "../../schema/definition/plan";

export type SinkEngine = "paimon" | "starrocks";

/** What the canary may differ by, per sink (zod-validated at `rtdw:jobs.<job>.canary.tolerances`). */
export interface CanaryTolerances {
  /** Rows per key range: relative difference, percent. */
  rowsPercent: number;
  /** Sum of each numeric column: relative difference, percent. */
  aggregatePercent: number;
  /** Average of each `*_score` column: absolute difference, points. */
  qualityPoints: number;
  /** Green must have written at least this many rows to each shadow, else nothing was compared. */
  minRows: number;
}

export const DEFAULT_TOLERANCES: CanaryTolerances = { rowsPercent: 1, aggregatePercent: 1, qualityPoints: 2, minRows: 1 };

export interface SummaryQuery {
  engine: SinkEngine;
  /** The table read (qualified name parts). */
  table: string[];
  keys: string[];
  numeric: string[];
  /** Only rows whose key is in this table (the shadow): blue's rows for the keys green wrote. */
  onlyKeysOf?: string[];
}

export interface SinkSummary {
  rows: number;
  /** Rows per key range. */
  ranges: Record<string, number>;
  /** Sum of each numeric column. */
  sums: Record<string, number>;
}

/** Reads a sink's summary; throws when the engine cannot answer (the canary then fails, green goes). */
export interface SinkReader {
  summarize(q: SummaryQuery): Promise<SinkSummary>;
}

/** Runs a shadow table's DDL on its engine (through the schema engines' clients). */
export interface ShadowDdl {
  execute(engine: SinkEngine, statement: string): Promise<void>;
}

/** What a canary needs of the sinks' engines. */
export interface CanarySinks extends SinkReader, ShadowDdl {
  close(): Promise<void>;
}

/** The comparison of one sink, kept in the job's outputs. */
export interface SinkComparison {
  sink: string;
  shadow: string;
  blueRows: number;
  greenRows: number;
  differences: { what: string; blue: number; green: number; delta: string; tolerance: string }[];
}

export interface CanaryComparison {
  verdict: "pass" | "fail";
  /** ISO time of the comparison. */
  comparedAt: string;
  windowSeconds: number;
  tolerances: CanaryTolerances;
  sinks: SinkComparison[];
  /** One line for people: what differed, by how much, against which tolerance. */
  summary: string;
}

const NUMERIC = /^(tinyint|smallint|int|integer|bigint|largeint|decimal|numeric|double|float|real)\b/i;

/** Pure: the key and numeric columns of a sink from its DDL. */
export function sinkColumns(engine: SinkEngine, ddl: string): { keys: string[]; numeric: string[] } {
  const shape = parseDefinition(engine === "paimon" ? "flink" : "starrocks", ddl);
  const keys = shape.primaryKey;
  return { keys, numeric: shape.columns.filter((c) => !keys.includes(c.name) && NUMERIC.test(c.type)).map((c) => c.name) };
}

/** Pure: the engine's query for a summary (one row per key range: range, row count, sums). */
export function summarySql(q: SummaryQuery): string {
  const col = (c: string) => `t.${qualified([c])}`;
  const text = q.engine === "paimon" ? "STRING" : "VARCHAR";
  const range = `SUBSTR(MD5(CAST(${col(q.keys[0])} AS ${text})), 1, 1)`;
  const sums = q.numeric.map((c) => `, SUM(CAST(${col(c)} AS DOUBLE))`).join("");
  const join = q.onlyKeysOf ? ` JOIN ${qualified(q.onlyKeysOf)} AS s ON ${q.keys.map((k) => `${col(k)} = s.${qualified([k])}`).join(" AND ")}` : "";
  return `SELECT ${range}, COUNT(*)${sums} FROM ${qualified(q.table)} AS t${join} GROUP BY ${range}`;
}

/** Pure: the summary from the query's rows (numbers may come back as strings or bigints). */
export function summaryOf(q: SummaryQuery, rows: unknown[][]): SinkSummary {
  const out: SinkSummary = { rows: 0, ranges: {}, sums: Object.fromEntries(q.numeric.map((c) => [c, 0])) };
  for (const r of rows) {
    const n = Number(r[1]);
    out.ranges[String(r[0])] = n;
    out.rows += n;
    q.numeric.forEach((c, i) => { out.sums[c] += Number(r[i + 2] ?? 0) || 0; });
  }
  return out;
}

const pct = (blue: number, green: number) => (blue === green ? 0 : (Math.abs(green - blue) / Math.max(Math.abs(blue), 1e-9)) * 100);
const signed = (blue: number, green: number) => `${green >= blue ? "+" : "-"}${pct(blue, green).toFixed(2)}%`;

/** Pure: one sink's comparison. */
export function compareSink(sink: string, shadow: string, numeric: string[], blue: SinkSummary, green: SinkSummary, tol: CanaryTolerances): SinkComparison {
  const differences: SinkComparison["differences"] = [];
  if (green.rows < tol.minRows) {
    differences.push({ what: "rows green wrote in the window", blue: blue.rows, green: green.rows, delta: `${green.rows}`, tolerance: `at least ${tol.minRows}` });
  }
  for (const r of [...new Set([...Object.keys(blue.ranges), ...Object.keys(green.ranges)])].sort()) {
    const b = blue.ranges[r] ?? 0;
    const g = green.ranges[r] ?? 0;
    if (pct(b, g) > tol.rowsPercent) differences.push({ what: `rows in key range ${r}`, blue: b, green: g, delta: signed(b, g), tolerance: `${tol.rowsPercent}%` });
  }
  for (const c of numeric) {
    const b = blue.sums[c] ?? 0;
    const g = green.sums[c] ?? 0;
    if (/_score$/i.test(c)) {
      const avgB = blue.rows > 0 ? b / blue.rows : 0;
      const avgG = green.rows > 0 ? g / green.rows : 0;
      const d = avgG - avgB;
      if (Math.abs(d) > tol.qualityPoints) differences.push({ what: `average ${c}`, blue: avgB, green: avgG, delta: `${d >= 0 ? "+" : ""}${d.toFixed(2)} points`, tolerance: `${tol.qualityPoints} points` });
    } else if (pct(b, g) > tol.aggregatePercent) {
      differences.push({ what: `sum of ${c}`, blue: b, green: g, delta: signed(b, g), tolerance: `${tol.aggregatePercent}%` });
    }
  }
  return { sink, shadow, blueRows: blue.rows, greenRows: green.rows, differences };
}

/** Pure: the verdict over every sink, with the line people read. */
export function verdictOf(sinks: SinkComparison[], windowSeconds: number, tolerances: CanaryTolerances, comparedAt: string): CanaryComparison {
  const failed = sinks.filter((s) => s.differences.length > 0);
  const summary = failed.length === 0
    ? `canary passed after ${windowSeconds}s: ${sinks.map((s) => `${s.sink} ${s.greenRows} rows`).join(", ")} within tolerances`
    : `canary failed after ${windowSeconds}s: ${failed.map((s) => `${s.sink}: ${s.differences.map((d) => `${d.what}: blue ${round(d.blue)}, green ${round(d.green)} (${d.delta}, tolerance ${d.tolerance})`).join("; ")}`).join(" | ")}`;
  return { verdict: failed.length === 0 ? "pass" : "fail", comparedAt, windowSeconds, tolerances, sinks, summary };
}

const round = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));

/** A session of a schema engine, as the canary uses it (components/schema/engines/engine.ts). */
export interface QuerySession {
  execute(sql: string): Promise<void>;
  query(sql: string): Promise<unknown[][]>;
  close(): Promise<void>;
}

/**
 * The canary's sinks over the schema engines' sessions, one per engine, opened on first use.
 * Paimon reads run in the gateway's batch session (the schema engine opens its sessions with
 * `execution.runtime-mode = batch`), so the query terminates on the table's latest snapshot.
 */
export function engineSinks(open: (engine: SinkEngine) => Promise<QuerySession>): CanarySinks {
  const sessions = new Map<SinkEngine, Promise<QuerySession>>();
  const session = (engine: SinkEngine) => {
    if (!sessions.has(engine)) sessions.set(engine, open(engine));
    return sessions.get(engine)!;
  };
  return {
    async execute(engine, statement) { await (await session(engine)).execute(statement); },
    async summarize(q) { return summaryOf(q, await (await session(q.engine)).query(summarySql(q))); },
    async close() {
      for (const s of sessions.values()) await s.then((x) => x.close(), () => undefined);
      sessions.clear();
    },
  };
}
