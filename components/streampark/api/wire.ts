/**
 * StreamPark 2.1.5 wire conventions, as pure functions (no client state, nothing captured): form
 * bodies, the RestResponse envelope, and the errors a call can end in.
 * Contract: apache/incubator-streampark@v2.1.5 streampark-console-service (RestResponse.java,
 * GlobalExceptionHandler.java, JWTFilter.java at v2.1.5).
 */

/** A form field value; undefined fields are left out (Spring binds them as null). */
export type FormValue = string | number | boolean | undefined | null;
export type Form = Record<string, FormValue>;

/** application/x-www-form-urlencoded, keys in a stable order (what the official UI sends via qs). */
export function formEncode(form: Form): string {
  const parts: string[] = [];
  for (const key of Object.keys(form).sort()) {
    const v = form[key];
    if (v === undefined || v === null) continue;
    parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(v))}`);
  }
  return parts.join("&");
}

/** What went wrong, in terms a user can act on. Never carries request bodies (they may hold secrets). */
export interface StreamParkFailure {
  /** "METHOD /path" of the call that failed. */
  call: string;
  /** HTTP status, 0 when no response arrived. */
  httpStatus: number;
  /** The envelope's `code` ("501" business rule, "502" detail, "500" internal...), when there was one. */
  code?: string;
  message: string;
  /** True when the call may succeed if repeated (network trouble, 502/503/504, timeouts). */
  transient: boolean;
  /** True for a filter-level 401: the token expired or the console restarted. */
  unauthorized: boolean;
}

export function failureError(f: StreamParkFailure): Error {
  const code = f.code !== undefined ? ` code ${f.code}` : "";
  const status = f.httpStatus ? `HTTP ${f.httpStatus}${code}` : "no response";
  const err = new Error(`StreamPark ${f.call} failed (${status}): ${f.message}`);
  Object.assign(err, { streampark: f });
  return err;
}

export function failureOf(err: unknown): StreamParkFailure | undefined {
  if (err && typeof err === "object" && "streampark" in err) {
    return (err as { streampark: StreamParkFailure }).streampark;
  }
  return undefined;
}

/** Spring's "internal server error: <stack trace>" is long; the first line says what happened. */
export function firstLine(message: string, max = 300): string {
  // ApiDetailException prefixes "Detail exception: \n" (GlobalExceptionHandler): keep the line after it.
  const lines = message.split(/\r?\n/).filter((l) => l.trim() !== "");
  const line = lines[0]?.trim() === "Detail exception:" && lines[1] ? `Detail exception: ${lines[1].trim()}` : lines[0] ?? "";
  return line.length > max ? `${line.slice(0, max)}...` : line;
}

/**
 * Reads a StreamPark response. Success is HTTP 200 with `code` "200" or no `code` at all (sign-in
 * success carries only `data`); HTTP 200 with another code (sign-in `code: 0/1`, token create)
 * and every HTTP 500 envelope are failures. Returns the whole body so callers can read `data` and
 * the `message` some endpoints add to a success (e.g. start's `data:false`).
 */
export function readEnvelope(call: string, httpStatus: number, text: string): Record<string, unknown> {
  if (httpStatus === 401) {
    throw failureError({ call, httpStatus, message: "not signed in (token expired, revoked or the console restarted)", transient: false, unauthorized: true });
  }
  let body: unknown;
  try {
    body = text.trim() === "" ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  const envelope = body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  const transientStatus = httpStatus === 502 || httpStatus === 503 || httpStatus === 504 || httpStatus === 429;
  if (!envelope) {
    throw failureError({
      call, httpStatus, message: text.trim() === "" ? "empty response" : `unexpected response: ${firstLine(text, 120)}`,
      transient: transientStatus || httpStatus >= 500, unauthorized: false,
    });
  }
  const code = envelope.code === undefined || envelope.code === null ? undefined : String(envelope.code);
  const message = typeof envelope.message === "string" ? firstLine(envelope.message) : undefined;
  if (httpStatus === 200 && (code === undefined || code === "200") && envelope.status !== "error") {
    return envelope;
  }
  if (httpStatus === 404 && envelope.path !== undefined) {
    throw failureError({ call, httpStatus, message: `no such endpoint ${String(envelope.path)} (not StreamPark 2.1.5?)`, transient: false, unauthorized: false });
  }
  throw failureError({
    call, httpStatus, code,
    message: message ?? `status ${String(envelope.status ?? "?")}`,
    // An envelope (even "500 internal") is the server's considered answer: repeating will not help,
    // except for a gateway in front of the console answering 502/503/504.
    transient: transientStatus,
    unauthorized: code === "401" && httpStatus === 401,
  });
}

/** Base64 of UTF-8 text (flinkSql in `/flink/app/get`, `config`, `/flink/sql/get`). */
export function fromBase64(b64: string): string {
  return Buffer.from(b64, "base64").toString("utf8");
}

export function toBase64(text: string): string {
  return Buffer.from(text, "utf8").toString("base64");
}

/** `t_flink_sql.sql` storage form: Java Deflater(BEST_COMPRESSION) zlib stream, Base64 (DeflaterUtils.scala). */
export function inflateStoredSql(stored: string): string {
  const zlib = require("zlib") as typeof import("zlib");
  return zlib.inflateSync(Buffer.from(stored, "base64")).toString("utf8");
}

export function deflateStoredSql(sql: string): string {
  const zlib = require("zlib") as typeof import("zlib");
  return zlib.deflateSync(Buffer.from(sql, "utf8"), { level: 9 }).toString("base64");
}
