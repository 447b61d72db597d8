/**
 * The savepoint scheduler's process (bundled into one file by ./bundle.ts, run by a stock Node
 * image): reads the schedule, ticks every `tickSeconds` with the real clock, keeps its history on
 * its data volume and serves it over HTTP (GET /history, GET /healthz) for the job provider.
 * Environment: RTDW_SAVEPOINT_SCHEDULE (file), RTDW_SAVEPOINT_HISTORY (file), RTDW_SAVEPOINT_PORT.
 */
import * as fs from "fs";
import { connectFlink } from "../streampark/api/flinkRest";
import { loadHistory, saveHistory } from "./historyStore";
import { historyServer } from "./historyServer";
import { parseSchedule, SCHEDULER_PATHS } from "../streampark/savepointSchedule";
import { tick } from "./scheduler";

async function main(): Promise<void> {
  const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);
  const schedulePath = process.env.RTDW_SAVEPOINT_SCHEDULE ?? SCHEDULER_PATHS.schedule;
  const historyPath = process.env.RTDW_SAVEPOINT_HISTORY ?? SCHEDULER_PATHS.history;
  const port = Number(process.env.RTDW_SAVEPOINT_PORT ?? SCHEDULER_PATHS.httpPort);
  const schedule = parseSchedule(JSON.parse(fs.readFileSync(schedulePath, "utf8")), schedulePath);
  let history = loadHistory(historyPath, log);
  const flink = connectFlink(schedule.flinkRestUrl);

  historyServer(() => history).listen(port, "0.0.0.0");
  log(`savepoint scheduler: ${schedule.jobs.map((j) => `${j.name} every ${j.everyMs / 1000}s keep ${j.keep}`).join(", ") || "no jobs"}; Flink at ${schedule.flinkRestUrl}; history ${historyPath}`);

  for (;;) {
    try {
      history = await tick(schedule, history, { flink, now: Date.now, log, pollMs: 1000, save: async (h) => { history = h; await saveHistory(historyPath, h); } });
    } catch (e) {
      log(`tick failed: ${(e as Error).message}`);
    }
    await new Promise((r) => setTimeout(r, schedule.tickSeconds * 1000));
  }
}

main().catch((e) => {
  console.error(`savepoint scheduler: ${(e as Error).message}`);
  process.exit(1);
});
