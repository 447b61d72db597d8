import { JOB_NAMES } from "../../components/config/jobs";
import { expectJobsPassPreviewCheck } from "./jobChecks";
import { DEV_MEMORY_BUDGET_MIB } from "../../components/config/profiles";
import { memoryFootprintMiB } from "../../components/platform/imageContract";
import { CONTRACTS } from "./deployability";
import { plaintextStrings, reveal, runProgram, ProgramRun } from "./harness";

let run: ProgramRun;
beforeAll(async () => {
  run = await runProgram("dev", { secrets: { streamparkAdminPassword: "dev-admin-Pw7", mysqlRootPassword: "dev-mysql-Root-Pw7", starrocksRootPassword: "dev-sr-Root-Pw7" } });
}, 600_000);

const CONTAINER = "docker:index/container:Container";

function container(name: string): Record<string, unknown> {
  return reveal(run.one(CONTAINER, `rtdw-dev-${name}`).inputs) as Record<string, unknown>;
}

describe("dev stack on Docker", () => {
  it("passes the job provider's check for every job, as preview runs it; each job's SET statements and StreamPark options agree", async () => {
    await expectJobsPassPreviewCheck(run, JOB_NAMES);
  });

  it("runs every system of the warehouse as a container", () => {
    const names = run.byType(CONTAINER).map((r) => r.name).sort();
    expect(names).toEqual(expect.arrayContaining([
      "rtdw-dev-mysql",
      "rtdw-dev-flink-jobmanager",
      "rtdw-dev-flink-taskmanager",
      "rtdw-dev-flink-sql-gateway",
      "rtdw-dev-streampark",
      "rtdw-dev-streampark-schema",
      "rtdw-dev-starrocks",
    ]));
    expect(run.byType("kubernetes:apps/v1:Deployment")).toHaveLength(0);
  });

  it("gives Flink the seed's dev memory: TaskManager 2 GB, JobManager 1 GB", () => {
    expect(container("flink-jobmanager").memory).toBe(1024);
    expect(container("flink-taskmanager").memory).toBe(2048);
    const uploads = container("flink-taskmanager").uploads as { file: string; content: string }[];
    const conf = uploads.find((u) => u.file === "/opt/flink/conf/config.yaml")?.content ?? "";
    expect(conf).toContain("taskmanager.memory.process.size: 2048m");
    expect(conf).toContain("jobmanager.memory.process.size: 1024m");
  });

  it("publishes ports on 127.0.0.1 only", () => {
    for (const c of run.byType(CONTAINER)) {
      for (const p of (reveal(c.inputs) as { ports?: { ip?: string }[] }).ports ?? []) {
        expect(p.ip).toBe("127.0.0.1");
      }
    }
    const published = (container("streampark").ports as { internal: number; external: number }[]);
    expect(published).toEqual([{ internal: 10000, external: 10000, ip: "127.0.0.1" }]);
  });

  it("pins every image to a version, never latest", () => {
    const images = [
      ...run.byType("docker:index/remoteImage:RemoteImage").map((r) => String(reveal(r.inputs.name))),
      ...run.byType(CONTAINER).map((r) => String(reveal(r.inputs.image))),
    ];
    expect(images.length).toBeGreaterThan(5);
    for (const image of images) {
      expect(image).toMatch(/:[^/:]+$/);
      expect(image).not.toMatch(/:latest$/);
    }
  });

  it("keeps data on named volumes", () => {
    const volumes = run.byType("docker:index/volume:Volume").map((r) => r.inputs.name);
    expect(volumes).toEqual(expect.arrayContaining(["rtdw-dev-lake", "rtdw-dev-mysql-data", "rtdw-dev-starrocks-fe-meta", "rtdw-dev-starrocks-be-storage"]));
    expect(container("mysql").volumes).toEqual([{ volumeName: "rtdw-dev-mysql-data", containerPath: "/var/lib/mysql" }]);
  });

  it("starts StreamPark after MySQL and the JobManager are up", () => {
    expect(container("streampark").wait).toBe(true);
  });

  it("keeps every secret secret: no password appears in plain text in any resource input or output", () => {
    expect(run.secretValues.length).toBeGreaterThanOrEqual(4);
    const plain = [...run.resources.flatMap((r) => plaintextStrings(r.inputs)), ...plaintextStrings(run.outputs)];
    for (const secret of run.secretValues) {
      expect(plain.filter((s) => s.includes(secret))).toEqual([]);
    }
  });

  it("registers the five jobs through StreamPark with the seed's parallelism and no secret in their SQL", () => {
    const jobs = run.byType("pulumi-nodejs:dynamic/streampark:Job").map((r) => reveal(r.inputs) as Record<string, any>); // eslint-disable-line @typescript-eslint/no-explicit-any
    const byName = Object.fromEntries(jobs.map((j) => [j.name, j]));
    expect(Object.keys(byName).sort()).toEqual(["rt-dw-cdc-ingestion", "rt-dw-dwd-transform", "rt-dw-dws-aggregate", "rt-dw-monitor", "rt-dw-ods-processing"]);
    expect(Object.fromEntries(jobs.map((j) => [j.name, j.options.parallelism]))).toEqual({
      "rt-dw-cdc-ingestion": 2, "rt-dw-ods-processing": 4, "rt-dw-dwd-transform": 6, "rt-dw-dws-aggregate": 4, "rt-dw-monitor": 1,
    });
    const cdc = byName["rt-dw-cdc-ingestion"];
    // The deployed server and every CDC source agree on the zone (rtdw:mysql.serverTimeZone, UTC by default).
    expect([...cdc.sql.matchAll(/'server-time-zone' = '([^']*)'/g)].map((m) => m[1])).toEqual(Array(5).fill("UTC"));
    expect((container("mysql").command as string[]).filter((a) => a.startsWith("--default-time-zone="))).toEqual(["--default-time-zone=+00:00"]);
    expect(cdc.sql).toContain("'hostname' = 'mysql'");
    expect(cdc.sql).toContain("'password' = '${mysql.cdc.password}'");
    // The SQL is a plain input (readable in previews) because secrets are StreamPark variables.
    const plainSql = run.byType("pulumi-nodejs:dynamic/streampark:Job").map((r) => r.inputs.sql);
    expect(plainSql.every((s) => typeof s === "string")).toBe(true);
    const variables = run.byType("pulumi-nodejs:dynamic/streampark:Variable").map((r) => r.inputs.code).sort();
    expect(variables).toEqual(["mysql.cdc.password", "starrocks.root.password"]);
  });

  it("runs the load generator at the configured rate as a least-privilege MySQL user, after seeding empty tables once", () => {
    const lg = container("loadgen");
    expect(lg.image).toBe("node:20.18.1-bookworm-slim");
    expect(lg.envs).toEqual(expect.arrayContaining(["RTDW_CHANGES_PER_SECOND=200", "RTDW_MYSQL_USER=rtdw_loadgen", "RTDW_MYSQL_HOST=mysql"]));
    const seed = container("loadgen-seed");
    expect(seed.image).toBe("mysql:8.0.36");
    const uploads = seed.uploads as { file: string; content: string }[];
    expect(uploads[0].content).toContain("INSERT INTO `shop`.customers");
    const writer = reveal(run.one("pulumi-nodejs:dynamic/mysql:Account", "mysql-writer-user").inputs);
    expect(writer).toMatchObject({ user: "rtdw_loadgen", host: "%", grants: [{ on: "shop.*", privileges: ["SELECT", "INSERT", "UPDATE", "DELETE"] }] });
  });

  it("grants the CDC user exactly what the MySQL CDC connector documents", () => {
    const cdc = run.one("pulumi-nodejs:dynamic/mysql:Account", "mysql-cdc-user");
    expect(reveal(cdc.inputs)).toMatchObject({
      user: "rtdw_cdc", host: "%", grants: [{ on: "*.*", privileges: ["SELECT", "SHOW DATABASES", "REPLICATION SLAVE", "REPLICATION CLIENT"] }],
    });
    // Its password and the admin's are secret inputs (Pulumi's secret signature), never plain.
    for (const key of ["password", "adminPassword"]) expect(JSON.stringify(cdc.inputs[key])).toContain("1b47061264138c4ac30d75fd1eb44270");
  });

  it("exports the endpoints a user needs", () => {
    expect(run.outputs).toMatchObject({
      streamparkUrl: "http://127.0.0.1:10000",
      flinkWebUiUrl: "http://127.0.0.1:8081",
      flinkSqlGatewayUrl: "http://127.0.0.1:8083",
      mysqlEndpoint: "127.0.0.1:3306",
      starrocksQueryEndpoint: "127.0.0.1:9030",
    });
    expect(run.outputs.grafanaUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(run.outputs.prometheusUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(run.outputs.alertmanagerUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // The lineage of the five jobs, parsed from their SQL: ODS -> DWD -> DWS with the monitor reading the layers.
    const lineage = run.outputs.lineageGraph as { jobs: Record<string, { inputs: string[]; outputs: string[] }>; layers: string[] };
    expect(Object.keys(lineage.jobs).sort()).toEqual(["rt-dw-cdc-ingestion", "rt-dw-dwd-transform", "rt-dw-dws-aggregate", "rt-dw-monitor", "rt-dw-ods-processing"]);
    expect(lineage.jobs["rt-dw-cdc-ingestion"].outputs.every((t) => t.includes(".ods.") || t.includes("ods_"))).toBe(true);
  });

  it("creates the reference schema as resources, after the engines, with the jobs and load generator after the tables", () => {
    const objects = run.byType("pulumi-nodejs:dynamic/schema:SchemaObject").map((r) => reveal(r.inputs) as Record<string, unknown>);
    const names = objects.map((o) => o.name);
    expect(names).toEqual(expect.arrayContaining(["mysql:shop", "mysql:shop.orders", "paimon:paimon", "paimon:paimon.ods.ods_orders", "starrocks:rtdw_serving.dq_results", "starrocks:paimon_lake"]));
    const orders = objects.find((o) => o.name === "mysql:shop.orders")!;
    expect(orders).toMatchObject({ endpoint: { kind: "direct", host: "127.0.0.1", port: 3306 }, user: "root", allowDataLoss: true, secretConfigKeys: { password: "rtdw:mysqlRootPassword" } });
    const table = objects.find((o) => o.name === "paimon:paimon.ods.ods_orders")!;
    expect(table).toMatchObject({ endpoint: { kind: "direct", host: "127.0.0.1", port: 8083 } });
    // The order the engine follows: what each registration waits for.
    const schema = run.byType("pulumi-nodejs:dynamic/schema:SchemaObject");
    const urnOf = (name: string) => schema.find((r) => r.inputs.name === name)!.urn;
    const waitsFor = (r: { options: { dependencies: string[] } }, urn: string) => r.options.dependencies.includes(urn);
    expect(waitsFor(schema.find((r) => r.inputs.name === "mysql:shop.orders")!, urnOf("mysql:shop"))).toBe(true);
    expect(waitsFor(schema.find((r) => r.inputs.name === "paimon:paimon.ods.ods_orders")!, urnOf("paimon:paimon.ods"))).toBe(true);
    const tables = schema.filter((r) => r.inputs.kind === "table");
    for (const job of run.byType("pulumi-nodejs:dynamic/streampark:Job")) {
      expect(tables.filter((t) => !waitsFor(job, t.urn)).map((t) => `${job.name} does not wait for ${t.inputs.name}`)).toEqual([]);
    }
    const loadgen = run.resources.find((r) => r.type === "docker:index/container:Container" && r.name.includes("loadgen"))!;
    expect(waitsFor(loadgen, urnOf("mysql:shop.orders"))).toBe(true);
    // dev protects nothing: a stack to tear down.
    expect(run.resources.filter((r) => r.options.protect || r.options.retainOnDelete).map((r) => r.name)).toEqual([]);
  });

  it("sends the StarRocks sinks' stream loads through the all-in-one's FE proxy (8030 would redirect them to a BE registered as 127.0.0.1)", () => {
    const job = run.byType("pulumi-nodejs:dynamic/streampark:Job").map((r) => reveal(r.inputs) as Record<string, unknown>).find((j) => j.name === "rt-dw-dws-aggregate")!;
    const loadUrls = [...String(job.sql).matchAll(/'load-url' = '([^']+)'/g)].map((m) => m[1]);
    expect(loadUrls.length).toBeGreaterThan(0);
    for (const u of loadUrls) expect(u).toBe("starrocks:8080");
  });

  it("runs StarRocks allin1 with a fixed hostname (its FE meta records it) and waits until root's password works", () => {
    const sr = container("starrocks");
    expect(sr.image).toBe("starrocks/allin1-ubuntu:3.5.0");
    expect(sr.hostname).toBe("starrocks");
    expect(sr.entrypoints).toEqual(["bash", "/opt/rtdw/starrocks-start.sh", "./entrypoint.sh"]);
    expect((sr.healthcheck as { tests: string[] }).tests.join(" ")).toContain("SHOW BACKENDS");
  });
});

describe("dev: fits a laptop and keeps the images' contracts", () => {
  const services = () => run.byType(CONTAINER).map((r) => ({ name: r.name.replace(/^rtdw-dev-/, ""), c: reveal(r.inputs) as Record<string, any> })); // eslint-disable-line @typescript-eslint/no-explicit-any

  it(`adds every container's memory limit, one-shot steps included, to at most ${DEV_MEMORY_BUDGET_MIB} MiB with Flink at 2 GB / 1 GB`, () => {
    const limits = services().map((s) => [s.name, s.c.memory as number] as const);
    expect(limits.every(([, m]) => typeof m === "number" && m > 0)).toBe(true);
    const total = limits.reduce((sum, [, m]) => sum + m, 0);
    console.log(`dev memory limits: ${total} MiB (${(total / 1024).toFixed(2)} GiB) — ${limits.map(([n, m]) => `${n} ${m}`).join(", ")}`);
    expect(total).toBeLessThanOrEqual(DEV_MEMORY_BUDGET_MIB);
  });

  it("sizes every JVM inside its container and sets only environment its image or its own scripts read", () => {
    const problems: string[] = [];
    for (const { name, c } of services()) {
      const contract = CONTRACTS[name];
      if (!contract) { problems.push(`${name}: no contract`); continue; }
      const env = Object.fromEntries((c.envs as string[] ?? []).map((e) => [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)]));
      const files = Object.fromEntries((c.uploads as { file: string; content: string }[] ?? []).map((u) => [u.file, u.content]));
      const ownText = [...(c.entrypoints ?? []), ...(c.command ?? []), ...Object.values(files)].join("\n");
      for (const k of Object.keys(env)) {
        if (!contract.env.includes(k) && !new RegExp(`\\$\\{?${k}\\b`).test(ownText)) problems.push(`${name}: ${k} is read by nothing`);
      }
      const f = memoryFootprintMiB(contract, env, files);
      if (f.mib > c.memory) problems.push(`${name}: needs ${f.mib} MiB (${f.how}) in ${c.memory} MiB`);
      if (c.image !== contract.image && !new RegExp(`^rtdw-dev/${name}:[0-9a-f]{12}$`).test(c.image)) problems.push(`${name}: image ${c.image}`);
    }
    expect(problems).toEqual([]);
  });

  it("makes the lake Flink's (uid/gid 9999, group-writable) before any service mounts it", () => {
    const owner = container("lake-owner");
    expect(owner.entrypoints).toEqual(["sh", "-c", "chown 9999:9999 /volume && chmod 2775 /volume"]);
    expect(owner.user).toBe("0:0");
    expect(owner.volumes).toEqual([{ volumeName: "rtdw-dev-lake", containerPath: "/volume" }]);
  });

  it("carries each one-shot step's outcome into its service, so a failed step fails `up`", () => {
    expect(container("streampark-schema")).toMatchObject({ attach: true, logs: true, restart: "no" });
    expect(container("streampark").labels).toEqual([{ label: "rtdw.init.schema", value: "ok" }]);
    expect(container("loadgen").labels).toEqual([{ label: "rtdw.init.seed", value: "ok" }]);
  });

  it("gives the providers direct endpoints on 127.0.0.1", () => {
    expect(run.outputs.endpoints).toMatchObject({
      streampark: { kind: "direct", host: "127.0.0.1", port: 10000 },
      starrocksQuery: { kind: "direct", host: "127.0.0.1", port: 9030 },
      mysql: { kind: "direct", host: "127.0.0.1", port: 3306 },
    });
  });
});
