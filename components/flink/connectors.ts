/**
 * The connector jars Flink needs, pinned by version and fetched from Maven Central, each verified
 * against the `.sha1` Maven Central publishes beside it (a pinned sha256 takes precedence when the
 * stack sets one). Coordinates:
 * - Flink CDC moved to the Apache Software Foundation at 3.1: org.apache.flink:flink-sql-connector-mysql-cdc
 *   (flink-cdc docs/content/docs/connectors/flink-sources/mysql-cdc.md "SQL Client JAR").
 * - Paimon: org.apache.paimon:paimon-flink-<flink minor> and paimon-s3 (paimon docs engines/flink.md,
 *   filesystems/s3.md).
 * - StarRocks: com.starrocks:flink-connector-starrocks:<version>_flink-<flink minor>
 *   (starrocks-connector-for-apache-flink README).
 */
import { Artifact } from "../platform/service";
import { flinkMinor, Versions } from "../config/versions";

export const MAVEN_CENTRAL = "https://repo1.maven.org/maven2";

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

export function connectorArtifacts(o: ConnectorOptions): Artifact[] {
  const minor = flinkMinor(o.versions.flink);
  const pin = (a: Artifact): Artifact => {
    const file = a.path.slice(a.path.lastIndexOf("/") + 1);
    return o.sha256?.[file] ? { ...a, sha256: o.sha256[file] } : a;
  };
  const jars = [
    mavenArtifact("org.apache.flink", "flink-sql-connector-mysql-cdc", o.versions.flinkCdc, o.libDir),
    mavenArtifact("org.apache.paimon", `paimon-flink-${minor}`, o.versions.paimon, o.libDir),
    mavenArtifact("com.starrocks", "flink-connector-starrocks", `${o.versions.starrocksConnector}_flink-${minor}`, o.libDir),
  ];
  if (o.s3) jars.push(mavenArtifact("org.apache.paimon", "paimon-s3", o.versions.paimon, o.libDir));
  return jars.map(pin);
}
