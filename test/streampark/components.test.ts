/**
 * StreamParkBootstrap and StreamingJobs under the Pulumi mock runtime: the resources they
 * register, their type tokens, the per-job settings, and secrets kept secret.
 */
import * as pulumi from "@pulumi/pulumi";
import { plaintextStrings } from "../program/harness";
import { fiveJobs } from "./support";

const recorded: { type: string; name: string; inputs: Record<string, unknown>; urn: string }[] = [];
pulumi.runtime.setMocks({
  newResource: (args) => {
    recorded.push({ type: args.type, name: args.name, inputs: args.inputs, urn: "" });
    const state: Record<string, unknown> = { ...args.inputs };
    if (args.type.endsWith(":FlinkEnvironment")) state.envId = "100200";
    if (args.type.endsWith(":SessionCluster")) state.clusterId = "100201";
    if (args.type.endsWith(":Variable")) state.revision = 1;
    if (args.type.endsWith(":AlertConfig")) state.alertId = 100202;
    return { id: `${args.name}-id`, state };
  },
  call: () => ({}),
}, "rtdw", "dev");

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { StreamParkBootstrap } = require("../../components/streampark/streamParkBootstrap") as typeof import("../../components/streampark/streamParkBootstrap");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { StreamingJobs } = require("../../components/streampark/streamingJobs") as typeof import("../../components/streampark/streamingJobs");

const ADMIN = "Admin-Secret-123";
const CDC = "Cdc-Secret-456";
const SR = "Sr-Secret-789";
const unwrap = <T>(o: pulumi.Output<T>): Promise<T> => new Promise((r) => o.apply(r));

test("the bootstrap and the five jobs register as typed resources with per-job settings and secrets kept secret", async () => {
  const sp = new StreamParkBootstrap("streampark", {
    consoleUrl: "http://localhost:10000",
    adminPassword: pulumi.secret(ADMIN),
    flinkName: "flink-1.20.1",
    flinkHome: "/opt/flink",
    jobManagerAddress: "http://flink-jobmanager:8081",
    flinkRestUrl: "http://localhost:8081",
    flinkConfigYaml: "execution.checkpointing.interval: 30s\n",
    variables: { "mysql.cdc.password": pulumi.secret(CDC), "starrocks.root.password": pulumi.secret(SR) },
    alerts: { "rtdw-critical": { dingTalk: { token: "ding-token" } } },
  });
  const { jobs: five } = fiveJobs();
  const sinks = [{ table: "paimon:ods.ods_orders", primaryKey: true }];
  const jobs = five.map((j) => ({ ...j, sinks }));
  const js = new StreamingJobs("jobs", {
    streampark: sp,
    jobs,
    settings: { checkpointInterval: "30s", checkpointTimeout: "10min", checkpointMinPause: "5s", stateTtl: "1d", taskManagerMemory: "2048m", jobManagerMemory: "1024m", restartAttempts: 3 },
    // Durations as the stack config resolves them (milliseconds) or as Flink writes them.
    overrides: {
      "rt-dw-dwd-transform": { parallelism: 8, upgradeStrategy: "stateless" }, "rt-dw-monitor": { pinnedSqlVersion: 2, checkpointInterval: 120_000 },
      "rt-dw-cdc-ingestion": { upgradeStrategy: "blue-green" }, "rt-dw-dws-aggregate": { state: "suspended", restoreFrom: "s3://b/savepoints/savepoint-1" },
    },
    healthGate: { checkpoints: 3, timeoutSeconds: 600 },
    alertName: "rtdw-critical",
    tags: ["rtdw", "dev"],
  });
  await Promise.all(Object.values(js.jobs).map((j) => unwrap(j.urn)));
  await unwrap(sp.clusterId);

  const types = recorded.map((r) => r.type);
  expect(types).toEqual(expect.arrayContaining([
    "rtdw:streampark:StreamParkBootstrap", "rtdw:streampark:StreamingJobs",
    "pulumi-nodejs:dynamic/streampark:AdminPassword", "pulumi-nodejs:dynamic/streampark:FlinkEnvironment",
    "pulumi-nodejs:dynamic/streampark:SessionCluster", "pulumi-nodejs:dynamic/streampark:Variable",
    "pulumi-nodejs:dynamic/streampark:AlertConfig", "pulumi-nodejs:dynamic/streampark:Job",
  ]));
  const jobRecords = recorded.filter((r) => r.type === "pulumi-nodejs:dynamic/streampark:Job");
  expect(jobRecords.map((r) => r.name).sort()).toEqual(jobs.map((j) => `jobs-${j.name}`).sort());

  const byName = (n: string) => jobRecords.find((r) => r.inputs.name === n)!.inputs;
  const dwd = byName("rt-dw-dwd-transform");
  expect(dwd).toMatchObject({
    clusterId: "100201", flinkEnvId: "100200", executionMode: 1, alertId: 100202, restartAttempts: 3, upgradeStrategy: "stateless",
    options: { parallelism: 8, checkpointInterval: "30s", checkpointTimeout: "10min", checkpointMinPause: "5s", stateTtl: "1d", taskManagerMemory: "2048m", jobManagerMemory: "1024m" },
    healthGate: { checkpoints: 3, timeoutSeconds: 600 },
  });
  expect(byName("rt-dw-monitor")).toMatchObject({ pinnedSqlVersion: 2, options: { checkpointInterval: "120000ms" } });
  // Issue 12: state and restoreFrom reach the job; sinks only a blue-green job's inputs.
  expect(byName("rt-dw-dws-aggregate")).toMatchObject({ desiredState: "suspended", restoreFrom: "s3://b/savepoints/savepoint-1" });
  expect(byName("rt-dw-cdc-ingestion")).toMatchObject({ upgradeStrategy: "blue-green", sinks });
  expect(byName("rt-dw-dwd-transform").sinks).toBeUndefined();
  expect(byName("rt-dw-ods-processing").options).toMatchObject({ parallelism: jobs[1].parallelism });
  expect(byName("rt-dw-cdc-ingestion")).toMatchObject({ variables: ["mysql.cdc.password"], variableRevisions: "mysql.cdc.password@1" });
  expect(byName("rt-dw-monitor").variables).toEqual(["starrocks.root.password"]);
  expect(byName("rt-dw-ods-processing").variables).toEqual([]);
  // How to reach Flink from the machine running Pulumi, for every job; the config fingerprint on the environment.
  for (const r of jobRecords) expect(r.inputs.flinkRestUrl).toBe("http://localhost:8081");
  const env = recorded.find((r) => r.type === "pulumi-nodejs:dynamic/streampark:FlinkEnvironment")!;
  expect(env.inputs.flinkConfigFingerprint).toMatch(/^[0-9a-f]{16}$/);

  // No secret in clear anywhere the engine would store it.
  for (const r of recorded) {
    const clear = plaintextStrings(r.inputs).join("\n");
    for (const s of [ADMIN, CDC, SR, "ding-token"]) expect(clear).not.toContain(s);
  }
});

test("a job referencing a variable the bootstrap lacks is refused with its name", () => {
  const sp = new StreamParkBootstrap("sp2", { consoleUrl: "http://x:1", adminPassword: pulumi.secret(ADMIN), flinkName: "f", flinkHome: "/opt/flink", jobManagerAddress: "http://jm:8081" });
  expect(() => new StreamingJobs("jobs2", {
    streampark: sp, jobs: [{ name: "rt-dw-x", sql: "SELECT '${kafka.password}'", parallelism: 1 }],
    settings: { checkpointInterval: "30s", checkpointTimeout: "10min", checkpointMinPause: "5s", stateTtl: "1d", restartAttempts: 3 },
  })).toThrow(/job 'rt-dw-x' references StreamPark variables kafka.password/);
});

test("the console's workspace (streampark.workspace.local) is a data volume, and config.yaml points there", async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const consoleModule = require("../../components/streampark/console") as typeof import("../../components/streampark/console");
  const specs: import("../../components/platform/service").ServiceSpec[] = [];
  const out = pulumi.output("x:1");
  const platform = {
    kind: "docker" as const,
    sharedVolume: () => { throw new Error("unused"); },
    deploy: (spec: import("../../components/platform/service").ServiceSpec, parent: pulumi.Resource) => {
      specs.push(spec);
      return { name: spec.name, host: out, internalEndpoint: () => out, endpoint: () => pulumi.output({ kind: "direct" as const, host: "x", port: 1 }), instancesDnsName: out, ready: parent };
    },
  };
  new consoleModule.StreamParkConsole("sp-console", {
    platform, streamparkVersion: "2.1.5", flinkVersion: "1.20.1",
    database: { host: "mysql", port: 3306, database: "streampark", user: "streampark", password: pulumi.secret("db-Secret") },
    flinkConfigYaml: "a: b\n", connectors: [], sharedMounts: [], memoryMiB: 1024, egress: [],
  });
  expect(specs[0].dataVolumes).toEqual([{ name: "workspace", mountPath: consoleModule.STREAMPARK_WORKSPACE, sizeGiB: consoleModule.STREAMPARK_WORKSPACE_GIB }]);
  const yaml = consoleModule.streamparkConfigYaml({ host: "h", port: 1, database: "d", user: "u", password: "p" });
  expect(yaml).toContain(`local: ${consoleModule.STREAMPARK_WORKSPACE}`);
});

test("per-job checkpointing and health gate overrides reach the job; a job with no value for a setting is refused", async () => {
  const sp = new StreamParkBootstrap("sp3", { consoleUrl: "http://x:1", adminPassword: pulumi.secret(ADMIN), flinkName: "f", flinkHome: "/opt/flink", jobManagerAddress: "http://jm:8081" });
  const js = new StreamingJobs("jobs3", {
    streampark: sp, jobs: [{ name: "rt-dw-y", sql: "SELECT 1", parallelism: 1 }],
    settings: { restartAttempts: 3 },
    overrides: { "rt-dw-y": { checkpointInterval: "5 min", checkpointTimeout: "12 min", checkpointMinPause: "7 s", stateTtl: "2 d", healthGate: { checkpoints: 3, timeoutSeconds: 1200 } } },
    healthGate: { checkpoints: 3, timeoutSeconds: 600 },
  });
  await unwrap(js.jobs["rt-dw-y"].urn);
  const job = recorded.find((r) => r.type === "pulumi-nodejs:dynamic/streampark:Job" && r.name === "jobs3-rt-dw-y")!;
  expect(job.inputs.options).toMatchObject({ checkpointInterval: "5 min", checkpointTimeout: "12 min", checkpointMinPause: "7 s", stateTtl: "2 d" });
  expect(job.inputs.healthGate).toEqual({ checkpoints: 3, timeoutSeconds: 1200 });
  expect(() => new StreamingJobs("jobs4", {
    streampark: sp, jobs: [{ name: "rt-dw-z", sql: "SELECT 1", parallelism: 1 }],
    settings: { checkpointInterval: "30s", checkpointTimeout: "10min", stateTtl: "1d", restartAttempts: 3 },
  })).toThrow("StreamingJobs: job 'rt-dw-z' has no checkpointMinPause (set it in settings or in the job's override)");
});
