/**
 * Can this server feed MySQL CDC? The account that reads the binlog (input `binlogReader`) checks
 * its server before the account is created or changed, so a source that would fail the ingestion
 * job at start (or, worse, stall it) fails `pulumi up` at the account, naming the setting.
 *
 * - `log_bin` ON, `binlog_format` ROW, `binlog_row_image` FULL: what MySQL CDC 3.3.0 validates when
 *   the job starts (apache/flink-cdc@release-3.3.0 flink-connector-mysql-cdc
 *   `MySqlValidator#checkBinlogFormat`, `#checkBinlogRowImage`).
 * - `gtid_mode` ON (MySQL): without GTIDs, 3.3.0 compares binlog offsets by the reader's clock and
 *   holds a quiet table's snapshot split until that table changes (FLINK-37191, fixed in 3.4.0);
 *   the connector's docs recommend GTIDs for failover anyway. Deployed MySQL runs with them
 *   (../mysqlSource.ts CDC_SERVER_ARGS); this is for an external server.
 * - MariaDB has no `gtid_mode` and 3.3.0 reads no MariaDB GTID set: it is outside the connector's
 *   tested sources (the tests here run on it); the GTID rule is not applied to it.
 */

/** The server variables the verdict reads (SHOW GLOBAL VARIABLES). */
export const BINLOG_VARIABLES = ["log_bin", "binlog_format", "binlog_row_image", "gtid_mode"] as const;

/** Pure: why this server cannot feed MySQL CDC (empty when it can). */
export function binlogSourceProblems(version: string, variables: Record<string, string | undefined>): string[] {
  const v = (k: string) => (variables[k] ?? "").toUpperCase();
  const problems: string[] = [];
  if (v("log_bin") !== "ON") problems.push(`log_bin is ${v("log_bin") || "unset"}: the binlog is off (start mysqld with --log-bin)`);
  if (v("binlog_format") !== "ROW") problems.push(`binlog_format is ${v("binlog_format") || "unset"}: MySQL CDC reads row events only (--binlog-format=ROW)`);
  if (v("binlog_row_image") !== "FULL") problems.push(`binlog_row_image is ${v("binlog_row_image") || "unset"}: MySQL CDC needs whole rows (--binlog-row-image=FULL)`);
  const mariadb = /mariadb/i.test(version);
  if (!mariadb && v("gtid_mode") !== "ON") {
    problems.push(`gtid_mode is ${v("gtid_mode") || "unset"}: without GTIDs MySQL CDC 3.3.0 can hold a quiet table's snapshot until that table changes (FLINK-37191); run the source with --gtid-mode=ON --enforce-gtid-consistency=ON`);
  }
  return problems;
}
