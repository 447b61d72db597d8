/** The quality rules file: validated with clear errors; rt-dw-monitor generated from it. */
import * as fs from "fs";
import * as path from "path";
import { validateSql } from "../../components/sqlgrammar";
import { jobDefinitions } from "../../components/warehouse/jobs";
import { qualityRuleErrors, ruleProbes, MONITOR_FILE } from "../../components/quality/monitorSql";
import { parseQualityRules, QualityRulesError } from "../../components/quality/rules";
import { defaultSecretRefs, defaultWarehouseVariables } from "../../components/warehouse/variables";

const FILE = "sql/quality/rules.yaml";
const RULES = fs.readFileSync(path.join(__dirname, "..", "..", FILE), "utf8");
const vars = defaultWarehouseVariables;
const refs = defaultSecretRefs(vars);

function errorOf(text: string): QualityRulesError {
  try {
    parseQualityRules(text, FILE);
  } catch (e) {
    if (e instanceof QualityRulesError) return e;
    throw e;
  }
  throw new Error("expected the rules to be refused");
}

describe("the rules file", () => {
  test("declares all five dimensions for every table", () => {
    const { rules } = parseQualityRules(RULES, FILE);
    expect(Object.keys(rules.weights).sort()).toEqual(["accuracy", "completeness", "conformity", "consistency", "timeliness"]);
    expect(rules.tables.map((t) => t.table)).toEqual(["dwd.dwd_customers", "dwd.dwd_orders", "dwd.dwd_payments", "dwd.dwd_order_items"]);
    expect(rules.alerts).toEqual({ criticalBelowScore: 70, highDelayAboveMinutes: 15, mediumAnomalousAbovePercent: 2 });
  });

  test("an invalid value is named by file, line and path", () => {
    const bad = RULES.replace("freshnessSla: 10min", "freshnessSla: soon").replace("table: dwd.dwd_orders", "table: orders");
    const e = errorOf(bad);
    const lineOf = (needle: string) => bad.split("\n").findIndex((l) => l.includes(needle)) + 1;
    expect(e.problems).toEqual([
      { line: lineOf("table: orders"), path: "tables.1.table", message: expect.stringMatching(/expected <layer>\.<table>/) },
      { line: lineOf("freshnessSla: soon"), path: "tables.2.freshnessSla", message: expect.stringMatching(/expected a duration such as "90s"/) },
    ]);
    expect(e.message).toContain(`${FILE}:${lineOf("table: orders")}: tables.1.table: expected <layer>.<table>`);
  });

  test("unknown keys and YAML syntax errors are reported with their line", () => {
    const typo = RULES.replace("    conformity:\n      - column: email", "    conformaty:\n      - column: email");
    expect(errorOf(typo).message).toMatch(/rules\.yaml:\d+: tables\.0: Unrecognized key: "conformaty"/);
    expect(errorOf("version: 1\nwindow: [1h\n").message).toMatch(/rules\.yaml:\d+: /);
  });

  test("a rule expression that does not parse names the rules file line", () => {
    const bad = RULES.replace("expression: total_amount >= 0", "expression: total_amount >= >= 0");
    const loaded = parseQualityRules(bad, FILE);
    const failing = ruleProbes(loaded).filter((p) => validateSql("flink", p.sql, FILE).length > 0);
    const line = bad.split("\n").findIndex((l) => l.includes(">= >= 0")) + 1;
    expect(failing.map((p) => p.line)).toEqual([line]);
    expect(qualityRuleErrors(loaded)).toEqual([{ file: FILE, line, message: expect.any(String) }]);
    expect(qualityRuleErrors(parseQualityRules(RULES, FILE))).toEqual([]);
  });
});

describe("rt-dw-monitor's SQL", () => {
  const monitor = jobDefinitions(vars, refs).find((j) => j.name === "rt-dw-monitor")!;

  test("is generated from the rules, one insert per table, into StarRocks", () => {
    expect(monitor.file).toBe(MONITOR_FILE);
    expect(monitor.sql.match(/INSERT INTO sr_dq_results/g)).toHaveLength(4);
    expect(monitor.sql).toContain("FROM `paimon`.`dwd`.`dwd_orders$audit_log`");
    expect(monitor.sql).toContain("'table-name' = 'dq_results'");
    expect(monitor.sql).toContain("CASE WHEN (total_amount >= 0) THEN 1 ELSE 0 END");
    expect(monitor.sql).toContain("REGEXP(CAST(order_status AS STRING), '^(CREATED|PAID|SHIPPED|COMPLETED|CANCELLED)$')");
  });

  test("applies the seed's alert levels in order", () => {
    const alert = /CASE\n\s+WHEN \((.*)\) \/ 100 < 70 THEN 'CRITICAL'\n\s+WHEN max_delay_seconds > 900 THEN 'HIGH'\n\s+WHEN anomalous_ratio > 0.02 THEN 'MEDIUM'\n\s+ELSE 'LOW'/.exec(monitor.sql);
    expect(alert?.[1]).toBe("25 * completeness_score + 25 * accuracy_score + 20 * consistency_score + 15 * timeliness_score + 15 * conformity_score");
  });

  test("changing a rule changes only that job", () => {
    const before = jobDefinitions(vars, refs);
    const after = jobDefinitions(vars, refs, { qualityRules: RULES.replace("criticalBelowScore: 70", "criticalBelowScore: 80") });
    const changed = before.filter((j, i) => j.sql !== after[i].sql).map((j) => j.name);
    expect(changed).toEqual(["rt-dw-monitor"]);
    expect(after[4].sql).toContain("< 80 THEN 'CRITICAL'");
  });
});
