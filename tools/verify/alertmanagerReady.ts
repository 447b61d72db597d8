/**
 * Alertmanager is ready (GET /-/ready) and the configuration it loaded (GET /api/v2/status,
 * config.original: prometheus/alertmanager api/v2/openapi.yaml) has, for every level, an
 * integration for each channel the stack configured (the stack outputs alertRouting and
 * unconfiguredAlertChannels; receivers as components/monitoring/alertmanagerConfig.ts names them).
 */
import { parse } from "yaml";
import { z } from "zod";
import { RECEIVERS } from "../../components/monitoring/alertmanagerConfig";
import { CheckResult, errorText } from "./result";

const RECEIVER_OF_LEVEL: Record<string, string> = { critical: RECEIVERS.critical, high: RECEIVERS.high, medium: RECEIVERS.medium, low: RECEIVERS.low };
/** Which Alertmanager integration carries each channel. */
const INTEGRATION: Record<string, string> = { dingtalk: "webhook_configs", sms: "webhook_configs", phone: "webhook_configs", email: "email_configs", wecom: "wechat_configs" };

const status = z.object({ config: z.object({ original: z.string() }) }).passthrough();

export interface AlertExpectations {
  routing: Record<string, { channels: string[] }>;
  /** unconfiguredAlertChannels entries, e.g. "sms (rtdw:monitoring.smsWebhookUrl)". */
  unconfigured: string[];
}

export async function checkAlertmanager(url: string, expect: AlertExpectations, timeoutMs = 15_000): Promise<CheckResult> {
  const details: string[] = [];
  let ok = true;
  const base = url.replace(/\/+$/, "");
  try {
    const ready = await fetch(`${base}/-/ready`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!ready.ok) throw new Error(`GET ${base}/-/ready: HTTP ${ready.status}`);
    const res = await fetch(`${base}/api/v2/status`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) throw new Error(`GET ${base}/api/v2/status: HTTP ${res.status}`);
    const config = parse(status.parse(await res.json()).config.original) as { receivers?: Record<string, unknown>[] };
    const receivers = new Map((config.receivers ?? []).map((r) => [String(r.name), r]));
    const missingChannels = new Set(expect.unconfigured.map((c) => c.split(" ")[0]));
    for (const [level, { channels }] of Object.entries(expect.routing)) {
      const receiver = receivers.get(RECEIVER_OF_LEVEL[level] ?? level);
      const wanted = channels.filter((c) => !missingChannels.has(c));
      const need: Record<string, number> = {};
      for (const c of wanted) need[INTEGRATION[c] ?? c] = (need[INTEGRATION[c] ?? c] ?? 0) + 1;
      const short = Object.entries(need).filter(([kind, n]) => ((receiver?.[kind] as unknown[] | undefined)?.length ?? 0) < n);
      if (!receiver && wanted.length) { ok = false; details.push(`${level}: no receiver ${RECEIVER_OF_LEVEL[level]} loaded`); }
      else if (short.length) { ok = false; details.push(`${level}: ${short.map(([k, n]) => `${n} ${k} expected, ${((receiver?.[k] as unknown[] | undefined)?.length ?? 0)} loaded`).join(", ")}`); }
      else details.push(`${level}: ${wanted.length ? wanted.join(", ") : "no channel configured"} loaded`);
    }
    if (missingChannels.size) details.push(`not configured in this stack: ${[...missingChannels].join(", ")}`);
  } catch (e) {
    ok = false;
    details.push(errorText(e));
  }
  return { check: "Alertmanager ready with every configured channel", ok, details };
}
