/** The pure half of the account provider: SHOW GRANTS read back, the plan, check and diff. */
import { canonicalGrants, describePlan, parseShowGrants, planAccount, planDatabase } from "./grants";
import { checkAccount, diffAccount, diffDatabase, plannedAccountChange } from "./provider";
import { digestOf } from "./digest";
import type { AccountInputs, AccountOutputs, DatabaseOutputs } from "./inputs";
import { CDC_PRIVILEGES } from "../mysqlSource";

const CDC = { user: "rtdw_cdc", host: "%", grants: [{ on: "*.*", privileges: CDC_PRIVILEGES }] };

describe("SHOW GRANTS read back", () => {
  it("reads MariaDB's lines: levels, aliases, GRANT OPTION; the password hash is never kept", () => {
    const observed = parseShowGrants([
      "GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, BINLOG MONITOR ON *.* TO `c`@`%` IDENTIFIED BY PASSWORD '*2B602296A79E0A8784ACC5C88D92E46588CCA3C3' WITH GRANT OPTION",
      "GRANT ALL PRIVILEGES ON `streampark`.* TO `c`@`%`",
      "GRANT SELECT (`a`) ON `shop`.`t2` TO `c`@`%`",
      "GRANT SELECT, INSERT ON `shop`.`t` TO `c`@`%`",
    ]);
    expect(observed.grants).toEqual([
      { on: "*.*", privileges: ["GRANT OPTION", "RELOAD", "REPLICATION CLIENT", "REPLICATION SLAVE", "SELECT", "SHOW DATABASES"] },
      { on: "shop.t", privileges: ["INSERT", "SELECT"] },
      { on: "streampark.*", privileges: ["ALL PRIVILEGES"] },
    ]);
    expect(observed.unmanaged).toEqual(["GRANT SELECT (`a`) ON `shop`.`t2`"]);
    expect(JSON.stringify(observed)).not.toContain("2B6022");
  });

  it("reads MySQL 8's lines: USAGE is no privilege, roles and dynamic privileges are not levels", () => {
    const observed = parseShowGrants([
      "GRANT USAGE ON *.* TO `rtdw_monitor`@`%`",
      "GRANT PROCESS, REPLICATION CLIENT, SELECT ON *.* TO `rtdw_monitor`@`%`",
      "GRANT `reader`@`%` TO `rtdw_monitor`@`%`",
    ]);
    expect(observed.grants).toEqual([{ on: "*.*", privileges: ["PROCESS", "REPLICATION CLIENT", "SELECT"] }]);
    expect(observed.unmanaged).toEqual(["GRANT `reader`@`%`"]);
  });
});

describe("the plan", () => {
  it("creates a missing account with its password and grants", () => {
    const plan = planAccount(undefined, { ...CDC, setPassword: true });
    expect(plan.statements).toEqual([
      "CREATE USER 'rtdw_cdc'@'%' IDENTIFIED BY ${password}",
      "GRANT REPLICATION CLIENT, REPLICATION SLAVE, SELECT, SHOW DATABASES ON *.* TO 'rtdw_cdc'@'%'",
    ]);
    expect(describePlan(plan)).toContain("IDENTIFIED BY '***'");
  });

  it("does nothing when the live account is the declared one", () => {
    expect(planAccount({ grants: [{ on: "*.*", privileges: ["BINLOG MONITOR", "replication slave", "SELECT", "SHOW DATABASES"] }], credential: "" }, { ...CDC, setPassword: false }))
      .toEqual({ statements: [], changes: [] });
  });

  it("sets only the password when only the password changes", () => {
    const live = { grants: canonicalGrants(CDC.grants), credential: "" };
    expect(planAccount(live, { ...CDC, setPassword: true }).statements).toEqual(["ALTER USER 'rtdw_cdc'@'%' IDENTIFIED BY ${password}"]);
  });

  it("grants what was revoked by hand and revokes what was granted by hand, on every level", () => {
    const live = { grants: [{ on: "*.*", privileges: ["SELECT", "SHOW DATABASES", "REPLICATION SLAVE", "SUPER"] }, { on: "shop.*", privileges: ["DROP"] }], credential: "" };
    const plan = planAccount(live, { ...CDC, setPassword: false });
    expect(plan.statements).toEqual([
      "GRANT REPLICATION CLIENT ON *.* TO 'rtdw_cdc'@'%'",
      "REVOKE SUPER ON *.* FROM 'rtdw_cdc'@'%'",
      "REVOKE DROP ON `shop`.* FROM 'rtdw_cdc'@'%'",
    ]);
    expect(plan.changes).toEqual(["revoke SUPER on *.*", "grant REPLICATION CLIENT on *.*", "revoke DROP on shop.*"]);
  });

  it("compares ALL PRIVILEGES as a unit, and takes GRANT OPTION away", () => {
    const want = { user: "streampark", host: "%", grants: [{ on: "streampark.*", privileges: ["ALL"] }], setPassword: false };
    expect(planAccount({ grants: [{ on: "streampark.*", privileges: ["SELECT", "INSERT"] }], credential: "" }, want).statements)
      .toEqual(["GRANT ALL PRIVILEGES ON `streampark`.* TO 'streampark'@'%'"]);
    expect(planAccount({ grants: [{ on: "streampark.*", privileges: ["ALL PRIVILEGES", "GRANT OPTION"] }], credential: "" }, want).statements)
      .toEqual(["REVOKE GRANT OPTION ON `streampark`.* FROM 'streampark'@'%'"]);
    expect(planAccount({ grants: [{ on: "streampark.*", privileges: ["ALL PRIVILEGES"] }], credential: "" }, { ...want, grants: [{ on: "streampark.*", privileges: ["SELECT"] }] }).statements)
      .toEqual(["REVOKE ALL PRIVILEGES ON `streampark`.* FROM 'streampark'@'%'", "GRANT SELECT ON `streampark`.* TO 'streampark'@'%'"]);
  });

  it("quotes names so a quote in a host cannot end the string", () => {
    expect(planAccount(undefined, { user: "a", host: "x'y", grants: [], setPassword: true }).statements[0]).toBe("CREATE USER 'a'@'x''y' IDENTIFIED BY ${password}");
  });

  it("databases: create, alter the character set, or nothing", () => {
    const want = { name: "streampark", characterSet: "utf8mb4", collation: "utf8mb4_general_ci" };
    expect(planDatabase(undefined, want).statements).toEqual(["CREATE DATABASE `streampark` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci"]);
    expect(planDatabase({ characterSet: "latin1", collation: "latin1_swedish_ci" }, want).statements).toEqual(["ALTER DATABASE `streampark` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci"]);
    expect(planDatabase({ characterSet: "UTF8MB4", collation: "utf8mb4_general_ci" }, want).statements).toEqual([]);
  });
});

describe("check and diff (pure, as in a pull-request preview)", () => {
  const access = { endpoint: "127.0.0.1:3306", adminUser: "root", adminPasswordConfigKey: "rtdw:mysqlRootPassword", timeoutSeconds: 60, connectAttempts: 4 };
  const inputs: AccountInputs = { ...access, ...CDC, password: "pw-One-1", adminPassword: "root-pw" };
  const outputs = (): AccountOutputs => ({
    ...access, ...CDC, grants: canonicalGrants(CDC.grants), owned: true, passwordDigest: digestOf("pw-One-1"), credentialDigest: digestOf("x"),
    passwordChangedOutsideStack: false, unmanagedGrants: [],
  });

  it("refuses bad input naming the account and the field", () => {
    const r = checkAccount({}, { ...inputs, grants: [{ on: "shop", privileges: ["SELECT"] }, { on: "*.*", privileges: [] }], adminPasswordConfigKey: "mysqlRootPassword" });
    expect(r.failures?.map((f) => f.reason)).toEqual([
      "mysql account rtdw_cdc@%: adminPasswordConfigKey must be a full stack config key such as rtdw:mysqlRootPassword (refresh and delete read the admin password there)",
      "mysql account rtdw_cdc@%: grant level 'shop' must be *.*, <database>.* or <database>.<table>",
      "mysql account rtdw_cdc@%: the privileges on *.* must be a non-empty list of privilege names such as SELECT or REPLICATION CLIENT",
    ]);
  });

  it("says at preview what up will do, the password masked", () => {
    expect(checkAccount({}, inputs).inputs?.plannedChange).toBe("create (or adopt) the account: CREATE USER 'rtdw_cdc'@'%' IDENTIFIED BY '***'; GRANT REPLICATION CLIENT, REPLICATION SLAVE, SELECT, SHOW DATABASES ON *.* TO 'rtdw_cdc'@'%'");
    expect(plannedAccountChange(inputs, { ...inputs, password: "pw-Two-2" })).toBe("ALTER USER 'rtdw_cdc'@'%' IDENTIFIED BY '***'");
    expect(plannedAccountChange(inputs, inputs)).toBe("no statement");
    expect(plannedAccountChange({ ...inputs, password: undefined, grants: [{ on: "*.*", privileges: ["SELECT"] }], passwordChangedOutsideStack: true } as never, inputs))
      .toBe("ALTER USER 'rtdw_cdc'@'%' IDENTIFIED BY '***'; GRANT REPLICATION CLIENT, REPLICATION SLAVE, SHOW DATABASES ON *.* TO 'rtdw_cdc'@'%'");
  });

  it("the same inputs are no change; a new password, grants, drift or endpoint are an update; user or host a replace", () => {
    expect(diffAccount(outputs(), inputs)).toEqual({ changes: false });
    expect(diffAccount(outputs(), { ...inputs, password: "pw-Two-2" })).toEqual({ changes: true });
    expect(diffAccount(outputs(), { ...inputs, grants: [{ on: "*.*", privileges: ["SELECT"] }] })).toEqual({ changes: true });
    expect(diffAccount({ ...outputs(), passwordChangedOutsideStack: true }, inputs)).toEqual({ changes: true });
    expect(diffAccount(outputs(), { ...inputs, endpoint: "127.0.0.1:3307" })).toEqual({ changes: true });
    expect(diffAccount(outputs(), { ...inputs, host: "10.%" })).toEqual({ changes: true, replaces: ["host"], deleteBeforeReplace: false });
  });

  it("a database's spelling of the same character set is no change", () => {
    const db: DatabaseOutputs = { ...access, name: "streampark", characterSet: "utf8mb4", collation: "utf8mb4_general_ci", owned: true };
    expect(diffDatabase(db, { ...db, characterSet: "UTF8MB4" })).toEqual({ changes: false });
    expect(diffDatabase(db, { ...db, collation: "utf8mb4_bin" })).toEqual({ changes: true });
    expect(diffDatabase(db, { ...db, name: "sp" })).toEqual({ changes: true, replaces: ["name"], deleteBeforeReplace: false });
  });
});
