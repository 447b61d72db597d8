/**
 * A real Flink 1.20 standalone session cluster on loopback: one JobManager, TaskManagers and the SQL
 * Gateway as plain JVM processes, with the jars Maven resolves from scripts/flink-local/pom.xml and
 * the config.yaml the program renders for the dev stack (components/flink/flinkConfig.ts), only its
 * addresses, ports and paths moved (LOCAL_OVERRIDES). No Flink distribution is needed: the bin/
 * scripts are replaced by what they run (apache/flink release-1.20 flink-dist/src/main/flink-bin/bin/
 * jobmanager.sh -> StandaloneSessionClusterEntrypoint, taskmanager.sh -> TaskManagerRunner,
 * sql-gateway.sh -> org.apache.flink.table.gateway.SqlGateway; memory flags from BashJavaUtils as
 * config.sh's parseJmArgsAndExportLogs / parseTmArgsAndExportLogs get them).
 */
import { ChildProcess, spawn, spawnSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { rawConfigFrom, resolveStackConfig } from "../../components/config/stackConfig";
import { FlinkConfig, flinkConfig, renderFlinkConfig } from "../../components/flink/flinkConfig";

const REPO = path.resolve(__dirname, "../..");
export const POM_PATH = path.join(REPO, "scripts/flink-local/pom.xml");

/**
 * The JVM options Flink 1.20 needs on Java 17, as its distribution's conf/config.yaml sets them in
 * env.java.opts.all (apache/flink release-1.20 flink-dist/src/main/resources/config.yaml). The
 * deployed image runs Java 11 and needs none.
 */
const JAVA17_OPTS = [
  "--add-exports=java.base/sun.net.util=ALL-UNNAMED", "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
  "--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED", "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
  "--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED", "--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED",
  "--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED", "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
  "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
  "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
  "--add-opens=java.base/java.text=ALL-UNNAMED", "--add-opens=java.base/java.time=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
  "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
  "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED",
];

/** The SQL Gateway's heap: it plans statements; the dev stack gives its container 1 GB. */
const GATEWAY_HEAP = "-Xmx640m";

export class FlinkLocalError extends Error {}

export interface LocalCluster {
  /** The cluster's folder: conf/, log/, lake/, checkpoints/, state.json. */
  dir: string;
  restUrl: string;
  gatewayUrl: string;
  /** file:// URI of the Paimon warehouse the jobs should use (in place of dev's file:///lake/paimon). */
  warehouse: string;
  pids: { jobManager: number; taskManagers: number[]; sqlGateway: number };
  /** The config.yaml the processes read. */
  configYaml: string;
  reused: boolean;
}

export interface StartOptions {
  dir?: string;
  restPort?: number;
  gatewayPort?: number;
  taskManagers?: number;
  /** Milliseconds to wait for each process to answer. */
  timeoutMs?: number;
  log?: (line: string) => void;
  /**
   * RPC tolerance for an overloaded host (pekko.ask.timeout, Flink's RpcOptions; 10 s by default).
   * Not a dev setting: a benchmark at dev's parallelism on a shared 2-core machine lost jobs to
   * 10 s task-deployment timeouts.
   */
  rpcTimeout?: string;
}

export const defaultDir = () => path.join(os.tmpdir(), "rtdw-flink-local");
const cacheRoot = () => process.env.RTDW_FLINK_CACHE ?? path.join(os.homedir(), ".cache", "rtdw", "flink-local");

// ---- jars ------------------------------------------------------------------------------------

/** The lib/ folder for the committed pom.xml, resolved by Maven once per pom content. */
export function prepareLib(log: (l: string) => void = () => undefined): string {
  const pom = fs.readFileSync(POM_PATH, "utf8");
  const key = createHash("sha256").update(pom).digest("hex").slice(0, 16);
  const lib = path.join(cacheRoot(), key, "lib");
  if (fs.existsSync(path.join(lib, ".complete"))) return lib;
  if (spawnSync("mvn", ["-v"], { encoding: "utf8" }).status !== 0) {
    throw new FlinkLocalError("Maven (mvn) is missing: install it (Debian: apt-get install maven) or run `bash scripts/install-test-deps.sh`");
  }
  const staging = `${lib}.staging-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  log(`resolving the Flink jars with Maven into ${lib}`);
  const r = spawnSync("mvn", ["-B", "-f", POM_PATH, "dependency:copy-dependencies", `-DoutputDirectory=${staging}`], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) {
    const out = `${r.stdout}\n${r.stderr}`;
    const missing = [...out.matchAll(/(?:Could not find artifact|Failure to find) (\S+)/g)].map((m) => m[1]);
    const lines = out.split("\n").filter((l) => /ERROR/.test(l)).slice(0, 8).join("\n");
    throw new FlinkLocalError(`Maven could not resolve the Flink jars${missing.length ? ` (${[...new Set(missing)].join(", ")})` : ""}:\n${lines}`);
  }
  fs.rmSync(lib, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(lib), { recursive: true });
  fs.renameSync(staging, lib);
  fs.writeFileSync(path.join(lib, ".complete"), new Date().toISOString());
  return lib;
}

// ---- configuration ---------------------------------------------------------------------------

/** A stack's settings, as the program resolves them from Pulumi.<stack>.yaml (secrets left out). */
export function stackConfigFor(stack: "dev" | "test" | "prod") {
  const doc = parse(fs.readFileSync(path.join(REPO, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
  const flat = Object.fromEntries(Object.entries(doc.config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
  return resolveStackConfig(stack, rawConfigFrom(flat));
}

export const devStackConfig = () => stackConfigFor("dev");

export interface LocalPorts { rest: number; gateway: number; rpc: number; blob: number; taskManagerRpc: number; metrics: string }

/**
 * What the local cluster changes in dev's rendering: addresses (loopback instead of the Docker
 * service names), ports (free ones, several processes share one host) and paths (a temporary
 * folder instead of the shared volume). Nothing else: the drift test checks the key list.
 */
export function localOverrides(dir: string, p: LocalPorts): FlinkConfig {
  return {
    "jobmanager.rpc.address": "127.0.0.1",
    "jobmanager.bind-host": "127.0.0.1",
    "taskmanager.bind-host": "127.0.0.1",
    "taskmanager.host": "127.0.0.1",
    "rest.address": "127.0.0.1",
    "rest.bind-address": "127.0.0.1",
    "sql-gateway.endpoint.rest.address": "127.0.0.1",
    "sql-gateway.endpoint.rest.bind-address": "127.0.0.1",
    "jobmanager.rpc.port": p.rpc,
    "blob.server.port": p.blob,
    "taskmanager.rpc.port": p.taskManagerRpc,
    // 0: any free port (NettyShuffleEnvironmentOptions#DATA_PORT), so two local clusters on one
    // machine (or several TaskManagers) never collide on the deployment's fixed 6121
    "taskmanager.data.port": 0,
    "rest.port": p.rest,
    "sql-gateway.endpoint.rest.port": p.gateway,
    // every process on one host: a range, each reporter takes the first free port
    "metrics.reporter.prom.port": p.metrics,
    "execution.checkpointing.dir": `file://${path.join(dir, "checkpoints")}`,
    "execution.checkpointing.savepoint-dir": `file://${path.join(dir, "savepoints")}`,
    "io.tmp.dirs": path.join(dir, "tmp"),
  };
}

export function localFlinkConfig(dir: string, ports: LocalPorts): { config: FlinkConfig; yaml: string } {
  const stack = devStackConfig();
  const dev = flinkConfig({
    settings: stack.flink,
    storage: { checkpoints: "file:///lake/flink/checkpoints", savepoints: "file:///lake/flink/savepoints", highAvailability: "file:///lake/flink/ha" },
    jobManagerHost: "flink-jobmanager",
  });
  const config = { ...dev, ...localOverrides(dir, ports) };
  return { config, yaml: renderFlinkConfig(config) };
}

const LOG4J = `# log4j2 for the local cluster: one file per process (-Dlog.file), as Flink's conf/log4j.properties
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = MainAppender
appender.main.name = MainAppender
appender.main.type = File
appender.main.append = true
appender.main.fileName = \${sys:log.file}
appender.main.layout.type = PatternLayout
appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
logger.netty.name = org.apache.flink.shaded.netty4.io.netty.channel.nio.NioEventLoop
logger.netty.level = OFF
`;

// ---- processes -------------------------------------------------------------------------------

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const a = srv.address();
      srv.close(() => resolve(typeof a === "object" && a ? a.port : 0));
    });
  });
}

async function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once("error", () => resolve(true));
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(false)));
  });
}

const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function getJson(url: string): Promise<unknown | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
    return res.ok ? await res.json() : undefined;
  } catch {
    return undefined;
  }
}

function tail(file: string, lines = 25): string {
  try {
    return fs.readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

function javaAvailable(): void {
  const r = spawnSync("java", ["-version"], { encoding: "utf8" });
  if (r.error || r.status !== 0) throw new FlinkLocalError("Java is missing: Flink 1.20 needs Java 11 or 17 on the PATH (Debian: apt-get install openjdk-17-jre-headless)");
}

/** -Xmx... and -D key=value flags from Flink's own memory model, as the bin scripts get them. */
function memoryFlags(lib: string, confDir: string, command: "GET_JM_RESOURCE_PARAMS" | "GET_TM_RESOURCE_PARAMS"): { jvm: string[]; dynamic: string[] } {
  const r = spawnSync("java", ["-cp", `${lib}/*`, "org.apache.flink.runtime.util.bash.BashJavaUtils", command, "--configDir", confDir], { encoding: "utf8" });
  const results = `${r.stdout}`.split("\n").filter((l) => l.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:")).map((l) => l.slice("BASH_JAVA_UTILS_EXEC_RESULT:".length).trim());
  if (r.status !== 0 || results.length < 2) {
    throw new FlinkLocalError(`Flink refused the rendered config.yaml (BashJavaUtils ${command}):\n${`${r.stdout}\n${r.stderr}`.split("\n").slice(-15).join("\n")}`);
  }
  const dynamic = results[1].split(/\s+/).filter((t) => t !== "-D" && t !== "");
  return { jvm: results[0].split(/\s+/), dynamic: dynamic.flatMap((kv) => ["-D", kv]) };
}

function launch(name: string, dir: string, lib: string, jvm: string[], main: string, args: string[]): ChildProcess {
  const logFile = path.join(dir, "log", `${name}.log`);
  const out = fs.openSync(path.join(dir, "log", `${name}.out`), "a");
  const child = spawn("java", [
    ...jvm, ...JAVA17_OPTS, `-Dlog.file=${logFile}`, `-Dlog4j.configurationFile=file:${path.join(dir, "conf", "log4j.properties")}`,
    "-cp", `${lib}/*`, main, ...args,
  ], { cwd: dir, detached: true, stdio: ["ignore", out, out], env: { ...process.env, FLINK_CONF_DIR: path.join(dir, "conf"), FLINK_LIB_DIR: lib } });
  child.unref();
  fs.closeSync(out);
  return child;
}

async function waitFor(what: string, child: ChildProcess, logFile: string, timeoutMs: number, ready: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || (child.pid && !alive(child.pid))) {
      throw new FlinkLocalError(`the ${what} exited (code ${child.exitCode}); last lines of ${logFile}:\n${tail(logFile)}\n${tail(logFile.replace(/\.log$/, ".out"), 10)}`);
    }
    if (await ready()) return;
    await sleep(500);
  }
  throw new FlinkLocalError(`the ${what} did not answer within ${timeoutMs / 1000} s; last lines of ${logFile}:\n${tail(logFile)}`);
}

interface State { restUrl: string; gatewayUrl: string; warehouse: string; pids: LocalCluster["pids"] }

/** The cluster recorded in `dir`, when all its processes still run and both endpoints answer. */
export async function runningCluster(dir: string = defaultDir()): Promise<LocalCluster | undefined> {
  const file = path.join(dir, "state.json");
  if (!fs.existsSync(file)) return undefined;
  const s = JSON.parse(fs.readFileSync(file, "utf8")) as State;
  const pids = [s.pids.jobManager, s.pids.sqlGateway, ...s.pids.taskManagers];
  if (!pids.every(alive)) return undefined;
  if (!(await getJson(`${s.restUrl}/overview`)) || !(await getJson(`${s.gatewayUrl}/v1/info`))) return undefined;
  return { dir, ...s, configYaml: fs.readFileSync(path.join(dir, "conf", "config.yaml"), "utf8"), reused: true };
}

export async function startCluster(o: StartOptions = {}): Promise<LocalCluster> {
  const dir = o.dir ?? defaultDir();
  const log = o.log ?? (() => undefined);
  const timeoutMs = o.timeoutMs ?? 180_000;
  const existing = await runningCluster(dir);
  if (existing) return existing;
  await stopCluster(dir); // leftovers of a half-started or half-dead cluster

  javaAvailable();
  const lib = prepareLib(log);
  const restPort = o.restPort ?? await freePort();
  const gatewayPort = o.gatewayPort ?? await freePort();
  for (const [what, port] of [["REST", restPort], ["SQL Gateway", gatewayPort]] as const) {
    if (await portTaken(port)) throw new FlinkLocalError(`port ${port} (Flink ${what}) is taken by another process on 127.0.0.1; pass another port`);
  }
  const metricsBase = await freePort();
  const ports: LocalPorts = {
    rest: restPort, gateway: gatewayPort, rpc: await freePort(), blob: await freePort(), taskManagerRpc: 0,
    metrics: `${metricsBase}-${metricsBase + 9}`,
  };
  for (const sub of ["conf", "log", "lake", "checkpoints", "savepoints", "tmp"]) fs.mkdirSync(path.join(dir, sub), { recursive: true });
  const local = localFlinkConfig(dir, ports);
  const yaml = o.rpcTimeout ? renderFlinkConfig({ ...local.config, "pekko.ask.timeout": o.rpcTimeout }) : local.yaml;
  fs.writeFileSync(path.join(dir, "conf", "config.yaml"), yaml);
  fs.writeFileSync(path.join(dir, "conf", "log4j.properties"), LOG4J);
  const confDir = path.join(dir, "conf");
  const restUrl = `http://127.0.0.1:${restPort}`;
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  const started: ChildProcess[] = [];
  const logOf = (n: string) => path.join(dir, "log", `${n}.log`);

  try {
    const jm = memoryFlags(lib, confDir, "GET_JM_RESOURCE_PARAMS");
    const jobManager = launch("jobmanager", dir, lib, jm.jvm, "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint", ["--configDir", confDir, ...jm.dynamic]);
    started.push(jobManager);
    await waitFor("JobManager", jobManager, logOf("jobmanager"), timeoutMs, async () => Boolean(await getJson(`${restUrl}/overview`)));
    log(`JobManager answers at ${restUrl}`);

    const tm = memoryFlags(lib, confDir, "GET_TM_RESOURCE_PARAMS");
    const count = o.taskManagers ?? 1;
    const taskManagers: ChildProcess[] = [];
    for (let i = 0; i < count; i++) {
      const t = launch(`taskmanager-${i}`, dir, lib, tm.jvm, "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", ["--configDir", confDir, ...tm.dynamic]);
      started.push(t);
      taskManagers.push(t);
    }
    await waitFor("TaskManager", taskManagers[0], logOf("taskmanager-0"), timeoutMs, async () => {
      const ov = (await getJson(`${restUrl}/overview`)) as { taskmanagers?: number } | undefined;
      return (ov?.taskmanagers ?? 0) >= count;
    });
    log(`${count} TaskManager(s) registered`);

    const gateway = launch("sql-gateway", dir, lib, [GATEWAY_HEAP], "org.apache.flink.table.gateway.SqlGateway", []);
    started.push(gateway);
    await waitFor("SQL Gateway", gateway, logOf("sql-gateway"), timeoutMs, async () => Boolean(await getJson(`${gatewayUrl}/v1/info`)));
    log(`SQL Gateway answers at ${gatewayUrl}`);

    const state: State = {
      restUrl, gatewayUrl, warehouse: `file://${path.join(dir, "lake", "paimon")}`,
      pids: { jobManager: jobManager.pid!, taskManagers: taskManagers.map((t) => t.pid!), sqlGateway: gateway.pid! },
    };
    fs.writeFileSync(path.join(dir, "state.json"), JSON.stringify(state, null, 2));
    return { dir, ...state, configYaml: yaml, reused: false };
  } catch (e) {
    for (const c of started) if (c.pid) killGroup(c.pid, "SIGKILL");
    throw e;
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  // Each process was started as its own group leader (detached): signal only that group.
  try { process.kill(-pid, signal); } catch { try { process.kill(pid, signal); } catch { /* gone */ } }
}

/** Stops the processes recorded in `dir` (TERM, then KILL after 20 s). Files stay for inspection. */
export async function stopCluster(dir: string = defaultDir()): Promise<number[]> {
  const file = path.join(dir, "state.json");
  if (!fs.existsSync(file)) return [];
  const s = JSON.parse(fs.readFileSync(file, "utf8")) as State;
  const pids = [s.pids.sqlGateway, ...s.pids.taskManagers, s.pids.jobManager].filter(alive);
  for (const pid of pids) killGroup(pid, "SIGTERM");
  const deadline = Date.now() + 20_000;
  while (pids.some(alive) && Date.now() < deadline) await sleep(200);
  for (const pid of pids.filter(alive)) killGroup(pid, "SIGKILL");
  fs.rmSync(file, { force: true });
  return pids;
}
