/**
 * The StarRocks start wrapper, run for real with bash and the mysql client against a throwaway
 * MariaDB standing in for the FE's MySQL protocol (SET PASSWORD and SELECT 1 behave alike).
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startMariaDb, stopMariaDb, MariaDbServer } from "../support/mariadbServer";
import { ROOT_PASSWORD_WRAPPER } from "../../components/starrocks/rootPassword";

const PASSWORD = "Sr00tSecret42";
let server: MariaDbServer;
let dir: string;
let script: string;

beforeAll(async () => {
  server = await startMariaDb();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "rtdw-sr-"));
  script = path.join(dir, "start.sh");
  fs.writeFileSync(script, ROOT_PASSWORD_WRAPPER, { mode: 0o755 });
}, 60000);
afterAll(async () => {
  await stopMariaDb(server);
});

function run(env: Record<string, string>, command: string, timeoutMs = 20000): Promise<{ code: number | null; out: string }> {
  const child = spawn("bash", [script, "bash", "-c", command], {
    env: { PATH: process.env.PATH ?? "", STARROCKS_ROOT_PASSWORD: PASSWORD, RTDW_QUERY_PORT: String(server.port), ...env },
  });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("exit", (code) => { clearTimeout(timer); resolve({ code, out }); });
  });
}

async function waitFor(check: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("StarRocks root password wrapper", () => {
  const meta = () => path.join(dir, "meta");
  const bootstrap = () => path.join(dir, "bootstrap_done");

  it("first start: boots with the empty password, then sets the secret once StarRocks' own bootstrap is done", async () => {
    fs.mkdirSync(meta());
    const env = { RTDW_ROLE: "allin1", RTDW_META_DIR: meta(), RTDW_BOOTSTRAP_FILE: bootstrap() };
    // The wrapped entrypoint sees no MYSQL_PWD (the director must bootstrap as root with no password).
    const first = await run(env, 'echo "pwd=[${MYSQL_PWD-unset}]"; sleep 1; touch "$RTDW_BOOTSTRAP_FILE"; sleep 4');
    expect(first.out).toContain("pwd=[unset]");
    await waitFor(() => fs.existsSync(path.join(meta(), "rtdw-root-password-set")), 15000);
    expect(first.out).toContain("rtdw: root password set");
  }, 40000);

  it("the empty password no longer works; the secret does", async () => {
    const mysql = await import("mysql2/promise");
    await expect(mysql.createConnection({ host: "127.0.0.1", port: server.port, user: "root", password: "" })).rejects.toThrow(/Access denied/);
    const conn = await mysql.createConnection({ host: "127.0.0.1", port: server.port, user: "root", password: PASSWORD });
    await conn.end();
  });

  it("later starts export MYSQL_PWD for StarRocks' own scripts", async () => {
    const env = { RTDW_ROLE: "allin1", RTDW_META_DIR: meta(), RTDW_BOOTSTRAP_FILE: bootstrap() };
    const again = await run(env, 'echo "pwd=[${MYSQL_PWD-unset}]"');
    expect(again.out).toContain(`pwd=[${PASSWORD}]`);
  });

  it("a backend registers only once the password is in force, and with it", async () => {
    const be = await run({ RTDW_ROLE: "be", RTDW_FE_HOST: "127.0.0.1" }, 'echo "pwd=[${MYSQL_PWD-unset}]"');
    expect(be.code).toBe(0);
    expect(be.out).toContain(`pwd=[${PASSWORD}]`);
  });

  it("sizes the FE heap and the BE memory to the container, once per file, in the form start_fe.sh exports (later lines win)", async () => {
    const conf = path.join(dir, "sizing");
    fs.mkdirSync(conf);
    const fe = path.join(conf, "fe.conf");
    const be = path.join(conf, "be.conf");
    // As the images ship them (conf/fe.conf: DATE, LOG_DIR, JAVA_OPTS with -Xmx8192m).
    fs.writeFileSync(fe, 'LOG_DIR = ${STARROCKS_HOME}/log\nDATE = "$(date +%Y%m%d-%H%M%S)"\nJAVA_OPTS="-Dlog4j2.formatMsgNoLookups=true -Xmx8192m -XX:+UseG1GC"\n');
    fs.writeFileSync(be, "be_port = 9060\n");
    fs.mkdirSync(path.join(conf, "meta"));
    fs.writeFileSync(path.join(conf, "meta", "rtdw-root-password-set"), "");
    const env = {
      RTDW_ROLE: "allin1", RTDW_META_DIR: path.join(conf, "meta"),
      RTDW_FE_CONF: fe, RTDW_FE_HEAP_MIB: "768", RTDW_BE_CONF: be, RTDW_BE_MEM_LIMIT_MIB: "1792",
    };
    for (let i = 0; i < 2; i++) expect((await run(env, "true")).code).toBe(0);
    expect(fs.readFileSync(be, "utf8").match(/^mem_limit = 1792M$/gm)).toHaveLength(1);
    expect(fs.readFileSync(fe, "utf8").match(/^JAVA_OPTS = /gm)).toHaveLength(1);
    // bin/start_fe.sh's export_env_from_conf (StarRocks/starrocks bin/common.sh), line by line.
    const exportLoop = `STARROCKS_HOME=/opt/starrocks/fe; while read line; do envline=$(echo $line | sed 's/[[:blank:]]*=[[:blank:]]*/=/g' | sed 's/^[[:blank:]]*//g' | grep -E "^[[:upper:]]([[:upper:]]|_|[[:digit:]])*="); envline=$(eval "echo $envline"); if [[ $envline == *"="* ]]; then eval 'export "$envline"'; fi; done < ${fe}; echo "$JAVA_OPTS"`;
    const exported = await new Promise<string>((resolve) => {
      const child = spawn("bash", ["-c", exportLoop]);
      let out = "";
      child.stdout.on("data", (d) => (out += d));
      child.on("exit", () => resolve(out.trim()));
    });
    expect(exported).toMatch(/^-Dlog4j2\.formatMsgNoLookups=true -Xms768m -Xmx768m -XX:\+UseG1GC -Xlog:gc\*:\/opt\/starrocks\/fe\/log\/fe\.gc\.log\.\d{8}-\d{6}:time /);
    expect(exported).not.toContain("8192");
  }, 40000);
});
