/**
 * Blue-green upgrade of a running job (issue 12). The running version (blue) keeps consuming
 * while the new one (green) starts from a savepoint of blue taken without stopping it (Flink REST
 * POST /jobs/:jobid/savepoints, cancel-job=false) and passes the health gate. Only then does blue
 * stop with a savepoint, and blue's application (the resource's identity: its id and name) takes
 * the new version from a savepoint of green, again taken without stopping green; once blue passes
 * the gate, green is cancelled and its application deleted. Some version consumes at every moment.
 *
 * While two versions run they write the same sinks: only primary-key sinks (Paimon primary-key
 * tables, StarRocks primary-key tables) absorb the double write as upserts; `check` refuses
 * blue-green for a job with any other sink (`blueGreenRefusal`). Two MySQL CDC readers must not
 * share binlog client ids (mysql-cdc docs "server-id": each reader a unique id in the MySQL
 * cluster): green's `'server-id'` ranges are shifted by GREEN_SERVER_ID_OFFSET. Nor must two
 * versions share a Paimon `'consumer-id'`: a consumer records one reader's progress and snapshot
 * expiration keeps only what it has not read (paimon CoreOptions `consumer-id`), so the faster
 * version would release snapshots the slower one still needs; green reads under `<id>-green`.
 *
 * StreamPark 2.1.5 (SVC = streampark-console-service/src/main/java/org/apache/streampark/console/):
 * green is an ordinary application (`/flink/app/create`, ApplicationServiceImpl#create), started
 * with savepointPath (ApplicationServiceImpl#start) and removed with `/flink/app/delete`.
 */
import type { StreamParkApi } from "../api/client";
import type { AppRecord, SqlVersion } from "../api/schemas";
import type { FlinkRest } from "../api/flinkRest";
import type { JobSpec, SavepointEntry } from "./jobSpec";
import { applicationForm, JOB_NAME_MAX } from "./jobSpec";
import type { Progress } from "./jobActions";
import { cancel, healthGate, release, start, stopOrphans } from "./jobActions";
import { findAppByName, getApp } from "./jobReads";
import { stateName, STARTABLE } from "./jobPlan";

/** Added to every MySQL CDC server id of green (ids are 32-bit; rtdw's ranges start at a few thousand). */
export const GREEN_SERVER_ID_OFFSET = 100_000;

/** Pure: green's name (a StreamPark job name of its own, within StreamPark's length rule). */
export function greenName(name: string): string {
  const suffix = "-green";
  return `${name.slice(0, JOB_NAME_MAX - suffix.length)}${suffix}`;
}

/** Pure: the SQL with every `'server-id' = 'a'` or `'a-b'` option moved by `offset`. */
export function shiftServerIds(sql: string, offset = GREEN_SERVER_ID_OFFSET): string {
  return sql.replace(/('server-id'\s*=\s*')(\d+)(?:-(\d+))?'/g, (_m, head: string, a: string, b: string | undefined) =>
    `${head}${Number(a) + offset}${b !== undefined ? `-${Number(b) + offset}` : ""}'`);
}

/**
 * Pure: the SQL with every Paimon `'consumer-id' = 'x'` (table options or an OPTIONS hint) read as
 * `'x-<suffix>'`: a candidate version records its own progress, never the running version's.
 */
export function ownConsumers(sql: string, suffix: string): string {
  return sql.replace(/('consumer-id'\s*=\s*')([^']+)'/g, (_m, head: string, id: string) => `${head}${id}-${suffix}'`);
}

/** Pure: a candidate version's SQL: its own CDC server ids and its own Paimon consumers. */
export function candidateSql(sql: string, offset: number, suffix: string): string {
  return ownConsumers(shiftServerIds(sql, offset), suffix);
}

/** A sink of the job, whether its table has a primary key, and its DDL (canary creates a shadow from it). */
export interface SinkTable { table: string; primaryKey: boolean; ddl?: string }

/** Pure: why blue-green cannot run for these sinks, or undefined when it can. */
export function blueGreenRefusal(job: string, sinks: SinkTable[] | undefined): string | undefined {
  if (sinks === undefined || sinks.length === 0) {
    return `${job}: upgradeStrategy blue-green needs the job's sinks (input sinks) to know that every one is a primary-key table`;
  }
  const appendOnly = sinks.filter((s) => !s.primaryKey).map((s) => s.table);
  if (appendOnly.length > 0) {
    return `${job}: upgradeStrategy blue-green runs two versions writing the same sinks for a while; only primary-key tables absorb that (upserts), and ${appendOnly.join(", ")} ${appendOnly.length > 1 ? "have" : "has"} no primary key: use savepoint`;
  }
  return undefined;
}

export interface BlueGreenContext {
  api: StreamParkApi;
  flink: FlinkRest;
  teamId: string;
  spec: JobSpec;
  /** Blue as it was before the switch, and its effective SQL version. */
  blue: AppRecord;
  effective: SqlVersion | undefined;
  /** The SQL the new version runs (the spec's, or a pinned version's text) and its history row, if pinned. */
  target: { text: string; pinnedId?: string };
  progress: Progress;
  /** Put blue back to its previous definition from a savepoint (always throws: jobLifecycle's rollBack). */
  rollBack: (from: string | undefined, what: string) => Promise<never>;
}

export interface BlueGreenResult { savepointsTaken: SavepointEntry[] }

/** Pure: green's description, which marks an application as a candidate of this job. */
export function greenDescription(name: string): string {
  return `blue-green candidate of ${name} (rtdw)`;
}

/**
 * A green left by an interrupted switch (the process running Pulumi died mid-switch): cancel it
 * and delete its application. Only an application whose description marks it as this job's
 * candidate is touched. Called when the job is deleted.
 */
export async function removeLeftoverGreen(api: StreamParkApi, flink: FlinkRest, name: string, teamId: string, waits: JobSpec["waits"]): Promise<string | undefined> {
  const green = await findAppByName(api, greenName(name));
  if (!green || green.description !== greenDescription(name)) return undefined;
  if (!STARTABLE.includes(stateName(green.state))) await cancel(api, green, false, waits).catch(() => undefined);
  await stopOrphans(flink, green.jobName, green.jobId, waits);
  await api.call("/flink/app/delete", { form: { id: green.id, teamId } });
  return green.jobName;
}

/** Remove green: cancel whatever of it runs, then delete its application. Never throws. */
function dropGreen(c: BlueGreenContext, green: AppRecord | undefined): Promise<string> {
  return removeCandidate(c, greenName(c.spec.name), green);
}

/** Remove a candidate application (green, or a canary) by name: cancel what of it runs, delete it. Never throws. */
export async function removeCandidate(c: Pick<BlueGreenContext, "api" | "flink" | "teamId" | "spec">, name: string, green: AppRecord | undefined): Promise<string> {
  try {
    if (green) {
      const g = await getApp(c.api, green.id);
      if (!STARTABLE.includes(stateName(g.state))) await cancel(c.api, g, false, c.spec.waits).catch(() => undefined);
    }
    await stopOrphans(c.flink, name, null, c.spec.waits);
    const still = green ?? (await findAppByName(c.api, name));
    if (still) await c.api.call("/flink/app/delete", { form: { id: still.id, teamId: c.teamId } });
    return `green (${name}) was cancelled and deleted`;
  } catch (e) {
    return `green (${name}) could not be removed (${(e as Error).message}); delete it in the StreamPark UI`;
  }
}

/**
 * Run the switch. Throws an error naming the failed step and what runs now; on success blue's
 * application runs the new version and green is gone.
 */
export async function blueGreenUpgrade(c: BlueGreenContext): Promise<BlueGreenResult> {
  const { api, flink, spec, blue, progress } = c;
  const taken: SavepointEntry[] = [];
  const version = c.effective?.version ?? null;
  const blueNow = `blue (${spec.name}, SQL version ${version ?? "?"}) is RUNNING, untouched`;
  if (!blue.jobId) throw new Error(`${spec.name}: blue-green needs blue's Flink job id; StreamPark holds none`);

  // 1. A savepoint of blue, blue keeps running.
  progress(`${spec.name}: blue-green: savepoint of blue without stopping it`);
  let fromBlue: string;
  try {
    fromBlue = await flink.savepoint(blue.jobId, spec.savepointDir, spec.waits.cancelSeconds, spec.waits.pollMs);
  } catch (e) {
    throw new Error(`${spec.name}: blue-green failed at the savepoint of blue (${(e as Error).message}); nothing changed; ${blueNow}`);
  }
  taken.push({ path: fromBlue, sqlVersion: version, takenAt: "upgrade" });

  // 2. Green: its own application, its own CDC server ids and Paimon consumers, from blue's savepoint, through the gate.
  const gName = greenName(spec.name);
  const gSpec: JobSpec = { ...spec, name: gName, description: greenDescription(spec.name) };
  const gSql = candidateSql(c.target.text, GREEN_SERVER_ID_OFFSET, "green");
  let green = await findAppByName(api, gName);
  try {
    if (green) await dropGreen(c, green); // left by an interrupted switch: start clean
    await api.call("/flink/app/create", { form: applicationForm(gSpec, c.teamId, gSql) });
    green = await findAppByName(api, gName);
    if (!green) throw new Error("StreamPark accepted the create but lists no application with this name");
    progress(`${spec.name}: blue-green: starting green (${gName}) from ${fromBlue}`);
    green = await release(api, await getApp(api, green.id), spec.waits);
    await start(api, green, { savepointPath: fromBlue }, spec.allowNonRestoredState, spec.waits);
    const gate = await healthGate(api, flink, green.id, spec.healthGate, spec.waits.pollMs);
    if (!gate.healthy) throw new Error(`green failed the health gate (${gate.reason})`);
  } catch (e) {
    const dropped = await dropGreen(c, green);
    throw new Error(`${spec.name}: blue-green failed at green: ${(e as Error).message}; ${dropped}; ${blueNow}`);
  }

  // 3. Blue takes the new version from a savepoint of green; green consumes meanwhile.
  const g = await getApp(api, green.id);
  progress(`${spec.name}: blue-green: green is healthy; stopping blue with a savepoint`);
  let fromGreen: string;
  try {
    fromGreen = await flink.savepoint(g.jobId ?? "", spec.savepointDir, spec.waits.cancelSeconds, spec.waits.pollMs);
    const sp = await cancel(api, await getApp(api, blue.id), { dir: spec.savepointDir }, spec.waits);
    if (sp?.path) taken.push({ path: sp.path, sqlVersion: version, takenAt: "upgrade" });
  } catch (e) {
    // Blue may be FAILED and untracked with its Flink job still running: stop it, green runs on.
    const orphans = await stopOrphans(flink, spec.name, blue.jobId, spec.waits).catch(() => undefined);
    throw new Error(`${spec.name}: blue-green failed when blue was to hand over (${(e as Error).message})${orphans?.jobIds.length ? `; blue's Flink job ${orphans.jobIds.join(", ")} was cancelled without a savepoint` : ""}; green (${gName}) runs the new version; run up again to finish the switch`);
  }
  const sqlId = c.target.pinnedId ?? blue.sqlId ?? undefined;
  try {
    await api.call("/flink/app/update", { form: { ...applicationForm(spec, c.teamId, c.target.text), id: blue.id, sqlId } });
    const b = await release(api, await getApp(api, blue.id), spec.waits);
    progress(`${spec.name}: blue-green: starting the new version as ${spec.name} from ${fromGreen}`);
    await start(api, b, { savepointPath: fromGreen }, spec.allowNonRestoredState, spec.waits);
    const gate = await healthGate(api, flink, blue.id, spec.healthGate, spec.waits.pollMs);
    if (!gate.healthy) throw new Error(`the new version failed the health gate as ${spec.name} (${gate.reason})`);
  } catch (e) {
    // Back to the previous definition from blue's own savepoint; green goes.
    // Green keeps consuming until the previous definition runs again, then goes.
    const current = await getApp(api, blue.id);
    if (!STARTABLE.includes(stateName(current.state))) await cancel(api, current, false, spec.waits).catch(() => undefined);
    await stopOrphans(flink, spec.name, current.jobId, spec.waits);
    const rolledBack = await c.rollBack(taken[taken.length - 1]?.path, `blue-green failed at the hand-over to ${spec.name}: ${(e as Error).message}`).catch((r: Error) => r);
    throw new Error(`${rolledBack.message}; ${await dropGreen(c, green)}`);
  }
  progress(`${spec.name}: blue-green: the new version runs as ${spec.name}; ${await dropGreen(c, green)}`);
  return { savepointsTaken: taken };
}
