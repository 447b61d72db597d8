/**
 * Paimon through the Flink 1.20 SQL Gateway REST API, version v2 (the default of 1.20's REST
 * endpoint: apache/flink docs/content/docs/dev/table/sql-gateway/rest.md; contract in
 * docs/static/generated/rest_v2_sql_gateway.yml). Paths, from
 * flink-table/flink-sql-gateway/src/main/java/org/apache/flink/table/gateway/rest/header/:
 *   POST   /v2/sessions                                   session/OpenSessionHeaders        {sessionName, properties} -> {sessionHandle}
 *   POST   /v2/sessions/:s/statements                     statement/ExecuteStatementHeaders {statement} -> {operationHandle}
 *   GET    /v2/sessions/:s/operations/:o/result/:token?rowFormat=JSON
 *                                                         statement/FetchResultsHeaders     -> {resultType NOT_READY|PAYLOAD|EOS, results{columns,rowFormat,data[{kind,fields}]}, nextResultUri}
 *   DELETE /v2/sessions/:s                                session/CloseSessionHeaders       -> {status}
 * Response fields: rest/serde/FetchResultsResponseBodySerializer.java, ResultInfoSerializer.java;
 * the query parameter: rest/message/statement/FetchResultsRowFormatQueryParameter.java (rowFormat,
 * mandatory from v2). Failures are Flink's REST ErrorResponseBody: `{"errors": [...]}`.
 *
 * A catalog registered with CREATE CATALOG lives in its session only, so every session starts with
 * the catalog statement (`setup`).
 */
import type { ObjectKind } from "../definition/definition";
import { qualified } from "../definition/plan";
import { EngineConnection, EngineError, EngineSession, ENGINE_NAMES, sleep, withRetries } from "./engine";

interface Http {
  request(config: { method: string; url: string; data?: unknown; timeout: number; validateStatus: () => boolean }): Promise<{ status: number; data: unknown }>;
}

/** The gateway's shapes, built inside a function: zod schemas must not be captured by a provider closure. */
function gatewaySchemas() {
  const { z } = require("zod") as typeof import("zod");
  return {
    openSession: z.object({ sessionHandle: z.string().min(1) }),
    execute: z.object({ operationHandle: z.string().min(1) }),
    fetch: z.object({
      resultType: z.enum(["NOT_READY", "PAYLOAD", "EOS"]),
      results: z.object({ data: z.array(z.object({ kind: z.string(), fields: z.array(z.unknown()) })) }).optional(),
      nextResultUri: z.string().nullable().optional(),
    }),
    errors: z.object({ errors: z.array(z.string()) }),
  };
}

/** The first line of the innermost cause: Flink puts the whole stack trace in `errors`. */
function gatewayMessage(data: unknown): string {
  const parsed = gatewaySchemas().errors.safeParse(data);
  if (!parsed.success) return typeof data === "string" ? data.slice(0, 300) : JSON.stringify(data).slice(0, 300);
  const all = parsed.data.errors.join("\n");
  const causes = [...all.matchAll(/Caused by: ([^\n]+)/g)].map((m) => m[1]);
  return (causes.length ? causes[causes.length - 1] : parsed.data.errors.find((e) => e.trim() !== "" && !e.startsWith("Internal server error")) ?? all.split("\n")[0]).trim();
}

const TRANSIENT: readonly string[] = ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ECONNABORTED", "EHOSTUNREACH", "ENOTFOUND", "EAI_AGAIN"];

export async function openSqlGateway(conn: EngineConnection): Promise<EngineSession> {
  const engine = ENGINE_NAMES[conn.engine];
  const axios = (require("axios") as typeof import("axios")).default;
  const http = axios.create({ baseURL: conn.endpoint.replace(/\/+$/, "") }) as unknown as Http;
  const schemas = gatewaySchemas();

  const call = async (method: string, url: string, data?: unknown): Promise<unknown> => {
    let res: { status: number; data: unknown };
    try {
      res = await http.request({ method, url, data, timeout: conn.timeoutMs, validateStatus: () => true });
    } catch (e) {
      const code = (e as { code?: string }).code ?? "";
      throw new EngineError(`cannot reach the Flink SQL Gateway at ${conn.endpoint}: ${code || (e as Error).message}`, TRANSIENT.includes(code));
    }
    if (res.status >= 500 && res.status !== 500) throw new EngineError(`the Flink SQL Gateway answered ${method} ${url} with HTTP ${res.status}`, true);
    if (res.status >= 400) throw new EngineError(`${engine} failed: ${gatewayMessage(res.data)}`, false);
    return res.data;
  };

  const session = await withRetries(conn, async () => {
    const body = await call("POST", "/v2/sessions", { sessionName: "rtdw-schema", properties: { "execution.runtime-mode": "batch" } });
    const parsed = schemas.openSession.safeParse(body);
    if (!parsed.success) throw new EngineError(`the Flink SQL Gateway answered POST /v2/sessions with an unexpected body: ${JSON.stringify(body).slice(0, 200)}`, false);
    return parsed.data.sessionHandle;
  });
  const base = `/v2/sessions/${encodeURIComponent(session)}`;

  /** Executes a statement and returns its rows, following nextResultUri until EOS. */
  const run = async (statement: string): Promise<unknown[][]> => {
    // No executionTimeout: 1.20's SqlGatewayServiceImpl#executeStatement throws "SqlGatewayService doesn't
    // support timeout mechanism now" for any positive value (FLINK-27838); the deadline below bounds the wait.
    const submitted = schemas.execute.safeParse(await call("POST", `${base}/statements`, { statement }));
    if (!submitted.success) throw new EngineError(`${engine}: unexpected answer to a statement`, false);
    const rows: unknown[][] = [];
    let next: string | null | undefined = `${base}/operations/${encodeURIComponent(submitted.data.operationHandle)}/result/0`;
    const deadline = Date.now() + conn.timeoutMs;
    let wait = 50;
    while (next) {
      const url: string = next.includes("rowFormat=") ? next : `${next}${next.includes("?") ? "&" : "?"}rowFormat=JSON`;
      const page = schemas.fetch.safeParse(await call("GET", url));
      if (!page.success) throw new EngineError(`${engine}: unexpected result page: ${page.error.issues[0]?.message ?? ""}`, false);
      if (page.data.resultType === "NOT_READY") {
        if (Date.now() > deadline) throw new EngineError(`${engine}: the statement did not finish within ${conn.timeoutMs} ms`, false);
        await sleep(wait);
        wait = Math.min(wait * 2, 1000);
      } else {
        rows.push(...(page.data.results?.data ?? []).map((r) => r.fields));
        if (page.data.resultType === "EOS") break;
      }
      next = page.data.nextResultUri ?? undefined;
      // nextResultUri is absolute from the API root, e.g. /v2/sessions/...
    }
    return rows;
  };

  const notFound = (e: unknown) => e instanceof EngineError && /does not exist|not exist|doesn't exist|not found/i.test(e.message);

  try {
    for (const s of conn.setup) await run(s);
  } catch (e) {
    await call("DELETE", base).catch(() => undefined);
    throw e;
  }

  const catalogOf = (name: string[]) => name[0];
  const self: EngineSession = {
    async execute(sql) { await run(sql); },
    query: run,
    async showCreate(kind, name) {
      try {
        if (kind === "catalog") {
          // A Flink catalog exists only in the session that registered it (this one's setup): it
          // is there when its warehouse answers, and its definition is the one registered.
          await run(`USE CATALOG ${qualified([catalogOf(name)])}`);
          await run("SHOW DATABASES");
          return conn.setup.find((st) => /^\s*CREATE\s+CATALOG/i.test(st));
        }
        if (kind === "database") {
          await run(`USE CATALOG ${qualified([catalogOf(name)])}`);
          const dbs = (await run("SHOW DATABASES")).map((r) => String(r[0]));
          return dbs.includes(name[1]) ? `CREATE DATABASE ${qualified(name)}` : undefined;
        }
        const rows = await run(`SHOW CREATE ${kind === "view" ? "VIEW" : "TABLE"} ${qualified(name)}`);
        const text = rows[0]?.[0];
        return typeof text === "string" ? text : undefined;
      } catch (e) {
        if (notFound(e)) return undefined;
        throw e;
      }
    },
    async holdsData(kind: ObjectKind, name: string[]) {
      if (kind === "database") return (await self.tablesIn(name)).length > 0;
      if (kind !== "table") return false;
      return (await run(`SELECT 1 FROM ${qualified(name)} LIMIT 1`)).length > 0;
    },
    async tablesIn(database) {
      try {
        // SHOW TABLES FROM, not USE + SHOW TABLES: Flink refuses to drop the session's current database
        // ("Cannot drop a database which is currently in use.", CatalogManager#dropDatabase), and delete
        // asks this before DROP DATABASE in the same session.
        return (await run(`SHOW TABLES FROM ${qualified(database)}`)).map((r) => String(r[0]));
      } catch (e) {
        if (notFound(e)) return [];
        throw e;
      }
    },
    async close() { await call("DELETE", base).catch(() => undefined); },
  };
  return self;
}
