/**
 * The dynamic provider of schema objects: a small table of check/diff/create/read/update/delete.
 * check and diff are pure (they run in PR previews, with no engine at hand); the rest opens one
 * engine session per call. Heavy modules (mysql2, axios, the grammar) load on first use: preview's
 * check loads only the grammar. Pulumi's host runs it from the project's source
 * (components/providers); nothing of it is stored in the state.
 */
import type * as pulumi from "@pulumi/pulumi";
import { rememberConfig } from "../../dynamicResource/stackConfig";
import { validateSql } from "../../sqlgrammar";
import { containsUnknown, defined, isUnknown, stableJson } from "../../dynamicResource/values";
import { normalizeSql, parseDefinition } from "../definition/definition";
import type { ObjectShape } from "../definition/definition";
import { ChangePlan, holdsDataKind, planChange, qualified } from "../definition/plan";
import { EngineConnection, EngineError, EngineSession, ENGINE_NAMES } from "../engines/engine";
import { openMysqlProtocol } from "../engines/mysqlProtocol";
import { openSqlGateway } from "../engines/sqlGateway";
import {
  canonicalPlaceholders, describe, DIALECTS, inputFailures, knownSecrets, maskedPlaceholders, nameParts, placeholdersOf, redact,
  SCHEMA_DEFAULTS, SchemaObjectInputs, SchemaObjectOutputs, secretPlaceholder, storableLiveText, withSchemaDefaults, withSecrets,
} from "./inputs";

/**
 * Inputs that change nothing on the engine but are kept current in the state. `endpoint` and
 * `user` are how to reach the engine, not what the object is: a moved endpoint is an update that
 * sends no DDL.
 */
const BOOKKEEPING = ["file", "line", "endpoint", "user", "secretConfigKeys", "allowDataLoss", "timeoutSeconds", "connectAttempts"] as const;

const shapeOf = (o: Pick<SchemaObjectInputs, "engine" | "sql">): ObjectShape => parseDefinition(DIALECTS[o.engine], o.sql);

/** A statement as compared: normalized, its placeholders in one spelling (state may hold an older one). */
const comparable = (engine: SchemaObjectInputs["engine"], sql: string): string => normalizeSql(DIALECTS[engine], canonicalPlaceholders(sql));

/** The plan between two definitions of the same object; a changed name or kind is a replace. */
export function planBetween(olds: Pick<SchemaObjectInputs, "engine" | "sql" | "name">, news: Pick<SchemaObjectInputs, "engine" | "sql" | "name">): ChangePlan {
  if (comparable(news.engine, olds.sql) === comparable(news.engine, news.sql)) return { action: "none", statements: [], changes: [] };
  return planChange(DIALECTS[news.engine], shapeOf(olds), shapeOf(news));
}

/** A replace or delete that drops data without the object's say-so: the message the user reads. */
export function dataLossRefusal(n: SchemaObjectInputs, plan: ChangePlan): string {
  return `${describe(n)}: this change cannot be applied in place and would drop and create the ${n.kind} again, losing its data ` +
    `(${plan.changes.join("; ")}). Write it as an in-place change (add columns, set options) or allow data loss for this object ` +
    `(stack config rtdw:schema.allowDataLoss).`;
}

/** Grammar errors of the statement, with the file's own line numbers (components/sqlgrammar). */
function grammarFailures(n: SchemaObjectInputs): string[] {
  const dialect = n.engine === "paimon" ? "flink" : n.engine;
  // Secrets are placeholders here: the grammar sees a harmless literal in their place.
  const text = maskedPlaceholders(n.sql);
  return validateSql(dialect, `${text};`, n.file, n.line).map((e) => `${e.file}:${e.line}:${e.column}: ${e.message}`);
}

export function checkSchemaObject(olds: Partial<SchemaObjectInputs>, news: Partial<SchemaObjectInputs>): pulumi.dynamic.CheckResult<SchemaObjectInputs> {
  const n = withSchemaDefaults(news);
  const failures = inputFailures(n);
  if (typeof n.sql === "string" && !isUnknown(n.sql) && typeof n.engine === "string" && n.engine in DIALECTS) {
    for (const reason of grammarFailures(n)) failures.push({ property: "sql", reason });
    // Delete and refresh can substitute a secret only from the stack config.
    const statements = Array.isArray(n.setup) && !containsUnknown(n.setup) ? [n.sql, ...n.setup] : [n.sql];
    for (const p of [...new Set(statements.flatMap(placeholdersOf))]) {
      if (!n.secretConfigKeys?.[p]) failures.push({ property: "secretConfigKeys", reason: `${describe(n)}: the statement uses ${secretPlaceholder(p)} but secretConfigKeys names no stack config key for it (delete and refresh read secrets there)` });
    }
    if (failures.length === 0) {
      try {
        const shape = shapeOf(n);
        if (shape.kind !== n.kind) failures.push({ property: "sql", reason: `${describe(n)}: the statement creates a ${shape.kind}, the resource is a ${n.kind}` });
      } catch (e) {
        failures.push({ property: "sql", reason: `${describe(n)}: ${(e as Error).message}` });
      }
    }
    // Refused here, at preview, not halfway through `up`.
    if (failures.length === 0 && typeof olds.sql === "string" && olds.engine === n.engine && olds.name === n.name && !n.allowDataLoss && holdsDataKind(n.kind)) {
      const plan = planBetween(olds as SchemaObjectInputs, n);
      if (plan.action === "replace") failures.push({ property: "sql", reason: dataLossRefusal(n, plan) });
    }
  }
  if (failures.length === 0) n.plannedChange = plannedChange(olds, n);
  return { inputs: n, failures };
}

/**
 * Pure: the change `up` will make, in the engine's own words where it runs statements. The
 * dynamic-provider host forwards no detailed diff (@pulumi/pulumi cmd/dynamic-provider: only
 * changes, replaces, deleteBeforeReplace), so this input is how a preview says it.
 */
export function plannedChange(olds: Partial<SchemaObjectInputs>, n: SchemaObjectInputs): string {
  if (typeof olds.sql !== "string") return `create the ${n.kind} (${n.file}:${n.line})`;
  const identity = (["engine", "kind", "name"] as const).filter((k) => olds[k] !== n[k]);
  if (identity.length > 0) return `replace: its ${identity.join(", ")} change (drop, then create)`;
  if (containsUnknown(n)) return "decided at up (some inputs are not known yet)";
  const plan = planBetween(olds as SchemaObjectInputs, n);
  if (plan.action === "replace") return `replace: drop and create the ${n.kind} (${plan.changes.join("; ")})`;
  if (plan.action === "update") return `in place: ${plan.statements.join("; ")}`;
  return "no statement";
}

/** Pure: what `pulumi preview` shows. Old OUTPUTS against new inputs. */
export function diffSchemaObject(olds: SchemaObjectOutputs, news: SchemaObjectInputs): pulumi.dynamic.DiffResult {
  // Identity: the engine, the kind and the qualified name.
  const replaces = (["engine", "kind", "name"] as const).filter((k) => olds[k] !== news[k]);
  // Fixed physical names: the old object must go before the new one can be created.
  if (replaces.length > 0) return { changes: true, replaces: [...replaces], deleteBeforeReplace: true };
  if (containsUnknown(news)) return { changes: true };
  const plan = planBetween(olds, news);
  if (plan.action === "replace") return { changes: true, replaces: ["sql"], deleteBeforeReplace: true };
  const setup = (o: Pick<SchemaObjectInputs, "setup">) => stableJson((o.setup ?? []).map((s) => comparable(news.engine, s)));
  const changed = plan.action === "update"
    || BOOKKEEPING.some((k) => stableJson(olds[k] ?? null) !== stableJson(news[k] ?? null))
    || setup(olds) !== setup(news);
  // `__provider` is not compared: it is a stub that runs the checkout's code (components/dynamicResource/hostedProvider.ts).
  return { changes: changed };
}

const isPaimonCatalog = (n: Pick<SchemaObjectInputs, "engine" | "kind">) => n.engine === "paimon" && n.kind === "catalog";

function connectionOf(n: SchemaObjectInputs): EngineConnection {
  return {
    engine: n.engine,
    endpoint: n.endpoint,
    user: n.user,
    password: n.engine === "paimon" ? undefined : withSecrets(n, secretPlaceholder("password")),
    // A Paimon catalog is registered by running its own statement first in each session.
    setup: (isPaimonCatalog(n) ? [n.sql] : n.setup).map((s) => withSecrets(n, s)),
    timeoutMs: n.timeoutSeconds * 1000,
    attempts: n.connectAttempts,
    backoffMs: SCHEMA_DEFAULTS.backoffMs,
  };
}

async function openSession(n: SchemaObjectInputs): Promise<EngineSession> {
  const conn = connectionOf(n);
  return n.engine === "paimon" ? openSqlGateway(conn) : openMysqlProtocol(conn);
}

/** Runs `fn` in a session; any failure names the object and the engine and carries no secret. */
async function inSession<T>(n: SchemaObjectInputs, doing: string, fn: (s: EngineSession) => Promise<T>): Promise<T> {
  let session: EngineSession | undefined;
  try {
    session = await openSession(n);
    return await fn(session);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const err = new Error(redact(`${describe(n)}: ${doing} on ${ENGINE_NAMES[n.engine]}: ${message}`, knownSecrets(n))) as Error & { cause?: unknown; partial?: unknown };
    if (e && typeof e === "object" && "partial" in e) err.partial = (e as { partial: unknown }).partial;
    throw err;
  } finally {
    await session?.close();
  }
}

function outputsOf(n: SchemaObjectInputs, owned: boolean, sql = n.sql): SchemaObjectOutputs {
  const { password: _p, secretValues: _s, ...plain } = n;
  void _p; void _s;
  return defined({ ...plain, sql, owned });
}

/** The live definition as it may be stored: secret options as their placeholders, every secret value scrubbed. */
const liveText = (n: SchemaObjectInputs, text: string) => storableLiveText(n, text);

export class SchemaObjectProvider implements pulumi.dynamic.ResourceProvider<SchemaObjectInputs, SchemaObjectOutputs> {
  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    rememberConfig(req);
  }

  async check(olds: SchemaObjectInputs, news: SchemaObjectInputs): Promise<pulumi.dynamic.CheckResult<SchemaObjectInputs>> {
    return checkSchemaObject(olds ?? {}, news);
  }

  async diff(_id: string, olds: SchemaObjectOutputs, news: SchemaObjectInputs): Promise<pulumi.dynamic.DiffResult> {
    return diffSchemaObject(olds, withSchemaDefaults(news));
  }

  async create(inputs: SchemaObjectInputs): Promise<pulumi.dynamic.CreateResult<SchemaObjectOutputs>> {
    const n = withSchemaDefaults(inputs);
    const name = nameParts(n.name);
    // ALTERs applied to an adopted object, for the message if a later one fails.
    const applied: string[] = [];
    let pending = 0;
    let found = "";
    try {
      const owned = await inSession(n, "create", async (s) => {
        // Opening the session registered the catalog and reached its warehouse: that is the creation.
        if (isPaimonCatalog(n)) return true;
        const live = await s.showCreate(n.kind, name);
        if (live === undefined) {
          await s.execute(withSecrets(n, n.sql));
          return true;
        }
        // Already there (made by hand, or by an `up` interrupted before it was recorded): adopted,
        // never owned, so destroy leaves it. What the definition changes in place (columns added,
        // nullability, options, indexes) is applied as an update would, never skipped; a change
        // that needs a replace is for a person to decide.
        const plan = planChange(DIALECTS[n.engine], parseDefinition(DIALECTS[n.engine], live), shapeOf(n));
        if (plan.action === "replace") {
          throw new EngineError(`it already exists with another definition (${plan.changes.join("; ")}); drop it, or change the DDL to match`, false);
        }
        pending = plan.statements.length;
        found = live;
        for (const st of plan.statements) {
          await s.execute(st);
          applied.push(st);
        }
        if (applied.length > 0) console.error(`${describe(n)}: adopted the existing ${n.kind} (destroy leaves it) and brought it to the definition: ${plan.changes.join("; ")}`);
        return false;
      });
      return { id: n.name, outs: outputsOf(n, owned) };
    } catch (e) {
      if (applied.length === 0) throw e;
      // Adopted and partly altered: record it (not owned) with what the engine now has, so the next `up` continues from there.
      const live = await inSession(n, "read after a partial update", (s) => s.showCreate(n.kind, name)).catch(() => undefined);
      const failure = new Error(`${(e as Error).message} (it existed and was adopted; applied ${applied.length} of ${pending} changes: ${applied.join("; ")}; the state now holds the engine's definition)`) as Error & { id?: string; properties?: unknown; reasons?: string[] };
      failure.id = n.name;
      failure.properties = { ...outputsOf(n, false, liveText(n, live ?? found)), __provider: (inputs as unknown as Record<string, unknown>).__provider };
      failure.reasons = [failure.message];
      throw failure;
    }
  }

  async update(id: string, olds: SchemaObjectOutputs, news: SchemaObjectInputs): Promise<pulumi.dynamic.UpdateResult<SchemaObjectOutputs>> {
    const n = withSchemaDefaults(news);
    const plan = planBetween(olds, n);
    if (plan.action === "replace") throw new Error(`${describe(n)}: cannot update in place (${plan.changes.join("; ")}); this is a replace`);
    if (plan.statements.length === 0 && !isPaimonCatalog(n)) return { outs: outputsOf(n, olds.owned ?? true) };
    let applied = 0;
    try {
      await inSession(n, "update", async (s) => {
        // A Paimon catalog has nothing to alter: the session registered the new definition, which proves it works.
        for (const st of plan.statements) {
          await s.execute(st);
          applied++;
        }
      });
    } catch (e) {
      if (applied === 0) throw e;
      // Some ALTERs went in: record what the engine now has, so the next `up` continues from there.
      const live = await inSession(n, "read after a partial update", (s) => s.showCreate(n.kind, nameParts(n.name))).catch(() => undefined);
      const failure = new Error(`${(e as Error).message} (applied ${applied} of ${plan.statements.length} changes: ${plan.statements.slice(0, applied).join("; ")}; the state now holds the engine's definition)`) as Error & { id?: string; properties?: unknown; reasons?: string[] };
      failure.id = id;
      failure.properties = { ...outputsOf(n, olds.owned ?? true, live !== undefined ? liveText(n, live) : olds.sql), __provider: (news as unknown as Record<string, unknown>).__provider };
      failure.reasons = [failure.message];
      throw failure;
    }
    return { outs: outputsOf(n, olds.owned ?? true) };
  }

  async read(id: string, props: SchemaObjectOutputs = {} as SchemaObjectOutputs): Promise<pulumi.dynamic.ReadResult<SchemaObjectOutputs>> {
    const n = withSchemaDefaults(props);
    const live = await inSession(n, "refresh", (s) => s.showCreate(n.kind, nameParts(n.name)));
    if (live === undefined) return { id: "", props: {} as SchemaObjectOutputs };
    // Unchanged in substance: keep our text (a refresh must not churn formatting).
    const drifted = planChange(DIALECTS[n.engine], parseDefinition(DIALECTS[n.engine], live), shapeOf(n)).action !== "none";
    const outs = outputsOf(n, props.owned ?? true, drifted ? liveText(n, live) : n.sql);
    const { owned: _o, ...inputs } = outs;
    void _o;
    return { id, props: outs, inputs: inputs as SchemaObjectOutputs };
  }

  async delete(_id: string, props: SchemaObjectOutputs): Promise<void> {
    const n = withSchemaDefaults(props);
    const name = nameParts(n.name);
    if (props.owned === false) {
      console.error(`${describe(n)}: left in place: it existed before this stack adopted it`);
      return;
    }
    // A Flink catalog is registered per session: there is nothing to drop, and its warehouse holds the data.
    if (isPaimonCatalog(n)) return;
    await inSession(n, "delete", async (s) => {
      if (await s.showCreate(n.kind, name) === undefined) return;
      if (n.kind === "database") {
        const left = await s.tablesIn(name);
        if (left.length > 0) {
          console.error(`${describe(n)}: left in place: it still holds tables this stack did not create (${left.join(", ")})`);
          return;
        }
      } else if (holdsDataKind(n.kind) && !n.allowDataLoss && await s.holdsData(n.kind, name)) {
        throw new EngineError(`refusing to drop it: it holds data and allowDataLoss is off (stack config rtdw:schema.allowDataLoss, or mark it retained: rtdw:protectData)`, false);
      }
      const what = n.kind === "catalog" ? "CATALOG" : n.kind.toUpperCase();
      await s.execute(`DROP ${what} ${qualified(name)}`);
    });
  }
}
