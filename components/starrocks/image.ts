/**
 * The StarRocks images' contracts (StarRocks/starrocks docker/dockerfiles: fe-ubuntu.Dockerfile,
 * be-ubuntu.Dockerfile and allin1/allin1-ubuntu.Dockerfile at 3.5). None of them declares a USER:
 * every process runs as root, and the entrypoints write below their install directories (meta,
 * storage, log, pid files), so these pods are the named exception to Pod Security "restricted".
 * fe_entrypoint.sh <fe service> reads HOST_TYPE (FQDN or IP), POD_FQDN/POD_IP and, through the mysql
 * client, MYSQL_PWD; a follower's first start polls the FE service for a leader for at most 120 s
 * (PROBE_LEADER_PODX_TIMEOUT). The FE's heap is JAVA_OPTS in fe.conf (-Xmx8192m by default, read by
 * bin/start_fe.sh through export_env_from_conf, later lines winning); the BE's memory is be.conf's
 * mem_limit (90% of the machine by default). rtdw's start wrapper (./rootPassword.ts) appends both,
 * sized to the container.
 */
import { ImageContract } from "../platform/imageContract";

export type StarRocksRole = "allin1" | "fe" | "be";

export function starrocksImage(role: StarRocksRole, version: string): string {
  return `starrocks/${role}-ubuntu:${version}`;
}

export const STARROCKS_PATHS = {
  allin1: { home: "/data/deploy/starrocks", feConf: "/data/deploy/starrocks/fe/conf/fe.conf", beConf: "/data/deploy/starrocks/be/conf/be.conf" },
  fe: { home: "/opt/starrocks/fe", feConf: "/opt/starrocks/fe/conf/fe.conf" },
  be: { home: "/opt/starrocks/be", beConf: "/opt/starrocks/be/conf/be.conf" },
} as const;

const ROOT_REASON = "StarRocks' images declare no USER and their entrypoints write meta, storage, logs and pid files below the install directory as root";

export function starrocksContract(role: StarRocksRole, version: string): ImageContract {
  const home = STARROCKS_PATHS[role].home;
  return {
    image: starrocksImage(role, version),
    source: `StarRocks/starrocks docker/dockerfiles (${role === "allin1" ? "allin1/allin1-ubuntu.Dockerfile, allin1 entrypoint.sh" : `${role}-ubuntu.Dockerfile, ${role}_entrypoint.sh`}), bin/start_fe.sh, conf/fe.conf, conf/be.conf`,
    user: { root: ROOT_REASON },
    readablePaths: [home, "/lake"],
    writablePaths: role === "allin1"
      ? [`${home}/fe/meta`, `${home}/be/storage`, `${home}/fe/log`, `${home}/be/log`]
      : role === "fe" ? [`${home}/meta`, `${home}/log`] : [`${home}/storage`, `${home}/log`],
    env: ["HOST_TYPE", "POD_FQDN", "POD_IP", "MYSQL_PWD", "TZ", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"],
    // allin1 also runs an nginx FE proxy on 8080 for stream loads (docker/dockerfiles/allin1/services/feproxy/feproxy.conf.template).
    ports: role === "allin1" ? [8030, 9020, 9030, 9010, 9060, 8040, 9050, 8060, 8080]
      : role === "fe" ? [8030, 9020, 9030, 9010] : [9060, 8040, 9050, 8060],
    memory: {
      kind: "starrocks",
      feHeapEnv: role === "be" ? undefined : "RTDW_FE_HEAP_MIB",
      beMemLimitEnv: role === "fe" ? undefined : "RTDW_BE_MEM_LIMIT_MIB",
    },
  };
}
