/**
 * Which of a job's sinks are primary-key tables, derived from the jobs' SQL (lineage) and the
 * tables' DDL (schema objects): what blue-green needs to know, since two versions of a job write
 * the same sinks for a while and only upserts on a primary key absorb that (Paimon primary-key
 * tables: docs primary-key-table/overview; StarRocks primary key tables: table_design/table_types).
 */
import { parseDefinition } from "../schema/definition/definition";
import type { LineageJob } from "../lineage/lineage";
import { lineage } from "../lineage/lineage";
import type { SchemaObjectDefinition } from "./schemaObjects";

export interface SinkTable {
  table: string;
  primaryKey: boolean;
  /** The table's CREATE statement as the schema renders it (canary creates its shadow from it). */
  ddl?: string;
}

/** Per job, each sink (`<engine>:<name>` as lineage names it) and whether its table has a primary key. */
export function jobSinks(jobs: LineageJob[], objects: SchemaObjectDefinition[]): Record<string, SinkTable[]> {
  const tables = objects.filter((o) => o.kind === "table" && (o.engine === "paimon" || o.engine === "starrocks"));
  const sink = (id: string): SinkTable => {
    const [engine, name] = [id.slice(0, id.indexOf(":")), id.slice(id.indexOf(":") + 1)];
    // Paimon objects carry the catalog (paimon:paimon.dwd.t), lineage does not (paimon:dwd.t).
    const o = tables.find((t) => t.engine === engine && (t.name === id || t.name.endsWith(`.${name}`)));
    if (!o) return { table: id, primaryKey: false }; // unknown table (a temporary one, or not ours): not known to upsert
    return { table: id, primaryKey: parseDefinition(o.engine === "paimon" ? "flink" : "starrocks", o.sql).primaryKey.length > 0, ddl: o.sql };
  };
  return Object.fromEntries(lineage(jobs).jobs.map((j) => [j.job, j.outputs.map((d) => sink(d.id))]));
}
