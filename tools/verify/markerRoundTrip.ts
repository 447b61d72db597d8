/**
 * A marker order written to the source MySQL must reach the DWS layer (Paimon, read through
 * StarRocks' Paimon external catalog) and StarRocks' serving table within the seed's delay target
 * (5 minutes), and is then removed from the source. The marker is a customer whose city is unique to
 * this run, with one product, one order and one order item: rt-dw-dws-aggregate groups
 * dws_city_daily by the customer's city (sql/jobs/rt-dw-dws-aggregate.sql), so the marker's row is
 * found by that city alone and touches no real customer's figures.
 */
import type { Connection, ConnectionOptions, ResultSetHeader, RowDataPacket } from "mysql2/promise";
import { CheckResult, errorText } from "./result";

export interface MarkerTarget {
  source: ConnectionOptions & { database: string };
  starrocks: ConnectionOptions & { servingDatabase: string; dwsDatabase: string; paimonCatalog?: string };
  timeoutMs: number;
  pollMs: number;
}

const q = (id: string) => `\`${id.replace(/`/g, "``")}\``;

async function insertMarker(db: Connection, schema: string, marker: string): Promise<void> {
  const [c] = await db.query<ResultSetHeader>(`INSERT INTO ${q(schema)}.customers (email, full_name, city) VALUES (?, 'rtdw verify', ?)`, [`${marker}@verify.invalid`, marker]);
  const [p] = await db.query<ResultSetHeader>(`INSERT INTO ${q(schema)}.products (sku, product_name, category, unit_price) VALUES (?, 'rtdw verify', ?, 1.00)`, [marker.slice(0, 32), marker]);
  const [o] = await db.query<ResultSetHeader>(`INSERT INTO ${q(schema)}.orders (customer_id, order_status, total_amount) VALUES (?, 'PAID', 1.00)`, [c.insertId]);
  await db.query(`INSERT INTO ${q(schema)}.order_items (order_id, product_id, quantity, unit_price) VALUES (?, ?, 1, 1.00)`, [o.insertId, p.insertId]);
}

/** Removes every row of the marker, children first; returns how many rows went. */
export async function removeMarker(db: Connection, schema: string, marker: string): Promise<number> {
  const s = q(schema);
  const statements = [
    `DELETE i FROM ${s}.order_items i JOIN ${s}.orders o ON o.order_id = i.order_id JOIN ${s}.customers c ON c.customer_id = o.customer_id WHERE c.city = ?`,
    `DELETE o FROM ${s}.orders o JOIN ${s}.customers c ON c.customer_id = o.customer_id WHERE c.city = ?`,
    `DELETE FROM ${s}.products WHERE category = ?`,
    `DELETE FROM ${s}.customers WHERE city = ?`,
  ];
  let removed = 0;
  for (const sql of statements) removed += (await db.query<ResultSetHeader>(sql, [marker]))[0].affectedRows;
  return removed;
}

export async function checkMarkerRoundTrip(t: MarkerTarget, marker = `rtdw-verify-${Date.now().toString(36)}`): Promise<CheckResult> {
  const mysql = await import("mysql2/promise");
  const details: string[] = [];
  const started = Date.now();
  const dws = t.starrocks.paimonCatalog ? `${q(t.starrocks.paimonCatalog)}.${q(t.starrocks.dwsDatabase)}` : q(t.starrocks.dwsDatabase);
  const places: Record<string, string> = {
    "DWS (Paimon dws_city_daily)": `SELECT order_count FROM ${dws}.dws_city_daily WHERE city = ?`,
    "StarRocks (serving dws_city_daily)": `SELECT order_count FROM ${q(t.starrocks.servingDatabase)}.dws_city_daily WHERE city = ?`,
  };
  const seenAfter: Record<string, number | undefined> = {};
  let source: Connection | undefined;
  let sink: Connection | undefined;
  let ok = false;
  try {
    source = await mysql.createConnection(t.source);
    sink = await mysql.createConnection(t.starrocks);
    await insertMarker(source, t.source.database, marker);
    details.push(`marker ${marker} written to ${t.source.database}.orders`);
    while (Date.now() - started <= t.timeoutMs) {
      for (const [place, sql] of Object.entries(places)) {
        if (seenAfter[place] !== undefined) continue;
        const [rows] = await sink.query<RowDataPacket[]>(sql, [marker]);
        if (rows.length > 0 && Number(rows[0].order_count) >= 1) seenAfter[place] = Date.now() - started;
      }
      if (Object.keys(places).every((p) => seenAfter[p] !== undefined)) break;
      await new Promise((r) => setTimeout(r, t.pollMs));
    }
    for (const place of Object.keys(places)) {
      const ms = seenAfter[place];
      details.push(ms === undefined ? `${place}: not there after ${Math.round(t.timeoutMs / 1000)} s` : `${place}: arrived after ${(ms / 1000).toFixed(1)} s`);
    }
    ok = Object.keys(places).every((p) => seenAfter[p] !== undefined);
  } catch (e) {
    details.push(errorText(e));
  } finally {
    if (source) {
      try {
        details.push(`marker removed from the source (${await removeMarker(source, t.source.database, marker)} rows)`);
      } catch (e) {
        ok = false;
        details.push(`could not remove the marker from the source: ${errorText(e)}`);
      }
      await source.end().catch(() => undefined);
    }
    await sink?.end().catch(() => undefined);
  }
  return { check: `marker row from MySQL to DWS and StarRocks within ${Math.round(t.timeoutMs / 60000)} min`, ok, details };
}
