/**
 * verify's checks against the Flink REST double, a throwaway MariaDB standing in for the source MySQL
 * and for StarRocks (both speak the MySQL protocol; the DWS table is read without the Paimon catalog
 * prefix here), and a live Debian Alertmanager. One job check also reads the real Flink (the suite's
 * local cluster, or FLINK_REST_URL); it only reads, so it expects no particular jobs.
 */
import * as fs from "fs";
import * as path from "path";
import type { Connection } from "mysql2/promise";
import { FlinkRestDouble } from "../doubles/flink-rest/server";
import { FlinkRest } from "../../tools/verify/flinkRest";
import { checkJobs, sampleJobs } from "../../tools/verify/jobsHealthy";
import { checkMarkerRoundTrip } from "../../tools/verify/markerRoundTrip";
import { checkQualityScore } from "../../tools/verify/qualityScore";
import { checkAlertmanager } from "../../tools/verify/alertmanagerReady";
import { hostPort, targetFrom } from "../../tools/verify/target";
import { parseArgs } from "../../tools/verify/cli";
import { report } from "../../tools/verify/result";
import { connectionOptions, freshDatabase } from "../support/mariadb";
import { LiveAlertmanager } from "../monitoring/liveAlertmanager";
import { FLINK_START_TIMEOUT_MS, sharedFlink } from "../support/flinkCluster";

const jid = (n: number) => n.toString(16).padStart(32, "0");

describe("jobs running and checkpointing", () => {
  const flink = new FlinkRestDouble();
  beforeAll(() => flink.start());
  afterAll(() => flink.stop());
  const now = () => Date.now();
  const healthy = (n: number, name: string) => ({ jid: jid(n), name, state: "RUNNING", startTime: now() - 600_000, checkpointIntervalMs: 60_000, lastCheckpointAckMs: now() - 30_000, restarts: 1 });

  it("passes running jobs with a recent checkpoint and no restart during the window", async () => {
    flink.jobs.splice(0, flink.jobs.length, healthy(1, "rt-dw-cdc-ingestion"), healthy(2, "rt-dw-dws-aggregate"));
    const client = new FlinkRest(flink.url);
    const before = await sampleJobs(client, ["rt-dw-cdc-ingestion", "rt-dw-dws-aggregate"]);
    const r = await checkJobs(client, ["rt-dw-cdc-ingestion", "rt-dw-dws-aggregate"], before, now());
    expect(r.ok).toBe(true);
    expect(r.details[0]).toMatch(/^rt-dw-cdc-ingestion: RUNNING, checkpoint 7 \d+ s ago \(interval 60 s\), no restarts$/);
  });

  it("fails a job that is not running, is missing, checkpoints too rarely, restarted or was resubmitted", async () => {
    const failing = { ...healthy(3, "failed-job"), state: "RESTARTING" };
    const stale = { ...healthy(4, "stale-job"), lastCheckpointAckMs: now() - 200_000 };
    const restarting = healthy(5, "restarting-job");
    const resubmitted = healthy(6, "resubmitted-job");
    const never = { ...healthy(7, "never-checkpointed"), lastCheckpointAckMs: undefined };
    flink.jobs.splice(0, flink.jobs.length, failing, stale, restarting, resubmitted, never);
    const names = ["failed-job", "stale-job", "restarting-job", "resubmitted-job", "never-checkpointed", "missing-job"];
    const client = new FlinkRest(flink.url);
    const before = await sampleJobs(client, names);
    restarting.restarts += 1;
    flink.jobs.push({ ...resubmitted, jid: jid(8), startTime: now() });
    const r = await checkJobs(client, names, before, now());
    expect(r.ok).toBe(false);
    expect(r.details).toEqual([
      "failed-job: RESTARTING, expected RUNNING",
      expect.stringMatching(/^stale-job: last completed checkpoint \d+ s ago, more than two intervals \(120 s\)$/),
      "restarting-job: restarted 1 time(s) during verification",
      "resubmitted-job: the job was resubmitted during verification",
      "never-checkpointed: no completed checkpoint yet",
      "missing-job: not found on the Flink cluster",
    ]);
  });

  it("fails with the address when Flink cannot be reached", async () => {
    const r = await checkJobs(new FlinkRest("http://127.0.0.1:9", 2000), ["x"], new Map(), now());
    expect(r.ok).toBe(false);
    expect(r.details[0]).toContain("GET http://127.0.0.1:9/jobs/overview");
  });

  it("reads the real Flink 1.20's job overview through its response schema (FLINK_REST_URL, else the suite's local cluster)", async () => {
    const url = process.env.FLINK_REST_URL ?? (await sharedFlink()).restUrl;
    const jobs = await new FlinkRest(url).jobs();
    expect(Array.isArray(jobs)).toBe(true);
    const r = await checkJobs(new FlinkRest(url), ["rt-dw-not-deployed"], new Map(), now());
    expect(r.ok).toBe(false);
    expect(r.details).toContain("rt-dw-not-deployed: not found on the Flink cluster");
  }, FLINK_START_TIMEOUT_MS);
});

describe("marker round trip", () => {
  let source: string;
  let serving: string;
  let dws: string;
  let admin: Connection;

  beforeAll(async () => {
    const mysql = await import("mysql2/promise");
    admin = await mysql.createConnection(connectionOptions());
    source = await freshDatabase("verify_src");
    serving = await freshDatabase("verify_srv");
    dws = await freshDatabase("verify_dws");
    // The source tables exactly as the stack creates them.
    const schema = fs.readFileSync(path.join(__dirname, "..", "..", "sql", "mysql", "01-schema.sql"), "utf8").replace(/\{\{ mysql\.database \}\}/g, source);
    await admin.query(schema);
    for (const db of [serving, dws]) {
      await admin.query(`CREATE TABLE \`${db}\`.dws_city_daily (stat_date DATE NOT NULL, city VARCHAR(64) NOT NULL, order_count BIGINT, PRIMARY KEY (stat_date, city))`);
    }
  });
  afterAll(async () => admin.end());

  const target = (timeoutMs: number) => ({
    source: { ...connectionOptions(), database: source },
    starrocks: { ...connectionOptions(), servingDatabase: serving, dwsDatabase: dws },
    timeoutMs, pollMs: 200,
  });
  const markerRows = async () => {
    const [rows] = await admin.query(`SELECT COUNT(*) AS n FROM \`${source}\`.customers WHERE city LIKE 'rtdw-verify-%'`);
    return Number((rows as { n: number }[])[0].n);
  };

  it("passes when the pipeline carries the marker to DWS and StarRocks, then removes it from the source", async () => {
    // Stands in for the five jobs: the city's daily order count into DWS, then into StarRocks.
    const pipeline = setInterval(() => {
      for (const db of [dws, serving]) {
        admin.query(`REPLACE INTO \`${db}\`.dws_city_daily SELECT CURRENT_DATE, c.city, COUNT(DISTINCT o.order_id) FROM \`${source}\`.orders o
          JOIN \`${source}\`.customers c ON c.customer_id = o.customer_id JOIN \`${source}\`.order_items i ON i.order_id = o.order_id GROUP BY c.city`).catch(() => undefined);
      }
    }, 300);
    try {
      const r = await checkMarkerRoundTrip(target(60_000));
      expect(r.ok).toBe(true);
      expect(r.details).toEqual([
        expect.stringMatching(/^marker rtdw-verify-\w+ written to verify_src\w*\.orders$/),
        expect.stringMatching(/^DWS \(Paimon dws_city_daily\): arrived after [\d.]+ s$/),
        expect.stringMatching(/^StarRocks \(serving dws_city_daily\): arrived after [\d.]+ s$/),
        "marker removed from the source (4 rows)",
      ]);
    } finally {
      clearInterval(pipeline);
    }
    expect(await markerRows()).toBe(0);
  });

  it("fails when the marker does not arrive in time, and still removes it", async () => {
    const r = await checkMarkerRoundTrip(target(1_000), "rtdw-verify-late");
    expect(r.ok).toBe(false);
    expect(r.details).toContain("StarRocks (serving dws_city_daily): not there after 1 s");
    expect(r.details).toContain("marker removed from the source (4 rows)");
    expect(await markerRows()).toBe(0);
  });
});

describe("quality score", () => {
  let db: string;
  let admin: Connection;
  beforeAll(async () => {
    const mysql = await import("mysql2/promise");
    admin = await mysql.createConnection(connectionOptions());
    db = await freshDatabase("verify_dq");
    await admin.query(`CREATE TABLE \`${db}\`.dq_results (table_name VARCHAR(128) NOT NULL, window_start DATETIME NOT NULL, quality_score DOUBLE NULL, PRIMARY KEY (table_name, window_start))`);
  });
  afterAll(async () => admin.end());

  it("passes when each table's latest score reaches the KPI, and fails on a latest score below it", async () => {
    await admin.query(`INSERT INTO \`${db}\`.dq_results VALUES ('dwd_orders', '2026-12-01 10:00:00', 80), ('dwd_orders', '2026-12-01 11:00:00', 97.5), ('dwd_payments', '2026-12-01 11:00:00', 99)`);
    const ok = await checkQualityScore({ ...connectionOptions(), servingDatabase: db }, 95);
    expect(ok.ok).toBe(true);
    expect(ok.details).toEqual(["dwd_orders: 97.5 (window 2026-12-01 11:00:00 UTC)", "dwd_payments: 99.0 (window 2026-12-01 11:00:00 UTC)"]);
    await admin.query(`INSERT INTO \`${db}\`.dq_results VALUES ('dwd_payments', '2026-12-01 12:00:00', 90)`);
    const low = await checkQualityScore({ ...connectionOptions(), servingDatabase: db }, 95);
    expect(low.ok).toBe(false);
    expect(low.details).toContain("dwd_payments: 90.0 (window 2026-12-01 12:00:00 UTC) below 95");
  });

  it("fails when there is no score at all", async () => {
    const empty = await freshDatabase("verify_dq_empty");
    await admin.query(`CREATE TABLE \`${empty}\`.dq_results (table_name VARCHAR(128) NOT NULL, window_start DATETIME NOT NULL, quality_score DOUBLE NULL)`);
    const r = await checkQualityScore({ ...connectionOptions(), servingDatabase: empty }, 95);
    expect(r).toMatchObject({ ok: false, details: ["dq_results has no score yet"] });
  });
});

describe("Alertmanager", () => {
  const config = [
    "global:", "  smtp_smarthost: 127.0.0.1:2525", "  smtp_from: rtdw@example.invalid", "  smtp_require_tls: false",
    "route:", "  receiver: medium",
    "receivers:",
    "  - name: critical", "    webhook_configs:", "      - url: http://127.0.0.1:1/dingtalk", "      - url: http://127.0.0.1:1/sms",
    "  - name: high", "    email_configs:", "      - to: oncall@example.invalid",
    "  - name: medium", "    email_configs:", "      - to: oncall@example.invalid",
    "  - name: low-digest", "    email_configs:", "      - to: oncall@example.invalid",
  ].join("\n") + "\n";
  const am = new LiveAlertmanager(config);
  beforeAll(() => am.start(), 60000);
  afterAll(() => am.stop());
  const routing = { critical: { channels: ["dingtalk", "sms", "phone"] }, high: { channels: ["wecom", "email"] }, medium: { channels: ["email"] }, low: { channels: ["email"] } };

  it("passes when every configured channel is loaded", async () => {
    const r = await checkAlertmanager(am.url, { routing, unconfigured: ["phone (rtdw:monitoring.phoneWebhookUrl)", "wecom (rtdw:monitoring.wecomCorpId, ...)"] });
    expect(r.details).toEqual(["critical: dingtalk, sms loaded", "high: email loaded", "medium: email loaded", "low: email loaded", "not configured in this stack: phone, wecom"]);
    expect(r.ok).toBe(true);
  });

  it("fails when a configured channel is missing from the loaded configuration, or Alertmanager is down", async () => {
    const r = await checkAlertmanager(am.url, { routing, unconfigured: [] });
    expect(r.ok).toBe(false);
    expect(r.details).toContain("critical: 3 webhook_configs expected, 2 loaded");
    expect(r.details).toContain("high: 1 wechat_configs expected, 0 loaded");
    const down = await checkAlertmanager("http://127.0.0.1:9", { routing, unconfigured: [] }, 2000);
    expect(down.ok).toBe(false);
  });
});

describe("the stack as verify reads it", () => {
  const outputs = { flinkWebUiUrl: "http://10.0.0.5:8081", mysqlEndpoint: "mysql.shop.internal:3306", starrocksQueryEndpoint: "10.0.0.6:9030", jobStatus: { "rt-dw-cdc-ingestion": {} }, alertmanagerUrl: "http://10.0.0.7:9093", alertRouting: { critical: { channels: ["sms"] } } };
  const config = { "rtdw:mysql": { objectValue: { mode: "external", host: "mysql.shop.internal", database: "shop", adminUser: "rtdw_admin", serverTimeZone: "UTC" } }, "rtdw:mysqlRootPassword": { value: "a", secret: true }, "rtdw:starrocksRootPassword": { value: "b", secret: true } };

  it("takes endpoints from the outputs and passwords from the config", () => {
    const t = targetFrom("prod", outputs, config);
    expect(t.source).toEqual({ host: "mysql.shop.internal", port: 3306, user: "rtdw_admin", password: "a", database: "shop" });
    expect(t.starrocks).toMatchObject({ host: "10.0.0.6", port: 9030, password: "b", servingDatabase: "rtdw_serving", paimonCatalog: "paimon_lake", dwsDatabase: "dws" });
    expect(t.jobNames).toEqual(["rt-dw-cdc-ingestion"]);
    expect(t.alertmanager?.url).toBe("http://10.0.0.7:9093");
  });

  it("names what is missing", () => {
    expect(() => targetFrom("test", { ...outputs, flinkWebUiUrl: undefined }, config)).toThrow("flinkWebUiUrl");
    expect(() => targetFrom("test", outputs, { "rtdw:mysqlRootPassword": { value: "a" } })).toThrow("rtdw:starrocksRootPassword is not set");
    expect(() => hostPort("pending", "starrocksQueryEndpoint")).toThrow('starrocksQueryEndpoint: expected host:port, got "pending"');
    expect(() => parseArgs([])).toThrow("usage: npm run verify -- --stack <name>");
    expect(parseArgs(["--stack", "test", "--flink-url=http://127.0.0.1:8081"])).toMatchObject({ stack: "test", flinkUrl: "http://127.0.0.1:8081", timeoutMs: 300_000, qualityKpi: 95 });
  });

  it("prints one block per check and a total", () => {
    expect(report([{ check: "a", ok: true, details: ["fine"] }, { check: "b", ok: false, details: [] }])).toBe("PASS  a\n      fine\nFAIL  b\n\n1 of 2 checks failed");
  });
});

