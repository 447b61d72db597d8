/**
 * The rendered Alertmanager config, checked by amtool and run by a live Debian alertmanager on a
 * loopback port, delivering to local stand-ins for every channel (./capture.ts). The grouping
 * intervals are scaled down by the render option timeScale (15 min -> 4 s); nothing else changes.
 */
import * as path from "path";
import { AlertChannels, renderAlertmanagerConfig, RECEIVERS, DigestWindow } from "../../components/monitoring/alertmanagerConfig";
import { LEVEL_POLICY } from "../../components/observability/levels";
import { AMTOOL, run, tempDir, writeFiles } from "./tools";
import { ChannelCapture } from "./capture";
import { LiveAlertmanager, eventually, sleep } from "./liveAlertmanager";

/** 15 min -> 4 s; group_wait 30 s -> 133 ms; MEDIUM repeat 1 h -> 16 s. */
const SCALE = 225;
const FIFTEEN_MIN_MS = (15 * 60 * 1000) / SCALE;

function channels(c: ChannelCapture): AlertChannels {
  const base = `http://127.0.0.1:${c.httpPort}`;
  return {
    dingtalkAdapterUrl: `${base}/dingtalk`,
    smsWebhookUrl: `${base}/sms`,
    phoneWebhookUrl: `${base}/phone`,
    escalationWebhookUrl: `${base}/page`,
    email: { to: "ops@example.com", from: "rtdw@example.com", smarthost: `127.0.0.1:${c.smtpPort}`, requireTls: false },
    digestTo: "digest@example.com",
    wecom: { corpId: "corp-1", agentId: "1000002", toUser: "@all", apiSecret: "wecom-secret-value", apiUrl: `${base}/wecom/` },
  };
}

/** A daily window around now (UTC), or one that starts two hours from now. */
function window(containsNow: boolean): DigestWindow {
  const now = new Date();
  const minutes = (now.getUTCHours() * 60 + now.getUTCMinutes() + (containsNow ? -2 : 120) + 24 * 60) % (24 * 60);
  return { startUtc: `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`, minutes: 15 };
}

const alert = (alertname: string, severity: string, target: string, extra: Record<string, string> = {}) => ({
  labels: { alertname, severity, target, rtdw_alert: alertname, ...extra },
  annotations: { summary: `${alertname} on ${target}` },
});

describe("Alertmanager config (amtool)", () => {
  const dir = tempDir("amcfg");
  // Written once for every test here, so each test runs alone or in any order.
  beforeAll(() => {
    const c = new ChannelCapture();
    c.httpPort = 1;
    c.smtpPort = 2;
    writeFiles(dir, {
      "full.yml": renderAlertmanagerConfig(channels(c)),
      "empty.yml": renderAlertmanagerConfig({}),
    });
  });

  it("amtool check-config accepts the config with every channel, and with none configured", async () => {
    for (const f of ["full.yml", "empty.yml"]) {
      const r = await run(AMTOOL, ["check-config", path.join(dir, f)]);
      expect(`${f}: ${r.stdout}${r.stderr}`).toContain("SUCCESS");
      expect(r.code).toBe(0);
    }
  });

  it("routes each level to its receiver (amtool config routes test)", async () => {
    const file = path.join(dir, "full.yml");
    const route = async (...labels: string[]) => (await run(AMTOOL, ["config", "routes", "test", `--config.file=${file}`, ...labels])).stdout.trim();
    expect(await route("severity=critical")).toBe(RECEIVERS.critical);
    expect(await route("severity=critical", "escalated=page")).toBe(RECEIVERS.criticalPage);
    expect(await route("severity=high")).toBe(RECEIVERS.high);
    expect(await route("severity=medium")).toBe(RECEIVERS.medium);
    expect(await route("severity=low")).toBe(RECEIVERS.low);
    expect(await route("severity=unknown")).toBe(RECEIVERS.medium);
  });

  it("the stack's intervals are the seed's: bursts wait 30 s, at most one notification per 15 min", () => {
    const text = renderAlertmanagerConfig({});
    expect(text).toContain("group_wait: 30s");
    expect(text).toContain("group_interval: 15m");
    for (const level of ["critical", "high"] as const) expect(LEVEL_POLICY[level].repeatSeconds).toBe(15 * 60);
    expect(text).toMatch(/repeat_interval: 23h/);
  });
});

describe("a live Alertmanager delivers each level to exactly its channels", () => {
  const capture = new ChannelCapture();
  let am: LiveAlertmanager;

  beforeAll(async () => {
    await capture.start();
    am = new LiveAlertmanager(renderAlertmanagerConfig(channels(capture), { timeScale: SCALE, digest: window(true) }));
    await am.start();
  }, 30_000);

  afterAll(async () => {
    await am?.stop();
    await capture.stop();
  });

  it("CRITICAL -> DingTalk + SMS + phone; HIGH -> WeCom + email; MEDIUM -> email; LOW -> digest", async () => {
    await am.post([
      alert("LevelCriticalA", "critical", "t-critical"),
      alert("LevelHighA", "high", "t-high"),
      alert("LevelMediumA", "medium", "t-medium"),
      alert("LevelLowA", "low", "t-low"),
    ]);
    const expected: Record<string, string[]> = {
      LevelCriticalA: ["dingtalk", "phone", "sms"],
      LevelHighA: ["email", "wecom"],
      LevelMediumA: ["email"],
      LevelLowA: ["digest"],
    };
    const all = () => Object.entries(expected).every(([name, ch]) => capture.channelsOf(name).length >= ch.length);
    expect(await eventually(all, 5_000)).toBe(true);
    await sleep(500); // anything extra would arrive now
    for (const [name, ch] of Object.entries(expected)) expect({ name, channels: capture.channelsOf(name) }).toEqual({ name, channels: ch });
    // The WeCom secret went to the WeCom API as corpsecret, from the config's secret.
    expect(capture.wecomTokenRequests.join()).toContain("corpsecret=wecom-secret-value");
    const high = capture.of("email", (d) => d.raw.includes("LevelHighA"));
    expect(high[0].subject).toBe("[rtdw HIGH] LevelHighA: 1 firing");
    expect(capture.of("email", (d) => d.raw.includes("LevelLowA"))[0].subject).toContain("daily digest");
  }, 15_000);

  it("a burst of one alert on many targets arrives as one notification per channel", async () => {
    const targets = ["dwd.a", "dwd.b", "dwd.c", "dwd.d", "dwd.e"];
    for (const t of targets) {
      await am.post([alert("BurstCritical", "critical", t)]);
      await sleep(10);
    }
    expect(await eventually(() => capture.of("dingtalk", (d) => d.alertnames.includes("BurstCritical")).length > 0, 5_000)).toBe(true);
    await sleep(FIFTEEN_MIN_MS / 2);
    for (const ch of ["dingtalk", "sms", "phone"]) {
      const got = capture.of(ch, (d) => d.alertnames.includes("BurstCritical"));
      expect({ ch, notifications: got.length }).toEqual({ ch, notifications: 1 });
      expect([...got[0].targets].sort()).toEqual(targets);
    }
  }, 15_000);

  it("the same alert is delivered at most once per (scaled) 15 minutes while it keeps firing", async () => {
    const started = Date.now();
    // Prometheus re-sends a firing alert every evaluation: do the same, for most of a 15-minute span.
    while (Date.now() - started < FIFTEEN_MIN_MS * 0.8) {
      await am.post([alert("RepeatCritical", "critical", "t-repeat")]);
      await sleep(250);
    }
    const first = capture.of("dingtalk", (d) => d.alertnames.includes("RepeatCritical"));
    expect(first.length).toBe(1);
    // After the repeat interval it is sent again (the suppression is the interval, not a lost alert).
    await am.post([alert("RepeatCritical", "critical", "t-repeat")]);
    expect(await eventually(() => capture.of("dingtalk", (d) => d.alertnames.includes("RepeatCritical")).length === 2, FIFTEEN_MIN_MS * 2.5)).toBe(true);
    const [a, b] = capture.of("dingtalk", (d) => d.alertnames.includes("RepeatCritical"));
    expect(b.at - a.at).toBeGreaterThanOrEqual(FIFTEEN_MIN_MS - 100);
  }, 30_000);

  it("a higher level mutes lower levels on the same target, not on others", async () => {
    await am.post([alert("InhibitSource", "critical", "t-shared")]);
    await sleep(100);
    await am.post([alert("InhibitMedium", "medium", "t-shared"), alert("InhibitMedium", "medium", "t-other")]);
    expect(await eventually(() => capture.of("email", (d) => d.raw.includes("InhibitMedium")).length > 0, 5_000)).toBe(true);
    await sleep(500);
    const mails = capture.of("email", (d) => d.raw.includes("InhibitMedium"));
    expect(mails.length).toBe(1);
    expect(mails[0].subject).toBe("[rtdw MEDIUM] InhibitMedium: 1 firing");
    expect(mails[0].raw).toContain("t-other");
    expect(mails[0].raw).not.toContain("t-shared");
  }, 15_000);

  it("an unacknowledged CRITICAL re-pages by phone (escalation contact) and DingTalk, not SMS", async () => {
    await am.post([alert("RtdwCriticalUnresolved", "critical", "t-page", { rtdw_alert: "PageOriginal", escalated: "page" })]);
    expect(await eventually(() => capture.channelsOf("PageOriginal").length >= 2, 5_000)).toBe(true);
    await sleep(500);
    expect(capture.channelsOf("PageOriginal")).toEqual(["dingtalk", "page"]);
  }, 15_000);

  it("acknowledging (a silence on rtdw_alert) stops the alert and its escalations", async () => {
    await am.silence("rtdw_alert", "AckedAlert");
    await am.post([
      alert("AckedAlert", "high", "t-ack"),
      alert("RtdwEscalatedToCritical", "critical", "t-ack", { rtdw_alert: "AckedAlert", escalated: "to-critical" }),
      alert("NotAcked", "high", "t-ack2"),
    ]);
    expect(await eventually(() => capture.channelsOf("NotAcked").length === 2, 5_000)).toBe(true);
    await sleep(500);
    expect(capture.channelsOf("AckedAlert")).toEqual([]);
  }, 15_000);
});

describe("the LOW digest is sent only inside its daily window", () => {
  const capture = new ChannelCapture();
  let am: LiveAlertmanager;

  beforeAll(async () => {
    await capture.start();
    am = new LiveAlertmanager(renderAlertmanagerConfig(channels(capture), { timeScale: SCALE, digest: window(false) }));
    await am.start();
  }, 30_000);

  afterAll(async () => {
    await am?.stop();
    await capture.stop();
  });

  it("outside the window a LOW alert waits while a CRITICAL one goes out", async () => {
    await am.post([alert("OutsideLow", "low", "t-low"), alert("OutsideCritical", "critical", "t-crit")]);
    expect(await eventually(() => capture.channelsOf("OutsideCritical").length === 3, 5_000)).toBe(true);
    await sleep(FIFTEEN_MIN_MS * 1.5); // a LOW group flush has passed
    expect(capture.channelsOf("OutsideLow")).toEqual([]);
  }, 20_000);
});
