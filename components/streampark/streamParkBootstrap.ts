/**
 * Everything a fresh StreamPark console needs before it runs jobs: the admin password rotated
 * from the shipped default to the stack's secret, the Flink environment, the session cluster,
 * the secret variables the job SQL references, and alert configurations.
 * Sources: apache/incubator-streampark@v2.1.5 streampark-console-service (PassportController, FlinkEnvController,
 * FlinkClusterController, AlertController, VariableController).
 */
import * as pulumi from "@pulumi/pulumi";
import type { EndpointRef } from "../platform/endpoint";
import type { AlertChannels } from "./lifecycle/bootstrap";
import type { StreamParkConnection } from "./resources";
import { StreamParkAdminPassword, StreamParkAlertConfig, StreamParkFlinkEnvironment, StreamParkSessionCluster, StreamParkVariable } from "./resources";

export interface StreamParkBootstrapArgs {
  /** StreamParkConsole.url: the console as the machine running `pulumi up` reaches it. */
  consoleUrl: pulumi.Input<string | EndpointRef>;
  adminUser?: string;
  /** The stack secret (StackSecrets.password("streamparkAdminPassword")). */
  adminPassword: pulumi.Output<string>;
  /** Stack config key of that secret, read by delete/refresh. Default rtdw:streamparkAdminPassword. */
  passwordConfigKey?: string;
  /** Current admin password when it is no longer StreamPark's shipped default (for a rotation). */
  previousAdminPassword?: pulumi.Output<string>;
  /** Flink environment name and home inside the console container (StreamParkConsole.flinkHome). */
  flinkName: string;
  flinkHome: string;
  /** The JobManager REST URL as StreamPark reaches it (FlinkCluster.restUrl). */
  jobManagerAddress: pulumi.Input<string>;
  /** The JobManager REST URL as the machine running Pulumi reaches it (FlinkCluster.webUiUrl). */
  flinkRestUrl?: pulumi.Input<string | EndpointRef>;
  /** The Flink config.yaml inside the console (StreamParkConsole's copy): a change re-syncs StreamPark's copy. */
  flinkConfigYaml?: pulumi.Input<string>;
  clusterName?: string;
  /** Secret values job SQL references as `${code}`: code -> secret. */
  variables?: Record<string, pulumi.Input<string>>;
  /** Alert configurations by name. */
  alerts?: Record<string, pulumi.Input<AlertChannels>>;
  dependsOn?: pulumi.Input<pulumi.Resource>[];
}

/** Child names may not contain what StreamPark codes allow ('.'): keep names readable and unique. */
function childName(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9-]+/g, "-");
}

export class StreamParkBootstrap extends pulumi.ComponentResource {
  /** How every StreamPark resource of the stack reaches the console. */
  readonly connection: StreamParkConnection;
  readonly adminPassword: StreamParkAdminPassword;
  readonly flinkEnvironment: StreamParkFlinkEnvironment;
  readonly cluster: StreamParkSessionCluster;
  readonly variables: Record<string, StreamParkVariable>;
  readonly alerts: Record<string, StreamParkAlertConfig>;
  readonly envId: pulumi.Output<string>;
  readonly clusterId: pulumi.Output<string>;
  /** Remote session (1) everywhere, see README "Kubernetes session mode". */
  readonly executionMode: 1 = 1;
  readonly flinkRestUrl?: pulumi.Input<string | EndpointRef>;

  constructor(name: string, args: StreamParkBootstrapArgs, opts?: pulumi.ComponentResourceOptions) {
    super("rtdw:streampark:StreamParkBootstrap", name, {}, opts);
    this.connection = {
      consoleUrl: args.consoleUrl,
      adminUser: args.adminUser ?? "admin",
      adminPassword: args.adminPassword,
      passwordConfigKey: args.passwordConfigKey,
    };
    this.flinkRestUrl = args.flinkRestUrl;
    this.adminPassword = new StreamParkAdminPassword(`${name}-admin-password`, {
      connection: this.connection, previousPassword: args.previousAdminPassword,
    }, { parent: this, dependsOn: args.dependsOn });
    // Everything else signs in with the rotated password.
    const after = { parent: this, dependsOn: [this.adminPassword] };
    this.flinkEnvironment = new StreamParkFlinkEnvironment(`${name}-flink-env`, {
      connection: this.connection, flinkName: args.flinkName, flinkHome: args.flinkHome,
      description: "Managed by Pulumi (rtdw)",
      flinkConfigFingerprint: args.flinkConfigYaml === undefined ? undefined
        : pulumi.output(args.flinkConfigYaml).apply((y) => require("crypto").createHash("sha256").update(y).digest("hex").slice(0, 16) as string),
    }, after);
    this.cluster = new StreamParkSessionCluster(`${name}-cluster`, {
      connection: this.connection, clusterName: args.clusterName ?? "rtdw-session", flinkEnvId: this.flinkEnvironment.envId,
      address: args.jobManagerAddress, executionMode: this.executionMode,
      description: "Managed by Pulumi (rtdw)",
    }, after);
    this.variables = Object.fromEntries(Object.entries(args.variables ?? {}).map(([code, value]) => [code,
      new StreamParkVariable(`${name}-var-${childName(code)}`, { connection: this.connection, code, value, description: "Managed by Pulumi (rtdw); secret" }, after)]));
    this.alerts = Object.fromEntries(Object.entries(args.alerts ?? {}).map(([alertName, channels]) => [alertName,
      new StreamParkAlertConfig(`${name}-alert-${childName(alertName)}`, { connection: this.connection, alertName, channels }, after)]));
    this.envId = this.flinkEnvironment.envId;
    this.clusterId = this.cluster.clusterId;
    this.registerOutputs({ envId: this.envId, clusterId: this.clusterId });
  }
}
