/**
 * StarRocks' dq_results as declared in sql/starrocks/01-serving.sql, recreated on the test MariaDB
 * (same column names and types; StarRocks' OLAP clauses dropped), with rows for a few windows.
 */
import * as fs from "fs";
import * as path from "path";
import type { Connection } from "mysql2/promise";

export interface DqColumnDef { name: string; type: string; notNull: boolean }

/** The column list of `CREATE TABLE ... dq_results (...)` in 01-serving.sql. */
export function dqColumnsFromServingSql(): DqColumnDef[] {
  const text = fs.readFileSync(path.join(__dirname, "..", "..", "sql", "starrocks", "01-serving.sql"), "utf8");
  const m = /CREATE TABLE IF NOT EXISTS `\{\{ starrocks\.database \}\}`\.dq_results \(([\s\S]*?)\n\) ENGINE/.exec(text);
  if (!m) throw new Error("dq_results not found in sql/starrocks/01-serving.sql");
  return m[1].split("\n").map((l) => l.trim()).filter(Boolean).map((l) => {
    const c = /^(\w+)\s+([A-Z]+(?:\(\d+(?:,\s*\d+)?\))?)\s+(NOT NULL|NULL)/.exec(l);
    if (!c) throw new Error(`unparsed column line: ${l}`);
    return { name: c[1], type: c[2], notNull: c[3] === "NOT NULL" };
  });
}

export async function createDqTable(conn: Connection, database: string): Promise<void> {
  const cols = dqColumnsFromServingSql();
  await conn.query(`CREATE TABLE \`${database}\`.dq_results (${cols.map((c) => `${c.name} ${c.type} ${c.notNull ? "NOT NULL" : "NULL"}`).join(", ")}, PRIMARY KEY (table_name, window_start))`);
}

export interface DqRow {
  table_name: string;
  window_start: string;
  row_count: number;
  scores: [number, number, number, number, number];
  quality_score: number;
  anomalous_ratio: number;
  max_delay_seconds: number;
  alert_level: string;
  evaluatedMinutesAgo: number;
}

export async function insertDqRows(conn: Connection, database: string, rows: DqRow[]): Promise<void> {
  for (const r of rows) {
    await conn.query(
      `INSERT INTO \`${database}\`.dq_results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP() - INTERVAL ? MINUTE)`,
      [r.table_name, r.window_start, r.row_count, ...r.scores, r.quality_score, r.anomalous_ratio, r.max_delay_seconds, r.alert_level, r.evaluatedMinutesAgo],
    );
  }
}

export const SAMPLE_ROWS: DqRow[] = [
  { table_name: "dwd.dwd_orders", window_start: "2030-01-01 10:00:00", row_count: 1000, scores: [100, 99, 100, 98, 100], quality_score: 99.4, anomalous_ratio: 0.001, max_delay_seconds: 40, alert_level: "LOW", evaluatedMinutesAgo: 70 },
  { table_name: "dwd.dwd_orders", window_start: "2030-01-01 11:00:00", row_count: 500, scores: [60, 50, 90, 97.5, 70], quality_score: 66.2, anomalous_ratio: 0.031, max_delay_seconds: 1200, alert_level: "CRITICAL", evaluatedMinutesAgo: 2 },
  { table_name: "dwd.dwd_payments", window_start: "2030-01-01 11:00:00", row_count: 300, scores: [100, 100, 100, 100, 100], quality_score: 100, anomalous_ratio: 0, max_delay_seconds: 5, alert_level: "LOW", evaluatedMinutesAgo: 1 },
];
