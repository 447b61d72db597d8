/**
 * Every connector option in every WITH clause the product emits is an option of the targeted
 * connector version (lists read from the upstream sources, components/warehouse/connectors/).
 */
import { splitStatements } from "../../components/sqlgrammar";
import { checkConnectorOptions, optionList } from "../../components/warehouse/connectors";
import { jobDefinitions } from "../../components/warehouse/jobs";
import { schemaObjects } from "../../components/warehouse/schemaObjects";
import { defaultSecretRefs, WarehouseVariables } from "../../components/warehouse/variables";
import { VARIABLE_SETS } from "./variableSets";

interface WithClause {
  file: string;
  statement: string;
  kind: "mysql-cdc" | "starrocks" | "paimon" | "paimon-catalog" | "database";
  options: Record<string, string>;
}

function withClauses(file: string, sql: string): WithClause[] {
  const out: WithClause[] = [];
  for (const s of splitStatements("flink", sql)) {
    const m = /\bWITH\s*\(([\s\S]*)\)\s*$/i.exec(s.text);
    if (!m || /^(SET|INSERT|EXECUTE)/i.test(s.text)) continue;
    const options: Record<string, string> = {};
    for (const o of m[1].matchAll(/'((?:[^']|'')*)'\s*=\s*'((?:[^']|'')*)'/g)) options[o[1]] = o[2];
    const kind = /^CREATE\s+CATALOG/i.test(s.text) ? "paimon-catalog" : /^CREATE\s+DATABASE/i.test(s.text) ? "database"
      : options.connector === "mysql-cdc" ? "mysql-cdc" : options.connector === "starrocks" ? "starrocks" : "paimon";
    out.push({ file, statement: s.text.split("\n")[0], kind, options });
  }
  return out;
}

function allClauses(vars: WarehouseVariables): WithClause[] {
  return [
    ...jobDefinitions(vars, defaultSecretRefs(vars)).flatMap((j) => withClauses(j.file, j.sql)),
    ...schemaObjects(vars).filter((o) => o.engine === "paimon").flatMap((o) => withClauses(o.file, o.sql)),
  ];
}

function versionFor(kind: WithClause["kind"], vars: WarehouseVariables): string {
  return kind === "mysql-cdc" ? vars.versions.flinkCdc : kind === "starrocks" ? vars.versions.starrocksConnector : vars.versions.paimon;
}

describe.each(VARIABLE_SETS)("%s stack", (_, vars) => {
  const clauses = allClauses(vars);

  test("uses all three connectors and the Paimon catalog", () => {
    expect(new Set(clauses.map((c) => c.kind))).toEqual(new Set(["mysql-cdc", "starrocks", "paimon", "paimon-catalog", "database"]));
  });

  test("every option is in the option list of the targeted version", () => {
    const findings = clauses.filter((c) => c.kind !== "database").flatMap((c) =>
      checkConnectorOptions(optionList(c.kind as "mysql-cdc", versionFor(c.kind, vars)), c.options).map((f) => `${c.file}: ${c.statement}: ${f.message}`));
    expect(findings).toEqual([]);
  });
});

describe("the check itself", () => {
  test("flags a key the version does not have, with the list's source", () => {
    const findings = checkConnectorOptions(optionList("paimon", "0.9.0"), { "compaction.target-file-size": "256mb", "target-file-size": "256mb" });
    expect(findings).toHaveLength(1);
    expect(findings[0].message).toMatch(/'compaction.target-file-size' is not an option of paimon 0.9.0 \(apache\/paimon@release-0.9.0/);
  });

  test("knows options added between versions", () => {
    // scan.parse.online.schema.changes.enabled arrived in Flink CDC 3.3 (MySqlSourceOptions).
    expect(checkConnectorOptions(optionList("mysql-cdc", "3.3.0"), { "scan.parse.online.schema.changes.enabled": "true" })).toEqual([]);
    expect(checkConnectorOptions(optionList("mysql-cdc", "3.1.1"), { "scan.parse.online.schema.changes.enabled": "true" })).toHaveLength(1);
  });

  test("accepts pass-through prefixes and field-name patterns", () => {
    expect(checkConnectorOptions(optionList("mysql-cdc", "3.3.0"), { "debezium.snapshot.mode": "initial", "jdbc.properties.useSSL": "false" })).toEqual([]);
    expect(checkConnectorOptions(optionList("paimon", "0.8.2"), { "fields.gmv.aggregate-function": "sum" })).toEqual([]);
  });

  test("refuses the seed's StarRocks max-bytes of 50MB: the connector takes at least 64 MB, in bytes", () => {
    const list = optionList("starrocks", "1.2.11");
    expect(checkConnectorOptions(list, { "sink.buffer-flush.max-bytes": "50MB" })[0].message).toMatch(/\[67108864, 10737418240\]/);
    expect(checkConnectorOptions(list, { "sink.buffer-flush.max-bytes": String(50 * 1024 * 1024) })).toHaveLength(1);
    expect(checkConnectorOptions(list, { "sink.buffer-flush.max-bytes": String(64 * 1024 * 1024), "sink.properties.format": "json" })).toEqual([]);
  });

  test("refuses the seed's max-rows on the V2 sink, which flushes by bytes and interval only; the V1 sink reads it", () => {
    const list = optionList("starrocks", "1.2.11");
    const rows = { "sink.buffer-flush.max-rows": "100000" };
    for (const version of [{ "sink.version": "V2" }, {}, { "sink.version": "auto" }] as Record<string, string>[]) {
      expect(checkConnectorOptions(list, { ...version, ...rows })).toEqual([{ key: "sink.buffer-flush.max-rows", message: "'sink.buffer-flush.max-rows' has no effect on the StarRocks V2 sink (connector 1.2.11 flushes by sink.buffer-flush.max-bytes and sink.buffer-flush.interval-ms only)" }]);
    }
    expect(checkConnectorOptions(list, { "sink.version": "V1", ...rows })).toEqual([]);
  });

  test("has no list for a version nobody read", () => {
    expect(() => optionList("paimon", "0.7.0")).toThrow(/no option list for paimon 0.7.0 \(lists kept for: 0.8.2, 0.9.0\)/);
  });
});
