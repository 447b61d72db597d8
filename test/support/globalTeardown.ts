import * as fs from "fs";
import { stopMariaDb } from "./mariadbServer";
import { stopSharedFlink } from "./flinkCluster";

export default async function globalTeardown(): Promise<void> {
  await stopSharedFlink();
  const state = (globalThis as { __RTDW_MARIADB__?: { pid: number; dataDir: string } }).__RTDW_MARIADB__;
  if (!state) return;
  await stopMariaDb(state);
  const { STATE_FILE } = await import("./globalSetup");
  fs.rmSync(STATE_FILE, { force: true });
}
