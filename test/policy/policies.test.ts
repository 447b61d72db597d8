/** Each guardrail with a resource that passes and one that violates it. */
import { imagesPinned, prodImagesByDigest, unpinnedReason } from "../../policy/rules/imagesPinned";
import { durationMs, jobsCheckpointed, STREAMPARK_JOB } from "../../policy/rules/jobsCheckpointed";
import { credentialLines, secretsNotPlain } from "../../policy/rules/secretsNotPlain";
import { prodDataProtected, SCHEMA_OBJECT } from "../../policy/rules/prodDataProtected";
import { servicesRestricted } from "../../policy/rules/servicesRestricted";
import { memoryLimited } from "../../policy/rules/memoryLimited";
import { prodHighAvailability } from "../../policy/rules/prodHighAvailability";
import { policies } from "../../policy/policies";
import { stackOf } from "../../policy/stack";
import { deployment, stackViolations, violations } from "./support";

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const STATEFULSET = "kubernetes:apps/v1:StatefulSet";
const CONTAINER = "docker:index/container:Container";
const limits = { resources: { limits: { memory: "512Mi" } } };

describe("images-pinned", () => {
  it("passes version tags, digests and image IDs", async () => {
    for (const image of ["flink:1.20.1-scala_2.12-java11", "registry.local:5000/team/app:2.1", "app@sha256:" + "a".repeat(64), "sha256:" + "b".repeat(64)]) {
      expect(await violations(imagesPinned, { type: DEPLOYMENT, props: deployment({ image, ...limits }) })).toEqual([]);
    }
    expect(await violations(imagesPinned, { type: "docker:index/remoteImage:RemoteImage", props: { name: "mysql:8.0.36" } })).toEqual([]);
  });

  it("refuses latest, explicit or implied, on every platform", async () => {
    expect(await violations(imagesPinned, { type: DEPLOYMENT, name: "web", props: deployment({ image: "nginx:latest" }) }))
      .toEqual([expect.stringContaining('web, container "app": image "nginx:latest" uses the moving tag "latest"')]);
    expect(await violations(imagesPinned, { type: "docker:index/remoteImage:RemoteImage", props: { name: "registry.local:5000/flink" } }))
      .toEqual([expect.stringContaining('has no tag, so Docker takes "latest"')]);
    expect(await violations(imagesPinned, { type: CONTAINER, props: { image: "starrocks/allin1-ubuntu" } })).toHaveLength(1);
    // A registry port is not a tag.
    expect(unpinnedReason("registry.local:5000/flink")).toBeDefined();
  });
});

describe("prod-images-by-digest (advisory)", () => {
  it("asks prod Kubernetes containers for a digest, and nothing of other stacks", async () => {
    const props = deployment({ image: "flink:1.20.1-scala_2.12-java11" });
    expect(await violations(prodImagesByDigest, { type: DEPLOYMENT, props, stack: "prod" })).toEqual([expect.stringContaining("pinned by tag only")]);
    expect(await violations(prodImagesByDigest, { type: DEPLOYMENT, props, stack: "test" })).toEqual([]);
    expect(await violations(prodImagesByDigest, { type: DEPLOYMENT, props: deployment({ image: "flink:1.20.1@sha256:" + "c".repeat(64) }), stack: "prod" })).toEqual([]);
    expect(prodImagesByDigest.enforcementLevel).toBe("advisory");
  });
});

describe("jobs-checkpointed", () => {
  const job = (options: Record<string, unknown>, upgradeStrategy?: string) => ({ name: "rt-dw-cdc-ingestion", options, upgradeStrategy });

  it("passes a checkpointed job, and a prod job that upgrades through a savepoint (explicitly or by default)", async () => {
    expect(await violations(jobsCheckpointed, { type: STREAMPARK_JOB, props: job({ checkpointInterval: "60s" }), stack: "prod" })).toEqual([]);
    expect(await violations(jobsCheckpointed, { type: STREAMPARK_JOB, props: job({ checkpointInterval: "1min" }, "savepoint"), stack: "prod" })).toEqual([]);
    expect(await violations(jobsCheckpointed, { type: STREAMPARK_JOB, props: job({ checkpointInterval: "30s" }, "stateless"), stack: "dev" })).toEqual([]);
  });

  it("refuses a job without checkpoints, and a stateless upgrade in prod", async () => {
    expect(await violations(jobsCheckpointed, { type: STREAMPARK_JOB, props: job({ checkpointInterval: "0ms" }) }))
      .toEqual([expect.stringContaining("Job rt-dw-cdc-ingestion: checkpointing is off")]);
    expect(await violations(jobsCheckpointed, { type: STREAMPARK_JOB, props: job({ parallelism: 2 }) })).toHaveLength(1);
    expect(await violations(jobsCheckpointed, { type: STREAMPARK_JOB, props: job({ checkpointInterval: "60s" }, "stateless"), stack: "prod" }))
      .toEqual([expect.stringContaining('upgradeStrategy "stateless" drops the job\'s state')]);
  });

  it("reads Flink's duration spellings", () => {
    expect([durationMs("30s"), durationMs("1 min"), durationMs("60000ms"), durationMs(5000), durationMs("2h"), durationMs("soon")])
      .toEqual([30000, 60000, 60000, 5000, 7200000, undefined]);
  });
});

describe("secrets-not-plain", () => {
  it("passes credentials referenced from a Secret and config without credentials", async () => {
    const props = deployment({ image: "mysql:8.0.36", env: [
      { name: "MYSQL_ROOT_PASSWORD", valueFrom: { secretKeyRef: { name: "mysql-secrets", key: "root" } } },
      { name: "MYSQL_ALLOW_EMPTY_PASSWORD", value: "no" },
      { name: "MYSQL_DATABASE", value: "shop" },
    ] });
    expect(await violations(secretsNotPlain, { type: DEPLOYMENT, props })).toEqual([]);
    expect(await violations(secretsNotPlain, { type: "kubernetes:core/v1:ConfigMap", props: { data: {
      "config.yaml": "s3.access-key: ${AWS_ACCESS_KEY_ID}\ns3.secret-key: $AWS_SECRET_ACCESS_KEY\nparallelism.default: 2\n",
    } } })).toEqual([]);
  });

  it("refuses a literal credential in a container's env or a ConfigMap", async () => {
    const props = deployment({ image: "mysql:8.0.36", env: [{ name: "MYSQL_ROOT_PASSWORD", value: "hunter2" }] });
    expect(await violations(secretsNotPlain, { type: DEPLOYMENT, name: "mysql", props }))
      .toEqual([expect.stringContaining('mysql, container "app": env MYSQL_ROOT_PASSWORD carries a literal value')]);
    expect(await violations(secretsNotPlain, { type: "kubernetes:core/v1:ConfigMap", name: "flink-files", props: { data: { "config.yaml": "s3.secret-key: AKIAsecret\n" } } }))
      .toEqual([expect.stringContaining('file "config.yaml" sets "s3.secret-key" to a literal value')]);
    expect(await violations(secretsNotPlain, { type: "kubernetes:core/v1:ConfigMap", props: { data: { "grafana-admin-password": "x" } } })).toHaveLength(1);
    expect(credentialLines("password: 'abc'\ntoken=\nuser: root")).toEqual(["password"]);
  });
});

describe("prod-data-protected", () => {
  const table = { engine: "starrocks", kind: "table", name: "rtdw_serving.dq_results" };
  const sts = { spec: { volumeClaimTemplates: [{ metadata: { name: "data" } }], persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain" } } };

  it("passes protected prod data, and unprotected data outside prod", async () => {
    expect(await violations(prodDataProtected, { type: SCHEMA_OBJECT, props: table, stack: "prod", protect: true })).toEqual([]);
    expect(await violations(prodDataProtected, { type: STATEFULSET, props: sts, stack: "prod", protect: true })).toEqual([]);
    // The data of a StatefulSet is its claims: retained, the workload itself stays replaceable.
    expect(await violations(prodDataProtected, { type: STATEFULSET, props: sts, stack: "prod" })).toEqual([]);
    expect(await violations(prodDataProtected, { type: SCHEMA_OBJECT, props: table, stack: "dev" })).toEqual([]);
    expect(await violations(prodDataProtected, { type: SCHEMA_OBJECT, props: { ...table, kind: "catalog" }, stack: "prod" })).toEqual([]);
  });

  it("refuses unprotected prod tables and volumes, and claims deleted with their StatefulSet", async () => {
    expect(await violations(prodDataProtected, { type: SCHEMA_OBJECT, name: "dq_results", props: table, stack: "prod" }))
      .toEqual([expect.stringContaining("starrocks table dq_results holds prod data but is not protected")]);
    expect(await violations(prodDataProtected, { type: "kubernetes:core/v1:PersistentVolumeClaim", props: {}, stack: "prod" })).toHaveLength(1);
    const deleting = { spec: { ...sts.spec, persistentVolumeClaimRetentionPolicy: { whenDeleted: "Delete" } } };
    expect(await violations(prodDataProtected, { type: STATEFULSET, props: deleting, stack: "prod", protect: true }))
      .toEqual([expect.stringContaining("whenDeleted: Retain")]);
    // Another stack named as prod in the pack's config.
    expect(await violations(prodDataProtected, { type: SCHEMA_OBJECT, props: table, stack: "prod-eu" }, { prodStacks: ["prod-eu"] })).toHaveLength(1);
  });
});

describe("services-restricted", () => {
  it("passes ClusterIP, LoadBalancers with source ranges and ports bound to loopback", async () => {
    expect(await violations(servicesRestricted, { type: "kubernetes:core/v1:Service", props: { spec: { type: "ClusterIP" } } })).toEqual([]);
    expect(await violations(servicesRestricted, { type: "kubernetes:core/v1:Service", props: { spec: { type: "LoadBalancer", loadBalancerSourceRanges: ["10.0.0.0/8"] } } })).toEqual([]);
    expect(await violations(servicesRestricted, { type: CONTAINER, props: { ports: [{ internal: 8081, external: 8081, ip: "127.0.0.1" }] } })).toEqual([]);
  });

  it("refuses a LoadBalancer open to all, a NodePort and a port published on every address", async () => {
    expect(await violations(servicesRestricted, { type: "kubernetes:core/v1:Service", name: "streampark-external", props: { spec: { type: "LoadBalancer" } } }))
      .toEqual([expect.stringContaining("Service streampark-external is a LoadBalancer open to every address")]);
    expect(await violations(servicesRestricted, { type: "kubernetes:core/v1:Service", props: { spec: { type: "NodePort" } } })).toHaveLength(1);
    expect(await violations(servicesRestricted, { type: CONTAINER, props: { ports: [{ internal: 8081, external: 8081 }, { internal: 9030, ip: "0.0.0.0" }] } })).toHaveLength(2);
  });
});

describe("memory-limited", () => {
  it("passes containers with limits", async () => {
    expect(await violations(memoryLimited, { type: DEPLOYMENT, props: deployment({ image: "a:1", ...limits }) })).toEqual([]);
    expect(await violations(memoryLimited, { type: CONTAINER, props: { image: "a:1", memory: 2048 } })).toEqual([]);
  });

  it("refuses a container without one, init containers included", async () => {
    expect(await violations(memoryLimited, { type: CONTAINER, name: "flink-tm", props: { image: "a:1" } }))
      .toEqual([expect.stringContaining('flink-tm, container "docker": no memory limit')]);
    const props = deployment({ image: "a:1", ...limits });
    props.spec.template.spec.initContainers = [{ name: "fetch-artifacts", image: "curlimages/curl:8.14.1" }];
    expect(await violations(memoryLimited, { type: DEPLOYMENT, props })).toEqual([expect.stringContaining('container "fetch-artifacts"')]);
    const cron = { spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: "c", image: "a:1", resources: {} }] } } } } } };
    expect(await violations(memoryLimited, { type: "kubernetes:batch/v1:CronJob", props: cron })).toHaveLength(1);
  });
});

describe("prod-high-availability", () => {
  const jm = (replicas: number) => ({ type: DEPLOYMENT, name: "flink-jobmanager", stack: "prod",
    props: deployment({ image: "flink:1.20.1-scala_2.12-java11", command: ["sh", "-c", "exec /docker-entrypoint.sh jobmanager"] }, { replicas }) });
  const haConfig = { type: "kubernetes:core/v1:ConfigMap", stack: "prod", props: { data: { "config.yaml": "high-availability.type: kubernetes\n" } } };
  const fe = (replicas: number) => ({ type: STATEFULSET, name: "starrocks-fe", stack: "prod", props: deployment({ image: "starrocks/fe-ubuntu:3.5.0" }, { replicas }) });

  it("passes two JobManagers with HA configured and three frontends", async () => {
    expect(await stackViolations(prodHighAvailability, [jm(2), haConfig, fe(3)])).toEqual([]);
  });

  it("refuses a single JobManager, HA not configured, one frontend and allin1 in prod, and asks nothing of dev", async () => {
    expect(await stackViolations(prodHighAvailability, [jm(1), haConfig])).toEqual([expect.stringContaining("flink-jobmanager runs 1 Flink JobManager")]);
    expect(await stackViolations(prodHighAvailability, [jm(2)])).toEqual([expect.stringContaining("high availability is not configured")]);
    expect(await stackViolations(prodHighAvailability, [jm(2), haConfig, fe(1)])).toEqual([expect.stringContaining("runs 1 StarRocks frontend(s)")]);
    const allin1 = { type: CONTAINER, name: "starrocks", stack: "prod", props: { image: "starrocks/allin1-ubuntu:3.5.0" } };
    const allin1Pod = { ...allin1, type: DEPLOYMENT, props: deployment({ image: "starrocks/allin1-ubuntu:3.5.0" }) };
    expect(await stackViolations(prodHighAvailability, [allin1Pod])).toEqual([expect.stringContaining("allin1")]);
    expect(await stackViolations(prodHighAvailability, [{ ...jm(1), stack: "dev" }])).toEqual([]);
  });
});

describe("the pack", () => {
  it("has every guardrail once, named in kebab case", () => {
    const names = policies.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(["images-pinned", "jobs-checkpointed", "secrets-not-plain", "prod-data-protected", "services-restricted", "memory-limited", "prod-high-availability"]));
  });

  it("reads the stack from a URN, also a fully qualified one", () => {
    expect(stackOf("urn:pulumi:prod::rtdw::kubernetes:core/v1:Service::x")).toBe("prod");
    expect(stackOf("urn:pulumi:organization/rtdw/pr-42::rtdw::x::y")).toBe("pr-42");
  });
});
