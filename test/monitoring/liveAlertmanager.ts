/** A throwaway Debian prometheus-alertmanager on a loopback port with a temp storage dir. */
import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import { ALERTMANAGER, freePort, tempDir, writeFiles } from "./tools";

export interface PostedAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
}

export class LiveAlertmanager {
  private proc?: ChildProcess;
  private log = "";
  port = 0;

  constructor(private readonly config: string) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const dir = tempDir("am");
    writeFiles(dir, { "alertmanager.yml": this.config });
    this.port = await freePort();
    this.proc = spawn(ALERTMANAGER, [
      `--config.file=${path.join(dir, "alertmanager.yml")}`,
      `--storage.path=${path.join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${this.port}`,
      "--cluster.listen-address=", // a single instance: no gossip port
      "--log.level=debug",
    ], { stdio: ["ignore", "pipe", "pipe"] });
    this.proc.stdout?.on("data", (c: Buffer) => (this.log += c.toString()));
    this.proc.stderr?.on("data", (c: Buffer) => (this.log += c.toString()));
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      try {
        const r = await fetch(`${this.url}/-/ready`);
        if (r.ok) return;
      } catch {
        // not listening yet
      }
      if (this.proc.exitCode !== null) break;
      await sleep(100);
    }
    throw new Error(`alertmanager did not become ready:\n${this.log}`);
  }

  logs(): string {
    return this.log;
  }

  async post(alerts: PostedAlert[]): Promise<void> {
    const body = alerts.map((a) => ({ labels: a.labels, annotations: a.annotations ?? {}, startsAt: new Date().toISOString() }));
    const r = await fetch(`${this.url}/api/v2/alerts`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    if (!r.ok) throw new Error(`POST /api/v2/alerts: ${r.status} ${await r.text()}`);
  }

  /** An acknowledgement: a silence on rtdw_alert (components/monitoring/escalation.ts). */
  async silence(label: string, value: string): Promise<void> {
    const now = Date.now();
    const r = await fetch(`${this.url}/api/v2/silences`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        matchers: [{ name: label, value, isRegex: false, isEqual: true }],
        startsAt: new Date(now - 1000).toISOString(),
        endsAt: new Date(now + 3_600_000).toISOString(),
        createdBy: "test",
        comment: "acknowledged",
      }),
    });
    if (!r.ok) throw new Error(`POST /api/v2/silences: ${r.status} ${await r.text()}`);
  }

  async stop(): Promise<void> {
    if (!this.proc || this.proc.exitCode !== null) return;
    const done = new Promise<void>((r) => this.proc!.once("exit", () => r()));
    this.proc.kill("SIGTERM");
    await done;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls until the predicate holds or the time is up; returns whether it held. */
export async function eventually(pred: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (pred()) return true;
    await sleep(50);
  }
  return pred();
}
