/**
 * Every expected job is RUNNING, has a checkpoint completed within its last two intervals, and did
 * not restart during the verification window (its numRestarts at the end equals the start's).
 */
import { FlinkRest, JobOverview } from "./flinkRest";
import { CheckResult, errorText } from "./result";

export interface JobSample {
  job: JobOverview;
  restarts: number;
}

/** Reads each expected job (the newest by start time when a name repeats) and its restart count. */
export async function sampleJobs(flink: FlinkRest, names: string[]): Promise<Map<string, JobSample | undefined>> {
  const all = await flink.jobs();
  const out = new Map<string, JobSample | undefined>();
  for (const name of names) {
    const job = all.filter((j) => j.name === name).sort((a, b) => b["start-time"] - a["start-time"])[0];
    out.set(name, job && job.state === "RUNNING" ? { job, restarts: await flink.restarts(job.jid) } : job ? { job, restarts: NaN } : undefined);
  }
  return out;
}

export async function checkJobs(flink: FlinkRest, names: string[], before: Map<string, JobSample | undefined>, nowMs: number): Promise<CheckResult> {
  const details: string[] = [];
  let ok = true;
  try {
    const after = await sampleJobs(flink, names);
    for (const name of names) {
      const start = before.get(name);
      const end = after.get(name);
      if (!end) { ok = false; details.push(`${name}: not found on the Flink cluster`); continue; }
      if (end.job.state !== "RUNNING") { ok = false; details.push(`${name}: ${end.job.state}, expected RUNNING`); continue; }
      const interval = await flink.checkpointIntervalMs(end.job.jid);
      const stats = await flink.checkpoints(end.job.jid);
      const last = stats.latest.completed;
      const ageMs = last ? nowMs - last.latest_ack_timestamp : undefined;
      const problems: string[] = [];
      if (!(interval > 0)) problems.push("checkpointing is off");
      else if (ageMs === undefined) problems.push("no completed checkpoint yet");
      else if (ageMs > 2 * interval) problems.push(`last completed checkpoint ${Math.round(ageMs / 1000)} s ago, more than two intervals (${Math.round((2 * interval) / 1000)} s)`);
      if (!start || start.job.jid !== end.job.jid) problems.push("the job was resubmitted during verification");
      else if (end.restarts !== start.restarts) problems.push(`restarted ${end.restarts - start.restarts} time(s) during verification`);
      if (problems.length) { ok = false; details.push(`${name}: ${problems.join("; ")}`); }
      else details.push(`${name}: RUNNING, checkpoint ${last!.id} ${Math.round(ageMs! / 1000)} s ago (interval ${interval / 1000} s), no restarts`);
    }
  } catch (e) {
    ok = false;
    details.push(errorText(e));
  }
  return { check: "jobs running and checkpointing, no restarts", ok, details };
}
