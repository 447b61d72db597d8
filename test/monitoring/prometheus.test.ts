/**
 * What the stack renders for Prometheus, checked by Debian's promtool: the config (with its rule
 * files), the rules, and unit tests proving every KPI rule fires at its threshold and not on the
 * healthy side of it, and that unresolved alerts escalate on time.
 */
import * as fs from "fs";
import * as path from "path";
import { ruleGroups, renderRuleFile, runbookMarkdown, allAlertRules } from "../../components/monitoring/prometheusRules";
import { renderPrometheusConfig, RULES_DIR, ScrapeTargets } from "../../components/monitoring/prometheusConfig";
import { SEED_KPIS } from "../../components/observability/kpis";
import { LEVELS } from "../../components/observability/levels";
import { PROMTOOL, run, tempDir, writeFiles } from "./tools";
import { escalationCases, highEscalationCases, kpiCases, promtoolTestFile } from "./kpiCases";

export const TARGETS: ScrapeTargets = {
  flinkJobManagers: { dnsName: "flink-jobmanager", port: 9249 },
  flinkTaskManagers: { dnsName: "flink-taskmanager", port: 9249 },
  starrocksFrontends: { dnsName: "starrocks-fe-hl.rtdw.svc.cluster.local", port: 8030 },
  starrocksBackends: { dnsName: "starrocks-be-hl.rtdw.svc.cluster.local", port: 8040 },
  mysqlExporter: "mysqld-exporter:9104",
  blackboxExporter: "blackbox-exporter:9115",
  streamparkHealthUrl: "http://streampark:10000/actuator/health",
  qualityExporter: "quality-exporter:9399",
  alertmanager: "alertmanager:9093",
};

describe("Prometheus config and rules (promtool)", () => {
  const dir = tempDir("prom");
  const rules = renderRuleFile(ruleGroups(SEED_KPIS));
  const rulesForTests = renderRuleFile(ruleGroups(SEED_KPIS), { withoutSummaries: true });
  writeFiles(dir, {
    "unit/rtdw.yml": rulesForTests,
    "prometheus.yml": renderPrometheusConfig(TARGETS, { externalLabels: { stack: "dev", environment: "dev" } }),
    [`${RULES_DIR}/rtdw.yml`]: rules,
  });

  it("promtool check config accepts prometheus.yml and finds the rule file", async () => {
    const r = await run(PROMTOOL, ["check", "config", path.join(dir, "prometheus.yml")]);
    expect(r.stderr + r.stdout).toContain("SUCCESS");
    expect(r.code).toBe(0);
    const ruleCount = ruleGroups().reduce((n, g) => n + g.rules.length + Object.keys(g.records ?? {}).length, 0);
    expect(r.stdout + r.stderr).toContain(`SUCCESS: ${ruleCount} rules found`);
  });

  it("promtool check rules accepts the rule file", async () => {
    const r = await run(PROMTOOL, ["check", "rules", path.join(dir, RULES_DIR, "rtdw.yml")]);
    expect(r.code).toBe(0);
  });

  it("every rule names a level, a target, a KPI and a runbook line that RUNBOOK.md carries", () => {
    const file = path.join(__dirname, "..", "..", "components", "monitoring", "RUNBOOK.md");
    // RTDW_UPDATE_RUNBOOK=1 npx jest test/monitoring/prometheus.test.ts regenerates it after a rule change.
    if (process.env.RTDW_UPDATE_RUNBOOK === "1") fs.writeFileSync(file, runbookMarkdown());
    const runbook = fs.readFileSync(file, "utf8");
    expect(runbook).toBe(runbookMarkdown());
    for (const r of allAlertRules()) {
      expect(LEVELS).toContain(r.level);
      expect(r.target.length).toBeGreaterThan(0);
      expect(r.kpi.length).toBeGreaterThan(0);
      expect(runbook).toContain(`## ${r.name}`);
      expect(runbook).toContain(r.runbook);
    }
  });

  it("every seed KPI and seed alert has a rule at the seed's number", () => {
    const kpis = allAlertRules().map((r) => `${r.kpi} :: ${r.expr}`).join("\n");
    for (const phrase of [
      "job uptime > 99.9%", "checkpoint success rate > 99%", "processing delay < 5 minutes", "throughput > 10000 records/s",
      "CPU < 80%", "memory < 85%", "quality score > 95", "quality score < 70", "anomalous-data ratio < 0.1%",
      "anomalous data > 2%", "SLA attainment > 99%", "data delay > 15 minutes",
    ]) expect(kpis).toContain(phrase);
  });

  it("KPI rules fire at their thresholds and not one step before (promtool test rules)", async () => {
    const cases = kpiCases(SEED_KPIS);
    writeFiles(dir, { "kpi.test.yml": promtoolTestFile("unit/rtdw.yml", cases, allAlertRules(), ruleGroups().map((g) => g.name)) });
    const r = await run(PROMTOOL, ["test", "rules", "kpi.test.yml"], { cwd: dir, timeoutMs: 120_000 });
    if (r.code !== 0) throw new Error(r.stdout + r.stderr);
    expect(cases.length).toBeGreaterThanOrEqual(40);
  }, 120_000);

  it("unresolved alerts escalate after their response time: MEDIUM 1 h, HIGH 15 min, CRITICAL 5 min", async () => {
    writeFiles(dir, { "escalation.test.yml": promtoolTestFile("unit/rtdw.yml", [...escalationCases(), ...highEscalationCases(SEED_KPIS)], allAlertRules(), ruleGroups().map((g) => g.name)) });
    const r = await run(PROMTOOL, ["test", "rules", "escalation.test.yml"], { cwd: dir, timeoutMs: 120_000 });
    if (r.code !== 0) throw new Error(r.stdout + r.stderr);
  }, 120_000);

  it("the KPI tests can fail: rules rendered one step off the seed's thresholds are caught", async () => {
    const shifted = { ...SEED_KPIS, cpuPercent: SEED_KPIS.cpuPercent + 1, qualityScoreCritical: SEED_KPIS.qualityScoreCritical - 1, dataDelaySeconds: SEED_KPIS.dataDelaySeconds + 1 };
    writeFiles(dir, {
      "unit/shifted.yml": renderRuleFile(ruleGroups(shifted), { withoutSummaries: true }),
      "shifted.test.yml": promtoolTestFile("unit/shifted.yml", kpiCases(SEED_KPIS).filter((c) => !c.alertname.startsWith("RtdwFlinkJob")), allAlertRules(ruleGroups(shifted)), ruleGroups().map((g) => g.name)),
    });
    const r = await run(PROMTOOL, ["test", "rules", "shifted.test.yml"], { cwd: dir, timeoutMs: 120_000 });
    expect(r.code).not.toBe(0);
    const out = r.stdout + r.stderr;
    for (const name of ["RtdwFlinkCpuAboveKpi", "RtdwQualityScoreCritical", "RtdwDataDelayHigh"]) expect(out).toContain(name);
  }, 120_000);
});
