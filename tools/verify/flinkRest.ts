/**
 * A thin client of Flink 1.20's REST API (the JobManager's, `flinkWebUiUrl`): the job overview,
 * each job's checkpoint statistics and configuration, and its restart count. Responses are
 * zod-checked. Shapes: apache/flink@release-1.20.1 docs/static/generated/rest_v1_dispatcher.yml
 * (JobsOverviewHeaders, CheckpointingStatisticsHeaders, CheckpointConfigHeaders, JobMetricsHeaders);
 * the job metric `numRestarts`: docs/content/docs/ops/metrics.md, "Availability".
 */
import { z } from "zod";

const overview = z.object({
  jobs: z.array(z.object({ jid: z.string(), name: z.string(), state: z.string(), "start-time": z.number() })),
});
const checkpoints = z.object({
  counts: z.object({ completed: z.number(), failed: z.number() }).passthrough(),
  latest: z.object({
    completed: z.object({ id: z.number(), latest_ack_timestamp: z.number() }).passthrough().nullable().optional(),
  }).passthrough(),
}).passthrough();
const checkpointConfig = z.object({ mode: z.string(), interval: z.number() }).passthrough();
const metrics = z.array(z.object({ id: z.string(), value: z.string() }));

export type JobOverview = z.infer<typeof overview>["jobs"][number];
export type CheckpointStats = z.infer<typeof checkpoints>;

export class FlinkRest {
  constructor(private readonly baseUrl: string, private readonly timeoutMs = 15_000) {}

  private async get<T>(path: string, schema: z.ZodType<T>): Promise<T> {
    const url = `${this.baseUrl.replace(/\/+$/, "")}${path}`;
    let res: Response;
    try {
      res = await fetch(url, { signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (e) {
      throw new Error(`GET ${url}: ${(e as Error).cause ? String((e as Error & { cause: unknown }).cause) : (e as Error).message}`);
    }
    const body = await res.text();
    if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status} ${body.slice(0, 200)}`);
    const parsed = schema.safeParse(JSON.parse(body));
    if (!parsed.success) throw new Error(`GET ${url}: unexpected response (${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")})`);
    return parsed.data;
  }

  async jobs(): Promise<JobOverview[]> {
    return (await this.get("/jobs/overview", overview)).jobs;
  }

  checkpoints(jid: string): Promise<CheckpointStats> {
    return this.get(`/jobs/${jid}/checkpoints`, checkpoints);
  }

  async checkpointIntervalMs(jid: string): Promise<number> {
    return (await this.get(`/jobs/${jid}/checkpoints/config`, checkpointConfig)).interval;
  }

  async restarts(jid: string): Promise<number> {
    const values = await this.get(`/jobs/${jid}/metrics?get=numRestarts`, metrics);
    const found = values.find((m) => m.id === "numRestarts");
    if (!found) throw new Error(`GET /jobs/${jid}/metrics?get=numRestarts: no numRestarts metric`);
    return Number(found.value);
  }
}
