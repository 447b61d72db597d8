/** WarehouseVariables from each stack's resolved configuration. */
import { resolveStackConfig } from "../../components/config/stackConfig";
import { warehouseVariablesFromStack } from "../../components/warehouse/fromStack";

const endpoints = { mysqlHost: "mysql", mysqlPort: 3306, starrocksFeHost: "starrocks", starrocksQueryPort: 9030, starrocksHttpPort: 8030, paimonWarehouse: "file:///lake/paimon" };

test("dev: the seed's parallelism, checkpointing scaled per job within the seed's range", () => {
  const v = warehouseVariablesFromStack(resolveStackConfig("dev", { platform: { kind: "docker" } }), endpoints);
  expect(Object.values(v.jobs).map((j) => j.parallelism)).toEqual([2, 4, 6, 4, 1]);
  const intervals = Object.values(v.jobs).map((j) => j.checkpointIntervalMs);
  expect(intervals.every((ms) => ms >= 30_000 && ms <= 300_000)).toBe(true);
  expect(v.jobs["rt-dw-dwd-transform"].checkpointIntervalMs).toBeGreaterThan(v.jobs["rt-dw-cdc-ingestion"].checkpointIntervalMs);
  expect(v.jobs["rt-dw-dwd-transform"].stateTtlMs).toBe(7 * 86_400_000);
  expect(v.paimon.s3).toBeUndefined();
  expect(v.versions).toEqual({ flinkCdc: "3.3.0", paimon: "0.9.0", starrocksConnector: "1.2.11" });
});

test("per-job overrides from rtdw:jobs win", () => {
  const config = resolveStackConfig("dev", { platform: { kind: "docker" }, jobs: { "rt-dw-monitor": { parallelism: 2, checkpointInterval: "45s", stateTtl: "2d" } } });
  const m = warehouseVariablesFromStack(config, endpoints).jobs["rt-dw-monitor"];
  expect(m).toMatchObject({ parallelism: 2, checkpointIntervalMs: 45_000, stateTtlMs: 2 * 86_400_000 });
});

test("an S3 lake carries its endpoint into the catalogs", () => {
  const config = resolveStackConfig("prod", {
    platform: { kind: "kubernetes", namespace: "rtdw", images: { registry: "registry.example.com/rtdw" } },
    mysql: { mode: "external", host: "db.internal" },
    storage: { kind: "s3", endpoint: "https://s3.example.com", bucket: "rtdw-lake", pathStyleAccess: true },
  });
  const v = warehouseVariablesFromStack(config, { ...endpoints, paimonWarehouse: "s3://rtdw-lake/prod/paimon" });
  expect(v.paimon.s3).toEqual({ endpoint: "https://s3.example.com", pathStyleAccess: true });
  expect(v.starrocks.replicationNum).toBe(3);
  expect(Object.values(v.jobs).every((j) => j.checkpointIntervalMs <= 300_000)).toBe(true);
});
