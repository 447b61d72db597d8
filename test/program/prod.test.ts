import { SECRET_KEYS } from "../../components/config/secretKeys";
import { plaintextStrings, reveal, runProgram, ProgramRun } from "./harness";
import { schemaErrors } from "./kubernetesSchema";

const secrets = Object.fromEntries(SECRET_KEYS.map((k) => [k, `prod-${k}-S3cr3t`]));
let run: ProgramRun;
beforeAll(async () => {
  run = await runProgram("prod", { secrets });
});

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const workload = (kind: "Deployment" | "StatefulSet", name: string): Obj => reveal(run.one(`kubernetes:apps/v1:${kind}`, `rtdw-${name}`).inputs) as Obj;

describe("prod stack on Kubernetes", () => {
  it("renders only objects that validate against the upstream Kubernetes schemas", () => {
    expect(run.byType("kubernetes:apps/v1:Deployment").length).toBeGreaterThan(3);
    expect(schemaErrors(run.resources)).toEqual([]);
  });

  it("does not deploy a MySQL: it points at the existing business database", () => {
    // (The mysqld-exporter of the monitoring does run: it watches the business MySQL.)
    expect(run.resources.filter((r) => /(^|-)mysql$/.test(r.name) && r.type.startsWith("kubernetes:apps")).map((r) => r.name)).toEqual([]);
    expect(run.outputs.mysqlEndpoint).toBe("mysql.shop.internal:3306");
    const provider = reveal(run.one("pulumi:providers:mysql", "mysql-admin").inputs) as Obj;
    expect(provider).toMatchObject({ endpoint: "mysql.shop.internal:3306", username: "rtdw_admin" });
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
    for (const name of ["flink-jobmanager", "flink-taskmanager", "flink-sql-gateway", "streampark"]) {
      const pod = workload("Deployment", name).spec.template.spec;
      expect(pod.containers[0].image).toMatch(new RegExp(`^registry\\.shop\\.internal/rtdw/${name}:[0-9a-f]{12}@sha256:`));
      expect((pod.initContainers ?? []).map((c: Obj) => c.name)).not.toContain("fetch-artifacts");
    }
    const image = reveal(run.one("docker:index/image:Image", "flink-taskmanager-image").inputs) as Obj;
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

  it("protects data-bearing storage", () => {
    const db = run.one("mysql:index/database:Database", "mysql-streampark-db");
    expect(db).toBeDefined();
  });
});
