/**
 * A thin StreamPark 2.1.5 REST client: sign-in with the admin password, `Authorization: <token>`
 * (raw, no "Bearer"), form bodies (JSON only for the alert endpoints), a timeout on every call,
 * a fresh sign-in on a filter-level 401 (token expiry, console restart, password change), and
 * retries with backoff for calls that are safe to repeat.
 * Contract: apache/incubator-streampark@v2.1.5 streampark-console-service (PassportController.java,
 * JWTFilter.java, ShiroRealm.java).
 *
 * Created inside provider methods (never at module level): the connection holds the password.
 */
import type { Form } from "./wire";
import { failureError, failureOf, formEncode, readEnvelope } from "./wire";
import type { Schemas } from "./schemas";
import { streamParkSchemas } from "./schemas";
import { retry } from "../../retry/retry";

export interface ConsoleEndpoint {
  /** Console base URL, e.g. http://localhost:10000 (no trailing slash needed). */
  url: string;
  username: string;
  /** Per-call timeout. */
  timeoutMs?: number;
  /** Attempts for safe calls (reads, sign-in); mutating calls are sent once. */
  attempts?: number;
  /** First backoff delay; doubled per attempt. */
  backoffMs?: number;
}

export interface CallOptions {
  method?: "POST" | "PUT" | "DELETE";
  form?: Form;
  /** JSON body (alert endpoints only: AlertController uses @RequestBody). */
  json?: unknown;
  /** Safe to repeat: reads and checks. */
  safe?: boolean;
}

export interface StreamParkApi {
  readonly schemas: Schemas;
  /** The signed-in user's id and team (sign-in response `user.userId`, `user.lastTeamId`). */
  session(): Promise<{ userId: string; teamId: string }>;
  /** Calls an endpoint and returns its envelope (`data`, and `message` when a success carries one). */
  call(path: string, opts?: CallOptions): Promise<Record<string, unknown>>;
  /** `data` of a call. */
  data(path: string, opts?: CallOptions): Promise<unknown>;
}

/** One HTTP exchange: status and body text, or a transient failure when no answer came in time. */
async function exchange(base: string, path: string, method: string, headers: Record<string, string>, body: string | undefined, timeoutMs: number): Promise<{ status: number; text: string }> {
  const axios = require("axios") as typeof import("axios").default;
  try {
    const res = await axios.request<string>({
      url: `${base}${path}`, method, headers, data: body, timeout: timeoutMs,
      responseType: "text", transformResponse: [(d: unknown) => d], validateStatus: () => true,
      maxRedirects: 0,
    });
    return { status: res.status, text: typeof res.data === "string" ? res.data : "" };
  } catch (e) {
    const err = e as { code?: string; message?: string };
    const timedOut = err.code === "ECONNABORTED" || err.code === "ETIMEDOUT";
    throw failureError({
      call: `${method} ${path}`, httpStatus: 0,
      message: timedOut ? `no answer within ${timeoutMs} ms` : `connection failed (${err.code ?? err.message ?? "unknown"})`,
      transient: true, unauthorized: false,
    });
  }
}

export function connectConsole(endpoint: ConsoleEndpoint, password: string): StreamParkApi {
  const base = endpoint.url.replace(/\/+$/, "");
  const timeoutMs = endpoint.timeoutMs ?? 30_000;
  const attempts = Math.max(1, endpoint.attempts ?? 4);
  const backoffMs = endpoint.backoffMs ?? 500;
  const schemas = streamParkSchemas();
  let current: { token: string; userId: string; teamId: string } | undefined;

  /** Calls safe to repeat are retried on transient failures (components/retry); others are sent once. */
  function withRetry<T>(safe: boolean, fn: () => Promise<T>): Promise<T> {
    return retry(fn, { attempts: safe ? attempts : 1, backoffMs, transient: (e) => failureOf(e)?.transient === true });
  }

  async function signIn(): Promise<{ token: string; userId: string; teamId: string }> {
    const path = "/passport/signin";
    // loginType is the enum name; omitting it fails (AuthenticatorImpl).
    const body = formEncode({ username: endpoint.username, password, loginType: "PASSWORD" });
    const res = await withRetry(true, () => exchange(base, path, "POST", { "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8" }, body, timeoutMs)
      .then((r) => {
        if (r.status >= 502 && r.status <= 504) readEnvelope(`POST ${path}`, r.status, r.text);
        return r;
      }));
    let env: Record<string, unknown>;
    try {
      env = readEnvelope(`POST ${path}`, res.status, res.text);
    } catch (e) {
      const f = failureOf(e);
      // Wrong password / locked user come back as HTTP 200 with code 0 / 1 (PassportController).
      if (f && res.status === 200 && (f.code === "0" || f.code === "1")) {
        throw failureError({ ...f, message: f.code === "0" ? `user '${endpoint.username}' could not sign in: wrong password` : `user '${endpoint.username}' is locked` });
      }
      if (f && f.code === "403") throw failureError({ ...f, message: `user '${endpoint.username}' belongs to no team` });
      throw e;
    }
    const s = schemas.signIn(env.data);
    if (!s.lastTeamId) throw new Error(`StreamPark user '${endpoint.username}' has no current team (lastTeamId); sign in once in the UI`);
    return { token: s.token, userId: s.userId, teamId: s.lastTeamId };
  }

  async function call(path: string, opts: CallOptions = {}): Promise<Record<string, unknown>> {
    const method = opts.method ?? "POST";
    const json = opts.json !== undefined;
    const body = json ? JSON.stringify(opts.json) : formEncode(opts.form ?? {});
    const contentType = json ? "application/json;charset=UTF-8" : "application/x-www-form-urlencoded;charset=UTF-8";
    const once = async (): Promise<Record<string, unknown>> => {
      if (!current) current = await signIn();
      const res = await exchange(base, path, method, { "Content-Type": contentType, Authorization: current.token }, body, timeoutMs);
      return readEnvelope(`${method} ${path}`, res.status, res.text);
    };
    return withRetry(opts.safe ?? false, async () => {
      try {
        return await once();
      } catch (e) {
        // A filter-level 401 means the request never reached a controller: safe to repeat once
        // with a fresh token, even for a mutating call.
        if (failureOf(e)?.unauthorized) {
          current = undefined;
          return once();
        }
        throw e;
      }
    });
  }

  return {
    schemas,
    async session() {
      if (!current) current = await signIn();
      return { userId: current.userId, teamId: current.teamId };
    },
    call,
    async data(path, opts) {
      return (await call(path, opts)).data;
    },
  };
}
