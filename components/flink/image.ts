/**
 * The official Flink image's contract (docker-library "flink", built from apache/flink-docker):
 * 1.20/scala_2.12-java11-ubuntu/Dockerfile creates user and group `flink` with uid/gid 9999
 * (`groupadd --system --gid=9999 flink && useradd --system ... --uid=9999 --gid=flink flink`) and
 * `chown -R flink:flink` its FLINK_HOME; docker-entrypoint.sh steps down with `gosu flink` only when
 * started as root (`if [ $(id -u) != 0 ]` runs the command as is), so the image runs as 9999 directly.
 * The entrypoint reads JOB_MANAGER_RPC_ADDRESS, ENABLE_BUILT_IN_PLUGINS (links opt/ jars into
 * plugins/), FLINK_PROPERTIES, TASK_MANAGER_NUMBER_OF_TASK_SLOTS and DISABLE_JEMALLOC, and rewrites
 * conf/config.yaml in place. JobManager and TaskManager size every memory pool inside
 * `<role>.memory.process.size`; other JVMs it starts (the SQL Gateway through bin/flink-console.sh,
 * `$JAVA_RUN $JVM_ARGS ${FLINK_ENV_JAVA_OPTS} ...`) take their heap from JVM_ARGS.
 * The S3 file system and Paimon's S3 FileIO read AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (the AWS
 * SDK's environment credentials).
 */
import { ImageContract } from "../platform/imageContract";

export const FLINK_UID = 9999;
export const FLINK_GID = 9999;
export const FLINK_HOME = "/opt/flink";
export const FLINK_CONFIG_PATH = `${FLINK_HOME}/conf/config.yaml`;

/** The official image (docker-library "flink"): Scala 2.12, Java 11 — StreamPark's Scala line. */
export function flinkImage(version: string): string {
  return `flink:${version}-scala_2.12-java11`;
}

export type FlinkRole = "jobmanager" | "taskmanager" | "sql-gateway" | "tool";

export function flinkContract(version: string, role: FlinkRole): ImageContract {
  const memory: ImageContract["memory"] =
    role === "jobmanager" ? { kind: "flink-process", configPath: FLINK_CONFIG_PATH, key: "jobmanager.memory.process.size" }
      : role === "taskmanager" ? { kind: "flink-process", configPath: FLINK_CONFIG_PATH, key: "taskmanager.memory.process.size" }
        : role === "sql-gateway" ? { kind: "jvm-env", env: "JVM_ARGS", defaultHeapMiB: Number.NaN }
          : { kind: "native", note: "shell tools only" };
  return {
    image: flinkImage(version),
    source: "apache/flink-docker 1.20/scala_2.12-java11-ubuntu/Dockerfile and docker-entrypoint.sh",
    user: { uid: FLINK_UID, gid: FLINK_GID },
    readablePaths: [`${FLINK_HOME}/conf`, `${FLINK_HOME}/lib`, `${FLINK_HOME}/plugins`, `${FLINK_HOME}/usrlib`],
    writablePaths: [`${FLINK_HOME}/conf`, `${FLINK_HOME}/log`, `${FLINK_HOME}/plugins`, "/tmp"],
    env: ["JOB_MANAGER_RPC_ADDRESS", "ENABLE_BUILT_IN_PLUGINS", "FLINK_PROPERTIES", "TASK_MANAGER_NUMBER_OF_TASK_SLOTS", "DISABLE_JEMALLOC",
      "JVM_ARGS", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"],
    ports: [8081, 6123, 6124, 6121, 6122, 8083, 9249],
    memory,
  };
}
