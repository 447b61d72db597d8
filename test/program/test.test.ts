import { JOB_NAMES } from "../../components/config/jobs";
import { expectJobsPassPreviewCheck } from "./jobChecks";
import { reveal, runProgram, ProgramRun } from "./harness";
import { schemaErrors } from "./kubernetesSchema";

let run: ProgramRun;
beforeAll(async () => {
  run = await runProgram("test", { secrets: { streamparkAdminPassword: "test-admin-Pw7", mysqlRootPassword: "test-mysql-Root-Pw7", starrocksRootPassword: "test-sr-Root-Pw7" } });
}, 300_000);

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("test stack on Kubernetes", () => {
  it("passes the job provider's check for every job, as preview runs it; each job's SET statements and StreamPark options agree", async () => {
    await expectJobsPassPreviewCheck(run, JOB_NAMES);
  });

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

  const workload = (name: string) => run.resources.find((r) => (r.type === "kubernetes:apps/v1:Deployment" || r.type === "kubernetes:apps/v1:StatefulSet") && r.name === name)
    ?? run.one("kubernetes:apps/v1:Deployment", name);

  it("shares the lake volume between every Flink pod and StreamPark through a ReadWriteMany claim", () => {
    const pvc = reveal(run.one("kubernetes:core/v1:PersistentVolumeClaim", "rtdw-test-lake").inputs) as Obj;
    expect(pvc.spec).toMatchObject({ accessModes: ["ReadWriteMany"], storageClassName: "nfs-client" });
    for (const name of ["flink-jobmanager", "flink-taskmanager", "flink-sql-gateway", "streampark"]) {
      const pod = (reveal(workload(`rtdw-test-${name}`).inputs) as Obj).spec.template.spec;
      expect(pod.volumes).toContainEqual({ name: "shared-lake", persistentVolumeClaim: { claimName: "lake" } });
    }
  });

  it("probes StreamPark on /actuator/health and initialises its schema before it starts", () => {
    // A StatefulSet: its workspace (the build jars every submit reads) is a volume of its own.
    const pod = (reveal(run.one("kubernetes:apps/v1:StatefulSet", "rtdw-test-streampark").inputs) as Obj).spec.template.spec;
    expect(pod.containers[0].readinessProbe.httpGet).toEqual({ path: "/actuator/health", port: 10000 });
    expect(pod.initContainers.map((c: Obj) => c.name)).toEqual(expect.arrayContaining(["fetch-artifacts", "copy-0", "schema"]));
  });
});
