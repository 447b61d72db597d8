/** Variable sets the tests render the warehouse for: dev (defaults), a test stack, a prod-like stack. */
import { defaultWarehouseVariables, parseWarehouseVariables, WarehouseVariables } from "../../components/warehouse/variables";

export const devVariables: WarehouseVariables = defaultWarehouseVariables;

export const testVariables: WarehouseVariables = parseWarehouseVariables({
  ...defaultWarehouseVariables,
  mysql: { ...defaultWarehouseVariables.mysql, host: "rtdw-test-mysql", database: "shop_test", serverIdStart: 6400 },
  paimon: { ...defaultWarehouseVariables.paimon, databases: { ods: "t_ods", dwd: "t_dwd", dws: "t_dws" } },
  jobs: {
    ...defaultWarehouseVariables.jobs,
    "rt-dw-dwd-transform": { ...defaultWarehouseVariables.jobs["rt-dw-dwd-transform"], parallelism: 3, checkpointIntervalMs: 90_000 },
  },
});

/** S3 lake, the seed's connector versions where they have option lists, StarRocks cluster. */
export const prodVariables: WarehouseVariables = parseWarehouseVariables({
  ...defaultWarehouseVariables,
  versions: { flinkCdc: "3.1.1", paimon: "0.8.2", starrocksConnector: "1.2.11" },
  mysql: { ...defaultWarehouseVariables.mysql, host: "mysql.business.internal", port: 3307, database: "shop_prod", serverIdStart: 7000 },
  paimon: {
    ...defaultWarehouseVariables.paimon,
    warehouse: "s3://rtdw-prod-lake/paimon",
    s3: { endpoint: "https://s3.eu-west-1.amazonaws.com", pathStyleAccess: false },
    tables: { ...defaultWarehouseVariables.paimon.tables, buckets: { ods: 8, dwd: 16, dws: 4 } },
  },
  starrocks: { ...defaultWarehouseVariables.starrocks, feHost: "starrocks-fe.rtdw.svc", replicationNum: 3, buckets: 16 },
  jobs: Object.fromEntries(Object.entries(defaultWarehouseVariables.jobs).map(([n, j]) => [n, { ...j, parallelism: j.parallelism * 2 }])),
});

export const VARIABLE_SETS: [string, WarehouseVariables][] = [["dev", devVariables], ["test", testVariables], ["prod-like", prodVariables]];
