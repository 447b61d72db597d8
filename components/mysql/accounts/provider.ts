/**
 * The dynamic providers of MySQL accounts (user@host, password, grants) and of the databases the
 * stack creates outside sql/ (StreamPark's). check and diff are pure (they run in pull-request
 * previews); create, update, read and delete observe the server (./client.ts), plan (./grants.ts,
 * pure) and act. Pulumi's host runs them from the project's source (components/providers).
 *
 * The account's password is a secret input only: outputs hold a salted digest of it (a new password
 * is a diff) and of the credential MySQL stored (a password changed by hand is drift at refresh).
 * Why not an authentication check at refresh: refresh gets the outputs only, where the password is
 * not, and generated passwords (dev, test) are in no stack config key; connecting as the account
 * would also depend on its host pattern admitting where `pulumi` runs.
 */
import type * as pulumi from "@pulumi/pulumi";
import { rememberConfig } from "../../dynamicResource/stackConfig";
import { redact } from "../../schema/provider/inputs";
import { containsUnknown, defined, isUnknown, stableJson } from "../../dynamicResource/values";
import { AccountSession, LiveAccountRow, openAccountSession } from "./client";
import { BINLOG_VARIABLES, binlogSourceProblems } from "./binlogSource";
import { digestMatches, digestOf } from "./digest";
import { AccountPlan, accountSql, canonicalGrants, describePlan, planAccount, planDatabase } from "./grants";
import {
  ACCESS_KEYS, AccountInputs, AccountOutputs, accountFailures, AdminAccess, adminPassword, DatabaseInputs, DatabaseOutputs,
  databaseFailures, who, withAccountDefaults, withDatabaseDefaults,
} from "./inputs";

type Failure = Error & { id?: string; properties?: unknown; reasons?: string[] };

const accessChanged = (olds: Partial<AdminAccess>, news: AdminAccess) => ACCESS_KEYS.some((k) => stableJson(olds[k] ?? null) !== stableJson(news[k] ?? null));
const sameGrants = (a: unknown, b: unknown) => stableJson(canonicalGrants((a ?? []) as AccountInputs["grants"])) === stableJson(canonicalGrants((b ?? []) as AccountInputs["grants"]));

/** Runs `fn` in an admin session; any failure names `whom` and carries no password. */
async function inSession<T>(a: AdminAccess, whom: string, doing: string, secrets: (string | undefined)[], fn: (s: AccountSession) => Promise<T>): Promise<T> {
  let session: AccountSession | undefined;
  const known = secrets.filter((s): s is string => typeof s === "string");
  try {
    const admin = adminPassword(a, whom);
    session = await openAccountSession({ endpoint: a.endpoint, user: a.adminUser, password: admin, timeoutMs: a.timeoutSeconds * 1000, attempts: a.connectAttempts }, known);
    return await fn(session);
  } catch (e) {
    throw new Error(redact(`${whom}: ${doing}: ${e instanceof Error ? e.message : String(e)}`, known.filter((s) => s.length >= 3)));
  } finally {
    await session?.close();
  }
}

/** Runs the plan's statements in order; on a failure, says which applied. */
async function act(s: AccountSession, plan: AccountPlan, password: string | undefined, applied: string[]): Promise<void> {
  for (const st of plan.statements) {
    try {
      await s.execute(st, password);
    } catch (e) {
      const done = applied.length ? `; applied before it: ${describePlan({ statements: applied, changes: [] })}` : "";
      throw new Error(`${describePlan({ statements: [st], changes: [] })} failed: ${(e as Error).message}${done}`);
    }
    applied.push(st);
  }
}

// --- accounts ---------------------------------------------------------------------------------

/** Pure: what `up` will do, from the inputs last applied (or refreshed) to the new ones. */
export function plannedAccountChange(olds: Partial<AccountInputs> & { passwordChangedOutsideStack?: boolean }, n: AccountInputs): string {
  if (typeof olds.user !== "string") return `create (or adopt) the account: ${describePlan(planAccount(undefined, { ...n, setPassword: true }))}`;
  const identity = (["user", "host"] as const).filter((k) => olds[k] !== n[k]);
  if (identity.length) return `replace: its ${identity.join(", ")} change (create ${n.user}@${n.host}, then drop ${olds.user}@${olds.host})`;
  if (containsUnknown(n)) return "decided at up (some inputs are not known yet)";
  const setPassword = olds.passwordChangedOutsideStack === true || (typeof olds.password === "string" && olds.password !== n.password);
  return describePlan(planAccount({ grants: canonicalGrants(olds.grants ?? []), credential: "" }, { ...n, setPassword }));
}

export function checkAccount(olds: Partial<AccountInputs>, news: Partial<AccountInputs>): pulumi.dynamic.CheckResult<AccountInputs> {
  // Checked as given (canonical form drops empty levels), then canonical.
  const raw = { ...withAccountDefaults({ ...news, grants: [] }), grants: news.grants ?? [] } as AccountInputs;
  const failures = accountFailures(raw);
  if (failures.length > 0) return { inputs: raw, failures };
  const n = withAccountDefaults(news);
  n.plannedChange = plannedAccountChange(olds ?? {}, n);
  return { inputs: n, failures: [] };
}

/** Pure: old outputs against new inputs. */
export function diffAccount(olds: AccountOutputs, news: AccountInputs): pulumi.dynamic.DiffResult {
  const replaces = (["user", "host"] as const).filter((k) => olds[k] !== news[k]);
  // Another account: created before the old one is dropped, so the service keeps a login meanwhile.
  if (replaces.length) return { changes: true, replaces: [...replaces], deleteBeforeReplace: false };
  if (containsUnknown(news)) return { changes: true };
  const newPassword = typeof news.password === "string" && !digestMatches(news.password, olds.passwordDigest);
  const binlogCheck = (olds.binlogReader ?? false) !== (news.binlogReader ?? false);
  return { changes: newPassword || binlogCheck || olds.passwordChangedOutsideStack === true || !sameGrants(olds.grants, news.grants) || accessChanged(olds, news) };
}

function accountOutputs(n: AccountInputs, extra: Pick<AccountOutputs, "owned" | "passwordDigest" | "credentialDigest" | "unmanagedGrants">): AccountOutputs {
  const { password: _p, adminPassword: _a, ...plain } = n;
  void _p; void _a;
  return defined({ ...plain, grants: canonicalGrants(n.grants), ...extra, passwordChangedOutsideStack: false });
}

/**
 * Observe, plan, act for create (no old outputs) and update: the password is set when the account
 * is new, the password differs from the digest, or the live credential is not the one recorded.
 */
async function converge(n: AccountInputs, olds: AccountOutputs | undefined, doing: string): Promise<AccountOutputs> {
  const whom = who(n);
  const applied: string[] = [];
  let live: LiveAccountRow | undefined;
  let after: LiveAccountRow | undefined;
  const password = n.password;
  if (typeof password !== "string" || isUnknown(password)) throw new Error(`${whom}: ${doing}: the password is not known`);
  const setPasswordWhen = (l: LiveAccountRow | undefined) => !l || !olds || !digestMatches(password, olds.passwordDigest) || !digestMatches(l.storedCredential, olds.credentialDigest);
  let plan: AccountPlan = { statements: [], changes: [] };
  try {
    await inSession(n, whom, doing, [password, n.adminPassword], async (s) => {
      if (n.binlogReader) {
        // Before anything is applied: a server that cannot feed MySQL CDC fails here, not at the job.
        const server = await s.server(BINLOG_VARIABLES);
        const problems = binlogSourceProblems(server.version, server.variables);
        if (problems.length) throw new Error(`the server at ${n.endpoint} (${server.version}) cannot feed MySQL CDC: ${problems.join("; ")}`);
      }
      live = await s.account(n.user, n.host);
      plan = planAccount(live && { grants: live.grants, credential: "" }, { ...n, setPassword: setPasswordWhen(live) });
      await act(s, plan, password, applied);
      after = applied.length ? await s.account(n.user, n.host) : live;
    });
  } catch (e) {
    if (applied.length === 0 || olds) throw e;
    // Created partly: recorded as ours, so the next `up` continues from the live account (and destroy drops it).
    const failure = e as Failure;
    failure.id = `${n.user}@${n.host}`;
    failure.properties = { ...accountOutputs(n, { owned: !live, passwordDigest: "", credentialDigest: "", unmanagedGrants: [] }), __provider: (n as unknown as Record<string, unknown>).__provider };
    failure.reasons = [failure.message];
    throw failure;
  }
  const passwordSet = plan.statements.some((st) => /^(CREATE|ALTER) USER/.test(st));
  if (!olds && live) console.error(`${whom}: adopted the existing account (destroy leaves it)${plan.changes.length ? ` and brought it to the declaration: ${plan.changes.join("; ")}` : ""}`);
  else if (plan.changes.length) console.error(`${whom}: ${plan.changes.join("; ")}`);
  const credential = after?.storedCredential ?? "";
  return accountOutputs(n, {
    owned: olds ? (live ? olds.owned : true) : !live,
    passwordDigest: passwordSet || !olds ? digestOf(password) : olds.passwordDigest,
    credentialDigest: olds && !passwordSet && digestMatches(credential, olds.credentialDigest) ? olds.credentialDigest : digestOf(credential),
    unmanagedGrants: after?.unmanaged ?? [],
  });
}

export class MysqlAccountProvider implements pulumi.dynamic.ResourceProvider<AccountInputs, AccountOutputs> {
  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    rememberConfig(req);
  }

  async check(olds: AccountInputs, news: AccountInputs): Promise<pulumi.dynamic.CheckResult<AccountInputs>> {
    return checkAccount(olds ?? {}, news);
  }

  async diff(_id: string, olds: AccountOutputs, news: AccountInputs): Promise<pulumi.dynamic.DiffResult> {
    return diffAccount(olds, withAccountDefaults(news));
  }

  async create(inputs: AccountInputs): Promise<pulumi.dynamic.CreateResult<AccountOutputs>> {
    const n = withAccountDefaults(inputs);
    return { id: `${n.user}@${n.host}`, outs: await converge(n, undefined, "create") };
  }

  async update(_id: string, olds: AccountOutputs, news: AccountInputs): Promise<pulumi.dynamic.UpdateResult<AccountOutputs>> {
    return { outs: await converge(withAccountDefaults(news), olds, "update") };
  }

  async read(id: string, props: AccountOutputs = {} as AccountOutputs): Promise<pulumi.dynamic.ReadResult<AccountOutputs>> {
    const n = withAccountDefaults(props as Partial<AccountInputs>) as unknown as AccountOutputs;
    const live = await inSession(n, who(n), "refresh", [], (s) => s.account(n.user, n.host));
    if (!live) return { id: "", props: {} as AccountOutputs };
    const outs: AccountOutputs = defined({
      ...n,
      grants: live.grants,
      unmanagedGrants: live.unmanaged,
      passwordChangedOutsideStack: !digestMatches(live.storedCredential, n.credentialDigest),
    });
    // The inputs as live, so the next preview's plannedChange says what `up` puts back.
    const { owned: _o, passwordDigest: _d, credentialDigest: _c, unmanagedGrants: _u, ...inputs } = outs;
    void _o; void _d; void _c; void _u;
    return { id, props: outs, inputs: inputs as unknown as AccountOutputs };
  }

  async delete(_id: string, props: AccountOutputs): Promise<void> {
    const n = withAccountDefaults(props as Partial<AccountInputs>);
    if (props.owned === false) {
      console.error(`${who(n)}: left in place: it existed before this stack adopted it`);
      return;
    }
    await inSession(n, who(n), "delete", [], async (s) => {
      if (await s.account(n.user, n.host)) await s.execute(`DROP USER ${accountSql(n.user, n.host)}`);
    });
  }
}

// --- databases --------------------------------------------------------------------------------

const describeDb = (n: Pick<DatabaseInputs, "name">) => `mysql database ${n.name}`;

export function checkDatabase(olds: Partial<DatabaseInputs>, news: Partial<DatabaseInputs>): pulumi.dynamic.CheckResult<DatabaseInputs> {
  const n = withDatabaseDefaults(news);
  const failures = databaseFailures(n);
  if (failures.length === 0) {
    if (typeof olds?.name !== "string") n.plannedChange = `create (or adopt) the database: ${describePlan(planDatabase(undefined, n))}`;
    else if (olds.name !== n.name) n.plannedChange = `replace: its name changes (create ${n.name}, then drop ${olds.name})`;
    else if (containsUnknown(n)) n.plannedChange = "decided at up (some inputs are not known yet)";
    else n.plannedChange = describePlan(planDatabase({ characterSet: String(olds.characterSet), collation: String(olds.collation) }, n));
  }
  return { inputs: n, failures };
}

export function diffDatabase(olds: DatabaseOutputs, news: DatabaseInputs): pulumi.dynamic.DiffResult {
  if (olds.name !== news.name) return { changes: true, replaces: ["name"], deleteBeforeReplace: false };
  if (containsUnknown(news)) return { changes: true };
  const spec = (["characterSet", "collation"] as const).some((k) => String(olds[k]).toLowerCase() !== String(news[k]).toLowerCase());
  return { changes: spec || accessChanged(olds, news) };
}

function databaseOutputs(n: DatabaseInputs, owned: boolean): DatabaseOutputs {
  const { adminPassword: _a, ...plain } = n;
  void _a;
  return defined({ ...plain, owned });
}

export class MysqlDatabaseProvider implements pulumi.dynamic.ResourceProvider<DatabaseInputs, DatabaseOutputs> {
  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    rememberConfig(req);
  }

  async check(olds: DatabaseInputs, news: DatabaseInputs): Promise<pulumi.dynamic.CheckResult<DatabaseInputs>> {
    return checkDatabase(olds ?? {}, news);
  }

  async diff(_id: string, olds: DatabaseOutputs, news: DatabaseInputs): Promise<pulumi.dynamic.DiffResult> {
    return diffDatabase(olds, withDatabaseDefaults(news));
  }

  private async converge(n: DatabaseInputs, doing: string): Promise<boolean> {
    return inSession(n, describeDb(n), doing, [n.adminPassword], async (s) => {
      const live = await s.database(n.name);
      const plan = planDatabase(live, n);
      await act(s, plan, undefined, []);
      if (plan.changes.length) console.error(`${describeDb(n)}: ${plan.changes.join("; ")}`);
      return live === undefined;
    });
  }

  async create(inputs: DatabaseInputs): Promise<pulumi.dynamic.CreateResult<DatabaseOutputs>> {
    const n = withDatabaseDefaults(inputs);
    const created = await this.converge(n, "create");
    if (!created) console.error(`${describeDb(n)}: adopted the existing database (destroy leaves it)`);
    return { id: n.name, outs: databaseOutputs(n, created) };
  }

  async update(_id: string, olds: DatabaseOutputs, news: DatabaseInputs): Promise<pulumi.dynamic.UpdateResult<DatabaseOutputs>> {
    const n = withDatabaseDefaults(news);
    const created = await this.converge(n, "update");
    return { outs: databaseOutputs(n, created || olds.owned !== false) };
  }

  async read(id: string, props: DatabaseOutputs = {} as DatabaseOutputs): Promise<pulumi.dynamic.ReadResult<DatabaseOutputs>> {
    const n = withDatabaseDefaults(props as Partial<DatabaseInputs>) as DatabaseOutputs;
    const live = await inSession(n, describeDb(n), "refresh", [], (s) => s.database(n.name));
    if (!live) return { id: "", props: {} as DatabaseOutputs };
    // Same in substance (case): keep the program's spelling, so a refresh does not churn.
    const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
    const outs = defined({
      ...n,
      characterSet: same(live.characterSet, n.characterSet) ? n.characterSet : live.characterSet,
      collation: same(live.collation, n.collation) ? n.collation : live.collation,
    });
    const { owned: _o, ...inputs } = outs;
    void _o;
    return { id, props: outs, inputs: inputs as DatabaseOutputs };
  }

  async delete(_id: string, props: DatabaseOutputs): Promise<void> {
    const n = withDatabaseDefaults(props as Partial<DatabaseInputs>);
    if (props.owned === false) {
      console.error(`${describeDb(n)}: left in place: it existed before this stack adopted it`);
      return;
    }
    // Prod protects and retains it (rtdw:protectData): the engine never calls this there.
    await inSession(n, describeDb(n), "delete", [], (s) => s.execute(`DROP DATABASE IF EXISTS \`${n.name}\``));
  }
}
