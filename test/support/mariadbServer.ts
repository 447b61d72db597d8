/**
 * A throwaway MariaDB server for the tests: Debian's mariadbd on a temporary data directory and a free
 * loopback port. Started once per jest run by globalSetup; its connection settings travel to the test
 * workers through RTDW_TEST_MYSQL_* environment variables.
 */
import { spawn, spawnSync, ChildProcess } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";

export interface MariaDbServer {
  host: string;
  port: number;
  user: string;
  password: string;
  dataDir: string;
  process: ChildProcess;
}

const SERVER_BINARIES = ["/usr/sbin/mariadbd", "/usr/sbin/mysqld"];
const INSTALL_DB = ["/usr/bin/mariadb-install-db", "/usr/bin/mysql_install_db"];

function firstExisting(paths: string[]): string | undefined {
  return paths.find((p) => fs.existsSync(p));
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number, server: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) {
      throw new Error(`mariadbd exited with ${server.exitCode}:\n${fs.readFileSync(logFile, "utf8").slice(-2000)}`);
    }
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, "127.0.0.1");
      s.once("connect", () => { s.destroy(); resolve(true); });
      s.once("error", () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`mariadbd did not listen on ${port} within ${timeoutMs} ms:\n${fs.readFileSync(logFile, "utf8").slice(-2000)}`);
}

export async function startMariaDb(): Promise<MariaDbServer> {
  const mariadbd = firstExisting(SERVER_BINARIES);
  const installDb = firstExisting(INSTALL_DB);
  if (!mariadbd || !installDb) {
    throw new Error("MariaDB is not installed: run `bash scripts/install-test-deps.sh` (Debian's mariadb-server).");
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "rtdw-mariadb-"));
  const runDir = path.join(dataDir, "run");
  fs.mkdirSync(path.join(dataDir, "data"));
  fs.mkdirSync(runDir);
  const asRoot = process.getuid?.() === 0 ? ["--user=root"] : [];
  const init = spawnSync(installDb, [
    "--no-defaults", `--datadir=${path.join(dataDir, "data")}`, "--auth-root-authentication-method=normal",
    "--skip-test-db", ...asRoot,
  ], { encoding: "utf8" });
  if (init.status !== 0) {
    throw new Error(`mariadb-install-db failed (${init.status}):\n${init.stderr}\n${init.stdout}`);
  }
  const port = await freePort();
  const logFile = path.join(dataDir, "mariadbd.log");
  const server = spawn(mariadbd, [
    "--no-defaults", `--datadir=${path.join(dataDir, "data")}`, `--port=${port}`, "--bind-address=127.0.0.1",
    `--socket=${path.join(runDir, "mysqld.sock")}`, `--pid-file=${path.join(runDir, "mysqld.pid")}`,
    `--log-error=${logFile}`, "--skip-name-resolve", "--innodb-buffer-pool-size=64M",
    // The CDC source settings the product deploys (components/mysql), so tests see the same server shape.
    "--log-bin=mysql-bin", "--binlog-format=ROW", "--binlog-row-image=FULL", "--server-id=1",
    "--max-connections=500", ...asRoot,
  ], { stdio: "ignore", detached: false });
  await waitForPort(port, 30000, server, logFile);
  return { host: "127.0.0.1", port, user: "root", password: "", dataDir, process: server };
}

export async function stopMariaDb(server: { process?: ChildProcess; pid?: number; dataDir: string }): Promise<void> {
  const pid = server.process?.pid ?? server.pid;
  if (pid) {
    try { process.kill(pid, "SIGTERM"); } catch { /* already gone */ }
    const deadline = Date.now() + 15000;
    while (Date.now() < deadline) {
      try { process.kill(pid, 0); } catch { break; }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  fs.rmSync(server.dataDir, { recursive: true, force: true });
}
