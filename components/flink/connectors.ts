/**
 * The connector jars Flink needs, pinned by version and fetched from Maven Central, each verified
 * against the `.sha1` Maven Central publishes beside it (a pinned sha256 takes precedence when the
 * stack sets one). Coordinates:
 * - Flink CDC moved to the Apache Software Foundation at 3.1: org.apache.flink:flink-sql-connector-mysql-cdc
 *   (flink-cdc docs/content/docs/connectors/flink-sources/mysql-cdc.md "SQL Client JAR").
 * - Paimon: org.apache.paimon:paimon-flink-<flink minor> and paimon-s3 (paimon docs engines/flink.md,
 *   filesystems/s3.md).
 * - StarRocks: com.starrocks:flink-connector-starrocks:<version>_flink-<flink minor>
 *   (StarRocks/starrocks-connector-for-apache-flink@v1.2.11:pom.xml `${srfc.version}_flink-${flink.minor.version}`,
 *   docs/content/connector-sink.md "Obtain Flink connector"). Where the deployment gets it: the URL
 *   below on Maven Central (MAVEN_CENTRAL), or the same path on the stack's
 *   rtdw:platform.images.mavenMirror (Kubernetes), or inside the images pushed to images.registry.
 *   Not proven to resolve: the Maven repository this project's CI reaches answers 404 for
 *   1.2.11_flink-1.20 (its maven-metadata.xml lists 1.2.10_flink-1.19 as the newest; checked again
 *   for issue 10), so the local cluster substitutes 1.2.10_flink-1.19 (scripts/flink-local/pom.ts
 *   LOCAL_SUBSTITUTES). Where Maven Central lacks it, put the connector's GitHub release jar at that
 *   path on the mavenMirror, or set rtdw:versions.starrocksConnector to a published version.
 * - The MySQL JDBC driver: flink-sql-connector-mysql-cdc does not bundle it (GPLv2); its docs ask for
 *   mysql:mysql-connector-java:8.0.27 in Flink's lib (apache/flink-cdc@release-3.1.1 and @release-3.3.0:
 *   docs/content/docs/connectors/flink-sources/mysql-cdc.md "SQL Client JAR"; the shade includes of
 *   flink-sql-connector-mysql-cdc/pom.xml name no MySQL driver).
 * - Hadoop classes: Paimon's ORC/Parquet writers need them and the Flink image has none; Paimon's
 *   quick start puts the pre-bundled org.apache.flink:flink-shaded-hadoop-2-uber:2.8.3-10.0 in lib
 *   (apache/paimon@release-0.9.0 and @release-0.8.2: docs/content/flink/quick-start.md "Step 3").
 */
import { Artifact } from "../platform/service";
import { flinkMinor, Versions } from "../config/versions";

export { MAVEN_CENTRAL } from "../platform/artifacts";
import { MAVEN_CENTRAL } from "../platform/artifacts";
/** The driver version the Flink CDC 3.1/3.3 docs name for the MySQL CDC SQL connector. */
export const CDC_MYSQL_DRIVER_VERSION = "8.0.27";
/** The pre-bundled Hadoop the Paimon docs name for Flink without a Hadoop installation. */
export const PAIMON_HADOOP_BUNDLE_VERSION = "2.8.3-10.0";

export function mavenArtifact(group: string, artifact: string, version: string, dir: string, sha256?: string): Artifact {
  const file = `${artifact}-${version}.jar`;
  const url = `${MAVEN_CENTRAL}/${group.replace(/\./g, "/")}/${artifact}/${version}/${file}`;
  return { url, path: `${dir}/${file}`, sha1Url: `${url}.sha1`, sha256 };
}

export interface ConnectorOptions {
  versions: Versions;
  /** Paimon's S3 file system, needed when the warehouse lives in S3-compatible storage. */
  s3: boolean;
  /** Where the jars go: Flink's lib directory of the process that loads them. */
  libDir: string;
  /** Pinned sha256 per jar file name, from stack config. */
  sha256?: Record<string, string>;
}

/** A Maven Central coordinate. */
export interface MavenCoordinate {
  group: string;
  artifact: string;
  version: string;
}

/**
 * The jars Flink's lib/ gets besides the image's own, as coordinates: the one list the deployment
 * downloads (connectorArtifacts) and the local cluster resolves with Maven (scripts/flink-local).
 */
export function connectorCoordinates(versions: Versions, s3: boolean): MavenCoordinate[] {
  const minor = flinkMinor(versions.flink);
  const list: MavenCoordinate[] = [
    { group: "org.apache.flink", artifact: "flink-sql-connector-mysql-cdc", version: versions.flinkCdc },
    { group: "org.apache.paimon", artifact: `paimon-flink-${minor}`, version: versions.paimon },
    { group: "com.starrocks", artifact: "flink-connector-starrocks", version: `${versions.starrocksConnector}_flink-${minor}` },
    { group: "mysql", artifact: "mysql-connector-java", version: CDC_MYSQL_DRIVER_VERSION },
    { group: "org.apache.flink", artifact: "flink-shaded-hadoop-2-uber", version: PAIMON_HADOOP_BUNDLE_VERSION },
  ];
  if (s3) list.push({ group: "org.apache.paimon", artifact: "paimon-s3", version: versions.paimon });
  return list;
}

/**
 * The Flink modules the official image's lib/ and opt/ carry that the program relies on (runtime
 * and clients, the SQL Gateway, the planner loader and table runtime, RocksDB, the file connector,
 * JSON and CSV, the Prometheus reporter): what the local cluster resolves in place of the image
 * (flink-dist is not published to Maven Central; its modules are).
 */
export function flinkModuleCoordinates(versions: Versions): MavenCoordinate[] {
  return [
    "flink-runtime", "flink-clients", "flink-streaming-java", "flink-table-api-java-bridge", "flink-table-planner-loader",
    "flink-table-runtime", "flink-sql-gateway", "flink-statebackend-rocksdb", "flink-connector-files", "flink-json", "flink-csv",
    "flink-metrics-prometheus",
  ].map((artifact) => ({ group: "org.apache.flink", artifact, version: versions.flink }));
}

export function connectorArtifacts(o: ConnectorOptions): Artifact[] {
  const pin = (a: Artifact): Artifact => {
    const file = a.path.slice(a.path.lastIndexOf("/") + 1);
    return o.sha256?.[file] ? { ...a, sha256: o.sha256[file] } : a;
  };
  return connectorCoordinates(o.versions, o.s3).map((c) => pin(mavenArtifact(c.group, c.artifact, c.version, o.libDir)));
}
