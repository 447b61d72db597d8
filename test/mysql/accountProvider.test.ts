/**
 * The MySQL account and database providers through Pulumi's own dynamic-provider host, against the
 * test MariaDB behind a recording proxy (test/support/mysqlProxy.ts): create, a no-op up, a new
 * password, drift by hand (a REVOKE, a password set by hand) seen by refresh and put back, destroy.
 * The account's password appears in no output, refresh result, provider log or error.
 */
import { hostedProviderText } from "../../components/dynamicResource/hostedProvider";
import { DIFF_NONE, DIFF_SOME, ProviderHost, startProviderHost } from "../support/providerHost";
import { connectionOptions, testMysql } from "../support/mariadb";
import { MysqlProxy, startMysqlProxy } from "../support/mysqlProxy";

const ACCOUNT = "pulumi-nodejs:dynamic/mysql:Account";
const DATABASE = "pulumi-nodejs:dynamic/mysql:Database";
const urn = (type: string, name: string) => `urn:pulumi:dev::rtdw::rtdw:mysql:MySqlSource$${type}::${name}`;
const USER = `rt_acct_${process.pid}`;
const DB = `rt_acctdb_${process.pid}`;
const PASSWORD_1 = "Acct-Pw-One-7q";
const PASSWORD_2 = "Acct-Pw-Two-8r";
const BY_HAND = "By-Hand-Pw-9s";

async function admin<T = Record<string, unknown>[]>(sql: string): Promise<T> {
  const mysql = await import("mysql2/promise");
  const conn = await mysql.createConnection(connectionOptions());
  try {
    return (await conn.query(sql))[0] as T;
  } finally {
    await conn.end();
  }
}

/** Whether the account logs in with `password`. */
async function logsIn(password: string): Promise<boolean> {
  const mysql = await import("mysql2/promise");
  const { host, port } = testMysql();
  try {
    const conn = await mysql.createConnection({ host, port, user: USER, password });
    await conn.end();
    return true;
  } catch {
    return false;
  }
}

const grantsLive = async () => (await admin(`SHOW GRANTS FOR '${USER}'@'%'`)).map((r) => String(Object.values(r)[0]).replace(/ IDENTIFIED BY PASSWORD '[^']*'/, ""));

let host: ProviderHost | undefined;
let proxy: MysqlProxy | undefined;
afterAll(async () => {
  host?.stop();
  await proxy?.stop();
  await admin(`DROP USER IF EXISTS '${USER}'@'%'`).catch(() => undefined);
  await admin(`DROP DATABASE IF EXISTS \`${DB}\``).catch(() => undefined);
});

test("an account and a database: create, no-op, new password, drift put back, destroy; the password never leaves as text", async () => {
  const server = testMysql();
  proxy = await startMysqlProxy(server);
  host = await startProviderHost();
  await host.configure({ "rtdw:mysqlRootPassword": server.password });
  const access = {
    endpoint: { kind: "direct", host: proxy.host, port: proxy.port }, adminUser: server.user, adminPassword: server.password,
    adminPasswordConfigKey: "rtdw:mysqlRootPassword",
  };
  const account = (password: string) => ({
    __provider: hostedProviderText("mysqlAccount"), ...access, user: USER, host: "%", password,
    grants: [{ on: "*.*", privileges: ["SELECT", "SHOW DATABASES", "REPLICATION SLAVE", "REPLICATION CLIENT"] }, { on: `${DB}.*`, privileges: ["ALL PRIVILEGES"] }],
  });
  const seen: string[] = [];
  const remember = <T>(v: T): T => { seen.push(JSON.stringify(v)); return v; };

  // The database first (the account's grant names it), then the account.
  const dbInputs = (await host.check(urn(DATABASE, "db"), {}, { __provider: hostedProviderText("mysqlDatabase"), ...access, name: DB, characterSet: "utf8mb4", collation: "utf8mb4_general_ci" })).inputs;
  const db = await host.create(urn(DATABASE, "db"), dbInputs);
  expect(db.outs).toMatchObject({ name: DB, owned: true, endpoint: access.endpoint });
  expect(await admin(`SELECT DEFAULT_CHARACTER_SET_NAME AS cs FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '${DB}'`)).toEqual([{ cs: "utf8mb4" }]);

  const checked = await host.check(urn(ACCOUNT, "a"), {}, account(PASSWORD_1));
  expect(checked.failures).toEqual([]);
  expect(checked.inputs.plannedChange).toContain("IDENTIFIED BY '***'");
  const created = remember(await host.create(urn(ACCOUNT, "a"), checked.inputs));
  let outs = created.outs;
  expect(created.id).toBe(`${USER}@%`);
  expect(outs).toMatchObject({ user: USER, host: "%", owned: true, passwordChangedOutsideStack: false, endpoint: access.endpoint });
  expect(Object.keys(outs)).not.toContain("password");
  expect(Object.keys(outs)).not.toContain("adminPassword");
  expect(await logsIn(PASSWORD_1)).toBe(true);
  expect(await grantsLive()).toEqual([
    `GRANT SELECT, SHOW DATABASES, REPLICATION SLAVE, BINLOG MONITOR ON *.* TO \`${USER}\`@\`%\``,
    `GRANT ALL PRIVILEGES ON \`${DB}\`.* TO \`${USER}\`@\`%\``,
  ]);

  // A no-op up: the same inputs are no change, and nothing is sent; a refresh reads only.
  const sent = proxy.statements.length;
  const again = await host.check(urn(ACCOUNT, "a"), checked.inputs, account(PASSWORD_1));
  expect(again.inputs.plannedChange).toBe("no statement");
  expect(await host.diff(urn(ACCOUNT, "a"), created.id, outs, again.inputs)).toBe(DIFF_NONE);
  expect(proxy.statements.length).toBe(sent);
  const mutatingBefore = proxy.mutating().length;
  const refreshed = remember(await host.read(urn(ACCOUNT, "a"), created.id, outs));
  expect(refreshed).toEqual({ id: created.id, props: outs });
  expect(proxy.mutating().length).toBe(mutatingBefore);

  // A new password: an update that sets it (and nothing else).
  const rotated = await host.check(urn(ACCOUNT, "a"), checked.inputs, account(PASSWORD_2));
  expect(rotated.inputs.plannedChange).toBe(`ALTER USER '${USER}'@'%' IDENTIFIED BY '***'`);
  expect(await host.diff(urn(ACCOUNT, "a"), created.id, outs, rotated.inputs)).toBe(DIFF_SOME);
  const beforeRotate = proxy.mutating().length;
  outs = remember(await host.update(urn(ACCOUNT, "a"), created.id, outs, rotated.inputs));
  expect(proxy.mutating().slice(beforeRotate).map((s) => s.replace(/'[^']*'$/, "'…'"))).toEqual([`ALTER USER '${USER}'@'%' IDENTIFIED BY '…'`]);
  expect(await logsIn(PASSWORD_2)).toBe(true);
  expect(await logsIn(PASSWORD_1)).toBe(false);
  expect(await host.diff(urn(ACCOUNT, "a"), created.id, outs, rotated.inputs)).toBe(DIFF_NONE);

  // Drift by hand: a privilege revoked and the password changed. Refresh sees both; up puts both back.
  await admin(`REVOKE REPLICATION CLIENT ON *.* FROM '${USER}'@'%'`);
  await admin(`ALTER USER '${USER}'@'%' IDENTIFIED BY '${BY_HAND}'`);
  const drift = remember(await host.read(urn(ACCOUNT, "a"), created.id, outs));
  expect(drift.props.passwordChangedOutsideStack).toBe(true);
  expect(drift.props.grants).toEqual([
    { on: `${DB}.*`, privileges: ["ALL PRIVILEGES"] },
    { on: "*.*", privileges: ["REPLICATION SLAVE", "SELECT", "SHOW DATABASES"] },
  ].sort((a, b) => (a.on < b.on ? -1 : 1)));
  expect(await host.diff(urn(ACCOUNT, "a"), created.id, drift.props, rotated.inputs)).toBe(DIFF_SOME);
  outs = remember(await host.update(urn(ACCOUNT, "a"), created.id, drift.props, rotated.inputs));
  expect(await logsIn(PASSWORD_2)).toBe(true);
  expect(await grantsLive()).toContain(`GRANT SELECT, SHOW DATABASES, REPLICATION SLAVE, BINLOG MONITOR ON *.* TO \`${USER}\`@\`%\``);
  expect(remember(await host.read(urn(ACCOUNT, "a"), created.id, outs))).toEqual({ id: created.id, props: outs });

  // A privilege granted by hand is revoked by the next up.
  await admin(`GRANT PROCESS ON *.* TO '${USER}'@'%'`);
  const extra = remember(await host.read(urn(ACCOUNT, "a"), created.id, outs));
  expect(await host.diff(urn(ACCOUNT, "a"), created.id, extra.props, rotated.inputs)).toBe(DIFF_SOME);
  outs = remember(await host.update(urn(ACCOUNT, "a"), created.id, extra.props, rotated.inputs));
  expect((await grantsLive()).join("\n")).not.toContain("PROCESS");

  // Destroy: the account and the database dropped, with the admin password from the stack config.
  await host.delete(urn(ACCOUNT, "a"), created.id, outs);
  expect(await admin(`SELECT User FROM mysql.user WHERE User = '${USER}'`)).toEqual([]);
  // A refresh now reads it as gone.
  expect((await host.read(urn(ACCOUNT, "a"), created.id, outs)).id).toBe("");
  await host.delete(urn(DATABASE, "db"), db.id, db.outs);
  expect(await admin(`SHOW DATABASES LIKE '${DB}'`)).toEqual([]);

  // The password is in no output, no refresh result and no provider log.
  for (const text of [...seen, host.stderr()]) {
    for (const pw of [PASSWORD_1, PASSWORD_2, BY_HAND]) expect(text).not.toContain(pw);
  }
  expect(host.stderr()).toContain(`mysql account ${USER}@%: set the password`);
});

test("an account that exists already is adopted, brought to the declaration, and left in place by destroy", async () => {
  const server = testMysql();
  const user = `${USER}_pre`;
  await admin(`CREATE USER '${user}'@'%' IDENTIFIED BY 'Pre-Existing-1x'`);
  await admin(`GRANT SELECT, DROP ON *.* TO '${user}'@'%'`);
  host ??= await startProviderHost();
  await host.configure({ "rtdw:mysqlRootPassword": server.password });
  const inputs = {
    __provider: hostedProviderText("mysqlAccount"), endpoint: `${server.host}:${server.port}`, adminUser: server.user, adminPassword: server.password,
    adminPasswordConfigKey: "rtdw:mysqlRootPassword", user, host: "%", password: "Declared-Pw-2y", grants: [{ on: "*.*", privileges: ["SELECT", "PROCESS"] }],
  };
  try {
    const checked = await host.check(urn(ACCOUNT, "pre"), {}, inputs);
    const created = await host.create(urn(ACCOUNT, "pre"), checked.inputs);
    expect(created.outs.owned).toBe(false);
    expect((await admin(`SHOW GRANTS FOR '${user}'@'%'`)).map((r) => String(Object.values(r)[0]))[0]).toMatch(/^GRANT SELECT, PROCESS ON \*\.\* TO/);
    expect(host.stderr()).toContain(`mysql account ${user}@%: adopted the existing account (destroy leaves it) and brought it to the declaration`);
    await host.delete(urn(ACCOUNT, "pre"), created.id, created.outs);
    expect(await admin(`SELECT User FROM mysql.user WHERE User = '${user}'`)).toEqual([{ User: user }]);
    expect(host.stderr()).not.toContain("Declared-Pw-2y");
  } finally {
    await admin(`DROP USER IF EXISTS '${user}'@'%'`);
  }
});

test("a refused statement fails with the account and statement named, the password masked", async () => {
  const server = testMysql();
  host ??= await startProviderHost();
  await host.configure({ "rtdw:mysqlRootPassword": server.password });
  const inputs = {
    __provider: hostedProviderText("mysqlAccount"), endpoint: `${server.host}:${server.port}`, adminUser: server.user, adminPassword: server.password,
    adminPasswordConfigKey: "rtdw:mysqlRootPassword", user: `${USER}_bad`, host: "%", password: "Bad-Pw-3z",
    // A table-level grant on a table that does not exist: MariaDB refuses it (ER_NO_SUCH_TABLE).
    grants: [{ on: `${DB}_none.missing`, privileges: ["SELECT"] }],
  };
  try {
    const checked = await host.check(urn(ACCOUNT, "bad"), {}, inputs);
    const failure = await host.create(urn(ACCOUNT, "bad"), checked.inputs).then(() => undefined, (e: Error) => e);
    expect(failure?.message).toContain(`mysql account ${USER}_bad@%: create: GRANT SELECT ON \`${DB}_none\`.\`missing\``);
    expect(failure?.message).not.toContain("Bad-Pw-3z");
    expect(host.stderr()).not.toContain("Bad-Pw-3z");
  } finally {
    await admin(`DROP USER IF EXISTS '${USER}_bad'@'%'`);
  }
});

test("a binlog reader's server is checked before the account is touched (the test MariaDB: row binlog, full images)", async () => {
  const server = testMysql();
  const checkProxy = await startMysqlProxy(server);
  host ??= await startProviderHost();
  await host.configure({ "rtdw:mysqlRootPassword": server.password });
  const user = `${USER}_cdc`;
  const inputs = {
    __provider: hostedProviderText("mysqlAccount"), endpoint: `${checkProxy.host}:${checkProxy.port}`, adminUser: server.user, adminPassword: server.password,
    adminPasswordConfigKey: "rtdw:mysqlRootPassword", user, host: "%", password: "Cdc-Pw-4w", grants: [{ on: "*.*", privileges: ["SELECT", "REPLICATION SLAVE"] }],
    binlogReader: true,
  };
  try {
    const checked = await host.check(urn(ACCOUNT, "cdc"), {}, inputs);
    const created = await host.create(urn(ACCOUNT, "cdc"), checked.inputs);
    const check = checkProxy.statements.findIndex((s) => /SHOW GLOBAL VARIABLES WHERE Variable_name IN/i.test(s));
    const createUser = checkProxy.statements.findIndex((s) => /^CREATE USER/i.test(s));
    expect(check).toBeGreaterThanOrEqual(0);
    expect(check).toBeLessThan(createUser);
    await host.delete(urn(ACCOUNT, "cdc"), created.id, created.outs);
  } finally {
    await checkProxy.stop();
    await admin(`DROP USER IF EXISTS '${user}'@'%'`);
  }
});
