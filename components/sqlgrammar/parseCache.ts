/**
 * Results of slow grammar work kept on disk beside the grammar bundle, keyed by the grammar's
 * version and a hash of the SQL text. The first ANTLR parse of a Flink statement warms the
 * grammar's prediction tables and takes seconds; without this every `pulumi preview` would pay
 * that for the jobs' lineage (bench/evaluation.ts prints the cost with and without it).
 *
 * A lost or corrupt cache only costs time: entries are recomputed, and concurrent writers (jest
 * workers, parallel previews) replace the file atomically.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { grammarBundlePath } from "./loader";

type Entries = Record<string, unknown>;

const SLOT = "__rtdwParseCache";

function cacheFile(kind: string): string {
  return path.join(path.dirname(grammarBundlePath()), `${kind}.json`);
}

function entries(kind: string): Entries {
  const all = ((globalThis as Record<string, unknown>)[SLOT] ??= {}) as Record<string, Entries>;
  if (!all[kind]) {
    try {
      all[kind] = JSON.parse(fs.readFileSync(cacheFile(kind), "utf8")) as Entries;
    } catch {
      all[kind] = {};
    }
  }
  return all[kind];
}

/** `compute(sql)`, remembered on disk under `kind` (name the grammar's version in it). */
export function cachedParse<T>(kind: string, sql: string, compute: (sql: string) => T): T {
  const cache = entries(kind);
  const key = createHash("sha256").update(sql).digest("base64url");
  if (key in cache) return cache[key] as T;
  const value = compute(sql);
  cache[key] = value;
  try {
    const file = cacheFile(kind);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(cache));
    fs.renameSync(tmp, file);
  } catch {
    // A read-only node_modules: the result still serves this process.
  }
  return value;
}
