/**
 * The business MySQL that Flink CDC reads: deployed with binlog settings the MySQL CDC connector
 * needs (dev/test), or an existing server the stack points at (prod). On either, the CDC user with
 * exactly the privileges the connector documents, and StreamPark's metadata database and user, are
 * resources of ./accounts (reached like every provider of the stack: through the Kubernetes API on
 * test and prod, components/providers/reach.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import { MysqlAccount, MysqlAdminAccess, MysqlDatabase } from "./accounts/resources";
import { MysqlConfig } from "../config/schema";
import { DeployedService, EndpointRef, Flow, Platform, ServiceSpec } from "../platform/service";
import { MYSQL_CONTRACT, MYSQL_IMAGE } from "./image";
import { inNetworkAddress } from "../platform/endpoint";

export { MYSQL_IMAGE, MYSQL_CLIENT_CONTRACT } from "./image";
export const MYSQL_PORT = 3306;

/**
 * Server settings the MySQL CDC connector requires or recommends: row-based binlog with full row
 * images, GTIDs for failover-safe positions, a server id, and binlogs kept long enough for a job
 * restored from a week-old savepoint (the seed's longest state TTL) to resume.
 * Source: flink-cdc docs/content/docs/connectors/flink-sources/mysql-cdc.md ("Setup MySQL server",
 * "Enable GTID"), and MySQL 8.0's option names.
 */
const CDC_SERVER_ARGS = [
  "--server-id=1",
  "--log-bin=mysql-bin",
  "--binlog-format=ROW",
  "--binlog-row-image=FULL",
  "--gtid-mode=ON",
  "--enforce-gtid-consistency=ON",
  "--binlog-expire-logs-seconds=604800",
  "--character-set-server=utf8mb4",
  "--collation-server=utf8mb4_0900_ai_ci",
];

/**
 * The server's `--default-time-zone` for rtdw:mysql.serverTimeZone, the zone the CDC sources
 * declare, so the two cannot differ (MySqlValidator#checkTimeZone refuses a mismatch). UTC as the
 * offset +00:00, which needs no time zone tables; a region name needs them, and the image's
 * entrypoint loads them into a new datadir (mysql_tzinfo_to_sql, unless MYSQL_INITDB_SKIP_TZINFO)
 * and starts its temporary init server with --default-time-zone=SYSTEM, so the named zone applies
 * from the first real start (docker-library/mysql 8.0/docker-entrypoint.sh docker_temp_server_start).
 */
export function mysqlDefaultTimeZone(serverTimeZone: string): string {
  return serverTimeZone === "UTC" ? "+00:00" : serverTimeZone;
}

/** mysqld's arguments: the CDC settings and the stack's time zone. */
export function mysqlServerArgs(serverTimeZone: string): string[] {
  return [...CDC_SERVER_ARGS, `--default-time-zone=${mysqlDefaultTimeZone(serverTimeZone)}`];
}

/**
 * The privileges the MySQL CDC connector documents for its user (apache/flink-cdc
 * docs/content/docs/connectors/flink-sources/mysql-cdc.md "Create a MySQL user"): SELECT, SHOW
 * DATABASES, REPLICATION SLAVE, REPLICATION CLIENT on *.*. No RELOAD: the same page notes it is not
 * required while `scan.incremental.snapshot.enabled` is on, its default, which the jobs keep.
 */
export const CDC_PRIVILEGES = ["SELECT", "SHOW DATABASES", "REPLICATION SLAVE", "REPLICATION CLIENT"];

/** StreamPark 2.1.5's scripts create and use a database with this fixed name (script/schema/mysql-schema.sql). */
export const STREAMPARK_DATABASE = "streampark";
export const STREAMPARK_USER = "streampark";
/** Where refresh and destroy read the admin password (root's, or the external admin user's). */
export const ADMIN_PASSWORD_CONFIG_KEY = "rtdw:mysqlRootPassword";

export interface MySqlSourceArgs {
  platform: Platform;
  config: MysqlConfig;
  /** Deployed mode: root's password. External mode: the admin user's password. */
  adminPassword: pulumi.Output<string>;
  cdcPassword: pulumi.Output<string>;
  streamparkPassword: pulumi.Output<string>;
  /** A user that may read and write the business tables (the dev load generator). */
  writer?: { user: string; password: pulumi.Output<string> };
  protectData: boolean;
  /** Memory for the deployed server. */
  memoryMiB?: number;
}

export function mysqlServiceSpec(args: Pick<MySqlSourceArgs, "config" | "adminPassword" | "memoryMiB">): ServiceSpec {
  if (args.config.mode !== "deploy") throw new Error("an external MySQL is not deployed");
  return {
    name: "mysql",
    image: MYSQL_IMAGE,
    contract: MYSQL_CONTRACT,
    args: ["mysqld", ...mysqlServerArgs(args.config.serverTimeZone)],
    // No MYSQL_DATABASE: the source database is a schema object of the stack (components/schema), created and owned there.
    secretEnv: { MYSQL_ROOT_PASSWORD: args.adminPassword },
    ports: [{ name: "mysql", port: MYSQL_PORT, expose: true }],
    // emptyDirectory: the datadir is a directory inside the volume, never its root (lost+found).
    dataVolumes: [{ name: "data", mountPath: "/var/lib/mysql", sizeGiB: args.config.storageGiB, emptyDirectory: true }],
    resources: { memoryMiB: args.memoryMiB ?? 1024, cpu: 1 },
    // mysqladmin ping with no credentials answers "mysqld is alive" once the server accepts connections.
    health: { command: ["mysqladmin", "ping", "-h", "127.0.0.1", "--silent"], startupSeconds: 120, periodSeconds: 10 },
  };
}

export class MySqlSource extends pulumi.ComponentResource {
  /** Host:port inside the platform network (what Flink CDC and StreamPark connect to). */
  readonly internalHost: pulumi.Output<string>;
  readonly internalPort: pulumi.Output<number>;
  /** The host name inside the platform network as a plain string (for rendering SQL). */
  readonly hostInNetwork: string;
  readonly portInNetwork: number;
  /** How the machine running `pulumi up` reaches the server (what the stack's providers use). */
  readonly endpoint: pulumi.Output<EndpointRef>;
  /** `endpoint` as one string (the stack output `mysqlEndpoint`: `127.0.0.1:3306`, `k8s:rtdw/mysql:3306`). */
  readonly managementEndpoint: pulumi.Output<string>;
  /** How the stack's providers log in as the admin (accounts here, the exporter's in monitoring). */
  readonly admin: MysqlAdminAccess;
  /** How a service of the stack connects to it (network policies). */
  readonly clientFlow: Flow;
  readonly database: string;
  readonly cdcUser: string;
  readonly adminUser: string;
  readonly streamparkDatabase: string;
  readonly streamparkUser: string;
  readonly service?: DeployedService;
  /** Ready once the server runs and the accounts and their grants exist. */
  readonly ready: pulumi.Resource[];

  constructor(name: string, args: MySqlSourceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("rtdw:mysql:MySqlSource", name, {}, opts);
    const c = args.config;
    this.database = c.database;
    this.cdcUser = c.cdcUser;
    this.streamparkDatabase = STREAMPARK_DATABASE;
    this.streamparkUser = STREAMPARK_USER;

    let dependsOn: pulumi.Resource[] = [];
    if (c.mode === "deploy") {
      this.service = args.platform.deploy(mysqlServiceSpec(args), this);
      this.internalHost = this.service.host;
      this.hostInNetwork = this.service.name;
      this.portInNetwork = MYSQL_PORT;
      this.internalPort = pulumi.output(MYSQL_PORT);
      this.endpoint = this.service.endpoint("mysql");
      this.clientFlow = { service: this.service.name, ports: [MYSQL_PORT], why: "MySQL" };
      this.adminUser = "root";
      dependsOn = [this.service.ready];
    } else {
      this.internalHost = pulumi.output(c.host);
      this.hostInNetwork = c.host;
      this.portInNetwork = c.port;
      this.internalPort = pulumi.output(c.port);
      this.endpoint = pulumi.output<EndpointRef>({ kind: "direct", host: c.host, port: c.port });
      this.clientFlow = { external: "mysql", ports: [c.port], why: "the business MySQL" };
      this.adminUser = c.adminUser;
    }

    this.managementEndpoint = this.endpoint.apply(inNetworkAddress);
    this.admin = { endpoint: this.endpoint, adminUser: this.adminUser, adminPassword: args.adminPassword, adminPasswordConfigKey: ADMIN_PASSWORD_CONFIG_KEY };
    const admin = this.admin;
    const on = { parent: this, dependsOn };

    const cdc = new MysqlAccount(`${name}-cdc-user`, {
      admin, user: c.cdcUser, password: args.cdcPassword, grants: [{ on: "*.*", privileges: CDC_PRIVILEGES }], binlogReader: true,
    }, on);
    // StreamPark creates its tables in it at start: data-bearing, so protected and retained with rtdw:protectData.
    const spDb = new MysqlDatabase(`${name}-streampark-db`, {
      admin, name: STREAMPARK_DATABASE, characterSet: "utf8mb4", collation: "utf8mb4_general_ci",
    }, { ...on, protect: args.protectData, retainOnDelete: args.protectData });
    const sp = new MysqlAccount(`${name}-streampark-user`, {
      admin, user: STREAMPARK_USER, password: args.streamparkPassword, grants: [{ on: `${STREAMPARK_DATABASE}.*`, privileges: ["ALL PRIVILEGES"] }],
    }, { ...on, dependsOn: [...dependsOn, spDb] });

    const ready: pulumi.Resource[] = [...dependsOn, cdc, sp];
    if (args.writer) {
      ready.push(new MysqlAccount(`${name}-writer-user`, {
        admin, user: args.writer.user, password: args.writer.password, grants: [{ on: `${c.database}.*`, privileges: ["SELECT", "INSERT", "UPDATE", "DELETE"] }],
      }, on));
    }
    this.ready = ready;
    this.registerOutputs({
      internalHost: this.internalHost,
      internalPort: this.internalPort,
      managementEndpoint: this.managementEndpoint,
      endpoint: this.endpoint,
      database: this.database,
      cdcUser: this.cdcUser,
    });
  }
}
