/**
 * The latest data-quality score of every table rt-dw-monitor evaluates (StarRocks
 * dq_results, sql/starrocks/01-serving.sql) is at or above the KPI (the seed's 95).
 */
import type { ConnectionOptions, RowDataPacket } from "mysql2/promise";
import { CheckResult, errorText } from "./result";

export async function checkQualityScore(conn: ConnectionOptions & { servingDatabase: string }, kpi: number): Promise<CheckResult> {
  const mysql = await import("mysql2/promise");
  const details: string[] = [];
  let ok = false;
  const db = await mysql.createConnection(conn).catch((e: unknown) => { details.push(errorText(e)); return undefined; });
  if (db) {
    try {
      const [rows] = await db.query<RowDataPacket[]>(
        `SELECT r.table_name, DATE_FORMAT(r.window_start, '%Y-%m-%d %H:%i:%s') AS window_start, r.quality_score FROM \`${conn.servingDatabase}\`.dq_results r
           JOIN (SELECT table_name, MAX(window_start) AS latest FROM \`${conn.servingDatabase}\`.dq_results GROUP BY table_name) l
             ON l.table_name = r.table_name AND l.latest = r.window_start
          ORDER BY r.table_name`);
      if (rows.length === 0) details.push("dq_results has no score yet");
      for (const r of rows) {
        const score = r.quality_score === null ? NaN : Number(r.quality_score);
        details.push(`${r.table_name}: ${Number.isNaN(score) ? "no score" : score.toFixed(1)} (window ${r.window_start} UTC)${score >= kpi ? "" : ` below ${kpi}`}`);
      }
      ok = rows.length > 0 && rows.every((r) => r.quality_score !== null && Number(r.quality_score) >= kpi);
    } catch (e) {
      details.push(errorText(e));
    } finally {
      await db.end().catch(() => undefined);
    }
  }
  return { check: `latest quality score at or above ${kpi}`, ok, details };
}
