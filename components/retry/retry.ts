/**
 * The one retry loop of rtdw: call again on a transient failure, with exponential backoff, a
 * bounded number of times. Callers decide what is transient (the schema engines: connecting;
 * the StreamPark client: calls safe to repeat that got no answer or a gateway error); anything
 * else fails at once. After the last attempt the last error is thrown as it is.
 *
 * Not p-retry: its releases since 5 are ES modules only (9.0 needs Node 22), which the provider
 * host's CommonJS bundle (components/dynamicResource/hostedProvider.ts) cannot `require` on Node 20, and
 * 4.x takes its delays from `setTimeout` with no way to inject the wait, so tests would need fake
 * timers. The loop is a dozen lines.
 */

export interface RetryPolicy {
  /** Calls in all, the first included (at least 1). */
  attempts: number;
  /** Wait before the second call; doubled before each further one. */
  backoffMs: number;
  /** Whether a failure is worth another call. */
  transient: (error: unknown) => boolean;
  /** How to wait (tests pass a recorder; no timing assertions). */
  sleep?: (ms: number) => Promise<void>;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The wait before call number `attempt` (1-based): none before the first, then backoff doubling. */
export function backoffBefore(attempt: number, backoffMs: number): number {
  return attempt <= 1 ? 0 : backoffMs * 2 ** (attempt - 2);
}

export async function retry<T>(call: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  const attempts = Math.max(1, policy.attempts);
  const wait = policy.sleep ?? sleep;
  for (let attempt = 1; ; attempt++) {
    if (attempt > 1) await wait(backoffBefore(attempt, policy.backoffMs));
    try {
      return await call();
    } catch (e) {
      if (attempt >= attempts || !policy.transient(e)) throw e;
    }
  }
}
