/**
 * Pure: MySQL account privileges as comparable values, SHOW GRANTS read back into them, and the
 * plan from what is live to what the stack declares (statements and why). No I/O; the password is
 * never in a statement here, only the `${password}` placeholder the client fills in at execution.
 *
 * Grammar followed: MySQL 8.0 reference "GRANT Statement" / "REVOKE Statement" / "SHOW GRANTS"
 * (privilege levels `*.*`, `db.*`, `db.tbl`; `WITH GRANT OPTION`; USAGE = no privileges), and
 * MariaDB's spelling of the same (SHOW GRANTS appends `IDENTIFIED BY PASSWORD '<hash>'` to the
 * global line; since 10.5.2 REPLICATION CLIENT is an alias of BINLOG MONITOR and prints as that:
 * mariadb.com/kb "GRANT", "Privileges" table; seen on MariaDB 10.11 in test/mysql).
 */

/** Privileges on one level: `*.*` (global), `db.*` (a database) or `db.table`. */
export interface Grant {
  on: string;
  privileges: string[];
}

/** The passwords placeholder in planned statements; the client substitutes the escaped literal. */
export const PASSWORD_PLACEHOLDER = "${password}";

/** The same privilege under another name (MariaDB 10.5+), as MySQL names it. */
const ALIASES: Record<string, string> = {
  "BINLOG MONITOR": "REPLICATION CLIENT",
  "REPLICATION REPLICA": "REPLICATION SLAVE",
  ALL: "ALL PRIVILEGES",
};

export const ALL = "ALL PRIVILEGES";
export const GRANT_OPTION = "GRANT OPTION";

export function normalizePrivilege(p: string): string {
  const upper = p.trim().replace(/\s+/g, " ").toUpperCase();
  return ALIASES[upper] ?? upper;
}

const LEVEL = /^(\*|[A-Za-z0-9_$-]+)\.(\*|[A-Za-z0-9_$-]+)$/;

/** Whether `on` is a level this provider manages: `*.*`, `db.*` or `db.table` (plain names). */
export function validLevel(on: string): boolean {
  const m = LEVEL.exec(on);
  return m !== null && !(m[1] === "*" && m[2] !== "*");
}

/** `db.table` as SQL: `*.*`, `` `db`.* ``, `` `db`.`table` ``. */
export function levelSql(on: string): string {
  return on.split(".").map((part) => (part === "*" ? "*" : `\`${part}\``)).join(".");
}

export const quoteString = (s: string) => `'${s.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
export const accountSql = (user: string, host: string) => `${quoteString(user)}@${quoteString(host)}`;

/**
 * One canonical form per set of grants: levels sorted, each privilege normalized, sorted and once,
 * USAGE dropped (it means none), `ALL PRIVILEGES` alone when present, empty levels dropped.
 */
export function canonicalGrants(grants: Grant[]): Grant[] {
  const byLevel = new Map<string, Set<string>>();
  for (const g of grants) {
    const set = byLevel.get(g.on) ?? new Set<string>();
    for (const p of g.privileges.map(normalizePrivilege)) if (p !== "USAGE") set.add(p);
    byLevel.set(g.on, set);
  }
  return [...byLevel].filter(([, s]) => s.size > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([on, s]) => {
    const privileges = s.has(ALL) ? [ALL, ...(s.has(GRANT_OPTION) ? [GRANT_OPTION] : [])] : [...s].sort();
    return { on, privileges };
  });
}

/** What SHOW GRANTS lists for an account: the grants on managed levels, and lines this provider leaves alone. */
export interface ObservedGrants {
  grants: Grant[];
  /** Column, routine, proxy and role grants: reported, never changed. The password hash is never kept. */
  unmanaged: string[];
}

const unquote = (s: string) => (s === "*" ? s : s.replace(/^[`'"]|[`'"]$/g, "").replace(/``/g, "`").replace(/\\_/g, "_").replace(/\\%/g, "%"));

/**
 * Reads SHOW GRANTS rows (one statement each) into grants per level. MariaDB's
 * `IDENTIFIED BY PASSWORD '...'` and MySQL's `IDENTIFIED WITH ...` are cut off first: a password
 * hash never leaves this function.
 */
export function parseShowGrants(lines: string[]): ObservedGrants {
  const grants: Grant[] = [];
  const unmanaged: string[] = [];
  for (const raw of lines) {
    const line = raw.replace(/\s+IDENTIFIED\s+(BY|WITH|VIA)\b.*?(?=\s+WITH\s+GRANT\s+OPTION|\s+REQUIRE\b|$)/i, "").trim();
    const m = /^GRANT\s+(.+?)\s+ON\s+(.+?)\s+TO\s+\S+?(\s+WITH\s+GRANT\s+OPTION)?\s*$/i.exec(line);
    const level = m ? /^((?:`(?:[^`]|``)*`|\*|[^.\s`]+))\.((?:`(?:[^`]|``)*`|\*|[^.\s`]+))$/.exec(m[2].trim()) : null;
    if (!m || !level || m[1].includes("(") || /^(PROCEDURE|FUNCTION|PACKAGE)\s/i.test(m[2])) {
      // Not a privilege on a level (a role, PROXY, a routine, column privileges).
      unmanaged.push(line.replace(/\s+TO\s+.*$/i, ""));
      continue;
    }
    const on = `${unquote(level[1])}.${unquote(level[2])}`;
    const privileges = m[1].split(",").map((p) => p.trim()).filter(Boolean);
    if (m[3]) privileges.push(GRANT_OPTION);
    grants.push({ on, privileges });
  }
  return { grants: canonicalGrants(grants), unmanaged };
}

/** What is live of an account, as the client observed it. */
export interface LiveAccount {
  grants: Grant[];
  /** A fingerprint of the stored credential (mysql.user authentication_string and plugin). */
  credential: string;
}

export interface PlanInput {
  user: string;
  host: string;
  grants: Grant[];
  /** Whether the password must be (re)set: a new account, a new password, or one changed by hand. */
  setPassword: boolean;
}

export interface AccountPlan {
  statements: string[];
  /** Why, one phrase per change. */
  changes: string[];
}

/**
 * Live (undefined: no such account) -> declared: CREATE USER or ALTER USER for the password, then
 * per level GRANT what is missing and REVOKE what is not declared. Granting before revoking, so an
 * account never holds less than both sides have in common. `ALL PRIVILEGES` compares as a unit:
 * declared ALL over a partial live set is a GRANT ALL; a live ALL over a declared list is a REVOKE
 * ALL then the GRANT of the list.
 */
export function planAccount(live: LiveAccount | undefined, want: PlanInput): AccountPlan {
  const who = accountSql(want.user, want.host);
  const statements: string[] = [];
  const changes: string[] = [];
  const grantsWanted = canonicalGrants(want.grants);
  if (!live) {
    statements.push(`CREATE USER ${who} IDENTIFIED BY ${PASSWORD_PLACEHOLDER}`);
    changes.push(`create the account ${want.user}@${want.host}`);
  } else if (want.setPassword) {
    statements.push(`ALTER USER ${who} IDENTIFIED BY ${PASSWORD_PLACEHOLDER}`);
    changes.push("set the password");
  }
  const liveByLevel = new Map((live ? canonicalGrants(live.grants) : []).map((g) => [g.on, new Set(g.privileges)]));
  const wantByLevel = new Map(grantsWanted.map((g) => [g.on, new Set(g.privileges)]));
  const grants: string[] = [];
  const revokes: string[] = [];
  for (const on of [...new Set([...wantByLevel.keys(), ...liveByLevel.keys()])].sort()) {
    const want = wantByLevel.get(on) ?? new Set<string>();
    const have = liveByLevel.get(on) ?? new Set<string>();
    const lvl = levelSql(on);
    const plain = (s: Set<string>) => [...s].filter((p) => p !== GRANT_OPTION);
    if (have.has(ALL) && !want.has(ALL)) {
      revokes.push(`REVOKE ALL PRIVILEGES ON ${lvl} FROM ${who}`);
      have.clear();
      changes.push(`revoke ALL PRIVILEGES on ${on}`);
    }
    const missing = want.has(ALL) ? (have.has(ALL) ? [] : [ALL]) : plain(want).filter((p) => !have.has(p));
    const extra = want.has(ALL) ? [] : plain(have).filter((p) => !want.has(p));
    if (extra.length) {
      revokes.push(`REVOKE ${extra.join(", ")} ON ${lvl} FROM ${who}`);
      changes.push(`revoke ${extra.join(", ")} on ${on}`);
    }
    if (have.has(GRANT_OPTION) && !want.has(GRANT_OPTION)) {
      revokes.push(`REVOKE GRANT OPTION ON ${lvl} FROM ${who}`);
      changes.push(`revoke GRANT OPTION on ${on}`);
    }
    if (missing.length || (want.has(GRANT_OPTION) && !have.has(GRANT_OPTION))) {
      const privs = missing.length ? missing : plain(want);
      grants.push(`GRANT ${privs.join(", ")} ON ${lvl} TO ${who}${want.has(GRANT_OPTION) ? " WITH GRANT OPTION" : ""}`);
      changes.push(`grant ${privs.join(", ")} on ${on}`);
    }
  }
  // A REVOKE ALL must come before the GRANT of the list on the same level; otherwise grant first.
  const revokeAllFirst = revokes.filter((s) => s.startsWith("REVOKE ALL PRIVILEGES"));
  statements.push(...revokeAllFirst, ...grants, ...revokes.filter((s) => !revokeAllFirst.includes(s)));
  return { statements, changes };
}

/** The plan as a preview may show it: the statements, the password never in them. */
export const describePlan = (plan: AccountPlan) => (plan.statements.length ? plan.statements.join("; ").split(PASSWORD_PLACEHOLDER).join("'***'") : "no statement");

/** A database this stack creates outside sql/ (StreamPark's metadata database). */
export interface DatabaseSpec {
  name: string;
  characterSet: string;
  collation: string;
}

export interface LiveDatabase {
  characterSet: string;
  collation: string;
}

export function planDatabase(live: LiveDatabase | undefined, want: DatabaseSpec): AccountPlan {
  const spec = `CHARACTER SET ${want.characterSet} COLLATE ${want.collation}`;
  if (!live) return { statements: [`CREATE DATABASE \`${want.name}\` ${spec}`], changes: [`create the database ${want.name}`] };
  const changes: string[] = [];
  if (live.characterSet.toLowerCase() !== want.characterSet.toLowerCase()) changes.push(`character set ${live.characterSet} -> ${want.characterSet}`);
  if (live.collation.toLowerCase() !== want.collation.toLowerCase()) changes.push(`collation ${live.collation} -> ${want.collation}`);
  return changes.length ? { statements: [`ALTER DATABASE \`${want.name}\` ${spec}`], changes } : { statements: [], changes: [] };
}
