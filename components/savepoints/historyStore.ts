/**
 * The scheduler's history on its data volume: read at start, written after every change through a
 * temporary file and a rename (a crash mid-write leaves the previous version, never half a file).
 * A file that is not a history (hand-edited, another version) is set aside, not overwritten, and
 * the scheduler starts empty: the savepoints it listed stay on storage and in the jobs' outputs.
 */
import * as fs from "fs";
import type { HistoryFile } from "../streampark/savepointSchedule";
import { parseHistory } from "../streampark/savepointSchedule";

export function loadHistory(path: string, log: (line: string) => void): HistoryFile {
  let text: string;
  try {
    text = fs.readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { version: 1, jobs: {} };
    throw e;
  }
  try {
    return parseHistory(JSON.parse(text), path);
  } catch (e) {
    const aside = `${path}.unreadable-${Date.now()}`;
    fs.renameSync(path, aside);
    log(`${(e as Error).message}; kept as ${aside}, starting with an empty history`);
    return { version: 1, jobs: {} };
  }
}

export async function saveHistory(path: string, history: HistoryFile): Promise<void> {
  const tmp = `${path}.tmp`;
  await fs.promises.writeFile(tmp, JSON.stringify(history, null, 1));
  await fs.promises.rename(tmp, path);
}
