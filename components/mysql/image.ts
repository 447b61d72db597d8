/**
 * The official MySQL 8.0 image's contract (docker-library/mysql 8.0/Dockerfile.oracle:
 * `groupadd --system --gid 999 mysql && useradd --system --uid 999 --gid 999 ... mysql`, /var/run/mysqld
 * world-writable; 8.0/docker-entrypoint.sh steps down with `gosu mysql` only when started as root,
 * and otherwise runs as the user it is given ("Running as an arbitrary user" in the image's docs),
 * as long as the datadir is writable). The entrypoint reads MYSQL_ROOT_PASSWORD, MYSQL_DATABASE,
 * MYSQL_USER, MYSQL_PASSWORD, MYSQL_ALLOW_EMPTY_PASSWORD, MYSQL_RANDOM_ROOT_PASSWORD, MYSQL_ROOT_HOST
 * and MYSQL_INITDB_SKIP_TZINFO; its first start refuses a datadir that is not empty (an ext4 volume's
 * root holds lost+found). The mysql and mysqladmin clients the one-shot steps use read MYSQL_PWD.
 */
import { ImageContract } from "../platform/imageContract";

/** MySQL 8.0: the line Flink CDC 3.x supports (5.6, 5.7, 8.0.x; not 8.4 for 3.1). */
export const MYSQL_IMAGE = "mysql:8.0.36";
export const MYSQL_UID = 999;
export const MYSQL_GID = 999;

export const MYSQL_CONTRACT: ImageContract = {
  image: MYSQL_IMAGE,
  source: "docker-library/mysql 8.0/Dockerfile.oracle and 8.0/docker-entrypoint.sh",
  user: { uid: MYSQL_UID, gid: MYSQL_GID },
  readablePaths: ["/etc/mysql/conf.d", "/docker-entrypoint-initdb.d"],
  writablePaths: ["/var/lib/mysql", "/var/run/mysqld", "/tmp"],
  env: ["MYSQL_ROOT_PASSWORD", "MYSQL_DATABASE", "MYSQL_USER", "MYSQL_PASSWORD", "MYSQL_ALLOW_EMPTY_PASSWORD", "MYSQL_RANDOM_ROOT_PASSWORD",
    "MYSQL_ROOT_HOST", "MYSQL_INITDB_SKIP_TZINFO", "MYSQL_PWD"],
  ports: [3306, 33060],
  memory: { kind: "native", note: "mysqld: InnoDB's buffer pool (128 MiB by default) and per-connection buffers" },
};

/** The same image used only for its mysql client in one-shot steps. */
export const MYSQL_CLIENT_CONTRACT: ImageContract = { ...MYSQL_CONTRACT, readablePaths: ["/opt/rtdw", "/streampark-script"], ports: [] };
