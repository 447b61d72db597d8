import { resolveStackConfig, StackConfigError } from "./stackConfig";
import { checkVersions, DEFAULT_VERSIONS, SEED_VERSIONS } from "./versions";

const docker = { kind: "docker" };
const k8s = { kind: "kubernetes", namespace: "rtdw", sharedStorageClass: "nfs" };
const prodBase = {
  platform: { kind: "kubernetes", namespace: "rtdw", images: { registry: "registry.example.com/rtdw" } },
  mysql: { mode: "external", host: "db.internal", serverTimeZone: "Asia/Shanghai" },
  storage: { kind: "s3", endpoint: "https://s3.example.com", bucket: "lake" },
};

function problemsOf(stack: string, raw: Record<string, unknown>): string[] {
  try {
    resolveStackConfig(stack, raw);
  } catch (e) {
    if (e instanceof StackConfigError) return e.problems;
    throw e;
  }
  throw new Error("expected the configuration to be refused");
}

describe("stack configuration defaults come from the seed", () => {
  it.each([
    ["dev", { platform: docker }, 2048, 1024],
    ["test", { platform: k8s }, 3072, 2048],
    ["prod", prodBase, 4096, 2048],
  ])("%s: TaskManager and JobManager memory", (stack, raw, tm, jm) => {
    const c = resolveStackConfig(stack, raw);
    expect(c.environment).toBe(stack);
    expect(c.flink.taskManagerMiB).toBe(tm);
    expect(c.flink.jobManagerMiB).toBe(jm);
  });

  it("high-concurrency profile: 8 GB TaskManagers, 4 GB JobManager", () => {
    const c = resolveStackConfig("prod", { ...prodBase, flink: { profile: "high-concurrency" } });
    expect([c.flink.taskManagerMiB, c.flink.jobManagerMiB]).toEqual([8192, 4096]);
  });

  it("checkpointing, state TTL and restarts stay inside the seed's ranges in every environment", () => {
    for (const [stack, raw] of [["dev", { platform: docker }], ["test", { platform: k8s }], ["prod", prodBase]] as const) {
      const f = resolveStackConfig(stack, raw).flink;
      expect(f.checkpointIntervalMs).toBeGreaterThanOrEqual(30_000);
      expect(f.checkpointIntervalMs).toBeLessThanOrEqual(300_000);
      expect(f.checkpointTimeoutMs).toBeGreaterThanOrEqual(600_000);
      expect(f.checkpointTimeoutMs).toBeLessThanOrEqual(900_000);
      expect(f.checkpointMinPauseMs).toBeGreaterThanOrEqual(5_000);
      expect(f.checkpointMinPauseMs).toBeLessThanOrEqual(10_000);
      expect(f.stateTtlMs).toBeGreaterThanOrEqual(86_400_000);
      expect(f.stateTtlMs).toBeLessThanOrEqual(7 * 86_400_000);
      expect(f.restartAttempts).toBe(3);
    }
  });

  it("dev deploys its own MySQL with a load generator; prod points at the existing one and protects data", () => {
    const dev = resolveStackConfig("dev", { platform: docker });
    expect(dev.mysql.mode).toBe("deploy");
    expect(dev.loadGenerator.enabled).toBe(true);
    expect(dev.protectData).toBe(false);
    const prod = resolveStackConfig("prod", prodBase);
    expect(prod.mysql).toMatchObject({ mode: "external", host: "db.internal", port: 3306 });
    expect(prod.loadGenerator.enabled).toBe(false);
    expect(prod.protectData).toBe(true);
    expect(prod.flink.highAvailability).toBe(true);
    expect(prod.flink.jobManagerReplicas).toBe(2);
    expect(prod.starrocks).toMatchObject({ topology: "cluster", frontends: 3, backends: 3 });
  });

  it("a schema change may drop data in dev only, unless the stack says otherwise", () => {
    expect(resolveStackConfig("dev", { platform: docker }).schema.allowDataLoss).toBe(true);
    expect(resolveStackConfig("test", { platform: k8s }).schema.allowDataLoss).toBe(false);
    expect(resolveStackConfig("prod", prodBase).schema.allowDataLoss).toBe(false);
    const listed = resolveStackConfig("prod", { ...prodBase, schema: { allowDataLoss: ["starrocks:rtdw_serving.dq_results"] } });
    expect(listed.schema).toEqual({ allowDataLoss: ["starrocks:rtdw_serving.dq_results"], statementTimeoutSeconds: 120 });
  });

  it("defaults to working versions, not the seed's unavailable pairing", () => {
    const c = resolveStackConfig("dev", { platform: docker });
    expect(c.versions).toEqual(DEFAULT_VERSIONS);
    expect(c.warnings).toEqual([]);
  });
});

describe("bad configuration is refused with the key, the value and what was expected", () => {
  it("a memory size that is not one", () => {
    expect(problemsOf("dev", { platform: docker, flink: { taskManagerMemory: "lots" } })).toEqual([
      'rtdw:flink.taskManagerMemory: got "lots"; expected a memory size such as "2g" or "2048m"',
    ]);
  });

  it("a checkpoint interval outside the seed's range", () => {
    expect(problemsOf("dev", { platform: docker, flink: { checkpointInterval: "10s" } })).toEqual([
      'rtdw:flink.checkpointInterval: got "10s"; the checkpoint interval must be between 30 s and 5 min (the seed\'s range)',
    ]);
  });

  it("more restart attempts than the seed allows", () => {
    expect(problemsOf("dev", { platform: docker, flink: { restartAttempts: 5 } })).toEqual([
      "rtdw:flink.restartAttempts: got 5; the seed allows at most 3 restart attempts",
    ]);
  });

  it("a misspelt key, at the top and nested", () => {
    const problems = problemsOf("dev", { platform: docker, checkpointing: {}, flink: { paralelism: 3 } });
    expect(problems).toContain("rtdw:checkpointing is not a known setting (known: environment, platform, versions, flink, mysql, storage, starrocks, jobs, loadGenerator, monitoring, schema, protectData)");
    expect(problems).toContain("rtdw:flink.paralelism is not a known setting");
  });

  it("a data-loss allowance that names no schema object", () => {
    const problems = problemsOf("prod", { ...prodBase, schema: { allowDataLoss: ["orders"] } });
    expect(problems.join("\n")).toMatch(/rtdw:schema\.allowDataLoss\.0.*expected an object name such as mysql:shop\.orders/);
  });

  it("an unknown platform kind", () => {
    expect(problemsOf("dev", { platform: { kind: "nomad" } })[0]).toMatch(/^rtdw:platform\.kind: got "nomad"; /);
  });

  it("prod without the existing MySQL or S3 storage says what to set", () => {
    const problems = problemsOf("prod", { platform: prodBase.platform });
    expect(problems).toEqual([
      "rtdw:mysql: got nothing; prod points at the existing business MySQL: set mode: external and its host",
      "rtdw:storage: got nothing; prod keeps checkpoints and the Paimon warehouse in S3-compatible storage: set kind: s3, endpoint and bucket",
    ]);
  });

  it("an external MySQL without a host or its time zone", () => {
    expect(problemsOf("prod", { ...prodBase, mysql: { mode: "external" } })).toEqual([
      "rtdw:mysql.host is required (expected string)",
      "rtdw:mysql.serverTimeZone is required (expected string)",
    ]);
  });

  it("the MySQL time zone: deployed defaults to UTC, external keeps what the stack says", () => {
    expect(resolveStackConfig("dev", { platform: docker }).mysql.serverTimeZone).toBe("UTC");
    expect(resolveStackConfig("dev", { platform: docker, mysql: { mode: "deploy", serverTimeZone: "+08:00" } }).mysql.serverTimeZone).toBe("+08:00");
    expect(resolveStackConfig("prod", prodBase).mysql.serverTimeZone).toBe("Asia/Shanghai");
  });

  it.each(["Asia/Shang_hai", "UTC+8", "EST", "+15:00", "08:00", ""])("a time zone id CDC, Flink or MySQL would refuse: %j", (zone) => {
    expect(problemsOf("dev", { platform: docker, mysql: { mode: "deploy", serverTimeZone: zone } })).toEqual([
      `rtdw:mysql.serverTimeZone: got ${JSON.stringify(zone)}; expected a time zone id: "UTC", a tz database region such as "Asia/Shanghai", or an offset such as "+08:00" (MySQL's range -13:59 to +14:00)`,
    ]);
  });

  it("too few task slots for the five jobs' parallelism and the SQL Gateway's batch statements", () => {
    expect(problemsOf("dev", { platform: docker, flink: { taskManagers: 1, slotsPerTaskManager: 4 } })).toEqual([
      "rtdw:flink.taskManagers: 1 TaskManagers x 4 slots = 4 slots, but the five jobs need 17 and the SQL Gateway's batch statements 1 more",
    ]);
    // Exactly the jobs' 17 slots leave none for the schema provider's batch query: refused.
    expect(problemsOf("dev", { platform: docker, flink: { taskManagers: 1, slotsPerTaskManager: 17 } })).toEqual([
      "rtdw:flink.taskManagers: 1 TaskManagers x 17 slots = 17 slots, but the five jobs need 17 and the SQL Gateway's batch statements 1 more",
    ]);
    expect(resolveStackConfig("dev", { platform: docker, flink: { taskManagers: 1, slotsPerTaskManager: 18 } }).flink.slotsPerTaskManager).toBe(18);
  });

  it("a stack that is not named after an environment must say which it is", () => {
    expect(problemsOf("feature-x", { platform: docker })[0]).toBe('rtdw:environment: got nothing; Invalid option: expected one of "dev"|"test"|"prod"');
    expect(resolveStackConfig("feature-x", { environment: "dev", platform: docker }).namePrefix).toBe("rtdw-feature-x");
  });

  it("reports every problem at once", () => {
    expect(problemsOf("dev", { platform: docker, flink: { taskManagerMemory: "x", jobManagerMemory: "y" } })).toHaveLength(2);
  });

  it("volume storage on Kubernetes needs a ReadWriteMany storage class", () => {
    expect(problemsOf("test", { platform: { kind: "kubernetes", namespace: "t", highAvailability: false } })).toEqual([
      'rtdw:platform.sharedStorageClass: got nothing; storage kind "volume" on Kubernetes needs a ReadWriteMany StorageClass shared by every Flink pod (or use storage kind "s3")',
    ]);
  });
});

describe("version matrix", () => {
  it("refuses the seed's Paimon 0.8.2 on Flink 1.20 and names the nearest working choice", () => {
    const problems = problemsOf("dev", { platform: docker, versions: { paimon: "0.8.2" } });
    expect(problems).toEqual([
      "rtdw:versions.paimon: Paimon 0.8.2 publishes no artifact for Flink 1.20 (it supports Flink 1.15, 1.16, 1.17, 1.18, 1.19); the nearest working choice is 0.9.0",
    ]);
  });

  it("warns, but deploys, the seed's MySQL CDC 3.1.1 on Flink 1.20", () => {
    const c = resolveStackConfig("dev", { platform: docker, versions: { flinkCdc: "3.1.1" } });
    expect(c.versions.flinkCdc).toBe("3.1.1");
    expect(c.warnings).toEqual([
      "rtdw:versions.flinkCdc: Flink CDC (MySQL connector) 3.1.1 is not tested upstream with Flink 1.20 (tested: 1.16, 1.17, 1.18, 1.19); the nearest working choice is 3.2.0",
    ]);
  });

  it("the seed's whole pairing: Paimon and the StarRocks connector refused, CDC warned", () => {
    const r = checkVersions(SEED_VERSIONS);
    expect(r.errors.map((e) => e.key)).toEqual(["paimon", "starrocksConnector"]);
    expect(r.warnings.map((e) => e.key)).toEqual(["flinkCdc"]);
  });

  it("the defaults are a fully supported pairing", () => {
    expect(checkVersions(DEFAULT_VERSIONS)).toEqual({ errors: [], warnings: [] });
  });
});

describe("deployable without exposure or internet downloads", () => {
  it("prod refuses a cluster with neither an image registry nor a Maven mirror, naming the key", () => {
    const problems = problemsOf("prod", { ...prodBase, platform: { kind: "kubernetes", namespace: "rtdw" } });
    expect(problems).toEqual([expect.stringContaining("rtdw:platform.images: got neither registry nor mavenMirror")]);
    expect(resolveStackConfig("prod", { ...prodBase, platform: { kind: "kubernetes", namespace: "rtdw", images: { mavenMirror: "https://nexus.internal/maven2" } } }).environment).toBe("prod");
  });

  it("exposes nothing unless asked, and an exposure needs source ranges (and a node address for NodePort)", () => {
    expect(resolveStackConfig("test", { platform: k8s }).platform).not.toHaveProperty("exposure");
    expect(problemsOf("test", { platform: { ...k8s, exposure: { type: "LoadBalancer", sourceRanges: [] } } }).join("\n")).toContain("platform.exposure.sourceRanges");
    expect(problemsOf("test", { platform: { ...k8s, exposure: { type: "NodePort", sourceRanges: ["10.0.0.0/8"] } } }))
      .toEqual([expect.stringContaining("rtdw:platform.exposure.nodeAddress: got nothing")]);
    expect(problemsOf("test", { platform: { ...k8s, endpointServiceType: "LoadBalancer" } }).join("\n")).toContain("endpointServiceType");
  });
});
