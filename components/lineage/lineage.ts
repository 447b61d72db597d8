/**
 * Lineage derived from the jobs' SQL, not declared by hand: the grammar's entity collector
 * (dt-sql-parser FlinkSQL getAllEntities) finds each INSERT's target and source tables; temporary
 * tables resolve through their connector options to the MySQL or StarRocks table they stand for,
 * temporary views to the tables they read.
 */
import { loadDtSqlParser } from "../sqlgrammar/loader";
import { cachedParse } from "../sqlgrammar/parseCache";
import { withQuietConsole } from "../sqlgrammar";
import { splitStatements } from "../sqlgrammar/statements";

export interface LineageJob {
  name: string;
  sql: string;
}

export type DatasetNamespace = "mysql" | "paimon" | "starrocks" | "flink";

export interface Dataset {
  /** `<namespace>:<name>`, e.g. paimon:dwd.dwd_orders, mysql:shop.orders, starrocks:rtdw_serving.dq_results. */
  id: string;
  namespace: DatasetNamespace;
  name: string;
  /** ods | dwd | dws for Paimon tables, source for MySQL, serving for StarRocks. */
  layer: "source" | "ods" | "dwd" | "dws" | "serving" | "other";
}

export interface JobLineage {
  job: string;
  inputs: Dataset[];
  outputs: Dataset[];
}

export interface Lineage {
  jobs: JobLineage[];
  datasets: Dataset[];
  /** Dataset -> dataset edges, each through the job that moves the data. */
  edges: { from: string; to: string; job: string }[];
}

export interface LineageOptions {
  /** Paimon database name -> layer (defaults: ods, dwd, dws map onto themselves). */
  layers?: Record<string, "ods" | "dwd" | "dws">;
}

const clean = (name: string): string => name.replace(/`/g, "").trim();

function options(withClause: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of withClause.matchAll(/'((?:[^']|'')*)'\s*=\s*'((?:[^']|'')*)'/g)) out[m[1]] = m[2];
  return out;
}

interface Entity {
  entityContextType: string;
  text: string;
  belongStmt?: { stmtContextType: string };
}

export function lineage(jobs: LineageJob[], opts: LineageOptions = {}): Lineage {
  const layers = opts.layers ?? { ods: "ods", dwd: "dwd", dws: "dws" };
  // The grammar loads only on a cache miss (parseCache.ts).
  let flink: InstanceType<ReturnType<typeof loadDtSqlParser>["FlinkSQL"]> | undefined;
  const entitiesOf = (sql: string): Entity[] => cachedParse("dt-sql-parser-4.5.1-flink-entities", sql, (text) => {
    flink ??= new (loadDtSqlParser().FlinkSQL)();
    const found = (withQuietConsole(() => flink!.getAllEntities(text)) ?? []) as unknown as Entity[];
    return found.map((e) => ({ entityContextType: e.entityContextType, text: e.text, belongStmt: e.belongStmt && { stmtContextType: e.belongStmt.stmtContextType } }));
  });
  const datasets = new Map<string, Dataset>();
  const dataset = (namespace: DatasetNamespace, name: string): Dataset => {
    const layer: Dataset["layer"] = namespace === "mysql" ? "source" : namespace === "starrocks" ? "serving"
      : namespace === "paimon" ? (layers[name.split(".")[0]] ?? "other") : "other";
    const d = { id: `${namespace}:${name}`, namespace, name, layer };
    if (!datasets.has(d.id)) datasets.set(d.id, d);
    return datasets.get(d.id) as Dataset;
  };
  const result: JobLineage[] = [];
  const edges: Lineage["edges"] = [];

  for (const job of jobs) {
    const temporary = new Map<string, Dataset[]>(); // temp table/view name -> what it stands for
    const inputs = new Map<string, Dataset>();
    const outputs = new Map<string, Dataset>();
    const resolve = (raw: string): Dataset[] => {
      const name = clean(raw);
      const temp = temporary.get(name.toLowerCase());
      if (temp) return temp;
      const parts = name.split(".");
      // A catalog table: <catalog>.<database>.<table>[$system-table] (every job qualifies lake tables).
      if (parts.length === 3) return [dataset("paimon", `${parts[1]}.${parts[2].replace(/\$.*$/, "")}`)];
      return [dataset("flink", name)];
    };
    const tablesOf = (sql: string): { targets: string[]; sources: string[] } => {
      const entities = entitiesOf(sql);
      const tables = entities.filter((e) => e.entityContextType === "table" && !e.text.trim().startsWith("("));
      return {
        targets: tables.filter((e) => e.belongStmt?.stmtContextType === "insertStmt").map((e) => e.text),
        sources: tables.filter((e) => e.belongStmt?.stmtContextType !== "insertStmt").map((e) => e.text),
      };
    };
    const statements = splitStatements("flink", job.sql).flatMap((s) => {
      const set = /^EXECUTE\s+STATEMENT\s+SET\s+BEGIN([\s\S]*)END$/i.exec(s.text);
      return set ? splitStatements("flink", set[1]).map((i) => i.text) : [s.text];
    });
    for (const text of statements) {
      const table = /^CREATE\s+TEMPORARY\s+TABLE\s+(\S+)\s*\(([\s\S]*)\)\s*WITH\s*\(([\s\S]*)\)$/i.exec(text);
      if (table) {
        const o = options(table[3]);
        const stands = o.connector === "mysql-cdc" ? dataset("mysql", `${o["database-name"]}.${o["table-name"]}`)
          : o.connector === "starrocks" ? dataset("starrocks", `${o["database-name"]}.${o["table-name"]}`)
            : dataset("flink", clean(table[1]));
        temporary.set(clean(table[1]).toLowerCase(), [stands]);
        continue;
      }
      const view = /^CREATE\s+TEMPORARY\s+VIEW\s+(\S+)\s+AS\s+([\s\S]*)$/i.exec(text);
      if (view) {
        temporary.set(clean(view[1]).toLowerCase(), tablesOf(view[2]).sources.flatMap(resolve));
        continue;
      }
      if (!/^INSERT\s+INTO\b/i.test(text)) continue;
      const { targets, sources } = tablesOf(text);
      const ins = sources.flatMap(resolve);
      for (const t of targets.flatMap(resolve)) {
        outputs.set(t.id, t);
        for (const i of ins) {
          inputs.set(i.id, i);
          if (!edges.some((e) => e.from === i.id && e.to === t.id && e.job === job.name)) edges.push({ from: i.id, to: t.id, job: job.name });
        }
      }
    }
    const sorted = (m: Map<string, Dataset>) => [...m.values()].sort((a, b) => a.id.localeCompare(b.id));
    result.push({ job: job.name, inputs: sorted(inputs), outputs: sorted(outputs) });
  }
  return { jobs: result, datasets: [...datasets.values()].sort((a, b) => a.id.localeCompare(b.id)), edges };
}

/** The layer graph: which layers feed which, through which jobs (ODS -> DWD -> DWS, monitor attached). */
export function layerGraph(l: Lineage): { from: string; to: string; jobs: string[] }[] {
  const layerOf = new Map(l.datasets.map((d) => [d.id, d.layer]));
  const out = new Map<string, { from: string; to: string; jobs: Set<string> }>();
  for (const e of l.edges) {
    const from = layerOf.get(e.from) as string;
    const to = layerOf.get(e.to) as string;
    const key = `${from}->${to}`;
    if (!out.has(key)) out.set(key, { from, to, jobs: new Set() });
    out.get(key)!.jobs.add(e.job);
  }
  return [...out.values()].map((x) => ({ from: x.from, to: x.to, jobs: [...x.jobs].sort() })).sort((a, b) => `${a.from}${a.to}`.localeCompare(`${b.from}${b.to}`));
}

const mermaidId = (id: string): string => id.replace(/[^A-Za-z0-9_]/g, "_");

/** A mermaid flowchart: datasets grouped by layer, one edge per job move. */
export function lineageMermaid(l: Lineage): string {
  const lines = ["flowchart LR"];
  const order: Dataset["layer"][] = ["source", "ods", "dwd", "dws", "serving", "other"];
  for (const layer of order) {
    const ds = l.datasets.filter((d) => d.layer === layer);
    if (!ds.length) continue;
    lines.push(`  subgraph ${layer.toUpperCase()}`);
    for (const d of ds) lines.push(`    ${mermaidId(d.id)}["${d.id}"]`);
    lines.push("  end");
  }
  for (const e of l.edges) lines.push(`  ${mermaidId(e.from)} -->|${e.job}| ${mermaidId(e.to)}`);
  return lines.join("\n") + "\n";
}

/**
 * OpenLineage-style JSON: one COMPLETE run event per job with its input and output datasets
 * (https://openlineage.io/spec: job {namespace, name}, inputs/outputs [{namespace, name}]).
 */
export function lineageOpenLineage(l: Lineage, opts: { namespace?: string; eventTime?: string } = {}): object[] {
  const ns = opts.namespace ?? "rtdw";
  const ds = (d: Dataset) => ({ namespace: d.namespace, name: d.name, facets: { layer: { layer: d.layer } } });
  return l.jobs.map((j) => ({
    eventType: "COMPLETE",
    eventTime: opts.eventTime ?? "1970-01-01T00:00:00Z",
    producer: "https://github.com/rtdw/rtdw",
    schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/definitions/RunEvent",
    job: { namespace: ns, name: j.job },
    inputs: j.inputs.map(ds),
    outputs: j.outputs.map(ds),
  }));
}

/** A compact, deterministic form for a stack output: per job its inputs and outputs, and the layer graph. */
export function lineageSummary(l: Lineage): { jobs: Record<string, { inputs: string[]; outputs: string[] }>; layers: string[] } {
  return {
    jobs: Object.fromEntries(l.jobs.map((j) => [j.job, { inputs: j.inputs.map((d) => d.id), outputs: j.outputs.map((d) => d.id) }])),
    layers: layerGraph(l).map((e) => `${e.from} -> ${e.to} (${e.jobs.join(", ")})`),
  };
}
