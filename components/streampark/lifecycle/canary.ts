/**
 * Canary upgrade of a running job (issue 12). The new version (green) runs beside the running one
 * (blue) for a window, writing shadow tables (`<table>__canary`, the same DDL as the sink, created
 * before green starts and dropped afterwards through the schema engines' clients) instead of the
 * job's sinks; it starts from a savepoint of blue taken without stopping blue, with MySQL CDC
 * server ids of its own. After the window green's output is compared with blue's on the same input
 * (canaryCompare.ts). Green and the shadow tables go in every case; on a pass the new version is
 * promoted through the blue-green switch (blueGreen.ts: a green from a fresh savepoint of blue,
 * writing the real sinks, its gate, then blue takes the new version), on a failure the update
 * fails with the comparison and blue was never touched.
 *
 * The promotion writes the real sinks from two versions for a while, so canary qualifies exactly
 * where blue-green does (primary-key sinks), and each sink must be one the reader can read
 * (Paimon or StarRocks, with its DDL known): `canaryRefusal`.
 */
import type { AppRecord } from "../api/schemas";
import type { SavepointEntry } from "./jobSpec";
import { applicationForm, JOB_NAME_MAX } from "./jobSpec";
import { healthGate, release, start } from "./jobActions";
import { findAppByName, getApp } from "./jobReads";
import type { BlueGreenContext, SinkTable } from "./blueGreen";
import { blueGreenRefusal, blueGreenUpgrade, candidateSql, removeCandidate } from "./blueGreen";
import { canarySql, SHADOW_SUFFIX, shadowDdl, shadowOf } from "./canarySql";
import type { CanaryComparison, CanarySinks, CanaryTolerances, SinkComparison, SinkEngine } from "./canaryCompare";
import { compareSink, sinkColumns, verdictOf } from "./canaryCompare";

/** Added to every MySQL CDC server id of the canary (blue-green's green uses 100000: never the same ids). */
export const CANARY_SERVER_ID_OFFSET = 200_000;

export interface CanarySettings {
  windowSeconds: number;
  tolerances: CanaryTolerances;
}

/** Pure: the canary's application name. */
export function canaryName(name: string): string {
  const suffix = "-canary";
  return `${name.slice(0, JOB_NAME_MAX - suffix.length)}${suffix}`;
}

/** Pure: the canary's description, which marks an application as this job's canary. */
export function canaryDescription(name: string): string {
  return `canary of ${name} (rtdw)`;
}

const engineOf = (sink: string): SinkEngine | undefined => {
  const e = sink.slice(0, sink.indexOf(":"));
  return e === "paimon" || e === "starrocks" ? e : undefined;
};

/** Pure: why canary cannot run for these sinks, or undefined when it can. */
export function canaryRefusal(job: string, sinks: SinkTable[] | undefined): string | undefined {
  const bg = blueGreenRefusal(job, sinks);
  if (bg) return bg.replace("upgradeStrategy blue-green", "upgradeStrategy canary (promoted through blue-green)");
  const unreadable = (sinks ?? []).filter((s) => !engineOf(s.table) || !s.ddl).map((s) => s.table);
  if (unreadable.length > 0) {
    return `${job}: upgradeStrategy canary compares green's shadow tables with the sinks, and the reader reads only Paimon and StarRocks tables whose DDL the stack holds; ${unreadable.join(", ")} ${unreadable.length > 1 ? "are" : "is"} not one: use blue-green`;
  }
  return undefined;
}

export interface CanaryContext extends BlueGreenContext {
  sinks: SinkTable[];
  canary: CanarySettings;
  engines: CanarySinks;
  /** Waits out the window (tests pass a shorter clock; never a timing assertion). */
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
}

export interface CanaryResult { savepointsTaken: SavepointEntry[]; comparison: CanaryComparison }

/** An update failed by the comparison: the error carries it for the job's outputs. */
export class CanaryFailed extends Error {
  constructor(message: string, readonly comparison: CanaryComparison) {
    super(message);
    this.name = "CanaryFailed";
  }
}

interface Shadow { sink: string; shadow: string; engine: SinkEngine; table: string[]; shadowTable: string[]; create: string; drop: string; keys: string[]; numeric: string[] }

/** Pure: each sink's shadow and what is compared of it (throws before anything mutates). */
export function shadowsOf(sinks: SinkTable[]): Shadow[] {
  return sinks.map((s) => {
    const engine = engineOf(s.table);
    if (!engine || !s.ddl) throw new Error(`canary cannot read ${s.table}`);
    const ddl = shadowDdl(s.ddl, engine === "starrocks" ? "starrocks" : "flink");
    const { keys, numeric } = sinkColumns(engine, s.ddl);
    return { sink: s.table, shadow: shadowOf(s.table), engine, table: [...ddl.name.slice(0, -1), ddl.name[ddl.name.length - 1].slice(0, -SHADOW_SUFFIX.length)], shadowTable: ddl.name, create: ddl.create, drop: ddl.drop, keys, numeric };
  });
}

/**
 * Run the canary, then (on a pass) the blue-green switch. Throws an error naming the failed step
 * and what runs now; a failed comparison throws `CanaryFailed` carrying it.
 */
export async function canaryUpgrade(c: CanaryContext): Promise<CanaryResult> {
  const { api, flink, spec, blue, progress } = c;
  const version = c.effective?.version ?? null;
  const blueNow = `blue (${spec.name}, SQL version ${version ?? "?"}) is RUNNING, untouched`;
  if (!blue.jobId) throw new Error(`${spec.name}: canary needs blue's Flink job id; StreamPark holds none`);
  const name = canaryName(spec.name);
  // Everything pure first: a SQL or DDL that cannot be rewritten changes nothing.
  const shadows = shadowsOf(c.sinks);
  const gSql = candidateSql(canarySql(c.target.text, c.sinks.map((s) => s.table)), CANARY_SERVER_ID_OFFSET, "canary");

  let green: AppRecord | undefined = await findAppByName(api, name);
  const created: Shadow[] = [];
  const cleanUp = async (): Promise<string> => {
    const g = await removeCandidate(c, name, green);
    const left: string[] = [];
    for (const s of created) await c.engines.execute(s.engine, s.drop).catch((e: Error) => left.push(`${s.shadow} (${e.message})`));
    await c.engines.close().catch(() => undefined);
    return `${g}; ${left.length === 0 ? "the shadow tables were dropped" : `shadow tables left (drop them by hand): ${left.join(", ")}`}`;
  };
  const fail = async (step: string, e: unknown): Promise<never> => {
    throw new Error(`${spec.name}: canary failed at ${step}: ${(e as Error).message}; ${await cleanUp()}; ${blueNow}`);
  };

  // 1. Shadow tables (a leftover of an interrupted canary is dropped first).
  progress(`${spec.name}: canary: creating shadow tables ${shadows.map((s) => s.shadow).join(", ")}`);
  try {
    if (green) await removeCandidate(c, name, green);
    green = undefined;
    for (const s of shadows) {
      created.push(s);
      await c.engines.execute(s.engine, s.drop);
      await c.engines.execute(s.engine, s.create);
    }
  } catch (e) {
    return fail("the shadow tables", e);
  }

  // 2. Green from a savepoint of blue, blue keeps running; its own CDC server ids; shadow sinks.
  let fromBlue: string;
  try {
    fromBlue = await flink.savepoint(blue.jobId, spec.savepointDir, spec.waits.cancelSeconds, spec.waits.pollMs);
  } catch (e) {
    return fail("the savepoint of blue", e);
  }
  try {
    await api.call("/flink/app/create", { form: applicationForm({ ...spec, name, description: canaryDescription(spec.name) }, c.teamId, gSql) });
    green = await findAppByName(api, name);
    if (!green) throw new Error("StreamPark accepted the create but lists no application with this name");
    progress(`${spec.name}: canary: starting ${name} from ${fromBlue}, writing the shadow tables`);
    green = await release(api, await getApp(api, green.id), spec.waits);
    await start(api, green, { savepointPath: fromBlue }, spec.allowNonRestoredState, spec.waits);
    const gate = await healthGate(api, flink, green.id, spec.healthGate, spec.waits.pollMs);
    if (!gate.healthy) throw new Error(`green failed the health gate (${gate.reason})`);
  } catch (e) {
    return fail(`green (${name})`, e);
  }

  // 3. The window, then green must still be running.
  progress(`${spec.name}: canary: green runs beside blue for ${c.canary.windowSeconds}s`);
  await (c.sleep ?? ((ms) => new Promise<void>((r) => setTimeout(r, ms))))(c.canary.windowSeconds * 1000);
  const after = await getApp(api, green.id).catch((e: Error) => e);
  if (after instanceof Error || after.state !== 5) {
    return fail("the end of the window", new Error(after instanceof Error ? after.message : `green is no longer RUNNING (state ${after.state})`));
  }

  // 4. The comparison: blue's rows for the keys green wrote against green's.
  const compared: SinkComparison[] = [];
  for (const s of shadows) {
    let step = `the comparison: cannot read ${s.sink} on ${s.engine}`;
    try {
      const b = await c.engines.summarize({ engine: s.engine, table: s.table, keys: s.keys, numeric: s.numeric, onlyKeysOf: s.shadowTable });
      step = `the comparison: cannot read the shadow ${s.shadow} on ${s.engine}`;
      const g = await c.engines.summarize({ engine: s.engine, table: s.shadowTable, keys: s.keys, numeric: s.numeric });
      compared.push(compareSink(s.sink, s.shadow, s.numeric, b, g, c.canary.tolerances));
    } catch (e) {
      return fail(step, e);
    }
  }
  const comparison = verdictOf(compared, c.canary.windowSeconds, c.canary.tolerances, (c.now ?? (() => new Date()))().toISOString());
  const removed = await cleanUp();
  green = undefined;
  if (comparison.verdict === "fail") throw new CanaryFailed(`${spec.name}: ${comparison.summary}; ${removed}; ${blueNow}`, comparison);
  progress(`${spec.name}: ${comparison.summary}; ${removed}; promoting through the blue-green switch`);

  // 5. Promote: the blue-green switch writes the real sinks (primary keys absorb the double write).
  const switched = await blueGreenUpgrade(c).catch((e: Error) => {
    throw Object.assign(new Error(`${e.message} (after the canary passed: ${comparison.summary})`), { comparison });
  });
  return { savepointsTaken: [{ path: fromBlue, sqlVersion: version, takenAt: "upgrade" }, ...switched.savepointsTaken], comparison };
}

/** What converge needs for a canary besides the spec: the sinks, and how to reach their engines. */
export interface CanaryInputs {
  sinks: SinkTable[];
  engines: () => CanarySinks;
  sleep?: (ms: number) => Promise<void>;
}

/** A canary left by an interrupted run (marked by its description): cancelled and deleted with the job. */
export async function removeLeftoverCanary(api: BlueGreenContext["api"], flink: BlueGreenContext["flink"], name: string, teamId: string, waits: BlueGreenContext["spec"]["waits"]): Promise<string | undefined> {
  const app = await findAppByName(api, canaryName(name));
  if (!app || app.description !== canaryDescription(name)) return undefined;
  await removeCandidate({ api, flink, teamId, spec: { name, waits } as BlueGreenContext["spec"] }, app.jobName, app);
  return app.jobName;
}
