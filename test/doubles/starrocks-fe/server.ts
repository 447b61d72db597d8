/**
 * A stand-in for the StarRocks FE's MySQL port, just enough for the StarRocks Flink connector to
 * plan its sinks on the real Flink planner: the V2 sink reads the target table's columns when the
 * planner creates it (StarRocks/starrocks-connector-for-apache-flink StarRocksSinkTable
 * #validateTableStructure, through StarRocksQueryVisitor#getTableColumnsMetaData:
 * `select COLUMN_NAME, ORDINAL_POSITION, COLUMN_KEY, DATA_TYPE, COLUMN_SIZE, DECIMAL_DIGITS from
 * information_schema.COLUMNS where TABLE_SCHEMA=? and TABLE_NAME=?`, and `select current_version()`).
 * The tables are the ones sql/starrocks declares, so the connector checks the Flink sink columns
 * against our StarRocks DDL: key columns, names, and type compatibility (its typesMap).
 * Speaks the MySQL protocol through mysql2's server; MySQL Connector/J's connection set-up queries
 * get the session variables it asks for. Nothing is stored: stream loads go to the HTTP port,
 * which no test here reaches.
 */
import type { AddressInfo } from "net";
import { parseDefinition } from "../../../components/schema/definition/definition";

interface FeColumn { name: string; position: number; key: boolean; dataType: string; size: number | null; digits: number | null }

// mysql2's protocol constants (lib/constants/types.js): VAR_STRING and LONGLONG.
const VAR_STRING = 253;
const LONGLONG = 8;

/** A full column definition as mysql2's ColumnDefinition.toPacket writes it (every field present). */
const column = (name: string, columnType: number) => ({
  catalog: "def", schema: "", table: "", orgTable: "", name, orgName: name,
  characterSet: columnType === LONGLONG ? 63 : 33, columnLength: columnType === LONGLONG ? 20 : 1024, columnType, flags: 0, decimals: 0,
});

const SESSION_VARIABLES: Record<string, string> = {
  auto_increment_increment: "1", character_set_client: "utf8mb4", character_set_connection: "utf8mb4",
  character_set_results: "utf8mb4", character_set_server: "utf8mb4", collation_server: "utf8mb4_general_ci",
  collation_connection: "utf8mb4_general_ci", init_connect: "", interactive_timeout: "28800", license: "Apache License 2.0",
  lower_case_table_names: "0", max_allowed_packet: "67108864", net_write_timeout: "60", performance_schema: "0",
  query_cache_size: "0", query_cache_type: "OFF", sql_mode: "", system_time_zone: "UTC", time_zone: "UTC",
  transaction_isolation: "REPEATABLE-READ", tx_isolation: "REPEATABLE-READ", wait_timeout: "28800", transaction_read_only: "0",
};

/** DATA_TYPE, COLUMN_SIZE, DECIMAL_DIGITS as StarRocks' information_schema.COLUMNS reports them. */
function feType(type: string): Pick<FeColumn, "dataType" | "size" | "digits"> {
  const m = /^([A-Za-z]+)\s*(?:\((\d+)(?:\s*,\s*(\d+))?\))?/.exec(type.trim())!;
  const base = m[1].toLowerCase();
  return { dataType: base, size: m[2] ? Number(m[2]) : null, digits: m[3] ? Number(m[3]) : null };
}

export class StarRocksFeStandIn {
  private server?: { listen(port: number, host: string, cb: () => void): void; close(cb?: () => void): void; _server?: { address(): AddressInfo } };
  port = 0;
  /** database.table -> columns */
  readonly tables = new Map<string, FeColumn[]>();
  /** Every query received, for assertions. */
  readonly queries: string[] = [];

  /** Declares the tables of StarRocks CREATE TABLE statements (as sql/starrocks has them, rendered). */
  addTables(createStatements: string[]): void {
    for (const sql of createStatements) {
      const shape = parseDefinition("starrocks", sql);
      if (shape.kind !== "table") continue;
      const [db, table] = shape.name.length === 2 ? shape.name : ["", shape.name[0]];
      this.tables.set(`${db}.${table}`.toLowerCase(), shape.columns.map((c, i) => ({
        name: c.name, position: i + 1, key: shape.primaryKey.includes(c.name), ...feType(c.type),
      })));
    }
  }

  async start(): Promise<void> {
    const mysql = require("mysql2") as { createServer(): StarRocksFeStandIn["server"] & { on(e: string, cb: (c: unknown) => void): void } };
    const server = mysql.createServer();
    server.on("connection", (c) => this.serve(c as Conn));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    this.server = server;
    this.port = server._server!.address().port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private serve(conn: Conn): void {
    conn.serverHandshake({
      protocolVersion: 10, serverVersion: "5.1.0", connectionId: 1, statusFlags: 2, characterSet: 33,
      // CLIENT_LONG_PASSWORD | CONNECT_WITH_DB | PROTOCOL_41 | TRANSACTIONS | SECURE_CONNECTION | PLUGIN_AUTH
      // (Connector/J 8 refuses a server without PLUGIN_AUTH; mysql2 announces mysql_native_password)
      capabilityFlags: 1 | 8 | 512 | 8192 | 32768 | 0x80000,
      authCallback: (_params: unknown, done: (err: null) => void) => { done(null); this.commandDone(conn); },
    });
    conn.on("query", (sql: string) => {
      this.queries.push(sql);
      if (process.env.RTDW_DEBUG_FE) process.stderr.write(`fe< ${sql}\n`);
      try {
        this.answer(conn, sql);
      } catch (e) {
        conn.writeError({ message: (e as Error).message, code: 1064 });
      }
      this.commandDone(conn);
    });
    // mysql2's server routes SET (and PREPARE) to stmt_prepare: Connector/J sends SET NAMES and
    // SET character_set_results at connect; they change nothing here.
    conn.on("stmt_prepare", (sql: string) => {
      this.queries.push(sql);
      if (/^\s*SET\b/i.test(sql)) conn.writeOk();
      else conn.writeError({ message: "the StarRocks FE stand-in has no prepared statements", code: 1295 });
      this.commandDone(conn);
    });
    conn.on("error", () => undefined);
  }

  /** Every command starts a new packet sequence at 0 (MySQL protocol); mysql2's server side does not reset it. */
  private commandDone(conn: Conn): void {
    (conn as unknown as { sequenceId: number }).sequenceId = 0;
  }

  /** Columns, rows as arrays in column order, EOF (mysql2's writeTextResult pads each row with holes). */
  private result(conn: Conn, rows: Record<string, string | null>[], columns: ReturnType<typeof column>[]): void {
    conn.writeColumns(columns);
    for (const row of rows) conn.writeTextRow(columns.map((c) => row[c.name] ?? null));
    conn.writeEof();
  }

  private answer(conn: Conn, raw: string): void {
    const sql = raw.replace(/\/\*[\s\S]*?\*\//g, "").trim().replace(/;$/, "");
    const text = (names: string[]) => names.map((name) => column(name, VAR_STRING));
    if (/^select\s+current_version\(\)/i.test(sql)) return this.result(conn, [{ ver: "3.5.0-standin" }], text(["ver"]));
    let m = /information_schema`?\.`?COLUMNS`?\s+where\s+`?TABLE_SCHEMA`?\s*=\s*'([^']*)'\s+and\s+`?TABLE_NAME`?\s*=\s*'([^']*)'/i.exec(sql);
    if (m) {
      const columns = this.tables.get(`${m[1]}.${m[2]}`.toLowerCase()) ?? [];
      const defs = [
        column("COLUMN_NAME", VAR_STRING), column("ORDINAL_POSITION", LONGLONG), column("COLUMN_KEY", VAR_STRING),
        column("DATA_TYPE", VAR_STRING), column("COLUMN_SIZE", LONGLONG), column("DECIMAL_DIGITS", LONGLONG),
      ];
      return this.result(conn, columns.map((c) => ({
        COLUMN_NAME: c.name, ORDINAL_POSITION: String(c.position), COLUMN_KEY: c.key ? "PRI" : "", DATA_TYPE: c.dataType,
        COLUMN_SIZE: c.size === null ? null : String(c.size), DECIMAL_DIGITS: c.digits === null ? null : String(c.digits),
      })), defs);
    }
    // Connector/J's set-up: SELECT @@session.x AS x, @@y AS y ...
    if (/^select\s+@@/i.test(sql)) {
      const pairs = [...sql.matchAll(/@@(?:session\.)?(\w+)(?:\s+AS\s+(\w+))?/gi)].map((p) => [p[2] ?? p[0].slice(2), p[1]] as const);
      const row = Object.fromEntries(pairs.map(([alias, v]) => [alias, SESSION_VARIABLES[v] ?? ""]));
      return this.result(conn, [row], text(pairs.map(([alias]) => alias)));
    }
    if (/^show\s+(variables|warnings|collation)/i.test(sql)) return this.result(conn, [], text(["Variable_name", "Value"]));
    if (/^(set|use|commit|rollback|start|begin)\b/i.test(sql)) return conn.writeOk();
    throw new Error(`the StarRocks FE stand-in does not answer: ${sql.slice(0, 120)}`);
  }
}

interface Conn {
  serverHandshake(args: Record<string, unknown>): void;
  on(event: string, cb: (arg: string) => void): void;
  writeColumns(columns: Record<string, unknown>[]): void;
  writeTextRow(values: (string | null)[]): void;
  writeEof(): void;
  writeOk(): void;
  writeError(e: { message: string; code: number }): void;
}
