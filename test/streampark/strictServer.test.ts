/**
 * The lifecycle against the StreamPark 2.1.5 behaviours a lenient double would hide (each
 * modelled in test/doubles/streampark with its source): a failed stop-with-savepoint leaves the
 * Flink job running and untracked; the workspace holding build jars dies with an unpersisted
 * console; a rollback needs its backup row; the Flink config copy is stale until synced; two
 * applications with the job's name. Every test creates its own job: no order between them.
 */
import { StreamParkDouble } from "../doubles/streampark/server";
import { StreamParkJobProvider } from "../../components/streampark/providers/jobProvider";
import type { JobInputs } from "../../components/streampark/providers/jobProvider";
import { FlinkEnvironmentProvider } from "../../components/streampark/providers/bootstrapProviders";
import { bootstrap, config, connection, engineCreate, engineUp, fiveJobs, jobInputs, startDouble, waitFor } from "./support";

const job = fiveJobs().jobs[1]; // rt-dw-ods-processing: no secret variables
const BROKEN = "/* broken */ INSERT INTO paimon.dwd.orders_clean SELECT 1/0;";

async function withDouble(opts: ConstructorParameters<typeof StreamParkDouble>[0], body: (d: StreamParkDouble, ids: { envId: string; clusterId: string }, p: StreamParkJobProvider) => Promise<void>): Promise<void> {
  const d = await startDouble(opts);
  try {
    const p = new StreamParkJobProvider();
    await p.configure(config() as never);
    await body(d, await bootstrap(d), p);
  } finally {
    await d.stop();
  }
}

const named = (d: StreamParkDouble, ids: { envId: string; clusterId: string }, suffix: string, extra: Partial<JobInputs> = {}) =>
  jobInputs(d, ids, { ...job, name: `${job.name}-${suffix}` }, extra);
const changed = (i: JobInputs) => ({ ...i, sql: i.sql.replace(/;\s*$/, "") + " AND 2 = 2;" });

describe("StreamPark 2.1.5 as strict as the real server", () => {
  test("a failed stop-with-savepoint: the Flink job StreamPark stopped tracking is cancelled, the update fails naming it, never two jobs", async () => {
    await withDouble({}, async (d, ids, p) => {
      const inputs = named(d, ids, "stop");
      const { id, outs } = await engineCreate(p, inputs);
      const jobId = d.apps.get(Number(id))!.jobId!;
      await waitFor("a checkpoint", () => d.tick() === undefined && d.flink.jobs.get(jobId)!.completed > 0);
      d.faults.savepointFails = (a) => a.id === Number(id);
      const err = await engineUp(p, id, outs, changed(inputs)).then(() => undefined, (e: Error) => e);
      d.faults.savepointFails = () => false;
      expect(err?.message).toMatch(new RegExp(`stopped tracking Flink job ${jobId}, which was still RUNNING: it was cancelled without a savepoint; last good checkpoint .*chk-\\d+.*rolled back to SQL version 1`));
      expect(d.flink.jobs.get(jobId)!.state).toBe("CANCELED");
      expect(d.flink.live(inputs.name)).toHaveLength(1);
      expect(d.flink.maxLivePerName).toBe(1);
      expect(d.apps.get(Number(id))!.state).toBe(5);
    });
  });

  test("a FAILED application whose Flink job still runs is not started twice: up cancels the untracked job first", async () => {
    await withDouble({}, async (d, ids, p) => {
      const inputs = named(d, ids, "orphan");
      const { id, outs } = await engineCreate(p, inputs);
      const app = d.apps.get(Number(id))!;
      const orphan = app.jobId!;
      await waitFor("a checkpoint", () => d.tick() === undefined && d.flink.jobs.get(orphan)!.completed > 0);
      app.state = 7; // what ApplicationServiceImpl#cancel leaves after a failed cancel; tracking 0
      const read = await p.read(id, outs);
      expect(read.props!.state).toBe("FAILED");
      const up = await engineUp(p, id, read.props!, inputs);
      expect(up.outs.state).toBe("RUNNING");
      expect(d.flink.jobs.get(orphan)!.state).toBe("CANCELED");
      expect(d.flink.maxLivePerName).toBe(1);
      // Resumed from the orphan's last retained checkpoint.
      expect(app.restoredFrom).toBe(d.flink.jobs.get(orphan)!.latestCompletedPath);
    });
  });

  test("delete after a failed final savepoint leaves no Flink job running and keeps the application", async () => {
    await withDouble({}, async (d, ids, p) => {
      const inputs = named(d, ids, "del");
      const { id, outs } = await engineCreate(p, inputs);
      const jobId = d.apps.get(Number(id))!.jobId!;
      d.faults.savepointFails = () => true;
      await expect(p.delete(id, outs)).rejects.toThrow(new RegExp(`final savepoint failed .*Flink job ${jobId} \\(still RUNNING\\) was cancelled without a savepoint; the application is kept`));
      d.faults.savepointFails = () => false;
      expect(d.flink.live()).toHaveLength(0);
      expect(d.apps.has(Number(id))).toBe(true);
      const quiet = jest.spyOn(console, "error").mockImplementation(() => undefined);
      await p.delete(id, outs);
      quiet.mockRestore();
      expect(d.apps.has(Number(id))).toBe(false);
    });
  });

  test("the health gate reads restarts from Flink: StreamPark shows RUNNING throughout", async () => {
    await withDouble({}, async (d, ids, p) => {
      const inputs = named(d, ids, "gate", { restartAttempts: 100 });
      const { id, outs } = await engineCreate(p, inputs);
      d.faults.failsAfterStart = (_a, sql) => sql.includes("1/0");
      const states = new Set<number>();
      const watch = setInterval(() => states.add(d.apps.get(Number(id))!.state), 5);
      const err = await engineUp(p, id, outs, { ...inputs, sql: BROKEN }).then(() => undefined, (e: Error) => e);
      clearInterval(watch);
      expect(err?.message).toMatch(/health gate \(Flink restarted the job \d+ time\(s\)\); rolled back to SQL version 1/);
      expect(states.has(4)).toBe(false); // StreamPark never stores RESTARTING
      expect(d.flink.maxLivePerName).toBe(1);
    });
  });

  test("a replaced console keeps its workspace on a volume: the upgrade starts from the old build", async () => {
    await withDouble({ workspaceVolume: true }, async (d, ids, p) => {
      const inputs = named(d, ids, "ws");
      const { id, outs } = await engineCreate(p, inputs);
      d.replaceConsole();
      const up = await engineUp(p, id, outs, { ...inputs, options: { ...inputs.options, parallelism: 3 } });
      expect(up.outs.state).toBe("RUNNING");
    });
  });

  test("a replaced console without a workspace volume cannot submit (the build jar is gone)", async () => {
    await withDouble({ workspaceVolume: false }, async (d, ids, p) => {
      const inputs = named(d, ids, "nows");
      const { id, outs } = await engineCreate(p, inputs);
      d.replaceConsole();
      await expect(engineUp(p, id, outs, { ...inputs, options: { ...inputs.options, parallelism: 3 } })).rejects.toThrow(/the job went FAILED/);
    });
  });

  test("a rollback whose SQL version has no backup row puts the old text back as a new version", async () => {
    await withDouble({}, async (d, ids, p) => {
      const inputs = named(d, ids, "bak");
      const { id, outs } = await engineCreate(p, inputs);
      d.faults.failsAfterStart = (_a, sql) => sql.includes("1/0");
      d.backups.splice(0, d.backups.length); // t_app_backup emptied (e.g. /flink/app/deletebak)
      await expect(engineUp(p, id, outs, { ...inputs, sql: BROKEN })).rejects.toThrow(/rolled back to SQL version 1/);
      expect(d.plainSql(d.effectiveSql(Number(id))!)).toBe(inputs.sql);
      expect(d.apps.get(Number(id))!.state).toBe(5);
    });
  });

  test("pinning a SQL version without a backup row is refused with the reason", async () => {
    await withDouble({}, async (d, ids, p) => {
      const inputs = named(d, ids, "pin");
      const { id, outs } = await engineCreate(p, inputs);
      const v2 = await engineUp(p, id, outs, changed(inputs));
      d.backups.splice(0, d.backups.length);
      await expect(engineUp(p, id, v2.outs, { ...changed(inputs), pinnedSqlVersion: 1 })).rejects.toThrow(/pinned SQL version 1 has no backup row/);
    });
  });

  test("a changed Flink config.yaml is synced into StreamPark while jobs use the environment", async () => {
    await withDouble({}, async (d, ids, p) => {
      await engineCreate(p, named(d, ids, "env"));
      const env = new FlinkEnvironmentProvider();
      await env.configure(config() as never);
      const base = { ...connection(d), flinkName: "flink-1.20.1", flinkHome: "/opt/flink" };
      const olds = { ...base, envId: ids.envId, flinkVersion: "1.20.1", flinkConfigFingerprint: "aaaa" };
      d.flinkConfOnDisk = "execution.checkpointing.num-retained: 3\n";
      expect((await env.diff(ids.envId, olds, { ...base, flinkConfigFingerprint: "bbbb" })).changes).toBe(true);
      await env.update(ids.envId, olds, { ...base, flinkConfigFingerprint: "bbbb" });
      expect(d.envs[0].flinkConf).toBe(d.flinkConfOnDisk);
      expect(d.calls.some((c) => c.path === "/flink/env/update")).toBe(false); // refused while in use anyway
    });
  });

  test("two StreamPark applications with the job's exact name are refused, not guessed between", async () => {
    await withDouble({}, async (d, ids, p) => {
      const inputs = named(d, ids, "twin");
      const { id, outs } = await engineCreate(p, inputs);
      const copy = { ...d.apps.get(Number(id))!, id: 999999 };
      d.apps.set(copy.id, copy);
      await expect(engineCreate(p, inputs)).rejects.toThrow(new RegExp(`StreamPark holds 2 applications named '${inputs.name}'`));
      d.apps.delete(Number(id));
      await expect(engineUp(p, id, outs, changed(inputs))).rejects.toThrow(/holds|gone and another application/);
    });
  });
});
