/**
 * alertmanager.yml: the seed's routing (the seed: "Alerting"), convergence and inhibition.
 * Keys as Alertmanager 0.25 reads them (docs/configuration.md of prometheus/alertmanager v0.25.0;
 * checked by `amtool check-config` and a live alertmanager in test/monitoring).
 *
 * - Routes by `severity`: critical -> DingTalk (through the DingTalk adapter) + SMS + phone gateways
 *   (webhooks); high -> WeCom (native wechat_configs) + email; medium -> email; low -> a digest
 *   email sent only inside a daily window (time_intervals + active_time_intervals).
 * - Convergence: group_by [severity, alertname] gathers a burst (one alert on many targets) into
 *   one notification after group_wait; group_interval 15 min means no alert appears in two
 *   notifications of its group within 15 min; repeat_interval per level (./levels.ts), at least 15 min.
 * - Inhibition: a firing alert of a higher level mutes lower-level alerts with the same `target`.
 *
 * The file holds secrets (SMTP password, WeCom secret, gateway URLs with keys): it is rendered
 * into a secret file.
 */
import { stringify } from "yaml";
import { CONVERGENCE, LEVEL_POLICY, LEVELS, Level, promDuration } from "../observability/levels";
import { ESCALATED_LABEL } from "./escalation";

export interface EmailChannel {
  to: string;
  from: string;
  /** host:port of the SMTP server. */
  smarthost: string;
  username?: string;
  password?: string;
  /** STARTTLS required (Alertmanager's default true); false only for a trusted local relay. */
  requireTls?: boolean;
}

export interface WeComChannel {
  corpId: string;
  agentId: string;
  toUser: string;
  apiSecret: string;
  /** WeCom API base (Alertmanager default https://qyapi.weixin.qq.com/cgi-bin/). */
  apiUrl?: string;
}

/** Every delivery channel; a missing one is left out of its receiver (see unconfiguredChannels). */
export interface AlertChannels {
  /** The DingTalk adapter's send endpoint, e.g. http://alertmanager-dingtalk:8060/dingtalk/rtdw/send. */
  dingtalkAdapterUrl?: string;
  smsWebhookUrl?: string;
  phoneWebhookUrl?: string;
  /** Where an unacknowledged CRITICAL re-pages; defaults to the phone gateway. */
  escalationWebhookUrl?: string;
  email?: EmailChannel;
  /** Digest recipient; defaults to email.to. */
  digestTo?: string;
  wecom?: WeComChannel;
}

export interface DigestWindow {
  /** "HH:MM" in UTC, start of the daily window in which the LOW digest may be sent. */
  startUtc: string;
  /** Length in minutes: at least one group_interval, so exactly one flush falls inside it. */
  minutes: number;
}

export interface AlertmanagerRenderOptions {
  /** Divides every grouping duration (tests run 15 min as a few seconds); 1 in the stack. */
  timeScale?: number;
  digest?: DigestWindow;
}

export const DEFAULT_DIGEST: DigestWindow = { startUtc: "01:00", minutes: 15 }; // 09:00 China Standard Time

function minutesOf(hhmm: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) throw new Error(`digest start "${hhmm}" is not HH:MM`);
  return Number(m[1]) * 60 + Number(m[2]);
}

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/** The window as Alertmanager time ranges (end exclusive, 24:00 allowed), split at midnight. */
export function digestTimeRanges(w: DigestWindow): { start_time: string; end_time: string }[] {
  const start = minutesOf(w.startUtc);
  const end = start + w.minutes;
  if (w.minutes < 1 || w.minutes > 24 * 60) throw new Error("digest window must last 1 min to 24 h");
  if (end <= 24 * 60) return [{ start_time: hhmm(start), end_time: end === 24 * 60 ? "24:00" : hhmm(end) }];
  return [{ start_time: hhmm(start), end_time: "24:00" }, { start_time: "00:00", end_time: hhmm(end - 24 * 60) }];
}

export const RECEIVERS = { critical: "critical", criticalPage: "critical-page", high: "high", medium: "medium", low: "low-digest" } as const;

export function unconfiguredChannels(c: AlertChannels): string[] {
  const missing: string[] = [];
  if (!c.dingtalkAdapterUrl) missing.push("dingtalk (secret rtdw:dingtalkWebhookUrl)");
  if (!c.smsWebhookUrl) missing.push("sms (rtdw:monitoring.smsWebhookUrl)");
  if (!c.phoneWebhookUrl) missing.push("phone (rtdw:monitoring.phoneWebhookUrl)");
  if (!c.email) missing.push("email (rtdw:monitoring.emailTo, emailFrom, smtpSmarthost)");
  if (!c.wecom) missing.push("wecom (rtdw:monitoring.wecomCorpId, wecomAgentId, wecomToUser, secret rtdw:wecomApiSecret)");
  return missing;
}

const SUBJECT = '[rtdw {{ .CommonLabels.severity | toUpper }}] {{ .CommonLabels.alertname }}: {{ .Alerts.Firing | len }} firing';
const DIGEST_SUBJECT = "[rtdw daily digest] {{ .Alerts.Firing | len }} LOW findings";

function webhook(url: string, sendResolved: boolean): Record<string, unknown> {
  return { url, send_resolved: sendResolved, max_alerts: 0 };
}

export function renderAlertmanagerConfig(c: AlertChannels, o: AlertmanagerRenderOptions = {}): string {
  const scale = o.timeScale ?? 1;
  const d = (seconds: number) => promDuration(seconds / scale);
  const email = c.email;
  const emailTo = (to: string, subject: string) => (email ? [{ to, send_resolved: true, headers: { Subject: subject } }] : []);

  const global: Record<string, unknown> = { resolve_timeout: "5m" };
  if (email) {
    Object.assign(global, {
      smtp_smarthost: email.smarthost,
      smtp_from: email.from,
      smtp_require_tls: email.requireTls ?? true,
      ...(email.username ? { smtp_auth_username: email.username } : {}),
      ...(email.password ? { smtp_auth_password: email.password } : {}),
    });
  }
  if (c.wecom) {
    Object.assign(global, {
      wechat_api_corp_id: c.wecom.corpId,
      wechat_api_secret: c.wecom.apiSecret,
      ...(c.wecom.apiUrl ? { wechat_api_url: c.wecom.apiUrl } : {}),
    });
  }

  const critical = [
    ...(c.dingtalkAdapterUrl ? [webhook(c.dingtalkAdapterUrl, true)] : []),
    ...(c.smsWebhookUrl ? [webhook(c.smsWebhookUrl, false)] : []),
    ...(c.phoneWebhookUrl ? [webhook(c.phoneWebhookUrl, false)] : []),
  ];
  const pageUrl = c.escalationWebhookUrl ?? c.phoneWebhookUrl;
  const receivers = [
    { name: RECEIVERS.critical, webhook_configs: critical },
    {
      name: RECEIVERS.criticalPage,
      webhook_configs: [
        ...(c.dingtalkAdapterUrl ? [webhook(c.dingtalkAdapterUrl, true)] : []),
        ...(pageUrl ? [webhook(pageUrl, false)] : []),
      ],
    },
    {
      name: RECEIVERS.high,
      wechat_configs: c.wecom ? [{ send_resolved: true, agent_id: c.wecom.agentId, to_user: c.wecom.toUser, message: '{{ template "wechat.default.message" . }}' }] : [],
      email_configs: emailTo(email?.to ?? "", SUBJECT),
    },
    { name: RECEIVERS.medium, email_configs: emailTo(email?.to ?? "", SUBJECT) },
    { name: RECEIVERS.low, email_configs: emailTo(c.digestTo ?? email?.to ?? "", DIGEST_SUBJECT) },
  ].map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => !Array.isArray(v) || v.length > 0)));

  const levelRoute = (level: Level, receiver: string, extra: Record<string, unknown> = {}) => ({
    receiver,
    matchers: [`severity="${level}"`],
    repeat_interval: d(LEVEL_POLICY[level].repeatSeconds),
    ...extra,
  });
  const digest = o.digest ?? DEFAULT_DIGEST;
  const config = {
    global,
    time_intervals: [{ name: "daily-digest", time_intervals: [{ times: digestTimeRanges(digest) }] }],
    route: {
      // Nothing is dropped: an alert without a known severity goes to the MEDIUM receiver.
      receiver: RECEIVERS.medium,
      group_by: ["severity", "alertname"],
      group_wait: d(CONVERGENCE.groupWaitSeconds),
      group_interval: d(CONVERGENCE.groupIntervalSeconds),
      repeat_interval: d(LEVEL_POLICY.medium.repeatSeconds),
      routes: [
        levelRoute("critical", RECEIVERS.criticalPage, { matchers: ['severity="critical"', `${ESCALATED_LABEL}="page"`] }),
        levelRoute("critical", RECEIVERS.critical),
        levelRoute("high", RECEIVERS.high),
        levelRoute("medium", RECEIVERS.medium),
        // One digest a day: every LOW alert in one group, flushed every group_interval but only
        // delivered inside the daily window, at most once per repeat_interval (23 h).
        levelRoute("low", RECEIVERS.low, { group_by: ["severity"], active_time_intervals: ["daily-digest"] }),
      ],
    },
    // A higher level mutes every lower level on the same target.
    inhibit_rules: LEVELS.slice(0, -1).map((source, i) => ({
      source_matchers: [`severity="${source}"`],
      target_matchers: [`severity=~"${LEVELS.slice(i + 1).join("|")}"`],
      equal: ["target"],
    })),
    receivers,
  };
  return stringify(config, { lineWidth: 0 });
}
