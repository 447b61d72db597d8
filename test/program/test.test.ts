import { reveal, runProgram, ProgramRun } from "./harness";
import { schemaErrors } from "./kubernetesSchema";

let run: ProgramRun;
beforeAll(async () => {
  run = await runProgram("test", { secrets: { streamparkAdminPassword: "test-admin-Pw7", mysqlRootPassword: "test-mysql-Root-Pw7", starrocksRootPassword: "test-sr-Root-Pw7" } });
});

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("test stack on Kubernetes", () => {
  it("renders only objects that validate against the upstream Kubernetes schemas", () => {
    expect(schemaErrors(run.resources)).toEqual([]);
  });

  it("lets the non-root monitoring images write their volumes (fsGroup), and leaves other pods alone", () => {
    const group = (name: string) => (reveal(run.one("kubernetes:apps/v1:StatefulSet", `rtdw-test-${name}`).inputs) as Obj).spec.template.spec.securityContext?.fsGroup;
    expect([group("prometheus"), group("alertmanager"), group("grafana"), group("mysql")]).toEqual([65534, 65534, 0, undefined]);
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
