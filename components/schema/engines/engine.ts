/**
 * What the schema provider needs from an engine, whatever protocol it speaks: run a statement,
 * read an object's live definition, tell whether it holds data. One session per provider call.
 */
import type { ObjectKind } from "../definition/definition";
import { retry, sleep } from "../../retry/retry";

/** The engines the schema provider manages objects on (the warehouse's sql/ declares objects on each). */
export type SchemaEngine = "mysql" | "starrocks" | "paimon";

export const ENGINE_NAMES: Record<SchemaEngine, string> = { mysql: "MySQL", starrocks: "StarRocks", paimon: "Paimon (Flink SQL Gateway)" };

export interface EngineSession {
  /** Runs one statement. Never retried: DDL that reached the engine may have applied. */
  execute(sql: string): Promise<void>;
  /** The engine's CREATE statement for the object, or undefined when it does not exist. */
  showCreate(kind: ObjectKind, name: string[]): Promise<string | undefined>;
  /** Whether a table has a row, or a database has a table. */
  holdsData(kind: ObjectKind, name: string[]): Promise<boolean>;
  /** Tables of a database. */
  tablesIn(database: string[]): Promise<string[]>;
  /** Runs a read-only query and returns its rows, values in column order (the canary's comparison reads). */
  query(sql: string): Promise<unknown[][]>;
  close(): Promise<void>;
}

export interface EngineConnection {
  engine: SchemaEngine;
  /** host:port for MySQL and StarRocks, the SQL Gateway URL for Paimon. */
  endpoint: string;
  user?: string;
  password?: string;
  /** Statements run at the start of every session (Paimon: the catalog registration). */
  setup: string[];
  timeoutMs: number;
  /** Connection attempts (connecting is always safe to retry). */
  attempts: number;
  /** Backoff before the second attempt, doubled each time. */
  backoffMs: number;
}

/** An engine failure, already stripped of secrets, naming the engine and what was being done. */
export class EngineError extends Error {
  constructor(message: string, readonly transient: boolean) {
    super(message);
    this.name = "EngineError";
  }
}

export { sleep };

/**
 * Retries `attempt` on transient engine failures (components/retry: exponential backoff); when
 * every attempt failed, the error says how many were made. `wait` is for tests.
 */
export async function withRetries<T>(conn: Pick<EngineConnection, "attempts" | "backoffMs">, attempt: () => Promise<T>, wait: (ms: number) => Promise<void> = sleep): Promise<T> {
  const transient = (e: unknown) => e instanceof EngineError && e.transient;
  try {
    return await retry(attempt, { attempts: conn.attempts, backoffMs: conn.backoffMs, transient, sleep: wait });
  } catch (e) {
    // A transient failure comes out of retry only once the attempts are used up.
    if (!transient(e)) throw e;
    throw new EngineError(`${(e as Error).message} (after ${Math.max(1, conn.attempts)} attempts)`, true);
  }
}
