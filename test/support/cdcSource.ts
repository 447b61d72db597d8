/**
 * One real row change in each named source table, as a live MySQL has: what lets MySQL CDC 3.3.0
 * finish the snapshot of a table nobody writes when the source has no GTIDs (MariaDB here).
 *
 * Why (docs/real-engine.md, seen in the TaskManager logs of the runs that left an ODS table empty):
 * MySqlSnapshotSplitReadTask#doExecute stamps a snapshot split's low and high watermarks with the
 * reader's clock in seconds (ts_sec), and BinlogOffset#compareTo falls back to that stamp when file
 * and position are equal; a split whose read spans a second boundary therefore looks as if the
 * binlog moved, and SnapshotSplitReader#backfill starts a binlog read that ends only at an event
 * "at or after" the high watermark. Events of other tables do not end it (the offset then has a
 * server id but no ts_sec, so compareTo compares ts_sec 0 with the watermark's); only a row event of
 * the split's own table does. Until then SnapshotSplitReader#pollSplitRecords keeps the split's rows
 * and nothing reaches the sink (apache/flink-cdc@release-3.3.0; fixed in 3.4.0 by FLINK-37191, which
 * drops the stamps and the fallback). With GTIDs (the deployed MySQL runs gtid-mode ON,
 * components/mysql/mysqlSource.ts) compareTo decides by GTID set and an idle table's split finishes;
 * 3.3.0 reads no GTID set from MariaDB (its SHOW MASTER STATUS has no Executed_Gtid_Set).
 */
import type { Connection } from "mysql2/promise";

/** Sets `updated_at` of the first row (by primary key) of each table: one binlog row event per table. */
export async function touchTables(conn: Connection, database: string, tables: readonly string[]): Promise<void> {
  for (const table of tables) {
    const [keys] = await conn.query(
      "SELECT COLUMN_NAME AS c FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY ORDINAL_POSITION",
      [database, table],
    );
    const key = (keys as { c: string }[]).map((k) => `\`${k.c}\``).join(", ");
    if (!key) throw new Error(`touchTables: ${database}.${table} has no primary key`);
    await conn.query(`UPDATE \`${database}\`.\`${table}\` SET updated_at = NOW(3) ORDER BY ${key} LIMIT 1`);
  }
}
