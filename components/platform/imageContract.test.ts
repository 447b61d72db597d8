import { ContractSubject, ImageContract, contractViolations, jvmHeapFor, jvmNonHeapMiB, memoryFootprintMiB, xmxMiB } from "./imageContract";
import { mirrored } from "./artifacts";
import { oneShotOutcome } from "./docker/oneShot";

const nobody: ImageContract = {
  image: "prom/mysqld-exporter:v0.15.1", source: "Dockerfile", user: { uid: 65534, gid: 65534 },
  readablePaths: ["/etc/mysqld-exporter"], writablePaths: ["/data"], env: ["KNOWN"], ports: [9104], memory: { kind: "native", note: "Go" },
};
const subject = (over: Partial<ContractSubject>): ContractSubject => ({
  name: "svc", image: nobody.image, contract: nobody, envNames: [], filePaths: [], dataMounts: [], sharedMounts: [], ports: [], scripts: [], ...over,
});

describe("image contracts", () => {
  it("accepts a service that keeps its contract", () => {
    expect(contractViolations(subject({ envNames: ["KNOWN", "OWN"], command: ["sh", "-c", "exec x --a=\"$OWN\""], filePaths: ["/etc/mysqld-exporter/my.cnf"], dataMounts: ["/data"], ports: [9104] }))).toEqual([]);
  });

  it("names every broken promise: image, env nobody reads, file outside the read paths, volume the image does not write, foreign port, a shared volume its user cannot write", () => {
    const v = contractViolations(subject({
      image: "prom/mysqld-exporter:latest", envNames: ["STRAY"], filePaths: ["/etc/other/x.cnf"], dataMounts: ["/var/lib/x"], ports: [80],
      sharedMounts: [{ path: "/lake", owner: { uid: 9999, gid: 9999 } }],
    }));
    expect(v).toEqual([
      expect.stringContaining("runs image prom/mysqld-exporter:latest"),
      expect.stringContaining("environment variable STRAY is read neither by the image"),
      expect.stringContaining("file /etc/other/x.cnf is outside the paths the image reads"),
      expect.stringContaining("volume at /var/lib/x is not a path the image writes"),
      expect.stringContaining("shared volume at /lake belongs to 9999:9999; the image runs as 65534:65534"),
      expect.stringContaining("port 80 is not one the image serves"),
    ]);
  });

  it("refuses a JVM whose heap and non-heap exceed the limit, or that has no -Xmx at all", () => {
    const jvm: ImageContract = { ...nobody, memory: { kind: "jvm-env", env: "JVM_ARGS", defaultHeapMiB: Number.NaN } };
    expect(contractViolations(subject({ contract: jvm, memoryMiB: 640, settings: { env: { JVM_ARGS: "-Xms384m -Xmx384m" }, files: {} } }))).toEqual([]);
    expect(contractViolations(subject({ contract: jvm, memoryMiB: 640, settings: { env: { JVM_ARGS: "-Xmx512m" }, files: {} } })))
      .toEqual([expect.stringContaining("needs 768 MiB (heap 512 MiB + non-heap 256 MiB) but its limit is 640 MiB")]);
    expect(contractViolations(subject({ contract: jvm, memoryMiB: 640, settings: { env: {}, files: {} } })))
      .toEqual([expect.stringContaining("JVM_ARGS sets no -Xmx")]);
  });

  it("reads Flink's process size from config.yaml and StarRocks' FE heap and BE limit from the wrapper's env", () => {
    const flink: ImageContract = { ...nobody, memory: { kind: "flink-process", configPath: "/opt/flink/conf/config.yaml", key: "taskmanager.memory.process.size" } };
    expect(memoryFootprintMiB(flink, {}, { "/opt/flink/conf/config.yaml": "a: 1\ntaskmanager.memory.process.size: 2048m\n" }).mib).toBe(2048);
    const sr: ImageContract = { ...nobody, memory: { kind: "starrocks", feHeapEnv: "FE", beMemLimitEnv: "BE" } };
    expect(memoryFootprintMiB(sr, { FE: "768", BE: "1792" }, {}).mib).toBe(768 + 256 + 1792);
    expect(() => memoryFootprintMiB(sr, { BE: "1792" }, {})).toThrow("FE must give the FE heap in MiB (fe.conf's default is -Xmx8192m)");
  });

  it("sizes heaps to fit: the largest -Xmx whose JVM fits the limit", () => {
    for (const limit of [640, 1024, 1280, 2048, 4096, 8192]) {
      const heap = jvmHeapFor(limit);
      expect(heap + jvmNonHeapMiB(heap)).toBeLessThanOrEqual(limit);
      expect(heap + 16 + jvmNonHeapMiB(heap + 16)).toBeGreaterThan(limit);
    }
    expect([xmxMiB("-Xmx1g"), xmxMiB("-Xmx2048m -Xmx512m"), xmxMiB("-Xms1g")]).toEqual([1024, 512, undefined]);
  });
});

describe("Maven mirror", () => {
  it("serves Maven Central's artifacts and their checksum sidecars from the mirror, and refuses others", () => {
    const a = { url: "https://repo1.maven.org/maven2/org/x/y/1/y-1.jar", sha1Url: "https://repo1.maven.org/maven2/org/x/y/1/y-1.jar.sha1", path: "/opt/flink/lib/y-1.jar" };
    expect(mirrored(a, "https://nexus.internal/maven2/")).toEqual({ ...a, url: "https://nexus.internal/maven2/org/x/y/1/y-1.jar", sha1Url: "https://nexus.internal/maven2/org/x/y/1/y-1.jar.sha1" });
    expect(() => mirrored({ ...a, url: "https://example.com/y.jar" }, "https://nexus.internal/maven2")).toThrow("is not from Maven Central");
  });
});

describe("Docker one-shot outcome", () => {
  it("is ok on exit code 0, and otherwise fails with the code and the log's last lines", () => {
    expect(oneShotOutcome("rtdw-dev-streampark-schema", 0, "done")).toBe("ok");
    const logs = Array.from({ length: 30 }, (_, i) => `line ${i}`).join("\n") + "\nERROR 1045 (28000): Access denied\n";
    expect(() => oneShotOutcome("rtdw-dev-streampark-schema", 1, logs)).toThrow(/one-shot container rtdw-dev-streampark-schema failed with exit code 1; its last log lines:\n {2}line 11\n[\s\S]*ERROR 1045 \(28000\): Access denied$/);
    expect(() => oneShotOutcome("x", undefined, undefined)).toThrow("failed with no exit code (it did not run to completion); it logged nothing");
  });
});
