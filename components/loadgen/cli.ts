/**
 * The load generator as a program: `node loadgen.js`, configured by environment variables, so the
 * dev stack can run its bundle on a stock node:20 image. Prints the achieved rate every 10 s.
 *   RTDW_MYSQL_HOST, RTDW_MYSQL_PORT (3306), RTDW_MYSQL_USER, RTDW_MYSQL_PASSWORD, RTDW_MYSQL_DATABASE,
 *   RTDW_CHANGES_PER_SECOND (200), RTDW_DURATION_SECONDS (unset: run until SIGTERM), RTDW_CONNECTIONS (4)
 */
import { runLoadGenerator } from "./generator";

function env(name: string, fallback?: string): string {
  const v = process.env[name] ?? fallback;
  if (v === undefined || v === "") {
    console.error(`load generator: environment variable ${name} is required`);
    process.exit(2);
  }
  return v;
}

function number(name: string, fallback?: string): number {
  const text = env(name, fallback);
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) {
    console.error(`load generator: ${name} must be a non-negative number, got "${text}"`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  const controller = new AbortController();
  for (const s of ["SIGTERM", "SIGINT"] as const) process.on(s, () => controller.abort());
  const duration = process.env.RTDW_DURATION_SECONDS;
  const stats = await runLoadGenerator({
    connection: {
      host: env("RTDW_MYSQL_HOST"),
      port: number("RTDW_MYSQL_PORT", "3306"),
      user: env("RTDW_MYSQL_USER"),
      password: process.env.RTDW_MYSQL_PASSWORD ?? "",
      database: env("RTDW_MYSQL_DATABASE"),
    },
    changesPerSecond: number("RTDW_CHANGES_PER_SECOND", "200"),
    durationMs: duration ? number("RTDW_DURATION_SECONDS") * 1000 : undefined,
    connections: number("RTDW_CONNECTIONS", "4"),
    signal: controller.signal,
    onReport: (s) => console.log(`load generator: ${s.changes} changes (${s.inserts} inserts, ${s.updates} updates, ${s.deletes} deletes), ${s.changesPerSecond.toFixed(0)} changes/s`),
  });
  console.log(`load generator: done, ${stats.changes} changes in ${(stats.elapsedMs / 1000).toFixed(1)} s = ${stats.changesPerSecond.toFixed(0)} changes/s`);
}

main().catch((e: unknown) => {
  // The message only: connection errors from mysql2 never carry the password.
  console.error(`load generator: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
