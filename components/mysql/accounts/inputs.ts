/**
 * Inputs and outputs of the MySQL account and database resources, and their pure checks. Outputs
 * carry every input but the passwords (diff and refresh see outputs only); the admin password comes
 * back from the stack config key the outputs name, the account's password never comes back at all:
 * a digest says whether a new one differs (./digest.ts).
 */
import { configured } from "../../dynamicResource/stackConfig";
import { containsUnknown, isUnknown } from "../../dynamicResource/values";
import { canonicalGrants, Grant, normalizePrivilege, validLevel } from "./grants";

/** How the provider reaches the server as its admin: updatable, never identity. */
export interface AdminAccess {
  /** host:port, or an EndpointRef (components/providers/reach.ts opens it). */
  endpoint: string;
  adminUser: string;
  /** Secret input (create, update); never an output. */
  adminPassword?: string;
  /** The stack config key of the admin password, read by refresh and delete. */
  adminPasswordConfigKey: string;
  timeoutSeconds: number;
  connectAttempts: number;
}

export interface AccountInputs extends AdminAccess {
  /** What `up` will do and why: set by check, so a preview shows it. */
  plannedChange?: string;
  user: string;
  host: string;
  /** Secret input; never an output. */
  password?: string;
  grants: Grant[];
  /** The account reads the binlog (MySQL CDC): its server is checked to feed it (./binlogSource.ts). */
  binlogReader?: boolean;
}

export interface AccountOutputs extends Omit<AccountInputs, "password" | "adminPassword"> {
  /** Created by this stack (false: it existed and was adopted, so destroy leaves it). */
  owned: boolean;
  /** Digest of the password the stack last set (./digest.ts). */
  passwordDigest: string;
  /** Digest of the credential MySQL stored when the stack set it: refresh compares the live one. */
  credentialDigest: string;
  /** Set by refresh: the live credential is not the one the stack set (changed by hand). */
  passwordChangedOutsideStack: boolean;
  /** Grants SHOW GRANTS lists that are not on a level (columns, routines, roles): left alone. */
  unmanagedGrants: string[];
}

export interface DatabaseInputs extends AdminAccess {
  plannedChange?: string;
  name: string;
  characterSet: string;
  collation: string;
}

export interface DatabaseOutputs extends Omit<DatabaseInputs, "adminPassword"> {
  owned: boolean;
}

export const ACCESS_DEFAULTS = { timeoutSeconds: 60, connectAttempts: 4 };

/** Changes nothing on the server: how to reach it. A change is an update that sends no statement. */
export const ACCESS_KEYS = ["endpoint", "adminUser", "adminPasswordConfigKey", "timeoutSeconds", "connectAttempts"] as const;

export const who = (a: Pick<AccountInputs, "user" | "host">) => `mysql account ${a.user}@${a.host}`;

export function withAccountDefaults(news: Partial<AccountInputs>): AccountInputs {
  const n = { ...ACCESS_DEFAULTS, host: "%", ...news } as AccountInputs;
  n.grants = Array.isArray(n.grants) && !containsUnknown(n.grants) ? canonicalGrants(n.grants) : (n.grants ?? []);
  return n;
}

export function withDatabaseDefaults(news: Partial<DatabaseInputs>): DatabaseInputs {
  return { ...ACCESS_DEFAULTS, characterSet: "utf8mb4", collation: "utf8mb4_general_ci", ...news } as DatabaseInputs;
}

type Failure = { property: string; reason: string };
const known = (v: unknown) => !isUnknown(v) && !containsUnknown(v);
const NAME = /^[A-Za-z0-9_$-]{1,64}$/;

function accessFailures(n: AdminAccess, whom: string): Failure[] {
  const f: Failure[] = [];
  if (known(n.endpoint) && (typeof n.endpoint !== "string" || !/^[^\s:/]+:\d{1,5}$/.test(n.endpoint))) f.push({ property: "endpoint", reason: `${whom}: endpoint must be host:port or an endpoint, got '${String(n.endpoint)}'` });
  if (known(n.adminUser) && (typeof n.adminUser !== "string" || n.adminUser === "")) f.push({ property: "adminUser", reason: `${whom}: adminUser is required` });
  if (typeof n.adminPasswordConfigKey !== "string" || !n.adminPasswordConfigKey.includes(":")) {
    f.push({ property: "adminPasswordConfigKey", reason: `${whom}: adminPasswordConfigKey must be a full stack config key such as rtdw:mysqlRootPassword (refresh and delete read the admin password there)` });
  }
  for (const k of ["timeoutSeconds", "connectAttempts"] as const) {
    if (known(n[k]) && (!Number.isInteger(n[k]) || n[k] < 1)) f.push({ property: k, reason: `${whom}: ${k} must be a whole number >= 1` });
  }
  return f;
}

export function accountFailures(n: AccountInputs): Failure[] {
  const whom = typeof n.user === "string" ? who(n) : "mysql account";
  const f = accessFailures(n, whom);
  // MySQL 8 user names: at most 32 characters; host names at most 255 (MySQL reference "Account Names").
  if (known(n.user) && (typeof n.user !== "string" || n.user === "" || n.user.length > 32 || /['\\\s]/.test(n.user))) f.push({ property: "user", reason: `${whom}: user must be 1-32 characters without quotes, backslashes or spaces` });
  if (known(n.host) && (typeof n.host !== "string" || n.host === "" || n.host.length > 255 || /['\\\s]/.test(n.host))) f.push({ property: "host", reason: `${whom}: host must be a host name or pattern such as % or 10.0.%` });
  if (known(n.password) && (typeof n.password !== "string" || n.password === "")) f.push({ property: "password", reason: `${whom}: password is required` });
  if (known(n.grants)) {
    if (!Array.isArray(n.grants)) f.push({ property: "grants", reason: `${whom}: grants must be a list of {on, privileges}` });
    else for (const g of n.grants) {
      if (typeof g?.on !== "string" || !validLevel(g.on)) f.push({ property: "grants", reason: `${whom}: grant level '${String(g?.on)}' must be *.*, <database>.* or <database>.<table>` });
      if (!Array.isArray(g?.privileges) || g.privileges.length === 0 || g.privileges.some((p) => typeof p !== "string" || !/^[A-Za-z ]+$/.test(p))) {
        f.push({ property: "grants", reason: `${whom}: the privileges on ${String(g?.on)} must be a non-empty list of privilege names such as SELECT or REPLICATION CLIENT` });
      } else if (g.privileges.map(normalizePrivilege).includes("USAGE")) {
        f.push({ property: "grants", reason: `${whom}: USAGE means no privilege; leave the level out` });
      }
    }
  }
  return f;
}

export function databaseFailures(n: DatabaseInputs): Failure[] {
  const whom = `mysql database ${String(n.name)}`;
  const f = accessFailures(n, whom);
  if (known(n.name) && (typeof n.name !== "string" || !NAME.test(n.name))) f.push({ property: "name", reason: `${whom}: name must be 1-64 letters, digits, _, $ or -` });
  for (const k of ["characterSet", "collation"] as const) {
    if (known(n[k]) && (typeof n[k] !== "string" || !/^[A-Za-z0-9_]+$/.test(n[k]))) f.push({ property: k, reason: `${whom}: ${k} must be a name such as utf8mb4` });
  }
  return f;
}

/** The admin password for this call: the secret input (create, update), else the stack config (refresh, delete). */
export function adminPassword(a: Partial<AdminAccess>, whom: string): string {
  if (typeof a.adminPassword === "string" && !isUnknown(a.adminPassword)) return a.adminPassword;
  const key = a.adminPasswordConfigKey;
  const value = key ? configured(key) : undefined;
  if (value === undefined) throw new Error(`${whom}: the MySQL admin password is not available: set the stack config '${key}' (pulumi config set --secret ${key} ...)`);
  return value;
}
