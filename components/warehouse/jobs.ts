/**
 * The five Flink SQL jobs, rendered for a stack: each with its own SET statements (parallelism,
 * checkpointing, state TTL chosen per job), secrets as StreamPark variable references.
 */
import { parseQualityRules } from "../quality/rules";
import { MONITOR_FILE, monitorSqlTemplate } from "../quality/monitorSql";
import { readSqlFile, SQL_FILES } from "./sqlFiles";
import { renderTemplate, streamParkReferences } from "./template";
import { JOB_NAMES, JobSettings, templateValues, WarehouseJobName, WarehouseVariables } from "./variables";
import { flinkDuration } from "../config/units";

export interface JobDefinition {
  /** The StreamPark job name. */
  name: WarehouseJobName;
  /** The template it was rendered from (the rules file for rt-dw-monitor). */
  file: string;
  /** Rendered Flink SQL, SET statements included; secrets as StreamPark `${code}` references. */
  sql: string;
  parallelism: number;
  /** The values of the job's SET statements, as Flink reads them: StreamPark's options carry the same text. */
  settings: JobFlinkSettings;
  /** StreamPark variable codes the SQL references (the secrets it needs at start). */
  variables: string[];
  description: string;
}

const DESCRIPTIONS: Record<WarehouseJobName, string> = {
  "rt-dw-cdc-ingestion": "MySQL CDC -> Paimon ODS",
  "rt-dw-ods-processing": "ODS cleansing, typing and dedup -> DWD entities",
  "rt-dw-dwd-transform": "joins and enrichment -> DWD order-line fact",
  "rt-dw-dws-aggregate": "hourly/daily business metrics -> Paimon DWS and StarRocks",
  "rt-dw-monitor": "data quality per table and window -> StarRocks",
};

/** The SET header every job starts with (the job files carry the same text literally). */
export function jobHeader(name: string, description: string): string {
  return `-- ${name}: ${description}
-- Settings of this job (rendered per stack; ranges from the seed, chosen per job):
SET 'pipeline.name' = '${name}';
SET 'parallelism.default' = '{{ job.parallelism }}';
SET 'execution.checkpointing.interval' = '{{ job.checkpoint.interval }}';
SET 'execution.checkpointing.timeout' = '{{ job.checkpoint.timeout }}';
SET 'execution.checkpointing.min-pause' = '{{ job.checkpoint.min-pause }}';
-- The seed's 'state.ttl' is not a Flink key; the SQL planner's idle-state TTL is table.exec.state.ttl.
SET 'table.exec.state.ttl' = '{{ job.state.ttl }}';
-- The seed's 'state.backend' is the deprecated name of state.backend.type (Flink 1.20 StateBackendOptions).
SET 'state.backend.type' = 'rocksdb';
SET 'state.backend.rocksdb.writebuffer.size' = '64mb';
-- MySQL DATETIMEs are wall-clock times of server-time-zone (rtdw:mysql.serverTimeZone); bucket them in that zone.
SET 'table.local-time-zone' = '{{ mysql.server-time-zone }}';

CREATE CATALOG \`{{ paimon.catalog }}\` WITH (
  'type' = 'paimon',
  'warehouse' = '{{ paimon.warehouse }}'
);`;
}

/** A job's checkpointing and state TTL as Flink parses them ("30 s", "10 min", "1 d"). */
export interface JobFlinkSettings {
  checkpointInterval: string;
  checkpointTimeout: string;
  checkpointMinPause: string;
  stateTtl: string;
}

/** The one rendering of a job's settings: its SET statements and StreamPark's options both use it. */
export function jobFlinkSettings(s: JobSettings): JobFlinkSettings {
  return {
    checkpointInterval: flinkDuration(s.checkpointIntervalMs),
    checkpointTimeout: flinkDuration(s.checkpointTimeoutMs),
    checkpointMinPause: flinkDuration(s.checkpointMinPauseMs),
    stateTtl: flinkDuration(s.stateTtlMs),
  };
}

export function jobValues(name: WarehouseJobName, s: JobSettings, vars: WarehouseVariables): Record<string, string> {
  const f = jobFlinkSettings(s);
  const values: Record<string, string> = {
    "job.parallelism": String(s.parallelism),
    "job.checkpoint.interval": f.checkpointInterval,
    "job.checkpoint.timeout": f.checkpointTimeout,
    "job.checkpoint.min-pause": f.checkpointMinPause,
    "job.state.ttl": f.stateTtl,
  };
  if (name === "rt-dw-cdc-ingestion") {
    // One server id per parallel reader, a disjoint range per source table (mysql-cdc.md "server-id").
    ["customers", "products", "orders", "order_items", "payments"].forEach((t, i) => {
      const start = vars.mysql.serverIdStart + i * s.parallelism;
      values[`cdc.server-id.${t}`] = s.parallelism === 1 ? String(start) : `${start}-${start + s.parallelism - 1}`;
    });
  }
  return values;
}

/**
 * The Paimon catalog's S3 options, when the lake is in S3 (Paimon docs filesystems/s3.md): added
 * on the `'warehouse' = ...` line so the template's line numbers stay those of the file.
 */
export function withCatalogStorage(template: string, vars: WarehouseVariables): string {
  if (!vars.paimon.s3) return template;
  const s3 = vars.paimon.s3;
  const extra = `, 's3.endpoint' = '${s3.endpoint}', 's3.path.style.access' = '${s3.pathStyleAccess}', 's3.access-key' = '{{ s3.access-key }}', 's3.secret-key' = '{{ s3.secret-key }}'`;
  return template.replace(/('warehouse' = '\{\{ paimon\.warehouse \}\}')/g, `$1${extra}`);
}

/** The job's template text (the monitor's generated from the rules file) and its file name. */
export function jobTemplate(name: WarehouseJobName, sources: JobSources = {}): { file: string; text: string } {
  if (name === "rt-dw-monitor") {
    const loaded = parseQualityRules(sources.qualityRules ?? readSqlFile(SQL_FILES.qualityRules), SQL_FILES.qualityRules);
    return { file: MONITOR_FILE, text: monitorSqlTemplate(loaded, jobHeader(name, "data quality per table and window, generated from sql/quality/rules.yaml")) };
  }
  const file = SQL_FILES.jobs[name];
  return { file, text: readSqlFile(file) };
}

/** Overrides of the files the jobs are rendered from (tests, or a rules file kept elsewhere). */
export interface JobSources {
  /** Text of the quality rules (default: sql/quality/rules.yaml). */
  qualityRules?: string;
}

export function jobDefinitions(vars: WarehouseVariables, secretRefs: Record<string, string>, sources: JobSources = {}): JobDefinition[] {
  const base = templateValues(vars);
  return JOB_NAMES.map((name) => {
    const s = vars.jobs[name];
    const { file, text } = jobTemplate(name, sources);
    const sql = renderTemplate(withCatalogStorage(text, vars), { file, values: { ...base, ...jobValues(name, s, vars) }, secretRefs });
    // Every `${...}` left is a StreamPark variable reference (a template has none of its own).
    const variables = streamParkReferences(sql);
    return {
      name,
      file,
      sql,
      parallelism: s.parallelism,
      settings: jobFlinkSettings(s),
      variables,
      description: DESCRIPTIONS[name],
    };
  });
}
