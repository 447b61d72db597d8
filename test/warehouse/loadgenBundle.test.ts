/**
 * The load generator's single-file bundle runs under plain node (as on a stock node:20 image)
 * with nothing but its environment, against the real MariaDB.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadGeneratorBundle } from "../../components/loadgen";
import { schemaObjects, mysqlSeedSql } from "../../components/warehouse/schemaObjects";
import { defaultWarehouseVariables } from "../../components/warehouse/variables";
import { connectionOptions, freshDatabase, testMysql } from "../support/mariadb";

function run(file: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // A clean directory and environment: no node_modules to fall back on.
    execFile(process.execPath, [file], { cwd: path.dirname(file), env: { PATH: process.env.PATH ?? "", ...env }, timeout: 20_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }));
  });
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rtdw-loadgen-"));
const file = path.join(dir, "loadgen.js");

beforeAll(() => fs.writeFileSync(file, loadGeneratorBundle()));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test("is one self-contained file that changes rows in MySQL", async () => {
  expect(fs.readFileSync(file, "utf8")).not.toMatch(/require\("mysql2/);
  const db = await freshDatabase("wh_bundle");
  const vars = { ...defaultWarehouseVariables, mysql: { ...defaultWarehouseVariables.mysql, database: db } };
  const mysql = await import("mysql2/promise");
  const conn = await mysql.createConnection(connectionOptions());
  for (const o of schemaObjects(vars).filter((x) => x.engine === "mysql")) await conn.query(o.sql);
  for (const s of mysqlSeedSql(vars).statements) await conn.query(s.sql);
  await conn.end();
  const m = testMysql();
  const r = await run(file, {
    RTDW_MYSQL_HOST: m.host, RTDW_MYSQL_PORT: String(m.port), RTDW_MYSQL_USER: m.user, RTDW_MYSQL_PASSWORD: m.password,
    RTDW_MYSQL_DATABASE: db, RTDW_CHANGES_PER_SECOND: "500", RTDW_DURATION_SECONDS: "1",
  });
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/load generator: done, \d+ changes in 1\.\d s = \d+ changes\/s/);
});

test("says which setting is missing", async () => {
  const r = await run(file, { RTDW_MYSQL_HOST: "127.0.0.1" });
  expect(r.code).toBe(2);
  expect(r.stderr).toContain("environment variable RTDW_MYSQL_USER is required");
});

test("reports a connection failure without the password", async () => {
  const m = testMysql();
  const r = await run(file, {
    RTDW_MYSQL_HOST: m.host, RTDW_MYSQL_PORT: String(m.port), RTDW_MYSQL_USER: "nobody", RTDW_MYSQL_PASSWORD: "s3cret-Value-42",
    RTDW_MYSQL_DATABASE: "none", RTDW_DURATION_SECONDS: "1",
  });
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/^load generator: Access denied for user 'nobody'/);
  expect(r.stderr + r.stdout).not.toContain("s3cret-Value-42");
});
