import { reveal, runProgram, ProgramRun } from "./harness";
import { schemaErrors } from "./kubernetesSchema";
import { JOB_NAMES } from "../../components/config/jobs";
import { expectJobsPassPreviewCheck } from "./jobChecks";
import { admittedFlows, podProblems, workloads } from "./deployability";

let run: ProgramRun;
beforeAll(async () => {
  run = await runProgram("test", { secrets: { streamparkAdminPassword: "test-admin-Pw7", mysqlRootPassword: "test-mysql-Root-Pw7", starrocksRootPassword: "test-sr-Root-Pw7" } });
}, 600_000);

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("test stack on Kubernetes", () => {
  it("passes the job provider's check for every job, as preview runs it; each job's SET statements and StreamPark options agree", async () => {
    await expectJobsPassPreviewCheck(run, JOB_NAMES);
  });

  it("renders only objects that validate against the upstream Kubernetes schemas", () => {
    expect(schemaErrors(run.resources)).toEqual([]);
  });

  it("lets the non-root images write their volumes (fsGroup = the image's group), and sets none for root images", () => {
    const group = (name: string) => (reveal(run.one("kubernetes:apps/v1:StatefulSet", `rtdw-test-${name}`).inputs) as Obj).spec.template.spec.securityContext?.fsGroup;
    expect([group("prometheus"), group("alertmanager"), group("grafana"), group("mysql"), group("starrocks-fe")]).toEqual([65534, 65534, 0, 999, undefined]);
  });

  it("fetches connector jars from Maven Central in an init container that verifies their checksums (test sets no registry or mirror)", () => {
    const pod = (reveal(run.one("kubernetes:apps/v1:Deployment", "rtdw-test-flink-taskmanager").inputs) as Obj).spec.template.spec;
    const fetch = pod.initContainers.find((c: Obj) => c.name === "fetch-artifacts");
    expect(fetch.image).toBe("curlimages/curl:8.14.1");
    expect(fetch.command[2]).toContain("https://repo1.maven.org/maven2/org/apache/paimon/paimon-flink-1.20/0.9.0/paimon-flink-1.20-0.9.0.jar");
    expect(fetch.command[2]).toContain("sha1sum -c");
  });

  it("deploys its own MySQL as a StatefulSet with a volume claim, configured for CDC", () => {
    const sts = reveal(run.one("kubernetes:apps/v1:StatefulSet", "rtdw-test-mysql").inputs) as Obj;
    expect(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe("10Gi");
    const args = sts.spec.template.spec.containers[0].args as string[];
    expect(args).toEqual(expect.arrayContaining(["--binlog-format=ROW", "--binlog-row-image=FULL", "--gtid-mode=ON"]));
  });

  it("gives Flink the seed's test memory: TaskManager 3 GB, JobManager 2 GB", () => {
    const tm = (reveal(run.one("kubernetes:apps/v1:Deployment", "rtdw-test-flink-taskmanager").inputs) as Obj).spec.template.spec.containers[0];
    const jm = (reveal(run.one("kubernetes:apps/v1:Deployment", "rtdw-test-flink-jobmanager").inputs) as Obj).spec.template.spec.containers[0];
    expect(tm.resources.limits.memory).toBe("3072Mi");
    expect(jm.resources.limits.memory).toBe("2048Mi");
  });

  it("shares the lake volume between every Flink pod and StreamPark through a ReadWriteMany claim", () => {
    const pvc = reveal(run.one("kubernetes:core/v1:PersistentVolumeClaim", "rtdw-test-lake").inputs) as Obj;
    expect(pvc.spec).toMatchObject({ accessModes: ["ReadWriteMany"], storageClassName: "nfs-client" });
    // StreamPark is a StatefulSet: its workspace (build jars) is a private data volume.
    for (const [kind, name] of [["Deployment", "flink-jobmanager"], ["Deployment", "flink-taskmanager"], ["Deployment", "flink-sql-gateway"], ["StatefulSet", "streampark"]]) {
      const pod = (reveal(run.one(`kubernetes:apps/v1:${kind}`, `rtdw-test-${name}`).inputs) as Obj).spec.template.spec;
      expect(pod.volumes).toContainEqual({ name: "shared-lake", persistentVolumeClaim: { claimName: "lake" } });
    }
  });

  it("probes StreamPark on /actuator/health and initialises its schema before it starts", () => {
    const set = reveal(run.one("kubernetes:apps/v1:StatefulSet", "rtdw-test-streampark").inputs) as Obj;
    const pod = set.spec.template.spec;
    // The workspace survives a replaced pod (a claim per instance, mounted at streampark.workspace.local).
    expect(set.spec.volumeClaimTemplates.map((c: Obj) => c.metadata.name)).toContain("workspace");
    expect(pod.containers[0].volumeMounts).toContainEqual(expect.objectContaining({ name: "workspace", mountPath: "/tmp/streampark" }));
    expect(pod.containers[0].readinessProbe.httpGet).toEqual({ path: "/actuator/health", port: 10000 });
    expect(pod.initContainers.map((c: Obj) => c.name)).toEqual(expect.arrayContaining(["fetch-artifacts", "copy-0", "schema"]));
  });
});

describe("test: deployable for real", () => {
  it("keeps every image's contract: identity, readable files, writable volumes, env read by someone, heap inside the limit", () => {
    expect(workloads(run).flatMap((w) => podProblems(run, w, "rtdw-test"))).toEqual([]);
  });

  it("lets Flink write the shared lake: its pods run as flink (9999) with the lake's group as fsGroup", () => {
    for (const name of ["flink-jobmanager", "flink-taskmanager", "flink-sql-gateway"]) {
      const pod = (reveal(run.one("kubernetes:apps/v1:Deployment", `rtdw-test-${name}`).inputs) as Obj).spec.template.spec;
      expect(pod.securityContext).toMatchObject({ runAsUser: 9999, runAsGroup: 9999, fsGroup: 9999, runAsNonRoot: true });
    }
  });

  it("lets mysqld-exporter, sql_exporter and the DingTalk adapter (nobody) read their 0440 secret files through fsGroup 65534", () => {
    for (const name of ["mysqld-exporter", "quality-exporter"]) {
      const pod = (reveal(run.one("kubernetes:apps/v1:Deployment", `rtdw-test-${name}`).inputs) as Obj).spec.template.spec;
      expect(pod.securityContext.fsGroup).toBe(65534);
      expect(pod.volumes).toContainEqual(expect.objectContaining({ name: "secret-files", secret: expect.objectContaining({ defaultMode: 0o440 }) }));
    }
  });

  it("puts MySQL's datadir in a directory of its volume, not at its root (ext4's lost+found)", () => {
    const mounts = (reveal(run.one("kubernetes:apps/v1:StatefulSet", "rtdw-test-mysql").inputs) as Obj).spec.template.spec.containers[0].volumeMounts;
    expect(mounts).toContainEqual({ name: "data", mountPath: "/var/lib/mysql", subPath: "data" });
  });

  it("exposes nothing by default: ClusterIP Services only, endpoints through the Kubernetes API", () => {
    const services = run.byType("kubernetes:core/v1:Service").map((r) => reveal(r.inputs) as Obj);
    expect(services.filter((s) => s.spec.type !== "ClusterIP" && s.spec.clusterIP !== "None")).toEqual([]);
    expect(run.outputs.endpoints).toMatchObject({ mysql: { kind: "kubernetes", namespace: "rtdw-test", service: "mysql", port: 3306 } });
    expect(admittedFlows(run)).toEqual(expect.arrayContaining(["flink-taskmanager -> mysql:3306", "loadgen -> mysql:3306", "mysqld-exporter -> mysql:3306", "streampark -> mysql:3306"]));
    expect(admittedFlows(run).filter((f) => f.startsWith("ipBlock"))).toEqual([]);
  });
});
