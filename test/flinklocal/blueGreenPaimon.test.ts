/**
 * Issue 12's proof for blue-green (and canary's promotion through it) on the real Flink 1.20.1 and
 * Paimon: two versions of a job writing the same Paimon primary-key table at the same time leave
 * no duplicate keys (the table upserts on its key; docs primary-key-table/overview). Blue and
 * green are two streaming jobs on the shared local cluster, each writing the same keys; the test
 * waits for both to finish and reads the table in batch mode.
 */
import { FLINK_START_TIMEOUT_MS, freshWarehouse, sharedFlink, SharedFlink } from "../support/flinkCluster";
import { GatewaySession } from "../support/gatewayClient";
import { openSqlGateway } from "../../components/schema/engines/sqlGateway";
import { engineSinks, sinkColumns } from "../../components/streampark/lifecycle/canaryCompare";
import { shadowDdl } from "../../components/streampark/lifecycle/canarySql";

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

  test("the canary's shadow DDL and summary queries run on the real SQL Gateway (Paimon, batch)", async () => {
    const catalog = `CREATE CATALOG cn WITH ('type' = 'paimon', 'warehouse' = '${freshWarehouse(flink, "canary")}')`;
    const ddl = "CREATE TABLE IF NOT EXISTS `cn`.`dws`.sales (stat_hour TIMESTAMP(3) NOT NULL, category STRING NOT NULL, gmv DECIMAL(18, 2), PRIMARY KEY (stat_hour, category) NOT ENFORCED) WITH ('bucket' = '1')";
    const engines = engineSinks(() => openSqlGateway({ engine: "paimon", endpoint: flink.gatewayUrl, setup: [catalog], timeoutMs: 300_000, attempts: 1, backoffMs: 0 }));
    try {
      const shadow = shadowDdl(ddl);
      await engines.execute("paimon", "CREATE DATABASE IF NOT EXISTS `cn`.`dws`");
      await engines.execute("paimon", ddl);
      await engines.execute("paimon", shadow.drop);
      await engines.execute("paimon", shadow.create);
      const rows = (n: number, gmv: number) => Array.from({ length: n }, (_, i) => `(TIMESTAMP '2026-12-01 ${String(i % 24).padStart(2, "0")}:00:00', 'c${i}', ${gmv})`).join(", ");
      await engines.execute("paimon", `INSERT INTO \`cn\`.\`dws\`.sales VALUES ${rows(40, 2)}`);
      await engines.execute("paimon", `INSERT INTO ${shadow.name.map((p) => `\`${p}\``).join(".")} VALUES ${rows(30, 3)}`);
      const { keys, numeric } = sinkColumns("paimon", ddl);
      const blue = await engines.summarize({ engine: "paimon", table: ["cn", "dws", "sales"], keys, numeric, onlyKeysOf: shadow.name });
      const green = await engines.summarize({ engine: "paimon", table: shadow.name, keys, numeric });
      // Blue restricted to the 30 keys green wrote; the same key ranges; sums of gmv 2 and 3 per row.
      expect(blue.rows).toBe(30);
      expect(green.rows).toBe(30);
      expect(blue.ranges).toEqual(green.ranges);
      expect(Object.keys(green.ranges).every((r) => /^[0-9a-f]$/.test(r))).toBe(true);
      expect(blue.sums).toEqual({ gmv: 60 });
      expect(green.sums).toEqual({ gmv: 90 });
      await engines.execute("paimon", shadow.drop);
      await expect(engines.summarize({ engine: "paimon", table: shadow.name, keys, numeric })).rejects.toThrow(/not (be )?found|does not exist|not exist/i);
    } finally {
      await engines.close();
    }
  }, 10 * 60_000);
});
