/** Connection settings of the MariaDB that globalSetup started, and per-test scratch databases. */
import type { ConnectionOptions } from "mysql2/promise";

export interface TestMysql {
  host: string;
  port: number;
  user: string;
  password: string;
}

export function testMysql(): TestMysql {
  const port = process.env.RTDW_TEST_MYSQL_PORT;
  if (!port) throw new Error("RTDW_TEST_MYSQL_PORT is not set: run the tests through jest (globalSetup starts MariaDB).");
  return {
    host: process.env.RTDW_TEST_MYSQL_HOST ?? "127.0.0.1",
    port: Number(port),
    user: process.env.RTDW_TEST_MYSQL_USER ?? "root",
    password: process.env.RTDW_TEST_MYSQL_PASSWORD ?? "",
  };
}

export function connectionOptions(database?: string): ConnectionOptions {
  return { ...testMysql(), database, multipleStatements: true };
}

let counter = 0;

/** Creates an empty database with a unique name and returns the name. */
export async function freshDatabase(prefix: string): Promise<string> {
  const mysql = await import("mysql2/promise");
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter++}`.replace(/[^A-Za-z0-9_]/g, "_");
  const conn = await mysql.createConnection(connectionOptions());
  try {
    await conn.query(`CREATE DATABASE \`${name}\``);
  } finally {
    await conn.end();
  }
  return name;
}
