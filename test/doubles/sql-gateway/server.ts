/**
 * A double of the Flink 1.20 SQL Gateway REST endpoint over real HTTP, with a Paimon filesystem
 * catalog behind it, for the schema provider's Paimon path. It follows the REST contract of
 * apache/flink flink-table/flink-sql-gateway (paths in rest/header/**, bodies in rest/message/**,
 * result JSON in rest/serde/FetchResultsResponseBodySerializer.java and ResultInfoSerializer.java,
 * errors as runtime/rest/messages/ErrorResponseBody `{"errors": [...]}`), and the SQL semantics the
 * provider relies on: a catalog registered per session, databases and tables that outlive sessions
 * (they are files in the warehouse), SHOW CREATE TABLE in Flink's own spelling
 * (table/api/internal/ShowCreateUtil.java: full type names, `CONSTRAINT PK_.. PRIMARY KEY .. NOT
 * ENFORCED`, options in WITH). Faults can be injected per request or per statement.
 *
 * Test code: the provider never special-cases it.
 */
import * as http from "http";
import { randomUUID } from "crypto";
import type { AddressInfo } from "net";

interface Table { columns: { name: string; type: string; notNull: boolean }[]; primaryKey: string[]; options: Record<string, string>; rows: number }
interface Session { catalogs: Map<string, string>; currentCatalog?: string; currentDatabase?: string }
interface Operation { rows: unknown[][]; error?: string; readyAfterPolls: number; polls: number }

export interface GatewayFaults {
  /** Answer the next n requests whose "METHOD path" matches with HTTP `status`. */
  httpStatus?: { match: RegExp; status: number; times: number };
  /** Fail statements matching this pattern with a Flink-style error. */
  statementError?: { match: RegExp; message: string; times: number };
  /** Results stay NOT_READY for this many polls. */
  notReadyPolls?: number;
}

const FLINK_TYPE: [RegExp, string][] = [
  [/^STRING$/i, "VARCHAR(2147483647)"],
  [/^TIMESTAMP_LTZ\((\d+)\)$/i, "TIMESTAMP($1) WITH LOCAL TIME ZONE"],
  [/^INTEGER$/i, "INT"],
];
const flinkType = (t: string) => FLINK_TYPE.reduce((acc, [re, to]) => acc.replace(re, to), t.trim().toUpperCase().replace(/\s*,\s*/g, ", "));
const ident = (s: string) => s.replace(/`/g, "").trim();
const path3 = (s: string) => s.split(".").map(ident);

function optionsOf(body: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of body.matchAll(/'([^']+)'\s*=\s*'([^']*)'/g)) out[m[1]] = m[2];
  return out;
}

/** Splits at top-level commas. */
function topLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of s) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) { parts.push(cur); cur = ""; continue; }
    cur += ch;
  }
  if (cur.trim()) parts.push(cur);
  return parts.map((p) => p.trim()).filter(Boolean);
}

class FlinkError extends Error {}

export class SqlGatewayDouble {
  private server?: http.Server;
  url = "";
  /** warehouse path -> database -> table. The "filesystem": survives sessions. */
  readonly warehouses = new Map<string, Map<string, Map<string, Table>>>();
  readonly sessions = new Map<string, Session>();
  private readonly operations = new Map<string, Operation>();
  /** Every statement executed, in order. */
  readonly statements: string[] = [];
  faults: GatewayFaults = {};

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, "127.0.0.1", r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  /** Statements that change the catalog (what a no-op `up` must not send). */
  mutatingStatements(): string[] {
    return this.statements.filter((s) => /^\s*(CREATE\s+(TABLE|DATABASE)|ALTER|DROP|INSERT)/i.test(s));
  }

  table(warehouse: string, db: string, table: string): Table | undefined {
    return this.warehouses.get(warehouse)?.get(db)?.get(table);
  }

  private reply(res: http.ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { "Content-Type": "application/json" });
    res.end(JSON.stringify(body));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString();
    const url = new URL(req.url ?? "/", "http://x");
    const route = `${req.method} ${url.pathname}`;
    const f = this.faults.httpStatus;
    if (f && f.times > 0 && f.match.test(route)) {
      f.times--;
      return this.reply(res, f.status, { errors: [`injected HTTP ${f.status}`] });
    }
    let m: RegExpMatchArray | null;
    try {
      // rest/header/util/GetInfoHeaders.java: GET /info
      if (req.method === "GET" && /^\/v[123]\/info$/.test(url.pathname)) return this.reply(res, 200, { productName: "Apache Flink", version: "1.20.1" });
      // rest/header/util/GetApiVersionHeaders.java: GET /api_versions
      if (req.method === "GET" && /^(\/v[123])?\/api_versions$/.test(url.pathname)) return this.reply(res, 200, { versions: ["V1", "V2", "V3"] });
      // rest/header/session/OpenSessionHeaders.java: POST /sessions {sessionName, properties} -> {sessionHandle}
      if (req.method === "POST" && /^\/v[123]\/sessions$/.test(url.pathname)) {
        const handle = randomUUID();
        this.sessions.set(handle, { catalogs: new Map() });
        return this.reply(res, 200, { sessionHandle: handle });
      }
      // rest/header/session/CloseSessionHeaders.java: DELETE /sessions/:session_handle -> {status}
      if (req.method === "DELETE" && (m = url.pathname.match(/^\/v[123]\/sessions\/([^/]+)$/))) {
        this.session(m[1]);
        this.sessions.delete(m[1]);
        return this.reply(res, 200, { status: "CLOSED" });
      }
      // rest/header/statement/ExecuteStatementHeaders.java: POST /sessions/:s/statements {statement, executionTimeout, executionConfig} -> {operationHandle}
      if (req.method === "POST" && (m = url.pathname.match(/^\/v[123]\/sessions\/([^/]+)\/statements$/))) {
        const session = this.session(m[1]);
        const body = JSON.parse(raw || "{}") as { statement?: unknown; executionTimeout?: unknown };
        if (typeof body.statement !== "string") return this.reply(res, 400, { errors: ["Field 'statement' is required."] });
        // service/SqlGatewayServiceImpl.java#executeStatement (release-1.20): any positive timeout is refused (FLINK-27838).
        if (typeof body.executionTimeout === "number" && body.executionTimeout > 0) {
          return this.reply(res, 500, { errors: ["Internal server error.", "<Exception on server side:\norg.apache.flink.table.gateway.api.utils.SqlGatewayException: Failed to executeStatement.\nCaused by: java.lang.UnsupportedOperationException: SqlGatewayService doesn't support timeout mechanism now.\n\nEnd of exception on server side>"] });
        }
        const handle = randomUUID();
        const op: Operation = { rows: [], readyAfterPolls: this.faults.notReadyPolls ?? 1, polls: 0 };
        this.statements.push(body.statement);
        try {
          op.rows = this.execute(session, body.statement);
        } catch (e) {
          op.error = (e as Error).message;
        }
        this.operations.set(handle, op);
        return this.reply(res, 200, { operationHandle: handle });
      }
      // rest/header/operation/GetOperationStatusHeaders.java: GET /sessions/:s/operations/:o/status -> {status}
      if (req.method === "GET" && (m = url.pathname.match(/^\/v[123]\/sessions\/([^/]+)\/operations\/([^/]+)\/status$/))) {
        this.session(m[1]);
        const op = this.operation(m[2]);
        return this.reply(res, 200, { status: op.error ? "ERROR" : op.polls >= op.readyAfterPolls ? "FINISHED" : "RUNNING" });
      }
      // rest/header/statement/FetchResultsHeaders.java: GET /sessions/:s/operations/:o/result/:token?rowFormat=JSON
      if (req.method === "GET" && (m = url.pathname.match(/^\/(v[123])\/sessions\/([^/]+)\/operations\/([^/]+)\/result\/(\d+)$/))) {
        const [, version, s, o, token] = m;
        this.session(s);
        // FetchResultsRowFormatQueryParameter: mandatory from v2.
        const rowFormat = url.searchParams.get("rowFormat");
        if (version !== "v1" && !rowFormat) return this.reply(res, 400, { errors: ["Parameter rowFormat is mandatory."] });
        const op = this.operation(o);
        if (op.polls < op.readyAfterPolls) {
          op.polls++;
          return this.reply(res, 200, { resultType: "NOT_READY", nextResultUri: `/${version}/sessions/${s}/operations/${o}/result/${token}?rowFormat=${rowFormat}` });
        }
        if (op.error) {
          return this.reply(res, 500, { errors: ["Internal server error.", `<Exception on server side:\norg.apache.flink.table.gateway.api.utils.SqlGatewayException: Failed to fetchResults.\n\tat ...\nCaused by: org.apache.flink.table.gateway.service.utils.SqlExecutionException: Failed to execute the operation ${o}.\n\tat ...\nCaused by: org.apache.flink.table.api.ValidationException: ${op.error}\n\tat ...\n\nEnd of exception on server side>`] });
        }
        const page = Number(token);
        const columns = [{ name: "result", logicalType: { type: "VARCHAR", nullable: true, length: 2147483647 }, comment: null }];
        if (page === 0) {
          return this.reply(res, 200, {
            resultType: "PAYLOAD", isQueryResult: op.rows.length > 0, resultKind: op.rows.length > 0 ? "SUCCESS_WITH_CONTENT" : "SUCCESS",
            results: { columns, rowFormat: "JSON", data: op.rows.map((fields) => ({ kind: "INSERT", fields })) },
            nextResultUri: `/${version}/sessions/${s}/operations/${o}/result/1?rowFormat=${rowFormat}`,
          });
        }
        return this.reply(res, 200, { resultType: "EOS", isQueryResult: op.rows.length > 0, resultKind: "SUCCESS", results: { columns, rowFormat: "JSON", data: [] } });
      }
      return this.reply(res, 404, { errors: ["Not found: " + route] });
    } catch (e) {
      return this.reply(res, e instanceof FlinkError ? 500 : 500, { errors: ["Internal server error.", (e as Error).message] });
    }
  }

  private session(handle: string): Session {
    const s = this.sessions.get(handle);
    if (!s) throw new FlinkError(`Session '${handle}' does not exist.`);
    return s;
  }

  private operation(handle: string): Operation {
    const o = this.operations.get(handle);
    if (!o) throw new FlinkError(`Can not find the submitted operation in the OperationManager with the ${handle}.`);
    return o;
  }

  private warehouseOf(session: Session, catalog: string): Map<string, Map<string, Table>> {
    const wh = session.catalogs.get(catalog);
    if (!wh) throw new FlinkError(`A catalog with name [${catalog}] does not exist.`);
    let w = this.warehouses.get(wh);
    if (!w) { w = new Map(); this.warehouses.set(wh, w); }
    return w;
  }

  private database(session: Session, catalog: string, db: string): Map<string, Table> {
    const d = this.warehouseOf(session, catalog).get(db);
    if (!d) throw new FlinkError(`A database with name [${db}] does not exist in the catalog: [${catalog}].`);
    return d;
  }

  /** Runs one statement; returns its rows. */
  private execute(session: Session, statement: string): unknown[][] {
    const se = this.faults.statementError;
    if (se && se.times > 0 && se.match.test(statement)) { se.times--; throw new FlinkError(se.message); }
    const sql = statement.replace(/--[^\n]*/g, "").trim().replace(/;$/, "");
    let m: RegExpMatchArray | null;
    if ((m = sql.match(/^CREATE\s+CATALOG\s+(\S+)\s+WITH\s*\(([\s\S]*)\)$/i))) {
      const name = ident(m[1]);
      if (session.catalogs.has(name)) throw new FlinkError(`Catalog ${name} already exists.`);
      const opts = optionsOf(m[2]);
      if (opts.type !== "paimon" || !opts.warehouse) throw new FlinkError("Could not find any factory for identifier in the classpath (the double knows type 'paimon' with a 'warehouse').");
      session.catalogs.set(name, opts.warehouse);
      return [];
    }
    if ((m = sql.match(/^USE\s+CATALOG\s+(\S+)$/i))) {
      this.warehouseOf(session, ident(m[1]));
      session.currentCatalog = ident(m[1]);
      return [];
    }
    if (/^SHOW\s+DATABASES$/i.test(sql)) return [...this.warehouseOf(session, session.currentCatalog ?? "default_catalog").keys()].map((d) => [d]);
    if ((m = sql.match(/^USE\s+(\S+)$/i))) {
      const [c, d] = path3(m[1]);
      this.database(session, c, d);
      session.currentCatalog = c;
      session.currentDatabase = d;
      return [];
    }
    if ((m = sql.match(/^SHOW\s+TABLES\s+(?:FROM|IN)\s+(\S+)$/i))) {
      const [c, d] = path3(m[1]);
      return [...this.database(session, c, d).keys()].map((t) => [t]);
    }
    if (/^SHOW\s+TABLES$/i.test(sql)) return [...this.database(session, session.currentCatalog ?? "", session.currentDatabase ?? "").keys()].map((t) => [t]);
    if ((m = sql.match(/^CREATE\s+DATABASE\s+(IF\s+NOT\s+EXISTS\s+)?(\S+)/i))) {
      const [c, d] = path3(m[2]);
      const w = this.warehouseOf(session, c);
      if (w.has(d)) { if (m[1]) return []; throw new FlinkError(`Database ${d} already exists in Catalog ${c}.`); }
      w.set(d, new Map());
      return [];
    }
    if ((m = sql.match(/^DROP\s+DATABASE\s+(IF\s+EXISTS\s+)?(\S+)$/i))) {
      const [c, d] = path3(m[2]);
      const tables = this.database(session, c, d);
      // CatalogManager#dropDatabase (release-1.20)
      if (session.currentCatalog === c && session.currentDatabase === d) throw new FlinkError("Cannot drop a database which is currently in use.");
      if (tables.size > 0) throw new FlinkError(`Database ${d} in catalog ${c} is not empty.`);
      this.warehouseOf(session, c).delete(d);
      return [];
    }
    if ((m = sql.match(/^CREATE\s+TABLE\s+(IF\s+NOT\s+EXISTS\s+)?(\S+)\s*\(([\s\S]*)\)\s*WITH\s*\(([\s\S]*)\)$/i))) {
      const [c, d, t] = path3(m[2]);
      const db = this.database(session, c, d);
      if (db.has(t)) { if (m[1]) return []; throw new FlinkError(`Table (or view) ${d}.${t} already exists in Catalog ${c}.`); }
      const table: Table = { columns: [], primaryKey: [], options: optionsOf(m[4]), rows: 0 };
      for (const part of topLevel(m[3])) {
        const pk = part.match(/^(?:CONSTRAINT\s+\S+\s+)?PRIMARY\s+KEY\s*\(([^)]*)\)/i);
        if (pk) { table.primaryKey = pk[1].split(",").map(ident); continue; }
        const col = part.match(/^(\S+)\s+([\s\S]+?)(\s+NOT\s+NULL)?$/i)!;
        table.columns.push({ name: ident(col[1]), type: flinkType(col[2]), notNull: Boolean(col[3]) });
      }
      db.set(t, table);
      return [];
    }
    if ((m = sql.match(/^ALTER\s+TABLE\s+(\S+)\s+ADD\s+(\S+)\s+([\s\S]+?)(?:\s+(FIRST|AFTER\s+(\S+)))?$/i)) && !/^ALTER\s+TABLE\s+\S+\s+ADD\s*\(/i.test(sql)) {
      const [c, d, t] = path3(m[1]);
      const table = this.tableAt(session, c, d, t);
      const name = ident(m[2]);
      if (table.columns.some((x) => x.name === name)) throw new FlinkError(`Try to add a column \`${name}\` which already exists in the table.`);
      const notNull = /\s+NOT\s+NULL$/i.test(m[3]);
      // Paimon 0.9 SchemaManager, AddColumn: a new column must be nullable.
      if (notNull) throw new FlinkError(`java.lang.IllegalArgumentException: Column ${name} cannot specify NOT NULL in the ${d}.${t} table.`);
      const col = { name, type: flinkType(m[3].replace(/\s+NOT\s+NULL$/i, "")), notNull };
      const after = m[5];
      if (m[4]?.toUpperCase() === "FIRST") table.columns.unshift(col);
      else if (after) table.columns.splice(table.columns.findIndex((x) => x.name === ident(after)) + 1, 0, col);
      else table.columns.push(col);
      return [];
    }
    // One column restated: Flink 1.20 `ALTER TABLE t MODIFY <column> <type> [NOT NULL]` (alter.md);
    // an unknown column fails as AlterSchemaConverter does, a primary-key column cannot become
    // nullable (Paimon 0.9 SchemaManager, UpdateColumnNullability), and the double changes
    // nullability only (a type change is refused: the provider never sends one).
    if ((m = sql.match(/^ALTER\s+TABLE\s+(\S+)\s+MODIFY\s+(?!\()(\S+)\s+([\s\S]+?)$/i))) {
      const [c, d, t] = path3(m[1]);
      const table = this.tableAt(session, c, d, t);
      const name = ident(m[2]);
      const col = table.columns.find((x) => x.name === name);
      if (!col) throw new FlinkError(`Failed to execute ALTER TABLE statement.\nTry to modify a column \`${name}\` which does not exist in the table.`);
      const notNull = /\s+NOT\s+NULL$/i.test(m[3]);
      if (!notNull && table.primaryKey.includes(name)) throw new FlinkError("Cannot change nullability of primary key");
      if (flinkType(m[3].replace(/\s+NOT\s+NULL$/i, "")) !== col.type) throw new FlinkError(`the double does not model type changes: ${sql.slice(0, 80)}`);
      col.notNull = notNull;
      return [];
    }
    if ((m = sql.match(/^ALTER\s+TABLE\s+(\S+)\s+SET\s*\(([\s\S]*)\)$/i))) {
      const [c, d, t] = path3(m[1]);
      Object.assign(this.tableAt(session, c, d, t).options, optionsOf(m[2]));
      return [];
    }
    if ((m = sql.match(/^SHOW\s+CREATE\s+TABLE\s+(\S+)$/i))) {
      const [c, d, t] = path3(m[1]);
      return [[this.showCreate(c, d, t, this.tableAt(session, c, d, t, "SHOW CREATE TABLE"))]];
    }
    if ((m = sql.match(/^DROP\s+TABLE\s+(IF\s+EXISTS\s+)?(\S+)$/i))) {
      const [c, d, t] = path3(m[2]);
      this.tableAt(session, c, d, t);
      this.database(session, c, d).delete(t);
      return [];
    }
    // Session options (the SQL client's SET): kept per session, read by nothing here.
    if (/^SET\s+'[^']+'\s*=\s*'[^']*'$/i.test(sql)) return [];
    // An INSERT of literal rows into a catalog table: it counts rows (what holdsData looks for).
    if ((m = sql.match(/^INSERT\s+INTO\s+(\S+)\s*(?:\([^)]*\))?\s*VALUES\s*([\s\S]+)$/i))) {
      const [c, d, t] = path3(m[1]);
      this.tableAt(session, c, d, t).rows += topLevel(m[2]).length;
      return [];
    }
    if ((m = sql.match(/^SELECT\s+1\s+FROM\s+(\S+)\s+LIMIT\s+1$/i))) {
      const [c, d, t] = path3(m[1]);
      return this.tableAt(session, c, d, t).rows > 0 ? [[1]] : [];
    }
    throw new FlinkError(`the double does not know this statement: ${sql.slice(0, 80)}`);
  }

  private tableAt(session: Session, c: string, d: string, t: string, doing?: string): Table {
    const table = this.database(session, c, d).get(t);
    if (!table) throw new FlinkError(`${doing ? `Could not execute ${doing}. ` : ""}Table with identifier '${c}.${d}.${t}' does not exist.`);
    return table;
  }

  /** Flink's ShowCreateUtil spelling, plus the path option Paimon reports. */
  private showCreate(c: string, d: string, t: string, table: Table): string {
    const lines = table.columns.map((col) => `  \`${col.name}\` ${col.type}${col.notNull || table.primaryKey.includes(col.name) ? " NOT NULL" : ""}`);
    if (table.primaryKey.length) lines.push(`  CONSTRAINT \`PK_${table.primaryKey.join("_")}\` PRIMARY KEY (${table.primaryKey.map((k) => `\`${k}\``).join(", ")}) NOT ENFORCED`);
    const options = { ...table.options, path: `file:/lake/${d}.db/${t}` };
    return `CREATE TABLE \`${c}\`.\`${d}\`.\`${t}\` (\n${lines.join(",\n")}\n) WITH (\n${Object.entries(options).map(([k, v]) => `  '${k}' = '${v}'`).join(",\n")}\n)\n`;
  }
}
