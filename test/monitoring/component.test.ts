/**
 * The Monitoring component under Pulumi's mock runtime with a recording platform: which services
 * it describes, that every credential stays a secret (secret files, secret env), and that the
 * configs carry the endpoints they were given. Platform-neutral: the fake platform is what the
 * Docker and Kubernetes backends receive.
 */
import * as pulumi from "@pulumi/pulumi";
import { DeployedService, Platform, ServiceSpec, SharedVolume } from "../../components/platform/service";

const SECRETS = { grafana: "grafana-admin-Zq9", dingtalk: "https://oapi.dingtalk.com/robot/send?access_token=ding-token-Zq9", wecom: "wecom-secret-Zq9", smtp: "smtp-pass-Zq9", starrocks: "sr-root-Zq9", mysqlAdmin: "mysql-admin-Zq9" };

interface Recorded { type: string; name: string; inputs: Record<string, unknown> }
const resources: Recorded[] = [];

beforeAll(async () => {
  await pulumi.runtime.setMocks({
    newResource(a) {
      resources.push({ type: a.type, name: a.name, inputs: a.inputs });
      return { id: `${a.name}-id`, state: { ...a.inputs, ...(a.type === "random:index/randomPassword:RandomPassword" ? { result: "exporter-pw-Zq9" } : {}) } };
    },
    call: (a) => a.inputs,
  }, "rtdw", "test", false);
});

class RecordingPlatform implements Platform {
  readonly kind = "docker" as const;
  readonly specs: ServiceSpec[] = [];
  sharedVolume(): SharedVolume { throw new Error("not used"); }
  deploy(spec: ServiceSpec, parent: pulumi.Resource): DeployedService {
    this.specs.push(spec);
    const port = (n: string) => spec.ports?.find((p) => p.name === n)?.port;
    return {
      name: spec.name,
      host: pulumi.output(spec.name),
      internalEndpoint: (n) => pulumi.output(`${spec.name}:${port(n)}`),
      endpoint: (n) => pulumi.output({ kind: "direct" as const, host: "127.0.0.1", port: port(n) ?? 0 }),
      instancesDnsName: pulumi.output(spec.name),
      ready: parent,
    };
  }
}

function unwrap<T>(o: pulumi.Input<T>): Promise<T> {
  return new Promise((resolve) => pulumi.output(o).apply((v) => { resolve(v as T); return v; }));
}

async function isSecret(o: pulumi.Input<unknown>): Promise<boolean> {
  return pulumi.Output.isInstance(o) ? await pulumi.isSecret(o as pulumi.Output<unknown>) : false;
}

async function build(opts: { channels: boolean; environment?: "dev" | "prod"; requireAll?: boolean }) {
  const { Monitoring } = await import("../../components/monitoring");
  const platform = new RecordingPlatform();
  const secret = (v: string) => pulumi.secret(v);
  const monitoring = new Monitoring("monitoring", {
    platform,
    stack: "test",
    environment: opts.environment ?? "dev",
    settings: {
      enabled: true, retentionMs: 3 * 86_400_000, storageGiB: 20, kpis: {}, digestStartUtc: "01:00",
      ...(opts.channels ? {
        smsWebhookUrl: "https://sms.example.com/send", phoneWebhookUrl: "https://voice.example.com/call",
        emailTo: "oncall@example.com", emailFrom: "rtdw@example.com", smtpSmarthost: "smtp.example.com:587",
        wecomCorpId: "corp", wecomAgentId: "1000002", wecomToUser: "@all",
      } : {}),
    },
    tuning: { kpis: { throughputRecordsPerSecond: 150 } },
    scrape: {
      flinkJobManagers: { service: "flink-jobmanager", dnsName: "flink-jobmanager", port: 9249 },
      flinkTaskManagers: { service: "flink-taskmanager", dnsName: "flink-taskmanager-hl.rtdw.svc.cluster.local", port: 9249 },
      starrocksFrontends: { service: "starrocks", dnsName: "starrocks", port: 8030 },
      starrocksBackends: { service: "starrocks", dnsName: "starrocks", port: 8040 },
      streamparkEndpoint: "streampark:10000",
      streamparkService: { service: "streampark", port: 10000 },
    },
    starrocks: { endpoint: "starrocks:9030", user: "root", password: secret(SECRETS.starrocks), database: "rtdw_serving", flows: [{ service: "starrocks", ports: [9030], why: "query" }] },
    mysql: { admin: { endpoint: "127.0.0.1:3306", adminUser: "root", adminPassword: secret(SECRETS.mysqlAdmin), adminPasswordConfigKey: "rtdw:mysqlRootPassword" }, host: "mysql", port: 3306, flow: { service: "mysql", ports: [3306], why: "exporter" } },
    secrets: {
      grafanaAdminPassword: secret(SECRETS.grafana),
      ...(opts.channels ? { dingtalkWebhookUrl: secret(SECRETS.dingtalk), wecomApiSecret: secret(SECRETS.wecom), smtpPassword: secret(SECRETS.smtp) } : {}),
    },
    requireAllChannels: opts.requireAll,
  });
  return { monitoring, platform };
}

describe("Monitoring component", () => {
  it("describes Prometheus, Alertmanager, Grafana, the exporters and the DingTalk adapter as services", async () => {
    const { monitoring, platform } = await build({ channels: true });
    expect(platform.specs.map((s) => s.name).sort()).toEqual(
      ["alertmanager", "alertmanager-dingtalk", "blackbox-exporter", "grafana", "mysqld-exporter", "prometheus", "quality-exporter"]);
    for (const s of platform.specs) expect(s.image).toMatch(/:[^:/]+$/);
    expect(await unwrap(monitoring.prometheusUrl)).toBe("http://127.0.0.1:9090");
    expect(await unwrap(monitoring.alertmanagerUrl)).toBe("http://127.0.0.1:9093");
    expect(await unwrap(monitoring.grafanaUrl)).toBe("http://127.0.0.1:3000");
    expect(await unwrap(monitoring.unconfiguredChannels)).toEqual([]);
  });

  it("keeps every credential secret: secret files and env are secret Outputs, no secret in plain files, args or env", async () => {
    const { platform } = await build({ channels: true });
    const plain: string[] = [];
    for (const s of platform.specs) {
      for (const f of s.files ?? []) {
        const content = await unwrap(f.content);
        if (f.secret) expect({ file: f.path, secret: await isSecret(f.content) }).toEqual({ file: f.path, secret: true });
        else plain.push(content);
      }
      for (const v of Object.values(s.env ?? {})) plain.push(await unwrap(v));
      for (const v of Object.values(s.secretEnv ?? {})) expect(await isSecret(v)).toBe(true);
      plain.push(...(s.args ?? []), ...(s.command ?? []));
    }
    const text = plain.join("\n");
    for (const v of [...Object.values(SECRETS), "exporter-pw-Zq9", "ding-token-Zq9"]) expect(text).not.toContain(v);
    const am = platform.specs.find((s) => s.name === "alertmanager")!;
    const amConfig = await unwrap(am.files![0].content);
    expect(amConfig).toContain(SECRETS.wecom);
    expect(amConfig).toContain(SECRETS.smtp);
    expect(amConfig).toContain("http://alertmanager-dingtalk:8060/dingtalk/rtdw/send");
    const ding = platform.specs.find((s) => s.name === "alertmanager-dingtalk")!;
    expect(await unwrap(ding.files![0].content)).toContain(SECRETS.dingtalk);
    expect(platform.specs.find((s) => s.name === "grafana")!.secretEnv?.GF_SECURITY_ADMIN_PASSWORD).toBeDefined();
  });

  it("scrapes the endpoints it was given and applies the stack's KPI overrides and retention", async () => {
    const { platform } = await build({ channels: false });
    const prom = platform.specs.find((s) => s.name === "prometheus")!;
    const config = await unwrap(prom.files!.find((f) => f.path.endsWith("prometheus.yml"))!.content);
    for (const s of ["flink-taskmanager-hl.rtdw.svc.cluster.local", "mysqld-exporter:9104", "http://streampark:10000/actuator/health", "quality-exporter:9399", "alertmanager:9093"]) expect(config).toContain(s);
    const rules = await unwrap(prom.files!.find((f) => f.path.endsWith("rtdw.yml"))!.content);
    expect(rules).toContain("<= 150");
    expect(prom.args).toContain("--storage.tsdb.retention.time=72h");
    expect(prom.dataVolumes?.[0].sizeGiB).toBe(20);
    const grafana = platform.specs.find((s) => s.name === "grafana")!;
    expect(grafana.files!.map((f) => f.path).filter((p) => p.endsWith(".json")).sort()).toEqual(
      ["/etc/grafana/dashboards/rtdw-jobs.json", "/etc/grafana/dashboards/rtdw-quality.json", "/etc/grafana/dashboards/rtdw-resources.json"]);
  });

  it("creates the exporter's MySQL user with PROCESS, REPLICATION CLIENT and SELECT only", async () => {
    resources.length = 0;
    await build({ channels: false });
    await new Promise((r) => setTimeout(r, 50));
    const account = resources.find((r) => r.type === "pulumi-nodejs:dynamic/mysql:Account");
    expect(account?.inputs.grants).toEqual([{ on: "*.*", privileges: ["PROCESS", "REPLICATION CLIENT", "SELECT"] }]);
    expect(account?.inputs.user).toBe("rtdw_monitor");
  });

  it("without channels: no DingTalk adapter, the missing channels reported; prod refuses", async () => {
    const { monitoring, platform } = await build({ channels: false });
    expect(platform.specs.map((s) => s.name)).not.toContain("alertmanager-dingtalk");
    expect((await unwrap(monitoring.unconfiguredChannels)).map((c) => c.split(" ")[0])).toEqual(["dingtalk", "sms", "phone", "email", "wecom"]);
    await expect(build({ channels: false, environment: "prod", requireAll: true })).rejects.toThrow(/every alert channel must be configured in prod; missing: dingtalk/);
  });
});
