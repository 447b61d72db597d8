/**
 * One contract, two gateways: the schema provider's Paimon path against the real Flink 1.20.1 SQL
 * Gateway with paimon-flink-1.20 0.9.0 (the shared local cluster, test/support/flinkCluster.ts) and
 * against the in-repo double (test/doubles/sql-gateway/server.ts). Whatever passes here on the real
 * gateway is what the double must also do, so the double cannot drift from the real API: the
 * double-only suite (paimonProvider.test.ts) keeps the faults the real one cannot produce on demand.
 * Out-of-band changes (a hand-made ALTER, DROP, INSERT) go through a second gateway session, as an
 * operator's SQL client would.
 */
import { rememberConfig } from "../../components/dynamicResource/stackConfig";
import { SchemaObjectProvider } from "../../components/schema/provider/schemaObjectProvider";
import type { SchemaObjectInputs, SchemaObjectOutputs } from "../../components/schema/provider/inputs";
import { openSqlGateway } from "../../components/schema/engines/sqlGateway";
import { defaultWarehouseVariables, schemaObjects } from "../../components/warehouse";
import { SqlGatewayDouble } from "../doubles/sql-gateway/server";
import { FLINK_START_TIMEOUT_MS, freshWarehouse, sharedFlink } from "../support/flinkCluster";

rememberConfig({ config: { get: () => undefined } });
const provider = new SchemaObjectProvider();

interface Target { url: string; warehouse: string; stop(): Promise<void> }
const TARGETS: [string, () => Promise<Target>][] = [
  ["the SQL Gateway double", async () => {
    const gw = new SqlGatewayDouble();
    await gw.start();
    return { url: gw.url, warehouse: "file:///lake/contract", stop: () => gw.stop() };
  }],
  ["the real Flink 1.20.1 SQL Gateway", async () => {
    const flink = await sharedFlink();
    return { url: flink.gatewayUrl, warehouse: freshWarehouse(flink, "contract"), stop: async () => undefined };
  }],
];

describe.each(TARGETS)("Paimon schema provider contract against %s", (_label, open) => {
  let target: Target;
  let objects: ReturnType<typeof schemaObjects>;
  beforeAll(async () => {
    target = await open();
  }, FLINK_START_TIMEOUT_MS);
  afterAll(async () => target?.stop());
  // Each test gets its own warehouse on the real gateway: tables outlive sessions there.
  let count = 0;
  beforeEach(() => {
    const warehouse = `${target.warehouse}-${++count}`;
    objects = schemaObjects({ ...defaultWarehouseVariables, paimon: { ...defaultWarehouseVariables.paimon, warehouse } }).filter((o) => o.engine === "paimon");
  });

  const find = (n: string) => objects.find((o) => o.name === n)!;
  const catalogSql = () => find("paimon:paimon").sql;
  function inputs(name: string): SchemaObjectInputs {
    const o = find(name);
    return {
      engine: "paimon", kind: o.kind, name: o.name, file: o.file, line: o.line, sql: o.sql,
      setup: o.kind === "catalog" ? [] : [catalogSql()], endpoint: target.url, secretValues: {}, secretConfigKeys: {},
      allowDataLoss: false, timeoutSeconds: 180, connectAttempts: 3,
    };
  }
  const outputsOnly = (o: SchemaObjectOutputs) => ({ ...o, secretValues: undefined }) as SchemaObjectOutputs;
  async function create(name: string): Promise<SchemaObjectOutputs> {
    const checked = await provider.check({} as SchemaObjectInputs, inputs(name));
    expect(checked.failures).toEqual([]);
    const { outs } = await provider.create(checked.inputs as SchemaObjectInputs);
    return outs as SchemaObjectOutputs;
  }
  async function lake(): Promise<SchemaObjectOutputs> {
    await create("paimon:paimon");
    await create("paimon:paimon.ods");
    return create("paimon:paimon.ods.ods_orders");
  }
  /** An operator's own session: SQL sent next to the provider's. */
  async function byHand(statement: string): Promise<void> {
    // table.dml-sync: an INSERT returns once its job has finished (TableConfigOptions), not at submission.
    const setup = [catalogSql(), "SET 'table.dml-sync' = 'true'"];
    const s = await openSqlGateway({ engine: "paimon", endpoint: target.url, setup, timeoutMs: 180_000, attempts: 3, backoffMs: 500 });
    try { await s.execute(statement); } finally { await s.close(); }
  }
  const TABLE = "`paimon`.`ods`.`ods_orders`";

  test("create, then a no-op refresh: read gives back the definition as written and diff sends nothing", async () => {
    const outs = await lake();
    const n = inputs("paimon:paimon.ods.ods_orders");
    const read = await provider.read(n.name, outputsOnly(outs));
    expect(read.id).toBe(n.name);
    expect(read.props?.sql).toBe(n.sql);
    expect(await provider.diff(n.name, read.props as SchemaObjectOutputs, n)).toEqual({ changes: false });
  }, 300_000);

  test("a new column and a changed option are applied in place, and read back as the new definition", async () => {
    const outs = await lake();
    const n = inputs("paimon:paimon.ods.ods_orders");
    const next = { ...n, sql: n.sql.replace("currency STRING,", "currency STRING,\n  channel STRING,").replace("'write-buffer-size' = '128 mb'", "'write-buffer-size' = '96 mb'") };
    expect(next.sql).not.toBe(n.sql);
    await provider.update(n.name, outs, next);
    const read = await provider.read(n.name, outputsOnly({ ...outs, sql: next.sql }));
    expect(read.props?.sql).toBe(next.sql);
  }, 300_000);

  test("refresh sees an option changed by hand and the next update puts it back; a table dropped by hand reads as gone", async () => {
    const outs = await lake();
    const n = inputs("paimon:paimon.ods.ods_orders");
    await byHand(`ALTER TABLE ${TABLE} SET ('write-buffer-size' = '64 mb')`);
    const drifted = await provider.read(n.name, outputsOnly(outs));
    expect(drifted.props?.sql).toContain("'write-buffer-size' = '64 mb'");
    await provider.update(n.name, drifted.props as SchemaObjectOutputs, n);
    expect((await provider.read(n.name, outputsOnly(outs))).props?.sql).toBe(n.sql);
    await byHand(`DROP TABLE ${TABLE}`);
    expect(await provider.read(n.name, outputsOnly(outs))).toEqual({ id: "", props: {} });
  }, 300_000);

  test("delete refuses a table holding a row unless data loss is allowed; an empty database then drops", async () => {
    const outs = await lake();
    await byHand(`INSERT INTO ${TABLE} (order_id, customer_id, order_status, total_amount, currency, created_at, updated_at, op_ts) `
      + "VALUES (1, 2, 'PAID', 9.5, 'EUR', TIMESTAMP '2026-01-01 00:00:00', TIMESTAMP '2026-01-01 00:00:00', CAST(TIMESTAMP '2026-01-01 00:00:00' AS TIMESTAMP_LTZ(3)))");
    await expect(provider.delete(outs.name, outputsOnly(outs))).rejects.toThrow(/refusing to drop it: it holds data/);
    await provider.delete(outs.name, outputsOnly({ ...outs, allowDataLoss: true }));
    const db = inputs("paimon:paimon.ods");
    await provider.delete(db.name, outputsOnly({ ...db, owned: true } as SchemaObjectOutputs));
    expect((await provider.read(db.name, outputsOnly({ ...db, owned: true } as SchemaObjectOutputs))).id).toBe("");
  }, 300_000);
});
