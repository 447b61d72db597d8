/**
 * The schema object resource's inputs and outputs, and the pure checks on them. Outputs carry
 * every input but the secrets: diff() sees old outputs only. Secrets (the engine password, S3
 * keys inside a catalog statement) are secret inputs for create/update; delete and refresh read
 * them from the stack config keys the outputs name.
 */
import { configured } from "../../dynamicResource/stackConfig";
import { containsUnknown, isUnknown } from "../../dynamicResource/values";
import type { Dialect, ObjectKind } from "../definition/definition";
import type { SchemaEngine } from "../engines/engine";
import { ENGINE_NAMES } from "../engines/engine";

export interface SchemaObjectInputs {
  /** What `up` will do and why: set by check from the old and new inputs, so preview shows it. */
  plannedChange?: string;
  engine: SchemaEngine;
  kind: ObjectKind;
  /** `<engine>:<qualified name>`, e.g. mysql:shop.orders (also the resource's identity). */
  name: string;
  /** Where the statement comes from, for every message: file and 1-based line. */
  file: string;
  line: number;
  /** The CREATE statement; secrets as `{{ placeholder }}`. */
  sql: string;
  /** Paimon: the catalog statement each gateway session runs first; secrets as placeholders. */
  setup: string[];
  /** host:port (MySQL, StarRocks) or the SQL Gateway URL (Paimon). */
  endpoint: string;
  user?: string;
  /** Secret input, never an output. */
  password?: string;
  /** Secret input: placeholder -> value. Never an output. */
  secretValues?: Record<string, string>;
  /** Full stack config keys of the secrets, for delete and refresh: `password` and each placeholder. */
  secretConfigKeys: Record<string, string>;
  /** Replacing or dropping this object may drop data (a table's rows, a database's tables). */
  allowDataLoss: boolean;
  timeoutSeconds: number;
  connectAttempts: number;
}

export interface SchemaObjectOutputs extends Omit<SchemaObjectInputs, "password" | "secretValues"> {
  /** Created by this stack (false: it existed and was adopted, so destroy leaves it). */
  owned: boolean;
}

export const SCHEMA_DEFAULTS = { timeoutSeconds: 60, connectAttempts: 4, backoffMs: 500 };

export const DIALECTS: Record<SchemaEngine, Dialect> = { mysql: "mysql", starrocks: "starrocks", paimon: "flink" };

/** The qualified name without the engine prefix, as parts. */
export const nameParts = (name: string): string[] => name.slice(name.indexOf(":") + 1).split(".");

/** Where the object comes from, for messages: `mysql:shop.orders (sql/mysql/01-schema.sql:8)`. */
export const describe = (o: Pick<SchemaObjectInputs, "name" | "file" | "line">): string => `${o.name} (${o.file}:${o.line})`;

export function withSchemaDefaults(news: Partial<SchemaObjectInputs>): SchemaObjectInputs {
  const n = { ...news } as SchemaObjectInputs;
  n.setup ??= [];
  n.secretConfigKeys ??= {};
  n.allowDataLoss ??= false;
  n.timeoutSeconds ??= SCHEMA_DEFAULTS.timeoutSeconds;
  n.connectAttempts ??= SCHEMA_DEFAULTS.connectAttempts;
  return n;
}

export function inputFailures(n: SchemaObjectInputs): { property: string; reason: string }[] {
  const f: { property: string; reason: string }[] = [];
  const who = typeof n.name === "string" ? n.name : "schema object";
  const known = (v: unknown) => !isUnknown(v) && !containsUnknown(v);
  if (known(n.engine) && !(n.engine in ENGINE_NAMES)) f.push({ property: "engine", reason: `${who}: engine must be mysql, starrocks or paimon, got '${String(n.engine)}'` });
  if (known(n.kind) && !["database", "table", "catalog", "view"].includes(n.kind)) f.push({ property: "kind", reason: `${who}: kind must be database, table, catalog or view` });
  if (known(n.name) && (typeof n.name !== "string" || !/^(mysql|starrocks|paimon):[^.\s]+(\.[^.\s]+)*$/.test(n.name))) {
    f.push({ property: "name", reason: `name must be '<engine>:<qualified name>' such as mysql:shop.orders, got '${String(n.name)}'` });
  }
  if (known(n.endpoint) && known(n.engine)) {
    const ok = n.engine === "paimon" ? /^https?:\/\/[^\s/]+/.test(String(n.endpoint)) : /^[^\s:/]+:\d{1,5}$/.test(String(n.endpoint));
    if (!ok) f.push({ property: "endpoint", reason: `${who}: endpoint must be ${n.engine === "paimon" ? "the SQL Gateway URL, e.g. http://localhost:8083" : "host:port, e.g. localhost:3306"}, got '${String(n.endpoint)}'` });
  }
  if (known(n.engine) && n.engine !== "paimon" && known(n.user) && (typeof n.user !== "string" || n.user === "")) f.push({ property: "user", reason: `${who}: user is required for ${ENGINE_NAMES[n.engine]}` });
  for (const [k, key] of Object.entries(n.secretConfigKeys ?? {})) {
    if (typeof key !== "string" || !key.includes(":")) f.push({ property: "secretConfigKeys", reason: `${who}: secretConfigKeys.${k} must be a full stack config key such as rtdw:mysqlRootPassword` });
  }
  for (const k of ["timeoutSeconds", "connectAttempts"] as const) {
    if (known(n[k]) && (!Number.isInteger(n[k]) || n[k] < 1)) f.push({ property: k, reason: `${who}: ${k} must be a whole number >= 1` });
  }
  return f;
}

/**
 * A secret for this call: the secret input when the engine gave one (create, update), else the
 * stack config (delete, refresh). Throws naming the config key, never the value.
 */
export function secretValue(inputs: Partial<SchemaObjectInputs>, placeholder: string): string | undefined {
  const given = placeholder === "password" ? inputs.password : inputs.secretValues?.[placeholder];
  if (typeof given === "string" && !isUnknown(given)) return given;
  const key = inputs.secretConfigKeys?.[placeholder];
  if (!key) return undefined;
  const value = configured(key);
  if (value === undefined) {
    throw new Error(`${inputs.name}: the secret '${placeholder}' is not available: set the stack config '${key}' (pulumi config set --secret ${key} ...)`);
  }
  return value;
}

/**
 * A secret placeholder in a statement is `{{ name }}`, as the warehouse's templates write it
 * (components/warehouse/template.ts). `${name}` is how state written by earlier releases spells it
 * (DDL never reaches StreamPark, whose syntax that is): read, compared as `{{ name }}`, never written.
 */
const NAME = "[A-Za-z][A-Za-z0-9._-]*";
const PLACEHOLDER = String.raw`\{\{\s*(${NAME})\s*\}\}|\$\{(${NAME})\}`;
/** A fresh global regex each time (a shared /g regex carries lastIndex between calls). */
const placeholderPattern = () => new RegExp(PLACEHOLDER, "g");
const nameOf = (m: RegExpMatchArray | string[]): string => m[1] ?? m[2];

/** How a statement names a secret the provider substitutes. */
export const secretPlaceholder = (name: string): string => `{{ ${name} }}`;

/** Placeholders of a statement. */
export const placeholdersOf = (sql: string): string[] => [...new Set([...sql.matchAll(placeholderPattern())].map(nameOf))];

/** The statement with each placeholder spelled `{{ name }}`: a mere respelling compares equal. */
export const canonicalPlaceholders = (sql: string): string => sql.replace(placeholderPattern(), (...m: string[]) => secretPlaceholder(nameOf(m)));

/** The statement with a harmless literal for each placeholder, for the grammar. */
export const maskedPlaceholders = (sql: string): string => sql.replace(placeholderPattern(), "secret");

/** The statement with its secrets in, for the engine only. */
export function withSecrets(inputs: Partial<SchemaObjectInputs>, sql: string): string {
  return sql.replace(placeholderPattern(), (...m: string[]) => {
    const name = nameOf(m);
    const v = secretValue(inputs, name);
    if (v === undefined) throw new Error(`${inputs.name}: ${inputs.file}:${inputs.line}: ${secretPlaceholder(name)} has no value: no secret input and no secretConfigKeys entry`);
    return v;
  });
}

/** Every secret value this object knows, to scrub from anything that leaves the provider. */
export function knownSecrets(inputs: Partial<SchemaObjectInputs>): string[] {
  const names = new Set(["password", ...Object.keys(inputs.secretValues ?? {}), ...Object.keys(inputs.secretConfigKeys ?? {})]);
  const values: string[] = [];
  for (const n of names) {
    try {
      const v = secretValue(inputs, n);
      if (v && v.length >= 3) values.push(v);
    } catch { /* not configured: nothing to scrub */ }
  }
  return values;
}

/**
 * The spellings a secret takes in text an engine hands back: as is, inside a SQL string (quotes
 * doubled as Flink's ShowCreateUtil escapes them, or backslash-escaped as MySQL and StarRocks
 * print them) and inside JSON (an error body). Longest first, so no spelling is left half-scrubbed.
 */
function spellings(secret: string): string[] {
  const forms = [
    secret,
    secret.replace(/'/g, "''"),
    secret.replace(/"/g, "\"\""),
    secret.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/"/g, "\\\""),
    JSON.stringify(secret).slice(1, -1),
  ];
  return [...new Set(forms)].sort((a, b) => b.length - a.length);
}

export function redact(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) for (const form of spellings(s)) out = out.split(form).join("***");
  return out;
}

const regexLiteral = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * `declared`'s options whose value is a secret placeholder (`'s3.access-key' = '{{ s3.access-key }}'`,
 * `"aws.s3.secret_key" = "{{ s3.secret-key }}"`) get that placeholder back in `live`, whatever the
 * engine printed there: the value substituted at create, an older value since rotated (which no
 * configured secret matches), or a partial mask (StarRocks' SHOW CREATE CATALOG prints
 * "AK******M4": docs sql-reference/sql-statements/Catalog/SHOW_CREATE_CATALOG.md).
 */
export function restoreSecretOptions(declared: string, live: string): string {
  let out = live;
  const declaredOption = new RegExp(String.raw`(['"\`])([^'"\`]+)\1\s*=\s*(['"])((?:${PLACEHOLDER}))\3`, "g");
  for (const m of declared.matchAll(declaredOption)) {
    const [, , key, , placeholder] = m;
    const option = new RegExp(`(['"\`])${regexLiteral(key)}\\1(\\s*=\\s*)(['"])(?:\\\\.|\\3\\3|(?!\\3)[^\\\\])*\\3`, "g");
    out = out.replace(option, (_whole, q: string, eq: string, vq: string) => `${q}${key}${q}${eq}${vq}${placeholder}${vq}`);
  }
  return out;
}

/**
 * A live definition as it may be stored (state, refresh inputs): secret options back to their
 * placeholders, then every known secret value scrubbed wherever else it appears.
 */
export function storableLiveText(inputs: Partial<SchemaObjectInputs>, live: string): string {
  const declared = [inputs.sql ?? "", ...(inputs.setup ?? [])].join("\n");
  return redact(restoreSecretOptions(declared, live), knownSecrets(inputs));
}
