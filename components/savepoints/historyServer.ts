/**
 * The scheduler's HTTP face: GET /history (the history as JSON, what the job provider reads on
 * refresh) and GET /healthz (the service's health check). Anything else is 404.
 */
import * as http from "http";
import type { HistoryFile } from "../streampark/savepointSchedule";
import { SCHEDULER_PATHS } from "../streampark/savepointSchedule";

export function historyServer(current: () => HistoryFile): http.Server {
  return http.createServer((req, res): void => {
    const url = (req.url ?? "/").split("?")[0];
    if (req.method === "GET" && url === SCHEDULER_PATHS.historyPath) {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify(current()));
      return;
    }
    if (req.method === "GET" && url === SCHEDULER_PATHS.healthPath) {
      res.writeHead(200, { "Content-Type": "text/plain" });
      res.end("ok");
      return;
    }
    res.writeHead(404, { "Content-Type": "text/plain" });
    res.end("not found");
  });
}
