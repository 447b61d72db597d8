/**
 * Generates rt-dw-monitor's Flink SQL from the quality rules: per table and time window each
 * dimension's score (0-100), a weighted total, the anomalous-row share, the largest delay and the
 * seed's alert level, upserted into StarRocks for dashboards and alerting.
 *
 * The monitor reads each table's Paimon `$audit_log` system table: an append-only stream of every
 * change with its row kind, so each change is judged once, when it happens, and per-row values
 * computed at processing time (the delay) are never retracted.
 */
import { LoadedRules, TableRules, WINDOW_FORMATS } from "./rules";

export const MONITOR_JOB = "rt-dw-monitor";
/** The file name generated SQL reports errors under. */
export const MONITOR_FILE = "sql/quality/rules.yaml (generated rt-dw-monitor SQL)";

const DIMENSIONS = ["completeness", "accuracy", "consistency", "timeliness", "conformity"] as const;

function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

function sum(terms: string[]): string {
  return terms.length ? terms.join("\n        + ") : "0";
}

/** Template placeholder of a layer's Paimon database. */
function tableRef(table: string, suffix = ""): string {
  const [layer, name] = table.split(".");
  return "`{{ paimon.catalog }}`.`{{ paimon.db." + layer + " }}`.`" + name + suffix + "`";
}

function tableInsert(t: TableRules, loaded: LoadedRules): string {
  const { rules } = loaded;
  const required = t.completeness.required;
  const nullCells = required.map((c) => `CASE WHEN ${c} IS NULL THEN 1 ELSE 0 END`);
  const accurate = t.accuracy.map((a) => `CASE WHEN (${a.expression}) THEN 1 ELSE 0 END`);
  const conforming = t.conformity.map((c) => `CASE WHEN ${c.column} IS NULL OR REGEXP(CAST(${c.column} AS STRING), ${sqlString(c.pattern)}) THEN 1 ELSE 0 END`);
  const key = t.key.length === 1 ? `CAST(${t.key[0]} AS STRING)` : `CONCAT_WS('|', ${t.key.map((k) => `CAST(${k} AS STRING)`).join(", ")})`;
  const delay = `TIMESTAMPDIFF(SECOND, ${t.timestamp}, LOCALTIMESTAMP)`;
  const w = rules.weights;
  const totalWeight = DIMENSIONS.reduce((s, d) => s + w[d], 0);
  const weighted = DIMENSIONS.map((d) => `${w[d]} * ${d}_score`).join(" + ");
  const ratio = (num: string, checks: number) => (checks === 0 ? "CAST(100 AS DOUBLE)" : `CAST(100.0 * ${num} / (COUNT(*) * ${checks}) AS DOUBLE)`);
  const anomalous = [
    ...(nullCells.length ? [`(${sum(nullCells)}) > 0`] : []),
    ...(accurate.length ? [`(${sum(accurate)}) < ${accurate.length}`] : []),
    ...(conforming.length ? [`(${sum(conforming)}) < ${conforming.length}`] : []),
  ];
  const line = loaded.source.lineOf(["tables", loaded.rules.tables.indexOf(t), "table"]);
  return `-- ${t.table} (${loaded.source.file} line ${line})
INSERT INTO sr_dq_results
  SELECT
    ${sqlString(t.table)} AS table_name,
    window_start,
    row_count,
    completeness_score,
    accuracy_score,
    consistency_score,
    timeliness_score,
    conformity_score,
    (${weighted}) / ${totalWeight} AS quality_score,
    anomalous_ratio,
    max_delay_seconds,
    CASE
      WHEN (${weighted}) / ${totalWeight} < ${rules.alerts.criticalBelowScore} THEN 'CRITICAL'
      WHEN max_delay_seconds > ${Math.round(rules.alerts.highDelayAboveMinutes * 60)} THEN 'HIGH'
      WHEN anomalous_ratio > ${rules.alerts.mediumAnomalousAbovePercent / 100} THEN 'MEDIUM'
      ELSE 'LOW'
    END AS alert_level,
    evaluated_at
  FROM (
    SELECT
      window_start,
      COUNT(*) AS row_count,
      CAST(100 AS DOUBLE) - ${ratio("SUM(null_cells)", required.length)} AS completeness_score,
      ${ratio("SUM(accurate_checks)", accurate.length)} AS accuracy_score,
      CASE WHEN SUM(is_insert) = 0 THEN CAST(100 AS DOUBLE)
        ELSE CAST(100.0 * COUNT(DISTINCT CASE WHEN is_insert = 1 THEN dq_key END) / SUM(is_insert) AS DOUBLE) END AS consistency_score,
      CAST(100.0 * SUM(on_time) / COUNT(*) AS DOUBLE) AS timeliness_score,
      ${ratio("SUM(conforming_checks)", conforming.length)} AS conformity_score,
      CAST(1.0 * SUM(anomalous) / COUNT(*) AS DOUBLE) AS anomalous_ratio,
      MAX(delay_seconds) AS max_delay_seconds,
      MAX(evaluated_at) AS evaluated_at
    FROM (
      SELECT
        TO_TIMESTAMP(DATE_FORMAT(${t.timestamp}, '${WINDOW_FORMATS[rules.window]}')) AS window_start,
        ${key} AS dq_key,
        CASE WHEN rowkind = '+I' THEN 1 ELSE 0 END AS is_insert,
        ${sum(nullCells)} AS null_cells,
        ${sum(accurate)} AS accurate_checks,
        ${sum(conforming)} AS conforming_checks,
        CASE WHEN ${anomalous.length ? anomalous.join("\n          OR ") : "FALSE"} THEN 1 ELSE 0 END AS anomalous,
        ${delay} AS delay_seconds,
        CASE WHEN ${delay} <= ${t.freshnessSla} THEN 1 ELSE 0 END AS on_time,
        LOCALTIMESTAMP AS evaluated_at
      FROM ${tableRef(t.table, "$audit_log")}
      -- every insert and every update's after-image; before-images and deletes are not new data
      WHERE rowkind IN ('+I', '+U') AND ${t.timestamp} IS NOT NULL
    )
    GROUP BY window_start
  );`;
}

/** The monitor job's SQL template (placeholders as in the job files; rendered like them). */
export function monitorSqlTemplate(loaded: LoadedRules, header: string): string {
  const inserts = loaded.rules.tables.map((t) => tableInsert(t, loaded));
  return `${header}

CREATE TEMPORARY TABLE sr_dq_results (
  table_name STRING NOT NULL,
  window_start TIMESTAMP(3) NOT NULL,
  row_count BIGINT,
  completeness_score DOUBLE,
  accuracy_score DOUBLE,
  consistency_score DOUBLE,
  timeliness_score DOUBLE,
  conformity_score DOUBLE,
  quality_score DOUBLE,
  anomalous_ratio DOUBLE,
  max_delay_seconds BIGINT,
  alert_level STRING,
  evaluated_at TIMESTAMP(3),
  PRIMARY KEY (table_name, window_start) NOT ENFORCED
) WITH (
  'connector' = 'starrocks',
  'jdbc-url' = 'jdbc:mysql://{{ starrocks.fe.host }}:{{ starrocks.query-port }}',
  'load-url' = '{{ starrocks.fe.host }}:{{ starrocks.http-port }}',
  'database-name' = '{{ starrocks.database }}',
  'table-name' = 'dq_results',
  'username' = '{{ starrocks.user }}',
  'password' = '{{ starrocks.root.password }}',
  'sink.version' = 'V2',
  'sink.semantic' = 'at-least-once',
  'sink.at-least-once.use-transaction-stream-load' = 'true',
  -- no 'sink.buffer-flush.max-rows': the V2 sink flushes by bytes and interval only (StarRocksSinkOptions#getProperties)
  'sink.buffer-flush.max-bytes' = '{{ starrocks.sink.max-bytes }}',
  'sink.buffer-flush.interval-ms' = '{{ starrocks.sink.interval-ms }}'
);

-- One Flink job for all inserts below: StreamPark 2.1.5 adds every INSERT of a job to one statement set
-- (FlinkSqlExecutor) and has no EXECUTE STATEMENT SET command (SqlCommandParser), so they stand alone.
${inserts.join("\n\n")}
`;
}

/**
 * Each accuracy expression and conformity pattern wrapped in a statement of its own, with the
 * rules-file line it came from, so a grammar error names the rule the user wrote.
 */
export function ruleProbes(loaded: LoadedRules): { line: number; sql: string }[] {
  const probes: { line: number; sql: string }[] = [];
  loaded.rules.tables.forEach((t, ti) => {
    t.accuracy.forEach((a, ai) => probes.push({
      line: loaded.source.lineOf(["tables", ti, "accuracy", ai, "expression"]),
      sql: `SELECT CASE WHEN (${a.expression}) THEN 1 ELSE 0 END FROM probe`,
    }));
    t.conformity.forEach((c, ci) => probes.push({
      line: loaded.source.lineOf(["tables", ti, "conformity", ci, "pattern"]),
      sql: `SELECT REGEXP(CAST(${c.column} AS STRING), ${sqlString(c.pattern)}) FROM probe`,
    }));
  });
  return probes;
}

/**
 * Grammar errors of the rules' expressions and patterns, each at its line in the rules file
 * (the check to run before generating the monitor, so users read their own line, not generated SQL).
 */
export function qualityRuleErrors(loaded: LoadedRules): { file: string; line: number; message: string }[] {
  const { validateSql } = require("../sqlgrammar") as typeof import("../sqlgrammar");
  return ruleProbes(loaded).flatMap((p) => validateSql("flink", p.sql, loaded.source.file).slice(0, 1).map((e) => ({ file: loaded.source.file, line: p.line, message: e.message })));
}
