/**
 * Monitoring and alerting for the warehouse (the seed: "End-to-end monitoring", "Alerting"):
 * Prometheus with every system's rules, Alertmanager with the seed's four levels, Grafana with
 * provisioned data sources and dashboards, and the exporters the systems lack (mysqld-exporter,
 * a blackbox probe for StreamPark, a SQL exporter for the quality results) plus the DingTalk
 * adapter. Every service is a platform-neutral ServiceSpec (./services.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { z } from "zod";
import { StackConfig } from "../config/stackConfig";
import { DeployedService, EndpointRef, Flow, Platform, ServiceSpec } from "../platform/service";
import { inNetworkAddress } from "../platform/endpoint";
import { MysqlAccount, MysqlAdminAccess } from "../mysql/accounts/resources";
import { qualityCollector } from "../quality/monitoring/qualityMetrics";
import { AlertChannels, renderAlertmanagerConfig, unconfiguredChannels } from "./alertmanagerConfig";
import { DINGTALK_TARGET, MYSQLD_EXPORTER_PRIVILEGES, renderDingtalkConfig, renderMysqldExporterCnf, renderQualityExporterConfig } from "./exporters";
import { dashboardJson, dashboards, renderDashboardProvider, renderDatasources } from "./grafana/provisioning";
import { kpiThresholdsSchema, KpiThresholds } from "../observability/kpis";
import { CONVERGENCE, LEVEL_POLICY, LEVELS } from "../observability/levels";
import { renderPrometheusConfig } from "./prometheusConfig";
import { MONITORING_PORTS } from "./images";
import { renderRuleFile, ruleGroups } from "./prometheusRules";
import {
  alertmanagerSpec, blackboxExporterSpec, dingtalkSpec, grafanaSpec, mysqldExporterSpec, prometheusSpec,
  qualityExporterSpec, streamparkHealthUrl,
} from "./services";
import { monitoringTuningSchema } from "../config/monitoringTuning";

/** A service's instances by DNS, and the port their metrics are on. */
export interface ScrapeService {
  /** The service's name (network policies allow Prometheus to it). */
  service: string;
  dnsName: pulumi.Input<string>;
  port: number;
}

/** Container memory of the monitoring services in MiB. */
export interface MonitoringMemory {
  prometheus: number;
  alertmanager: number;
  grafana: number;
  mysqldExporter: number;
  blackboxExporter: number;
  qualityExporter: number;
  dingtalk: number;
}

export interface MonitoringArgs {
  platform: Platform;
  stack: string;
  environment: StackConfig["environment"];
  /** `rtdw:monitoring` as the stack config resolved it (retention, storage, channels). */
  settings: StackConfig["monitoring"];
  /** KPI overrides and digest time (./settings.ts); the seed's values when absent. */
  tuning?: z.input<typeof monitoringTuningSchema>;
  scrape: {
    flinkJobManagers: ScrapeService;
    flinkTaskManagers: ScrapeService;
    starrocksFrontends: ScrapeService;
    starrocksBackends: ScrapeService;
    /** host:port of the StreamPark console inside the platform network. */
    streamparkEndpoint: pulumi.Input<string>;
    /** The StreamPark service's name and port (the blackbox exporter probes it). */
    streamparkService: { service: string; port: number };
  };
  /** StarRocks' MySQL-protocol query port inside the platform network, for Grafana and the quality exporter. */
  starrocks: { endpoint: pulumi.Input<string>; user: string; password: pulumi.Input<string>; database: string; flows: Flow[] };
  /** The business MySQL: where mysqld-exporter connects, and an admin login to create its user. */
  mysql: {
    /** How the stack's providers reach it as the admin (MySqlSource.admin). */
    admin: MysqlAdminAccess;
    host: pulumi.Input<string>;
    port: pulumi.Input<number>;
    /** How mysqld-exporter reaches it (a service of the stack or an external server). */
    flow: Flow;
    dependsOn?: pulumi.Resource[];
  };
  /** Container memory per service; the test and prod sizes when absent. */
  memory?: Partial<MonitoringMemory>;
  secrets: {
    grafanaAdminPassword: pulumi.Input<string>;
    /** The DingTalk robot URL with its access_token. */
    dingtalkWebhookUrl?: pulumi.Input<string>;
    wecomApiSecret?: pulumi.Input<string>;
    smtpPassword?: pulumi.Input<string>;
  };
  /** Refuse a stack where a level would reach none of its channels (prod). */
  requireAllChannels?: boolean;
}

export const MONITOR_MYSQL_USER = "rtdw_monitor";

/** Test and prod sizes; dev passes smaller ones (components/config/profiles.ts). */
export const DEFAULT_MONITORING_MEMORY: MonitoringMemory = {
  prometheus: 2048, alertmanager: 256, grafana: 512, mysqldExporter: 128, blackboxExporter: 64, qualityExporter: 128, dingtalk: 64,
};

export class Monitoring extends pulumi.ComponentResource {
  readonly prometheus: DeployedService;
  readonly alertmanager: DeployedService;
  readonly grafana: DeployedService;
  readonly prometheusUrl: pulumi.Output<string>;
  readonly prometheusEndpoint: pulumi.Output<EndpointRef>;
  readonly alertmanagerEndpoint: pulumi.Output<EndpointRef>;
  readonly grafanaEndpoint: pulumi.Output<EndpointRef>;
  readonly alertmanagerUrl: pulumi.Output<string>;
  readonly grafanaUrl: pulumi.Output<string>;
  /** Channels without configuration: their alerts reach the level's other channels only. */
  readonly unconfiguredChannels: pulumi.Output<string[]>;
  /** Who each level reaches, for the stack's outputs (no secrets). */
  readonly routing: Record<string, { channels: string[]; respondWithinMinutes: number; repeatEveryMinutes: number }>;

  constructor(name: string, args: MonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    super("rtdw:monitoring:Monitoring", name, {}, opts);
    const s = args.settings;
    const platform = args.platform;
    const tuning = monitoringTuningSchema.parse(args.tuning ?? {});
    const kpis: KpiThresholds = kpiThresholdsSchema.parse(tuning.kpis);
    const memory: MonitoringMemory = { ...DEFAULT_MONITORING_MEMORY, ...(args.memory ?? {}) };
    const sized = (spec: ServiceSpec, mib: number, egress: Flow[]): ServiceSpec => ({ ...spec, resources: { ...spec.resources, memoryMiB: mib }, egress });

    // --- exporters -------------------------------------------------------------------------
    const exporterPassword = new random.RandomPassword(`${name}-mysql-exporter-password`, { length: 24, special: false }, { parent: this }).result;
    const exporterAccount = new MysqlAccount(`${name}-mysql-exporter-user`, {
      admin: args.mysql.admin, user: MONITOR_MYSQL_USER, password: exporterPassword, grants: [{ on: "*.*", privileges: MYSQLD_EXPORTER_PRIVILEGES }],
    }, { parent: this, dependsOn: args.mysql.dependsOn });
    const mysqldExporter = platform.deploy({
      ...sized(mysqldExporterSpec({
        cnf: pulumi.secret(exporterPassword.apply((pw) => renderMysqldExporterCnf(MONITOR_MYSQL_USER, pw))),
        mysqlAddress: pulumi.interpolate`${args.mysql.host}:${args.mysql.port}`,
      }), memory.mysqldExporter, [args.mysql.flow]),
      dependsOn: [exporterAccount],
    }, this);

    const sp = args.scrape.streamparkService;
    const blackbox = platform.deploy(sized(blackboxExporterSpec(), memory.blackboxExporter,
      [{ service: sp.service, ports: [sp.port], why: "probes StreamPark's health endpoint" }]), this);

    const [srHost, srPort] = [pulumi.output(args.starrocks.endpoint).apply((e) => e.split(":")[0]), pulumi.output(args.starrocks.endpoint).apply((e) => Number(e.split(":")[1]))];
    const qualityExporter = platform.deploy(sized(qualityExporterSpec({
      config: pulumi.secret(pulumi.all([srHost, srPort, args.starrocks.password]).apply(([host, port, password]) => renderQualityExporterConfig({
        host, port, user: args.starrocks.user, password, database: args.starrocks.database, collector: qualityCollector(args.starrocks.database),
      }))),
    }), memory.qualityExporter, args.starrocks.flows), this);

    // --- Alertmanager and the DingTalk adapter -----------------------------------------------------
    const dingtalk = args.secrets.dingtalkWebhookUrl !== undefined
      ? platform.deploy(sized(dingtalkSpec({ config: pulumi.secret(pulumi.output(args.secrets.dingtalkWebhookUrl).apply((u) => renderDingtalkConfig(u))) }),
        memory.dingtalk, [{ external: "dingtalk", ports: [443], why: "DingTalk robot webhooks" }]), this)
      : undefined;
    const email = s.emailTo && s.emailFrom && s.smtpSmarthost ? { to: s.emailTo, from: s.emailFrom, smarthost: s.smtpSmarthost } : undefined;
    const wecom = s.wecomCorpId && s.wecomAgentId && s.wecomToUser && args.secrets.wecomApiSecret !== undefined
      ? { corpId: s.wecomCorpId, agentId: s.wecomAgentId, toUser: s.wecomToUser } : undefined;
    const channels: pulumi.Output<AlertChannels> = pulumi.all([
      dingtalk ? dingtalk.internalEndpoint("http") : pulumi.output(""),
      pulumi.output(args.secrets.smtpPassword ?? ""),
      pulumi.output(args.secrets.wecomApiSecret ?? ""),
    ]).apply(([dingtalkEndpoint, smtpPassword, wecomSecret]) => ({
      ...(dingtalkEndpoint ? { dingtalkAdapterUrl: `http://${dingtalkEndpoint}/dingtalk/${DINGTALK_TARGET}/send` } : {}),
      ...(s.smsWebhookUrl ? { smsWebhookUrl: s.smsWebhookUrl } : {}),
      ...(s.phoneWebhookUrl ? { phoneWebhookUrl: s.phoneWebhookUrl } : {}),
      ...(tuning.escalationWebhookUrl ? { escalationWebhookUrl: tuning.escalationWebhookUrl } : {}),
      // The sender's address is the SMTP login, as with most relays.
      ...(email ? { email: { ...email, ...(smtpPassword ? { username: email.from, password: smtpPassword } : {}) } } : {}),
      ...(wecom && wecomSecret ? { wecom: { ...wecom, apiSecret: wecomSecret } } : {}),
    }));
    // Which channels exist is known from the config alone (not from secret values): checked now.
    const missing = unconfiguredChannels({
      ...(dingtalk ? { dingtalkAdapterUrl: "configured" } : {}),
      smsWebhookUrl: s.smsWebhookUrl,
      phoneWebhookUrl: s.phoneWebhookUrl,
      ...(email ? { email: { ...email } } : {}),
      ...(wecom ? { wecom: { ...wecom, apiSecret: "configured" } } : {}),
    });
    if (args.requireAllChannels && missing.length) {
      throw new Error(`monitoring: every alert channel must be configured in ${args.environment}; missing: ${missing.join(", ")}`);
    }
    this.unconfiguredChannels = pulumi.output(missing);
    const smtpPort = email ? Number(/:(\d+)$/.exec(email.smarthost)?.[1] ?? 25) : undefined;
    this.alertmanager = platform.deploy(sized(alertmanagerSpec({
      config: pulumi.secret(channels.apply((c) => renderAlertmanagerConfig(c, { digest: { startUtc: tuning.digestStartUtc, minutes: CONVERGENCE.groupIntervalSeconds / 60 } }))),
    }), memory.alertmanager, [
      ...(dingtalk ? [{ service: dingtalk.name, ports: [MONITORING_PORTS.dingtalk], why: "CRITICAL alerts to DingTalk through the adapter" }] : []),
      { external: "alert-channels", ports: [...new Set([443, 80, ...(smtpPort ? [smtpPort] : [])])], why: "webhooks (SMS, phone, WeCom, escalation) and email" },
    ]), this);

    // --- Prometheus --------------------------------------------------------------------------
    const sc = args.scrape;
    const promConfig = pulumi.all([
      sc.flinkJobManagers.dnsName, sc.flinkTaskManagers.dnsName, sc.starrocksFrontends.dnsName, sc.starrocksBackends.dnsName,
      sc.streamparkEndpoint, mysqldExporter.internalEndpoint("metrics"), blackbox.internalEndpoint("http"),
      qualityExporter.internalEndpoint("metrics"), this.alertmanager.internalEndpoint("http"),
    ]).apply(([jm, tm, fe, be, sp, myExp, bb, qExp, am]) => renderPrometheusConfig({
      flinkJobManagers: { dnsName: jm, port: sc.flinkJobManagers.port },
      flinkTaskManagers: { dnsName: tm, port: sc.flinkTaskManagers.port },
      starrocksFrontends: { dnsName: fe, port: sc.starrocksFrontends.port },
      starrocksBackends: { dnsName: be, port: sc.starrocksBackends.port },
      mysqlExporter: myExp,
      blackboxExporter: bb,
      streamparkHealthUrl: streamparkHealthUrl(sp),
      qualityExporter: qExp,
      alertmanager: am,
    }, { externalLabels: { stack: args.stack, environment: args.environment } }));
    const scrapeFlow = (t: ScrapeService, why: string): Flow => ({ service: t.service, ports: [t.port], why });
    this.prometheus = platform.deploy(sized(prometheusSpec({
      config: promConfig, rules: renderRuleFile(ruleGroups(kpis)), retentionMs: s.retentionMs, storageGiB: s.storageGiB,
    }), memory.prometheus, [
      scrapeFlow(sc.flinkJobManagers, "scrapes the JobManagers"),
      scrapeFlow(sc.flinkTaskManagers, "scrapes the TaskManagers"),
      scrapeFlow(sc.starrocksFrontends, "scrapes the StarRocks FEs"),
      scrapeFlow(sc.starrocksBackends, "scrapes the StarRocks BEs"),
      { service: mysqldExporter.name, ports: [MONITORING_PORTS.mysqldExporter], why: "scrapes mysqld-exporter" },
      { service: blackbox.name, ports: [MONITORING_PORTS.blackboxExporter], why: "scrapes the StreamPark probe" },
      { service: qualityExporter.name, ports: [MONITORING_PORTS.sqlExporter], why: "scrapes the quality exporter" },
      { service: this.alertmanager.name, ports: [MONITORING_PORTS.alertmanager], why: "sends alerts" },
    ]), this);

    // --- Grafana -------------------------------------------------------------------------------
    this.grafana = platform.deploy(sized(grafanaSpec({
      datasources: pulumi.secret(pulumi.all([this.prometheus.internalEndpoint("http"), args.starrocks.endpoint, args.starrocks.password]).apply(([p, sr, pw]) => renderDatasources({
        prometheusUrl: `http://${p}`, starrocksEndpoint: sr, starrocksUser: args.starrocks.user, starrocksPassword: pw, starrocksDatabase: args.starrocks.database,
      }))),
      provider: renderDashboardProvider(),
      dashboards: Object.fromEntries(dashboards(kpis).map((d) => [`${d.uid}.json`, dashboardJson(d)])),
      adminPassword: args.secrets.grafanaAdminPassword,
    }), memory.grafana, [
      { service: this.prometheus.name, ports: [MONITORING_PORTS.prometheus], why: "Grafana's Prometheus data source" },
      ...args.starrocks.flows.map((f) => ({ ...f, why: "Grafana's StarRocks data source" })),
    ]), this);

    this.prometheusEndpoint = this.prometheus.endpoint("http");
    this.alertmanagerEndpoint = this.alertmanager.endpoint("http");
    this.grafanaEndpoint = this.grafana.endpoint("http");
    this.prometheusUrl = pulumi.interpolate`http://${this.prometheusEndpoint.apply(inNetworkAddress)}`;
    this.alertmanagerUrl = pulumi.interpolate`http://${this.alertmanagerEndpoint.apply(inNetworkAddress)}`;
    this.grafanaUrl = pulumi.interpolate`http://${this.grafanaEndpoint.apply(inNetworkAddress)}`;
    this.routing = Object.fromEntries(LEVELS.map((l) => [l, {
      channels: [...LEVEL_POLICY[l].channels],
      respondWithinMinutes: LEVEL_POLICY[l].responseSeconds / 60,
      repeatEveryMinutes: LEVEL_POLICY[l].repeatSeconds / 60,
    }]));
    this.registerOutputs({
      prometheusUrl: this.prometheusUrl,
      alertmanagerUrl: this.alertmanagerUrl,
      grafanaUrl: this.grafanaUrl,
      unconfiguredChannels: this.unconfiguredChannels,
      routing: this.routing,
    });
  }
}
