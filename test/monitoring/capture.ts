/**
 * Local stand-ins for every channel Alertmanager delivers to, recording what arrives:
 * webhook receivers (the DingTalk adapter, SMS and phone gateways), the WeCom API as
 * Alertmanager 0.25 calls it (notify/wechat/wechat.go: GET <api_url>gettoken, then POST
 * <api_url>message/send, success when errcode is 0) and an SMTP server (plain, no STARTTLS).
 */
import * as http from "http";
import * as net from "net";

export interface Delivery {
  channel: string;
  at: number;
  /** alertname of each alert in the notification (webhooks), or parsed from the email subject. */
  alertnames: string[];
  targets: string[];
  status?: string;
  subject?: string;
  to?: string;
  raw: string;
}

interface WebhookAlert {
  labels: Record<string, string>;
}

export class ChannelCapture {
  readonly deliveries: Delivery[] = [];
  readonly wecomTokenRequests: string[] = [];
  private http?: http.Server;
  private smtp?: net.Server;
  httpPort = 0;
  smtpPort = 0;

  async start(): Promise<void> {
    this.http = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        const url = new URL(req.url ?? "/", "http://localhost");
        if (url.pathname === "/wecom/gettoken") {
          this.wecomTokenRequests.push(url.search);
          res.setHeader("Content-Type", "application/json");
          res.end(JSON.stringify({ errcode: 0, errmsg: "ok", access_token: "token-1", expires_in: 7200 }));
          return;
        }
        if (url.pathname === "/wecom/message/send") {
          const msg = JSON.parse(body) as { text?: { content?: string } };
          const content = msg.text?.content ?? "";
          this.deliveries.push({ channel: "wecom", at: Date.now(), alertnames: [...content.matchAll(/alertname = (\S+)/g)].map((m) => m[1]), targets: [], raw: body });
          res.setHeader("Content-Type", "application/json");
          res.end(JSON.stringify({ errcode: 0, errmsg: "ok" }));
          return;
        }
        const channel = url.pathname.replace(/^\//, "");
        const payload = JSON.parse(body || "{}") as { alerts?: WebhookAlert[]; status?: string };
        const alerts = payload.alerts ?? [];
        this.deliveries.push({
          channel,
          at: Date.now(),
          alertnames: alerts.map((a) => a.labels.alertname),
          targets: alerts.map((a) => a.labels.target),
          status: payload.status,
          raw: body,
        });
        res.end("ok");
      });
    });
    await new Promise<void>((r) => this.http!.listen(0, "127.0.0.1", () => r()));
    this.httpPort = (this.http.address() as net.AddressInfo).port;

    this.smtp = net.createServer((sock) => this.smtpSession(sock));
    await new Promise<void>((r) => this.smtp!.listen(0, "127.0.0.1", () => r()));
    this.smtpPort = (this.smtp.address() as net.AddressInfo).port;
  }

  /** Just enough of RFC 5321 for a client that does not need TLS or AUTH. */
  private smtpSession(sock: net.Socket): void {
    let buffer = "";
    let inData = false;
    let data = "";
    let to = "";
    sock.write("220 capture ESMTP\r\n");
    sock.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      for (;;) {
        if (inData) {
          const end = buffer.indexOf("\r\n.\r\n");
          if (end < 0) return;
          data += buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          const subject = /^Subject: (.*)$/m.exec(data)?.[1]?.trim() ?? "";
          this.deliveries.push({
            channel: "email", at: Date.now(), subject, to,
            alertnames: [...subject.matchAll(/\] (\S+):/g)].map((m) => m[1]), targets: [], raw: data,
          });
          data = "";
          sock.write("250 queued\r\n");
          continue;
        }
        const nl = buffer.indexOf("\r\n");
        if (nl < 0) return;
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        const cmd = line.slice(0, 4).toUpperCase();
        if (cmd === "EHLO") sock.write("250-capture\r\n250 8BITMIME\r\n");
        else if (cmd === "HELO") sock.write("250 capture\r\n");
        else if (cmd === "RCPT") { to = /<([^>]*)>/.exec(line)?.[1] ?? ""; sock.write("250 ok\r\n"); }
        else if (cmd === "DATA") { inData = true; sock.write("354 go ahead\r\n"); }
        else if (cmd === "QUIT") { sock.end("221 bye\r\n"); return; }
        else sock.write("250 ok\r\n");
      }
    });
    sock.on("error", () => undefined);
  }

  of(channel: string, filter?: (d: Delivery) => boolean): Delivery[] {
    return this.deliveries.filter((d) => d.channel === channel && (!filter || filter(d)));
  }

  /** Deliveries mentioning an alertname, per channel. */
  channelsOf(alertname: string): string[] {
    return [...new Set(this.deliveries.filter((d) => d.alertnames.includes(alertname) || d.raw.includes(alertname)).map((d) => (d.channel === "email" && d.to?.startsWith("digest") ? "digest" : d.channel)))].sort();
  }

  async stop(): Promise<void> {
    await Promise.all([
      new Promise<void>((r) => (this.http ? this.http.close(() => r()) : r())),
      new Promise<void>((r) => (this.smtp ? this.smtp.close(() => r()) : r())),
    ]);
  }
}
