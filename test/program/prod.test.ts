import { JOB_NAMES } from "../../components/config/jobs";
import { expectJobsPassPreviewCheck } from "./jobChecks";
import { SECRET_KEYS } from "../../components/config/secretKeys";
import { plaintextStrings, reveal, runProgram, ProgramRun } from "./harness";
import { schemaErrors } from "./kubernetesSchema";
import { admittedFlows, allowedEgress, podProblems, workloads } from "./deployability";

const secrets = Object.fromEntries(SECRET_KEYS.map((k) => [k, `prod-${k}-S3cr3t`]));
let run: ProgramRun;
beforeAll(async () => {
  run = await runProgram("prod", { secrets });
}, 600_000);

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const workload = (kind: "Deployment" | "StatefulSet", name: string): Obj => reveal(run.one(`kubernetes:apps/v1:${kind}`, `rtdw-${name}`).inputs) as Obj;
/** StreamPark is a StatefulSet (its workspace is a volume of its own); the Flink roles are Deployments. */
const kindOf = (name: string) => (name === "streampark" ? "StatefulSet" : "Deployment");

describe("prod stack on Kubernetes", () => {
  it("passes the job provider's check for every job, as preview runs it; each job's SET statements and StreamPark options agree", async () => {
    await expectJobsPassPreviewCheck(run, JOB_NAMES);
  });

  it("renders only objects that validate against the upstream Kubernetes schemas", () => {
    expect(run.byType("kubernetes:apps/v1:Deployment").length).toBeGreaterThan(3);
    expect(schemaErrors(run.resources)).toEqual([]);
  });

  it("does not deploy a MySQL: it points at the existing business database", () => {
    // (The mysqld-exporter of the monitoring does run: it watches the business MySQL.)
    expect(run.resources.filter((r) => /(^|-)mysql$/.test(r.name) && r.type.startsWith("kubernetes:apps")).map((r) => r.name)).toEqual([]);
    expect(run.outputs.mysqlEndpoint).toBe("mysql.shop.internal:3306");
    // Its accounts are created there as the configured admin, reaching it at its own address.
    const cdc = reveal(run.one("pulumi-nodejs:dynamic/mysql:Account", "mysql-cdc-user").inputs) as Obj;
    expect(cdc).toMatchObject({ endpoint: { kind: "direct", host: "mysql.shop.internal", port: 3306 }, adminUser: "rtdw_admin", adminPasswordConfigKey: "rtdw:mysqlRootPassword" });
  });

  it("gives Flink the seed's prod memory (TaskManager 4 GB, JobManager 2 GB) as requests and limits", () => {
    const tm = workload("Deployment", "flink-taskmanager").spec.template.spec.containers[0];
    expect(tm.resources).toMatchObject({ requests: { memory: "4096Mi" }, limits: { memory: "4096Mi" } });
    const jm = workload("Deployment", "flink-jobmanager").spec.template.spec.containers[0];
    expect(jm.resources).toMatchObject({ requests: { memory: "2048Mi" }, limits: { memory: "2048Mi" } });
  });

  it("runs two JobManagers with Kubernetes HA and the RBAC it needs", () => {
    const jm = workload("Deployment", "flink-jobmanager");
    expect(jm.spec.replicas).toBe(2);
    expect(jm.spec.template.spec.serviceAccountName).toBe("flink-jobmanager");
    const env = jm.spec.template.spec.containers[0].env as Obj[];
    expect(env).toContainEqual({ name: "FLINK_OWN_ADDRESS", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } });
    const role = reveal(run.one("kubernetes:rbac.authorization.k8s.io/v1:Role", "rtdw-flink-jobmanager-role").inputs) as Obj;
    expect(role.rules[0]).toMatchObject({ resources: ["configmaps"] });
    const data = reveal(run.one("kubernetes:core/v1:ConfigMap", "rtdw-flink-jobmanager-files").inputs.data) as Record<string, string>;
    const conf = data["opt_flink_conf_config.yaml"];
    expect(conf).toContain("high-availability.type: kubernetes");
    expect(conf).toContain("high-availability.storageDir: s3://rtdw-lake/prod/flink/ha");
    expect(conf).toContain("execution.checkpointing.dir: s3://rtdw-lake/prod/flink/checkpoints");
  });

  it("downloads nothing at pod start: Flink and StreamPark run images built with their jars and pushed to the stack's registry", () => {
    const images = ["flink-jobmanager", "flink-taskmanager", "flink-sql-gateway", "streampark"].map((name) => {
      const pod = workload(kindOf(name), name).spec.template.spec;
      expect((pod.initContainers ?? []).map((c: Obj) => c.name)).not.toContain("fetch-artifacts");
      return pod.containers[0].image as string;
    });
    for (const image of images) expect(image).toMatch(/^registry\.shop\.internal\/rtdw\/(flink|streampark)-rtdw:[0-9a-f]{12}@sha256:/);
    // The three Flink roles share one image; StreamPark has its own.
    expect(new Set(images).size).toBe(2);
    expect(run.byType("docker:index/image:Image").map((r) => String(r.inputs.imageName).replace(/:.*/, "")).sort())
      .toEqual(["registry.shop.internal/rtdw/flink-rtdw", "registry.shop.internal/rtdw/streampark-rtdw"]);
    const image = reveal(run.byType("docker:index/image:Image").find((r) => String(r.inputs.imageName).includes("flink-rtdw"))!.inputs) as Obj;
    expect(image.skipPush).toBe(false);
    const dockerfile = require("fs").readFileSync(image.build.dockerfile, "utf8") as string; // eslint-disable-line @typescript-eslint/no-require-imports
    expect(dockerfile).toContain("COPY --from=artifacts /artifacts/paimon-s3-0.9.0.jar /opt/flink/lib/paimon-s3-0.9.0.jar");
    expect(dockerfile).toContain("sha1sum -c");
  });

  it("keeps S3 keys in a Secret referenced by the pods, never in plain config", () => {
    const env = workload("Deployment", "flink-taskmanager").spec.template.spec.containers[0].env as Obj[];
    expect(env).toContainEqual({ name: "AWS_SECRET_ACCESS_KEY", valueFrom: { secretKeyRef: { name: "flink-taskmanager-secrets", key: "env.AWS_SECRET_ACCESS_KEY" } } });
    const plain = [...run.resources.flatMap((r) => plaintextStrings(r.inputs)), ...plaintextStrings(run.outputs)];
    for (const secret of Object.values(secrets)) {
      expect(plain.filter((s) => s.includes(secret))).toEqual([]);
    }
  });

  it("runs StarRocks as 3 FEs and 3 BEs in StatefulSets that register themselves with the root password", () => {
    const fe = workload("StatefulSet", "starrocks-fe");
    const be = workload("StatefulSet", "starrocks-be");
    expect([fe.spec.replicas, be.spec.replicas]).toEqual([3, 3]);
    expect(fe.spec.template.spec.containers[0].image).toBe("starrocks/fe-ubuntu:3.5.0");
    expect(be.spec.template.spec.containers[0].command).toEqual(["bash", "/opt/rtdw/starrocks-start.sh", "/opt/starrocks/be_entrypoint.sh", "starrocks-fe"]);
    expect(be.spec.template.spec.containers[0].env).toContainEqual({ name: "STARROCKS_ROOT_PASSWORD", valueFrom: { secretKeyRef: { name: "starrocks-be-secrets", key: "env.STARROCKS_ROOT_PASSWORD" } } });
    expect(be.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: "Retain", whenScaled: "Retain" });
  });

  it("runs no load generator against the business database", () => {
    expect(run.resources.filter((r) => r.name.includes("loadgen"))).toEqual([]);
  });

  it("protects and retains every data-bearing resource, as the engine receives the options", () => {
    const dataBearing = run.resources.filter((r) => r.type === "pulumi-nodejs:dynamic/mysql:Database"
      || r.type === "kubernetes:core/v1:PersistentVolumeClaim"
      || (r.type === "pulumi-nodejs:dynamic/schema:SchemaObject" && ["table", "database"].includes(String(r.inputs.kind))));
    expect(dataBearing.map((r) => r.name)).toEqual(expect.arrayContaining(["mysql-streampark-db", "starrocks:rtdw_serving", "paimon:paimon.ods.ods_orders"].map((n) => expect.stringContaining(n.split(":").pop()!))));
    const unprotected = dataBearing.filter((r) => !r.options.protect || !r.options.retainOnDelete).map((r) => `${r.type} ${r.name}`);
    expect(unprotected).toEqual([]);
    // A catalog holds no data of its own: replaceable.
    expect(run.byType("pulumi-nodejs:dynamic/schema:SchemaObject").filter((r) => r.inputs.kind === "catalog").every((r) => !r.options.protect)).toBe(true);
  });
});

describe("prod: deployable for real", () => {
  it("keeps every image's contract: identity (restricted or a named root exception), readable files, writable volumes, env read by someone, heap inside the limit", () => {
    const problems = workloads(run).flatMap((w) => podProblems(run, w, "rtdw"));
    expect(problems).toEqual([]);
    expect(workloads(run).length).toBeGreaterThan(10);
  });

  it("exposes nothing: every Service is ClusterIP or headless, and the operator reaches services through the Kubernetes API", () => {
    const services = run.byType("kubernetes:core/v1:Service").map((r) => reveal(r.inputs) as Obj);
    expect(services.filter((s) => s.spec.type !== "ClusterIP" && s.spec.clusterIP !== "None").map((s) => s.metadata.name)).toEqual([]);
    expect(run.outputs.endpoints).toMatchObject({
      streampark: { kind: "kubernetes", namespace: "rtdw", service: "streampark", port: 10000 },
      flinkSqlGateway: { kind: "kubernetes", namespace: "rtdw", service: "flink-sql-gateway", port: 8083 },
      starrocksQuery: { kind: "kubernetes", namespace: "rtdw", service: "starrocks-fe", port: 9030 },
      mysql: { kind: "direct", host: "mysql.shop.internal", port: 3306 },
    });
    const prometheus = workload("StatefulSet", "prometheus").spec.template.spec.containers[0];
    expect(prometheus.args).not.toContain("--web.enable-lifecycle");
  });

  it("denies by default and admits each flow of the warehouse, and nothing else", () => {
    // No rule admits anything from outside the namespace: no exposure was opted into.
    expect(admittedFlows(run).filter((f) => f.startsWith("ipBlock"))).toEqual([]);
    const deny = reveal(run.one("kubernetes:networking.k8s.io/v1:NetworkPolicy", "rtdw-default-deny").inputs) as Obj;
    expect(deny.spec).toMatchObject({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    expect(deny.spec.ingress).toBeUndefined();
    // Inside the cluster: each client admitted by its target, on the ports the flow needs.
    const admitted = [
      "alertmanager -> alertmanager-dingtalk:8060",
      "blackbox-exporter -> streampark:10000",
      "flink-jobmanager -> flink-jobmanager:6123",
      "flink-jobmanager -> flink-jobmanager:6124",
      "flink-jobmanager -> flink-taskmanager:6122",
      "flink-sql-gateway -> flink-jobmanager:8081",
      "flink-taskmanager -> flink-jobmanager:6123",
      "flink-taskmanager -> flink-jobmanager:6124",
      "flink-taskmanager -> flink-taskmanager:6121",
      "flink-taskmanager -> starrocks-be:8040",
      "flink-taskmanager -> starrocks-fe:8030",
      "flink-taskmanager -> starrocks-fe:9030",
      "grafana -> prometheus:9090",
      "grafana -> starrocks-fe:9030",
      "prometheus -> alertmanager:9093",
      "prometheus -> blackbox-exporter:9115",
      "prometheus -> flink-jobmanager:9249",
      "prometheus -> flink-taskmanager:9249",
      "prometheus -> mysqld-exporter:9104",
      "prometheus -> quality-exporter:9399",
      "prometheus -> starrocks-be:8040",
      "prometheus -> starrocks-fe:8030",
      "quality-exporter -> starrocks-fe:9030",
      "starrocks-be -> starrocks-be:8040",
      "starrocks-be -> starrocks-be:8060",
      "starrocks-be -> starrocks-be:9060",
      "starrocks-be -> starrocks-fe:8030",
      "starrocks-be -> starrocks-fe:9020",
      "starrocks-be -> starrocks-fe:9030",
      "starrocks-fe -> starrocks-be:8040",
      "starrocks-fe -> starrocks-be:8060",
      "starrocks-fe -> starrocks-be:9050",
      "starrocks-fe -> starrocks-be:9060",
      "starrocks-fe -> starrocks-fe:8030",
      "starrocks-fe -> starrocks-fe:9010",
      "starrocks-fe -> starrocks-fe:9020",
      "starrocks-fe -> starrocks-fe:9030",
      "streampark -> flink-jobmanager:8081",
    ];
    expect(admittedFlows(run)).toEqual(admitted);
    // Outbound: the same flows, DNS, and what lies outside the cluster (the business MySQL, S3, the
    // Kubernetes API for HA, alert channels), each on its ports only.
    const outside = [
      "alertmanager -> outside:443",
      "alertmanager -> outside:587",
      "alertmanager -> outside:80",
      "alertmanager-dingtalk -> outside:443",
      "flink-jobmanager -> outside:443",
      "flink-jobmanager -> outside:6443",
      "flink-sql-gateway -> outside:443",
      "flink-sql-gateway -> outside:6443",
      "flink-taskmanager -> outside:3306",
      "flink-taskmanager -> outside:443",
      "flink-taskmanager -> outside:6443",
      "mysqld-exporter -> outside:3306",
      "starrocks-be -> outside:443",
      "starrocks-fe -> outside:443",
      "streampark -> outside:3306",
      "streampark -> outside:443",
      "streampark -> outside:6443",
    ];
    expect(allowedEgress(run)).toEqual(["* -> anywhere:53", ...admitted, ...outside].sort());
  });

  it("keeps HA members available through node drains (PodDisruptionBudgets for the JobManagers and the FEs)", () => {
    const pdbs = run.byType("kubernetes:policy/v1:PodDisruptionBudget").map((r) => reveal(r.inputs) as Obj);
    expect(pdbs.map((p) => [p.metadata.name, p.spec.maxUnavailable]).sort()).toEqual([["flink-jobmanager", 1], ["starrocks-fe", 1]]);
  });

  it("gives the FEs a headless Service publishing not-ready pods (their FQDNs resolve while they join) and a heap inside their limit", () => {
    // That Services never wait for their workload is checked in components/platform/kubernetes/exposure.test.ts.
    const headless = reveal(run.one("kubernetes:core/v1:Service", "rtdw-starrocks-fe-headless").inputs) as Obj;
    expect(headless.spec).toMatchObject({ clusterIP: "None", publishNotReadyAddresses: true });
    // The FE heap fits its 4 GiB: fe.conf's -Xmx8192m is overridden through the start wrapper.
    const env = workload("StatefulSet", "starrocks-fe").spec.template.spec.containers[0].env as Obj[];
    expect(env).toContainEqual({ name: "RTDW_FE_HEAP_MIB", value: "3072" });
  });

  it("gives every process that reads the HA config the ConfigMap permissions (Flink's standalone Kubernetes HA docs)", () => {
    for (const name of ["flink-jobmanager", "flink-taskmanager", "flink-sql-gateway", "streampark"]) {
      expect(workload(kindOf(name), name).spec.template.spec.serviceAccountName).toBe(name);
      const role = reveal(run.one("kubernetes:rbac.authorization.k8s.io/v1:Role", `rtdw-${name}-role`).inputs) as Obj;
      expect(role.rules[0]).toMatchObject({ apiGroups: [""], resources: ["configmaps"], verbs: expect.arrayContaining(["get", "watch"]) });
    }
    // Pods that do not use the API get no token.
    expect(workload("StatefulSet", "starrocks-be").spec.template.spec.automountServiceAccountToken).toBe(false);
  });

  it("labels the namespace for Pod Security: restricted warned and audited, baseline enforced for the named root exceptions", () => {
    const ns = reveal(run.one("kubernetes:core/v1:Namespace", "rtdw").inputs) as Obj;
    expect(ns.metadata.labels).toMatchObject({
      "pod-security.kubernetes.io/enforce": "baseline", "pod-security.kubernetes.io/warn": "restricted", "pod-security.kubernetes.io/audit": "restricted",
    });
    const exceptions = workloads(run).filter((w) => w.inputs.spec.template.metadata.annotations?.["rtdw.dev/pod-security-exception"]).map((w) => w.inputs.metadata.name).sort();
    expect(exceptions).toEqual(["starrocks-be", "starrocks-fe", "streampark"]);
  });
});
