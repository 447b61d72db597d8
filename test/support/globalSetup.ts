import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startMariaDb } from "./mariadbServer";

export const STATE_FILE = path.join(os.tmpdir(), `rtdw-jest-${process.ppid}-${process.pid}.json`);

/** Starts the shared MariaDB once per jest run and hands its address to the workers through env. */
export default async function globalSetup(): Promise<void> {
  // Names this run's shared Flink cluster folder (test/support/flinkCluster.ts) for every worker.
  process.env.RTDW_JEST_RUN ??= `${process.pid}`;
  if (process.env.RTDW_TEST_MYSQL_PORT) return; // an outer harness already provides one
  const server = await startMariaDb();
  process.env.RTDW_TEST_MYSQL_HOST = server.host;
  process.env.RTDW_TEST_MYSQL_PORT = String(server.port);
  process.env.RTDW_TEST_MYSQL_USER = server.user;
  process.env.RTDW_TEST_MYSQL_PASSWORD = server.password;
  const state = { pid: server.process.pid, dataDir: server.dataDir };
  fs.writeFileSync(STATE_FILE, JSON.stringify(state));
  (globalThis as { __RTDW_MARIADB__?: typeof state }).__RTDW_MARIADB__ = state;
}
