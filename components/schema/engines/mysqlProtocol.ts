/**
 * MySQL and StarRocks over the MySQL protocol (mysql2). StarRocks FE speaks it on its query port
 * (9030) and answers SHOW CREATE TABLE/DATABASE, and SHOW CREATE CATALOG since 3.0 (StarRocks docs
 * sql-reference/sql-statements/Catalog/SHOW_CREATE_CATALOG.md; credentials come back masked).
 */
import type { ObjectKind } from "../definition/definition";
import { qualified } from "../definition/plan";
import { EngineConnection, EngineError, EngineSession, ENGINE_NAMES, sleep, withRetries } from "./engine";

type Row = Record<string, unknown>;
interface MysqlConnection {
  query(options: { sql: string; timeout?: number }): Promise<[unknown, unknown]>;
  end(): Promise<void>;
}

/** Errors worth another connection attempt: the server is not there yet, or is busy. */
const TRANSIENT_CODES: readonly string[] = ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENOTFOUND", "EAI_AGAIN", "PROTOCOL_CONNECTION_LOST", "ER_CON_COUNT_ERROR"];
/** "Does not exist" answers of SHOW CREATE: MySQL ER_NO_SUCH_TABLE 1146, ER_BAD_DB_ERROR 1049; StarRocks uses the same codes. */
const MISSING_CODES: readonly number[] = [1146, 1049];

interface DriverError { code?: string; errno?: number; message?: string }

/**
 * StarRocks runs column changes as asynchronous schema-change jobs and allows one at a time per
 * table (docs sql-reference/sql-statements/table_bucket_part_index/ALTER_TABLE.md, "Limits and
 * usage notes"): wait for the table's newest job (SHOW_ALTER.md: `SHOW ALTER TABLE COLUMN FROM db
 * WHERE TableName = "t" ORDER BY CreateTime DESC LIMIT 1`, State PENDING | WAITING_TXN | RUNNING |
 * FINISHED | CANCELLED) before the next statement, and fail with its Msg when it is cancelled.
 * A change that is metadata only (a column comment; ADD/DROP COLUMN under fast schema evolution)
 * makes no job: `before` is the newest JobId seen before the statement, and a newest job that is
 * still that one (an older, perhaps cancelled, job) is not waited on.
 */
export async function awaitStarRocksSchemaChange(
  query: (sql: string) => Promise<Record<string, unknown>[]>, database: string, table: string, timeoutMs: number, pollMs = 1000, before?: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [job] = await query(newestSchemaChange(database, table));
    if (!job || (before !== undefined && String(job.JobId) === before)) return;
    const state = String(job.State ?? "FINISHED");
    if (state === "FINISHED") return;
    if (state === "CANCELLED") throw new EngineError(`StarRocks cancelled the schema change of ${database}.${table}: ${String(job?.Msg ?? "")}`, false);
    if (Date.now() > deadline) throw new EngineError(`StarRocks' schema change of ${database}.${table} is still ${state} after ${timeoutMs} ms (SHOW ALTER TABLE COLUMN shows it)`, false);
    await sleep(pollMs);
  }
}

const newestSchemaChange = (database: string, table: string) =>
  `SHOW ALTER TABLE COLUMN FROM \`${database}\` WHERE TableName = "${table}" ORDER BY CreateTime DESC LIMIT 1`;

const driverError = (e: unknown): DriverError => (e && typeof e === "object" ? (e as DriverError) : { message: String(e) });

export async function openMysqlProtocol(conn: EngineConnection): Promise<EngineSession> {
  const engine = ENGINE_NAMES[conn.engine];
  const [host, portText] = conn.endpoint.split(":");
  const mysql = require("mysql2/promise") as typeof import("mysql2/promise");
  const connection = await withRetries(conn, async () => {
    try {
      return await mysql.createConnection({
        host, port: Number(portText), user: conn.user, password: conn.password ?? "",
        connectTimeout: conn.timeoutMs, multipleStatements: false,
      }) as unknown as MysqlConnection;
    } catch (e) {
      const err = driverError(e);
      if (err.code === "ER_ACCESS_DENIED_ERROR") throw new EngineError(`${engine} at ${conn.endpoint} rejected user '${conn.user}': access denied (check the password in the stack config)`, false);
      throw new EngineError(`cannot reach ${engine} at ${conn.endpoint}: ${err.code ?? err.message}`, TRANSIENT_CODES.includes(err.code ?? ""));
    }
  });

  const query = async (sql: string): Promise<Row[]> => {
    try {
      const [rows] = await connection.query({ sql, timeout: conn.timeoutMs });
      return Array.isArray(rows) ? (rows as Row[]) : [];
    } catch (e) {
      const err = driverError(e);
      const failure = new EngineError(`${engine} failed: ${err.message ?? err.code}`, false) as EngineError & { errno?: number };
      failure.errno = err.errno;
      throw failure;
    }
  };
  // Strict for this session whatever the server's default: without it MySQL and MariaDB turn
  // NULLs into '' or 0 when a MODIFY COLUMN makes a column NOT NULL, instead of refusing.
  if (conn.engine === "mysql") {
    try {
      await query("SET SESSION sql_mode = CONCAT_WS(',', NULLIF(@@SESSION.sql_mode, ''), 'STRICT_ALL_TABLES')");
    } catch (e) {
      await connection.end().catch(() => undefined);
      throw e;
    }
  }

  /** Read-only statements are retried on a broken connection by the caller's next call; here, once. */
  const showCreate = async (kind: ObjectKind, name: string[]): Promise<string | undefined> => {
    const what = kind === "catalog" ? "CATALOG" : kind === "database" ? "DATABASE" : kind === "view" ? "VIEW" : "TABLE";
    if (kind === "catalog") {
      const catalogs = await query("SHOW CATALOGS");
      if (!catalogs.some((r) => Object.values(r)[0] === name[0])) return undefined;
    }
    try {
      const rows = await query(`SHOW CREATE ${what} ${qualified(name)}`);
      const row = rows[0];
      if (!row) return undefined;
      // The statement is the second column: "Create Table", "Create Database", "Create View", "Create Catalog".
      const text = Object.values(row)[1];
      return typeof text === "string" ? text : undefined;
    } catch (e) {
      if (MISSING_CODES.includes((e as { errno?: number }).errno ?? 0)) return undefined;
      throw e;
    }
  };

  const self: EngineSession = {
    async execute(sql) {
      const column = conn.engine === "starrocks" ? /^ALTER TABLE `([^`]+)`\.`([^`]+)` (ADD|DROP|MODIFY) COLUMN/i.exec(sql) : null;
      const before = column ? (await query(newestSchemaChange(column[1], column[2])))[0]?.JobId : undefined;
      await query(sql);
      if (column) await awaitStarRocksSchemaChange(query, column[1], column[2], conn.timeoutMs, 1000, before === undefined ? undefined : String(before));
    },
    showCreate,
    async query(sql) { return (await query(sql)).map((r) => Object.values(r)); },
    async holdsData(kind, name) {
      if (kind === "database") return (await self.tablesIn(name)).length > 0;
      if (kind !== "table") return false;
      return (await query(`SELECT 1 FROM ${qualified(name)} LIMIT 1`)).length > 0;
    },
    async tablesIn(database) {
      try {
        return (await query(`SHOW TABLES FROM ${qualified(database)}`)).map((r) => String(Object.values(r)[0]));
      } catch (e) {
        if (MISSING_CODES.includes((e as { errno?: number }).errno ?? 0)) return [];
        throw e;
      }
    },
    async close() { await connection.end().catch(() => undefined); },
  };
  return self;
}
