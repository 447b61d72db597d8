/**
 * The thin MySQL client of the account provider (mysql2, as the schema engine): observe an account
 * (mysql.user, SHOW GRANTS) or a database (information_schema.SCHEMATA), and run the planned
 * statements. Connecting is retried like every engine session (components/schema/engines/engine.ts
 * withRetries); a statement never is. Every message it raises is scrubbed of the passwords it knows.
 */
import { EngineError, withRetries } from "../../schema/engines/engine";
import { redact } from "../../schema/provider/inputs";
import { ObservedGrants, parseShowGrants, PASSWORD_PLACEHOLDER, LiveDatabase, quoteString } from "./grants";

export interface AdminConnection {
  /** host:port (reach.ts has opened any EndpointRef into one). */
  endpoint: string;
  user: string;
  password: string;
  timeoutMs: number;
  attempts: number;
}

export interface LiveAccountRow extends ObservedGrants {
  /** plugin and authentication_string as stored: only ever digested, never kept. */
  storedCredential: string;
}

export interface AccountSession {
  account(user: string, host: string): Promise<LiveAccountRow | undefined>;
  database(name: string): Promise<LiveDatabase | undefined>;
  /** The server's version and the named global variables (absent ones are missing from the map). */
  server(variables: readonly string[]): Promise<{ version: string; variables: Record<string, string> }>;
  /** Runs one planned statement, the `${password}` placeholder filled with `password`. */
  execute(sql: string, password?: string): Promise<void>;
  close(): Promise<void>;
}

interface Connection {
  query(options: { sql: string; timeout?: number; values?: unknown[] }): Promise<[unknown, unknown]>;
  escape(v: string): string;
  end(): Promise<void>;
}

const TRANSIENT = ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENOTFOUND", "EAI_AGAIN", "PROTOCOL_CONNECTION_LOST", "ER_CON_COUNT_ERROR"];
/** SHOW GRANTS for an account that does not exist: ER_NONEXISTING_GRANT (1141), MySQL and MariaDB. */
const NO_SUCH_GRANT = 1141;

type Row = Record<string, unknown>;

/** Opens a session as the admin user; `secrets` are scrubbed from every message. */
export async function openAccountSession(conn: AdminConnection, secrets: string[]): Promise<AccountSession> {
  const scrub = (s: string) => redact(s, [conn.password, ...secrets].filter((x) => x && x.length >= 3));
  const [host, port] = conn.endpoint.split(":");
  const mysql = require("mysql2/promise") as typeof import("mysql2/promise");
  const connection = await withRetries({ attempts: conn.attempts, backoffMs: 500 }, async () => {
    try {
      return await mysql.createConnection({ host, port: Number(port), user: conn.user, password: conn.password, connectTimeout: conn.timeoutMs, multipleStatements: false }) as unknown as Connection;
    } catch (e) {
      const err = e as { code?: string; message?: string };
      if (err.code === "ER_ACCESS_DENIED_ERROR") throw new EngineError(`MySQL at ${conn.endpoint} rejected the admin user '${conn.user}': access denied (check its password in the stack config)`, false);
      throw new EngineError(scrub(`cannot reach MySQL at ${conn.endpoint}: ${err.code ?? err.message}`), TRANSIENT.includes(err.code ?? ""));
    }
  });
  const query = async (sql: string, values?: unknown[]): Promise<Row[]> => {
    try {
      const [rows] = await connection.query({ sql, timeout: conn.timeoutMs, values });
      return Array.isArray(rows) ? (rows as Row[]) : [];
    } catch (e) {
      const err = e as { message?: string; code?: string; errno?: number };
      const failure = new EngineError(scrub(`MySQL failed: ${err.message ?? err.code}`), false) as EngineError & { errno?: number };
      failure.errno = err.errno;
      throw failure;
    }
  };
  return {
    async account(user, host) {
      const rows = await query("SELECT plugin, authentication_string FROM mysql.user WHERE User = ? AND Host = ?", [user, host]);
      if (rows.length === 0) return undefined;
      let lines: string[];
      try {
        lines = (await query(`SHOW GRANTS FOR ${quoteString(user)}@${quoteString(host)}`)).map((r) => String(Object.values(r)[0]));
      } catch (e) {
        if ((e as { errno?: number }).errno !== NO_SUCH_GRANT) throw e;
        lines = [];
      }
      return { ...parseShowGrants(lines), storedCredential: `${String(rows[0].plugin ?? "")}:${String(rows[0].authentication_string ?? "")}` };
    },
    async database(name) {
      const rows = await query("SELECT DEFAULT_CHARACTER_SET_NAME AS cs, DEFAULT_COLLATION_NAME AS co FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?", [name]);
      return rows[0] ? { characterSet: String(rows[0].cs), collation: String(rows[0].co) } : undefined;
    },
    async server(names) {
      const version = String(Object.values((await query("SELECT VERSION() AS v"))[0] ?? {})[0] ?? "");
      const rows = await query(`SHOW GLOBAL VARIABLES WHERE Variable_name IN (${names.map(() => "?").join(", ")})`, [...names]);
      return { version, variables: Object.fromEntries(rows.map((r) => [String(r.Variable_name), String(r.Value)])) };
    },
    async execute(sql, password) {
      if (sql.includes(PASSWORD_PLACEHOLDER) && password === undefined) throw new EngineError("internal: a statement needs the password and none was given", false);
      const text = password === undefined ? sql : sql.split(PASSWORD_PLACEHOLDER).join(connection.escape(password));
      await query(text);
    },
    async close() { await connection.end().catch(() => undefined); },
  };
}
