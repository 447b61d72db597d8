/**
 * The StreamPark 2.1.5 console: metadata in MySQL instead of its default H2, a Flink distribution
 * inside its container for the Flink environment it registers (with the same connector jars and
 * config.yaml as the cluster), and the MySQL driver it does not bundle.
 * Sources (apache/incubator-streampark@v2.1.5): docker/docker-compose.yaml, docker/Dockerfile, helm/streampark/,
 * streampark-console/streampark-console-service/src/main/assembly/conf/config.yaml and
 * streampark-console/streampark-console-service/src/main/java/org/apache/streampark/console/base/config/SpringProperties.java.
 */
import * as pulumi from "@pulumi/pulumi";
import { stringify } from "yaml";
import { Artifact, DeployedService, Platform, SharedMount } from "../platform/service";
import { mavenArtifact } from "../flink/connectors";
import { FLINK_CONFIG_PATH, FLINK_HOME, flinkImage } from "../flink/flinkCluster";
import { MYSQL_IMAGE } from "../mysql/mysqlSource";

export const STREAMPARK_PORT = 10000;
export const STREAMPARK_HOME = "/streampark";

export function streamparkImage(version: string): string {
  return `apache/streampark:${version}`;
}

/**
 * StreamPark does not ship a MySQL driver (license): with `datasource.dialect: mysql` it loads
 * com.mysql.cj.jdbc.Driver and otherwise refuses to start, asking for MySQL Connector/J under
 * $streampark/lib (apache/incubator-streampark@v2.1.5:streampark-console/streampark-console-service/
 * src/main/java/org/apache/streampark/console/base/config/SpringProperties.java#dataSourceConfig).
 * Its build declares com.mysql:mysql-connector-j in `provided` scope with the version left to the
 * spring-boot-dependencies 2.7.11 BOM (streampark-console-service/pom.xml at v2.1.5); 8.0.33 is an
 * 8.0 Connector/J release under that same coordinate.
 */
export const MYSQL_DRIVER = mavenArtifact("com.mysql", "mysql-connector-j", "8.0.33", `${STREAMPARK_HOME}/lib`);

export interface StreamParkDatabase {
  host: pulumi.Input<string>;
  port: pulumi.Input<number>;
  database: string;
  user: string;
  password: pulumi.Output<string>;
}

/**
 * conf/config.yaml with the MySQL datasource. Keys as in the shipped
 * streampark-console-service/src/main/assembly/conf/config.yaml; StreamPark 2.1.5 reads the
 * datasource only from this file (SpringProperties#dataSourceConfig), not from the environment.
 */
export function streamparkConfigYaml(db: { host: string; port: number; database: string; user: string; password: string }): string {
  const url = `jdbc:mysql://${db.host}:${db.port}/${db.database}?useUnicode=true&characterEncoding=UTF-8` +
    "&useJDBCCompliantTimezoneShift=true&useLegacyDatetimeCode=false&serverTimezone=UTC";
  return stringify({
    logging: { level: { root: "info" } },
    server: {
      port: STREAMPARK_PORT,
      session: { ttl: "2h" },
      undertow: { "buffer-size": 1024, "direct-buffers": true, threads: { io: 16, worker: 256 } },
    },
    datasource: { dialect: "mysql", username: db.user, password: db.password, url },
    streampark: {
      workspace: { local: "/tmp/streampark", remote: "hdfs:///streampark/" },
      proxy: { "yarn-url": null },
      yarn: { "http-auth": "simple" },
      "hadoop-user-name": "hdfs",
      "openapi.white-list": null,
    },
    security: { kerberos: { login: { enable: false, debug: false, keytab: null, krb5: null, principal: null }, ttl: "2h" } },
    ldap: { enable: false },
  });
}

/**
 * Creates StreamPark's tables once, from the scripts inside its own image
 * (script/schema/mysql-schema.sql, script/data/mysql-data.sql). Those scripts drop and recreate
 * every table, so they run only while the metadata database has no t_flink_app table.
 */
export const SCHEMA_INIT_SCRIPT = `set -eu
until mysqladmin ping -h "$DB_HOST" -P "$DB_PORT" -u "$DB_USER" --silent; do sleep 2; done
present=$(mysql -h "$DB_HOST" -P "$DB_PORT" -u "$DB_USER" -N -e "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema='$DB_NAME' AND table_name='t_flink_app'")
if [ "$present" = "0" ]; then
  echo "initialising StreamPark metadata in $DB_NAME"
  mysql -h "$DB_HOST" -P "$DB_PORT" -u "$DB_USER" < /streampark-script/schema/mysql-schema.sql
  mysql -h "$DB_HOST" -P "$DB_PORT" -u "$DB_USER" < /streampark-script/data/mysql-data.sql
else
  echo "StreamPark metadata present in $DB_NAME"
fi
`;

export interface StreamParkConsoleArgs {
  platform: Platform;
  streamparkVersion: string;
  flinkVersion: string;
  database: StreamParkDatabase;
  /** The cluster's config.yaml, so StreamPark's Flink environment matches the cluster. */
  flinkConfigYaml: string;
  /** The connector jars the cluster has: StreamPark compiles SQL jobs against its own Flink home. */
  connectors: Artifact[];
  sharedMounts: SharedMount[];
  dependsOn?: pulumi.Resource[];
}

export class StreamParkConsole extends pulumi.ComponentResource {
  readonly service: DeployedService;
  /** The console from the operator's machine (UI and REST API). */
  readonly url: pulumi.Output<string>;
  /** Flink home inside the console container (for the Flink environment StreamPark registers). */
  readonly flinkHome = FLINK_HOME;
  /**
   * The console's HTTP endpoint inside the platform network. Only /actuator/health is served: 2.1.5
   * has spring-boot-starter-actuator but no micrometer-registry-prometheus and sets no
   * management.endpoints.web.exposure.include (streampark-console-service/pom.xml and
   * SpringProperties#getSpringConfig at v2.1.5), so there is no /actuator/prometheus to scrape.
   */
  readonly actuatorTarget: pulumi.Output<string>;

  constructor(name: string, args: StreamParkConsoleArgs, opts?: pulumi.ComponentResourceOptions) {
    super("rtdw:streampark:StreamParkConsole", name, {}, opts);
    const db = args.database;
    const configYaml = pulumi.all([db.host, db.port, db.password]).apply(([host, port, password]) =>
      streamparkConfigYaml({ host, port, database: db.database, user: db.user, password }));
    const image = streamparkImage(args.streamparkVersion);

    this.service = args.platform.deploy({
      name: "streampark",
      image,
      env: { TZ: "UTC" },
      ports: [{ name: "http", port: STREAMPARK_PORT, expose: true }],
      files: [
        { path: `${STREAMPARK_HOME}/conf/config.yaml`, content: pulumi.secret(configYaml), secret: true },
        { path: FLINK_CONFIG_PATH, content: args.flinkConfigYaml },
      ],
      imageContents: [{ image: flinkImage(args.flinkVersion), from: FLINK_HOME, to: FLINK_HOME }],
      artifacts: [MYSQL_DRIVER, ...args.connectors],
      sharedMounts: args.sharedMounts,
      initSteps: [{
        name: "schema",
        image: MYSQL_IMAGE,
        command: ["sh", "-c", SCHEMA_INIT_SCRIPT],
        env: { DB_HOST: pulumi.output(db.host), DB_PORT: pulumi.output(db.port).apply(String), DB_USER: db.user, DB_NAME: db.database },
        secretEnv: { MYSQL_PWD: db.password },
        imageContents: [{ image, from: `${STREAMPARK_HOME}/script`, to: "/streampark-script" }],
      }],
      resources: { memoryMiB: 2048, cpu: 1 },
      // /actuator/** is anonymous (ShiroConfig); the official compose file and Helm chart probe it.
      health: { http: { path: "/actuator/health", port: STREAMPARK_PORT }, startupSeconds: 180 },
      dependsOn: args.dependsOn,
    }, this);

    this.url = pulumi.interpolate`http://${this.service.externalEndpoint("http")}`;
    this.actuatorTarget = this.service.internalEndpoint("http");
    this.registerOutputs({ url: this.url });
  }
}
