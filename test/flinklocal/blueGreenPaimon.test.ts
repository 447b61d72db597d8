/**
 * Issue 12's proof for blue-green (and canary's promotion through it) on the real Flink 1.20.1 and
 * Paimon: two versions of a job writing the same Paimon primary-key table at the same time leave
 * no duplicate keys (the table upserts on its key; docs primary-key-table/overview). Blue and
 * green are two streaming jobs on the shared local cluster, each writing the same keys; the test
 * waits for both to finish and reads the table in batch mode.
 */
import { FLINK_START_TIMEOUT_MS, freshWarehouse, sharedFlink, SharedFlink } from "../support/flinkCluster";
import { GatewaySession } from "../support/gatewayClient";

const KEYS = 500;

async function jobState(flink: SharedFlink, jobId: string): Promise<string> {
  const res = await fetch(`${flink.restUrl}/jobs/${jobId}`);
  return ((await res.json()) as { state: string }).state;
}

describe("blue and green write the same Paimon primary-key table (real Flink)", () => {
  let flink: SharedFlink;
  beforeAll(async () => { flink = await sharedFlink(); }, FLINK_START_TIMEOUT_MS);

  test("both run at once; the table holds each key once", async () => {
    const catalog = `CREATE CATALOG bg WITH ('type' = 'paimon', 'warehouse' = '${freshWarehouse(flink, "blue-green")}')`;
    const setup = await GatewaySession.open(flink.gatewayUrl);
    await setup.run(catalog);
    await setup.run("CREATE DATABASE bg.dws");
    // A primary-key table as sql/paimon declares them (key, one bucket on this small cluster).
    await setup.run("CREATE TABLE bg.dws.orders_by_key (k INT NOT NULL, v BIGINT, writer STRING, PRIMARY KEY (k) NOT ENFORCED) WITH ('bucket' = '1')");
    await setup.close();

    // Blue and green: the same keys from the same kind of input, each its own streaming job.
    const submit = async (writer: string): Promise<string> => {
      const s = await GatewaySession.open(flink.gatewayUrl, { "execution.runtime-mode": "streaming", "execution.checkpointing.interval": "2 s", "parallelism.default": "1", "pipeline.name": `bg-${writer}` });
      try {
        await s.run(catalog);
        await s.run(`CREATE TEMPORARY TABLE src_${writer} (k INT, v BIGINT) WITH ('connector' = 'datagen', 'fields.k.kind' = 'sequence', 'fields.k.start' = '1', 'fields.k.end' = '${KEYS}', 'fields.v.min' = '1', 'fields.v.max' = '9', 'rows-per-second' = '50')`);
        const r = await s.run(`INSERT INTO bg.dws.orders_by_key SELECT k, v, '${writer}' FROM src_${writer}`);
        if (!r.jobId) throw new Error(`no job id for ${writer}`);
        return r.jobId;
      } finally {
        await s.close();
      }
    };
    const [blue, green] = await Promise.all([submit("blue"), submit("green")]);
    // Both write at once for a while (10 s of input each), then finish (bounded sources).
    const states = async () => Promise.all([jobState(flink, blue), jobState(flink, green)]);
    const deadline = Date.now() + 5 * 60_000;
    let now = await states();
    let bothRan = false;
    while (!now.every((s) => ["FINISHED", "FAILED", "CANCELED"].includes(s)) && Date.now() < deadline) {
      bothRan ||= now.every((s) => s === "RUNNING");
      await new Promise((r) => setTimeout(r, 500));
      now = await states();
    }
    expect(bothRan).toBe(true);
    expect(now).toEqual(["FINISHED", "FINISHED"]);

    const read = await GatewaySession.open(flink.gatewayUrl, { "execution.runtime-mode": "batch" });
    try {
      await read.run(catalog);
      const [[rows, keys]] = (await read.run("SELECT COUNT(*), COUNT(DISTINCT k) FROM bg.dws.orders_by_key")).rows;
      expect(Number(keys)).toBe(KEYS);
      expect(Number(rows)).toBe(KEYS); // no duplicate keys
    } finally {
      await read.close();
    }
  }, 10 * 60_000);
});
