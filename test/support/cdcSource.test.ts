/**
 * touchTables must put a row change of each named table in the binlog: that row event, not any
 * event, is what ends MySQL CDC 3.3.0's held backfill (cdcSource.ts). Read back with SHOW BINLOG
 * EVENTS on the throwaway MariaDB (binlog ROW, as the data test's source).
 */
import { connectionOptions, freshDatabase } from "./mariadb";
import { touchTables } from "./cdcSource";

test("each named table gets one row change in the binlog, other tables none", async () => {
  const mysql = await import("mysql2/promise");
  const db = await freshDatabase("touch");
  const conn = await mysql.createConnection(connectionOptions(db));
  try {
    for (const t of ["quiet_a", "quiet_b", "busy"]) {
      await conn.query(`CREATE TABLE ${t} (id BIGINT PRIMARY KEY, updated_at DATETIME(3)); INSERT INTO ${t} VALUES (2, '2020-01-01'), (1, '2020-01-01')`);
    }
    const [status] = await conn.query("SHOW MASTER STATUS");
    const { File: file, Position: from } = (status as { File: string; Position: number }[])[0];

    await touchTables(conn, db, ["quiet_a", "quiet_b"]);

    const [events] = await conn.query(`SHOW BINLOG EVENTS IN '${file}' FROM ${from}`);
    const tableMaps = (events as { Event_type: string; Info: string }[]).filter((e) => e.Event_type === "Table_map").map((e) => e.Info);
    const rowEvents = (events as { Event_type: string }[]).filter((e) => /^Update_rows/.test(e.Event_type));
    // MariaDB's Info: "table_id: 33 (<db>.quiet_a)"
    expect(tableMaps.map((i) => /\.`?(\w+)`?\)?\s*$/.exec(i)?.[1])).toEqual(["quiet_a", "quiet_b"]);
    expect(rowEvents).toHaveLength(2);
    // The first row by primary key, once.
    const [rows] = await conn.query("SELECT id FROM quiet_a WHERE updated_at > '2020-01-01'");
    expect(rows).toEqual([{ id: 1 }]);
  } finally {
    await conn.end();
  }
});

test("a table without a primary key is refused by name", async () => {
  const mysql = await import("mysql2/promise");
  const db = await freshDatabase("touch");
  const conn = await mysql.createConnection(connectionOptions(db));
  try {
    await conn.query("CREATE TABLE heap (id BIGINT, updated_at DATETIME(3))");
    await expect(touchTables(conn, db, ["heap"])).rejects.toThrow(`touchTables: ${db}.heap has no primary key`);
  } finally {
    await conn.end();
  }
});
