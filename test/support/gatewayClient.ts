/**
 * A small client of the real Flink 1.20 SQL Gateway REST API (v2) for the real-engine tests: a
 * session with properties, one statement at a time, every result row. The product's own client is
 * components/schema/engines/sqlGateway.ts (DDL only); this one also reads query results and job
 * ids. Paths: apache/flink release-1.20 flink-table/flink-sql-gateway rest/header/** (see there).
 */
export interface GatewayRow { kind: string; fields: unknown[] }
export interface StatementResult { rows: unknown[][]; jobId?: string; columns: string[] }

export class GatewayError extends Error {}

/** The innermost "Caused by:" of Flink's server-side stack trace, else its first line. */
export function flinkCause(errors: string[]): string {
  const all = errors.join("\n");
  // A cause's message may span lines (an option list): everything up to its first stack frame.
  const causes = [...all.matchAll(/Caused by: ([^\n]+(?:\n(?!\s+at |\s*\.\.\. \d+ more|Caused by:)[^\n]*)*)/g)].map((m) => m[1].replace(/\n+/g, " "));
  return (causes.length ? causes[causes.length - 1] : errors.find((e) => e.trim() && !e.startsWith("Internal server error")) ?? all).trim();
}

export class GatewaySession {
  private constructor(private readonly url: string, private readonly handle: string) {}

  static async open(url: string, properties: Record<string, string> = {}): Promise<GatewaySession> {
    const body = await request(url, "POST", "/v2/sessions", { sessionName: "rtdw-test", properties }) as { sessionHandle: string };
    return new GatewaySession(url, body.sessionHandle);
  }

  /** Runs one statement and reads all its rows (a streaming query would never end: use LIMIT or batch mode). */
  async run(statement: string, timeoutMs = 300_000): Promise<StatementResult> {
    const base = `/v2/sessions/${this.handle}`;
    const { operationHandle } = await request(this.url, "POST", `${base}/statements`, { statement }) as { operationHandle: string };
    let next: string | undefined = `${base}/operations/${operationHandle}/result/0?rowFormat=JSON`;
    const rows: unknown[][] = [];
    let columns: string[] = [];
    let jobId: string | undefined;
    const deadline = Date.now() + timeoutMs;
    while (next) {
      const page = await request(this.url, "GET", next) as {
        resultType: string; jobID?: string; nextResultUri?: string;
        results?: { columns?: { name: string }[]; data?: GatewayRow[] };
      };
      jobId ??= page.jobID;
      if (page.results?.columns?.length) columns = page.results.columns.map((c) => c.name);
      if (page.resultType === "EOS") break;
      if (page.resultType === "NOT_READY") {
        if (Date.now() > deadline) throw new GatewayError(`the statement did not finish within ${timeoutMs / 1000} s: ${statement.slice(0, 80)}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      for (const r of page.results?.data ?? []) rows.push(r.fields);
      next = page.nextResultUri ? (page.nextResultUri.includes("rowFormat=") ? page.nextResultUri : `${page.nextResultUri}?rowFormat=JSON`) : undefined;
    }
    if (!jobId && columns.length === 1 && columns[0] === "job id" && rows.length === 1) jobId = String(rows[0][0]);
    return { rows, jobId, columns };
  }

  async close(): Promise<void> {
    await request(this.url, "DELETE", `/v2/sessions/${this.handle}`).catch(() => undefined);
  }
}

async function request(url: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${url}${path}`, {
    method, headers: body ? { "Content-Type": "application/json" } : undefined, body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(120_000),
  });
  const text = await res.text();
  const data = text ? JSON.parse(text) as unknown : {};
  if (!res.ok) {
    const errors = (data as { errors?: string[] }).errors ?? [text];
    throw new GatewayError(flinkCause(errors));
  }
  return data;
}
