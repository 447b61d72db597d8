/**
 * Definitions compare by meaning: our DDL against itself reformatted, against what MariaDB's
 * SHOW CREATE TABLE prints for it, and against the spellings StarRocks and Flink print (samples
 * from their docs). Plans: what is in place, what is a replace.
 */
import { defaultWarehouseVariables, schemaObjects } from "../../components/warehouse";
import { parseDefinition } from "../../components/schema/definition/definition";
import { planChange } from "../../components/schema/definition/plan";
import { checkSchemaObject, planBetween, plannedChange } from "../../components/schema/provider/schemaObjectProvider";
import { connectionOptions, freshDatabase } from "../support/mariadb";

const objects = schemaObjects(defaultWarehouseVariables);
const byName = (n: string) => {
  const o = objects.find((x) => x.name === n);
  if (!o) throw new Error(`no ${n}`);
  return o;
};
const dialect = { mysql: "mysql", starrocks: "starrocks", paimon: "flink" } as const;

describe("definitions of the reference schema", () => {
  test.each(objects.map((o) => [o.name, o] as const))("%s parses and is no change against itself reformatted", (_n, o) => {
    const shape = parseDefinition(dialect[o.engine], o.sql);
    expect(shape.kind).toBe(o.kind);
    // Layout, comments and spacing only (line comments keep their line ends).
    const reformatted = `/* edited */ ${o.sql.replace(/^CREATE\s+/, "create\n  ").replace(/\n/g, "\n\n    ").replace(/,\n/g, " ,\n")} -- trailing`;
    expect(planBetween({ ...o, sql: o.sql }, { ...o, sql: reformatted }).action).toBe("none");
  });

  test("a table's shape: columns, types, nullability, keys, options", () => {
    const orders = parseDefinition("mysql", byName("mysql:shop.orders").sql);
    expect(orders.columns.map((c) => c.name)).toEqual(["order_id", "customer_id", "order_status", "total_amount", "currency", "created_at", "updated_at"]);
    expect(orders.columns.find((c) => c.name === "total_amount")).toMatchObject({ type: "decimal(12,2)", nullable: false });
    expect(orders.primaryKey).toEqual(["order_id"]);
    expect(orders.indexes.map((i) => i.name)).toEqual(["idx_orders_customer", "idx_orders_updated"]);
    expect(orders.options.engine).toBe("innodb");
    const ods = parseDefinition("flink", byName("paimon:paimon.ods.ods_orders").sql);
    expect(ods.columns.find((c) => c.name === "order_status")?.type).toBe("VARCHAR(2147483647)");
    expect(ods.columns.find((c) => c.name === "op_ts")?.type).toBe("TIMESTAMP(3) WITH LOCAL TIME ZONE");
    expect(ods.options["write-buffer-size"]).toBe("128 mb");
  });
});

describe("our DDL against the engines' own SHOW CREATE spelling", () => {
  test("MariaDB: every reference MySQL table reads back as no change", async () => {
    const mysql = await import("mysql2/promise");
    const db = await freshDatabase("defn");
    const conn = await mysql.createConnection(connectionOptions(db));
    try {
      for (const o of objects.filter((x) => x.engine === "mysql" && x.kind === "table")) {
        const sql = o.sql.replace("`shop`.", `\`${db}\`.`);
        await conn.query(sql);
        const table = o.name.split(".").pop()!;
        const [rows] = await conn.query(`SHOW CREATE TABLE \`${db}\`.\`${table}\``);
        const live = (rows as Record<string, string>[])[0]["Create Table"];
        expect([o.name, planChange("mysql", parseDefinition("mysql", live), parseDefinition("mysql", sql))]).toEqual([o.name, { action: "none", statements: [], changes: [] }]);
      }
      const [rows] = await conn.query(`SHOW CREATE DATABASE \`${db}\``);
      const live = parseDefinition("mysql", (rows as Record<string, string>[])[0]["Create Database"]);
      expect(live.kind).toBe("database");
      expect(live.options.charset).toBeDefined();
    } finally {
      await conn.query(`DROP DATABASE \`${db}\``);
      await conn.end();
    }
  });

  test("StarRocks 3.x SHOW CREATE TABLE (docs' spelling: double quotes, backticks, extra properties) is no change", () => {
    const ours = byName("starrocks:rtdw_serving.dws_sales_hourly");
    const live = "CREATE TABLE `dws_sales_hourly` (\n  `stat_hour` datetime NOT NULL COMMENT \"start of the hour (UTC)\",\n  `category` varchar(64) NOT NULL COMMENT \"\",\n" +
      "  `order_count` bigint(20) NULL COMMENT \"\",\n  `item_quantity` bigint(20) NULL COMMENT \"\",\n  `gmv` decimal(18, 2) NULL COMMENT \"\",\n  `buyer_count` bigint(20) NULL COMMENT \"\"\n" +
      ") ENGINE=OLAP \nPRIMARY KEY(`stat_hour`, `category`)\nCOMMENT \"sales per hour and product category (rt-dw-dws-aggregate)\"\nDISTRIBUTED BY HASH(`stat_hour`, `category`) BUCKETS 4 \n" +
      "PROPERTIES (\n\"replication_num\" = \"1\",\n\"in_memory\" = \"false\",\n\"enable_persistent_index\" = \"true\",\n\"compression\" = \"LZ4\"\n);";
    const plan = planChange("starrocks", parseDefinition("starrocks", live), parseDefinition("starrocks", ours.sql));
    expect(plan).toEqual({ action: "none", statements: [], changes: [] });
    // A property changed by hand is drift that an ALTER ... SET puts back.
    const drifted = planChange("starrocks", parseDefinition("starrocks", live.replace('"replication_num" = "1"', '"replication_num" = "3"')), parseDefinition("starrocks", ours.sql));
    expect(drifted.statements).toEqual(["ALTER TABLE `rtdw_serving`.`dws_sales_hourly` SET (\"replication_num\" = \"1\")"]);
  });

  test("Flink SHOW CREATE TABLE of a Paimon table (full type names, CONSTRAINT ... NOT ENFORCED, extra options) is no change", () => {
    const ours = byName("paimon:paimon.ods.ods_customers");
    const live = "CREATE TABLE `paimon`.`ods`.`ods_customers` (\n  `customer_id` BIGINT NOT NULL,\n  `email` VARCHAR(2147483647),\n  `phone` VARCHAR(2147483647),\n" +
      "  `full_name` VARCHAR(2147483647),\n  `city` VARCHAR(2147483647),\n  `segment` VARCHAR(2147483647),\n  `created_at` TIMESTAMP(3),\n  `updated_at` TIMESTAMP(3),\n" +
      "  `op_ts` TIMESTAMP(3) WITH LOCAL TIME ZONE,\n  CONSTRAINT `PK_customer_id` PRIMARY KEY (`customer_id`) NOT ENFORCED\n) WITH (\n" +
      Object.entries(parseDefinition("flink", ours.sql).options).map(([k, v]) => `  '${k}' = '${v}',\n`).join("") + "  'path' = 'file:/lake/warehouse/ods.db/ods_customers'\n)\n";
    expect(planChange("flink", parseDefinition("flink", live), parseDefinition("flink", ours.sql)).action).toBe("none");
  });
});

describe("plans", () => {
  const orders = byName("mysql:shop.orders");
  const ods = byName("paimon:paimon.ods.ods_orders");
  const dws = byName("starrocks:rtdw_serving.dws_sales_hourly");

  test("added columns are ALTERs in every dialect, placed where the DDL puts them", () => {
    const mysqlNew = orders.sql.replace("currency CHAR(3) NOT NULL DEFAULT 'CNY',", "currency CHAR(3) NOT NULL DEFAULT 'CNY',\n  channel VARCHAR(16) NULL,");
    expect(planBetween(orders, { ...orders, sql: mysqlNew })).toEqual({
      action: "update",
      statements: ["ALTER TABLE `shop`.`orders` ADD COLUMN `channel` varchar(16) AFTER `currency`"],
      changes: ["add column channel varchar(16)"],
    });
    const flinkNew = ods.sql.replace("op_ts TIMESTAMP_LTZ(3),", "op_ts TIMESTAMP_LTZ(3),\n  channel STRING,");
    expect(planBetween(ods, { ...ods, sql: flinkNew }).statements).toEqual(["ALTER TABLE `paimon`.`ods`.`ods_orders` ADD `channel` VARCHAR(2147483647)"]);
    const srNew = dws.sql.replace("buyer_count BIGINT NULL", "buyer_count BIGINT NULL,\n  refund_count BIGINT NULL");
    expect(planBetween(dws, { ...dws, sql: srNew }).statements).toEqual(["ALTER TABLE `rtdw_serving`.`dws_sales_hourly` ADD COLUMN `refund_count` bigint"]);
  });

  test("changed table options are ALTERs", () => {
    const flinkNew = ods.sql.replace(/'bucket' = '\d+'/, "'bucket' = '8'");
    expect(planBetween(ods, { ...ods, sql: flinkNew })).toMatchObject({ action: "update", statements: ["ALTER TABLE `paimon`.`ods`.`ods_orders` SET ('bucket' = '8')"] });
    expect(planBetween(orders, { ...orders, sql: orders.sql.replace("ENGINE = InnoDB", "ENGINE = InnoDB COMMENT = 'orders'") }).statements)
      .toEqual(["ALTER TABLE `shop`.`orders` COMMENT = 'orders'"]);
  });

  test("changed, dropped or reordered columns and changed keys are replaces, with what changes", () => {
    const typeChange = planBetween(orders, { ...orders, sql: orders.sql.replace("total_amount DECIMAL(12, 2)", "total_amount DECIMAL(14, 2)") });
    expect(typeChange).toMatchObject({ action: "replace", changes: ["column total_amount changes from `total_amount` decimal(12,2) NOT NULL to `total_amount` decimal(14,2) NOT NULL"] });
    expect(planBetween(orders, { ...orders, sql: orders.sql.replace("  currency CHAR(3) NOT NULL DEFAULT 'CNY',\n", "") }).changes).toEqual(["column currency dropped"]);
    expect(planBetween(dws, { ...dws, sql: dws.sql.replace("PRIMARY KEY (stat_hour, category)", "PRIMARY KEY (stat_hour, category, gmv)") }).action).toBe("replace");
    expect(planBetween(dws, { ...dws, sql: dws.sql.replace(/BUCKETS \d+/, "BUCKETS 16") }).changes[0]).toMatch(/^distribution HASH\(stat_hour,category\) BUCKETS \d+ -> HASH\(stat_hour,category\) BUCKETS 16$/);
  });
});

describe("column nullability, default and comment are changes, never nothing", () => {
  const orders = byName("mysql:shop.orders");
  const ods = byName("paimon:paimon.ods.ods_orders");
  const dws = byName("starrocks:rtdw_serving.dws_sales_hourly");
  const edit = (o: typeof orders, from: string, to: string) => {
    if (!o.sql.includes(from)) throw new Error(`${o.name} has no '${from}'`);
    return { ...o, sql: o.sql.replace(from, to) };
  };

  test("MySQL: NULL <-> NOT NULL, a default and a comment are MODIFY COLUMN in place, the whole column restated", () => {
    expect(planBetween(orders, edit(orders, "order_status VARCHAR(16) NOT NULL,", "order_status VARCHAR(16) NULL,"))).toEqual({
      action: "update",
      statements: ["ALTER TABLE `shop`.`orders` MODIFY COLUMN `order_status` varchar(16) NULL"],
      changes: ["column order_status: NOT NULL -> NULL"],
    });
    const loosened = edit(orders, "order_status VARCHAR(16) NOT NULL,", "order_status VARCHAR(16),");
    expect(planBetween(loosened, orders)).toEqual({
      action: "update",
      statements: ["ALTER TABLE `shop`.`orders` MODIFY COLUMN `order_status` varchar(16) NOT NULL"],
      changes: ["column order_status: NULL -> NOT NULL"],
    });
    expect(planBetween(orders, edit(orders, "DEFAULT 'CNY'", "DEFAULT 'USD'")).statements)
      .toEqual(["ALTER TABLE `shop`.`orders` MODIFY COLUMN `currency` char(3) NOT NULL DEFAULT 'USD'"]);
    expect(planBetween(orders, edit(orders, "total_amount DECIMAL(12, 2) NOT NULL,", "total_amount DECIMAL(12, 2) NOT NULL COMMENT 'gross',")).statements)
      .toEqual(["ALTER TABLE `shop`.`orders` MODIFY COLUMN `total_amount` decimal(12,2) NOT NULL COMMENT 'gross'"]);
  });

  test("StarRocks: NOT NULL -> NULL on a value column is MODIFY COLUMN; NULL -> NOT NULL and key columns are replaces", () => {
    const tightened = edit(dws, "gmv DECIMAL(18, 2) NULL", "gmv DECIMAL(18, 2) NOT NULL");
    expect(planBetween(tightened, dws)).toEqual({
      action: "update",
      statements: ["ALTER TABLE `rtdw_serving`.`dws_sales_hourly` MODIFY COLUMN `gmv` decimal(18,2) NULL"],
      changes: ["column gmv: NOT NULL -> NULL"],
    });
    expect(planBetween(dws, tightened)).toMatchObject({ action: "replace", changes: [expect.stringMatching(/^column gmv changes from .* to .*NOT NULL \(StarRocks cannot change a column from NULL to NOT NULL\)$/)] });
    expect(planBetween(dws, edit(dws, "category VARCHAR(64) NOT NULL,", "category VARCHAR(64) NOT NULL COMMENT 'leaf',"))).toMatchObject({ action: "replace", changes: [expect.stringContaining("(a key column)")] });
    expect(planBetween(dws, edit(dws, "buyer_count BIGINT NULL", "buyer_count BIGINT NULL COMMENT 'distinct buyers'")).statements)
      .toEqual(["ALTER TABLE `rtdw_serving`.`dws_sales_hourly` MODIFY COLUMN `buyer_count` bigint NULL COMMENT 'distinct buyers'"]);
  });

  test("Paimon: NOT NULL -> NULL is MODIFY in place; NULL -> NOT NULL is a replace", () => {
    const tightened = edit(ods, "order_status STRING,", "order_status STRING NOT NULL,");
    expect(planBetween(tightened, ods)).toEqual({
      action: "update",
      statements: ["ALTER TABLE `paimon`.`ods`.`ods_orders` MODIFY `order_status` VARCHAR(2147483647)"],
      changes: ["column order_status: NOT NULL -> NULL"],
    });
    expect(planBetween(ods, tightened)).toMatchObject({ action: "replace", changes: [expect.stringContaining("order_status")] });
  });

  test("Paimon adds nullable columns only: a new NOT NULL column is a replace, named at preview", () => {
    expect(planBetween(ods, edit(ods, "currency STRING,", "currency STRING,\n  channel STRING NOT NULL,"))).toMatchObject({ action: "replace", changes: ["column channel added NOT NULL (Paimon adds nullable columns only)"] });
  });

  test("a changed type stays a replace in every dialect", () => {
    expect(planBetween(orders, edit(orders, "order_status VARCHAR(16) NOT NULL,", "order_status VARCHAR(32) NOT NULL,")).action).toBe("replace");
    expect(planBetween(dws, edit(dws, "gmv DECIMAL(18, 2) NULL", "gmv DECIMAL(20, 2) NULL")).action).toBe("replace");
    expect(planBetween(ods, edit(ods, "order_status STRING,", "order_status VARCHAR(16),")).action).toBe("replace");
  });
});

describe("other changes of meaning are never planned as nothing", () => {
  const plan = (d: "mysql" | "starrocks" | "flink", from: string, to: string) => planChange(d, parseDefinition(d, from), parseDefinition(d, to));
  const my = (body: string) => `CREATE TABLE \`d\`.\`t\` (\n  id BIGINT NOT NULL,\n  a VARCHAR(64) NOT NULL,\n  b VARCHAR(64) NULL,\n  ${body}\n) ENGINE = InnoDB`;

  test("MySQL: ENUM values keep their case; index prefix length, direction and column order count; primary key order is a replace", () => {
    expect(plan("mysql", my("s ENUM('NEW','PAID') NOT NULL, PRIMARY KEY (id)"), my("s ENUM('NEW','paid') NOT NULL, PRIMARY KEY (id)")).action).toBe("replace");
    expect(plan("mysql", my("PRIMARY KEY (id), KEY k_a (a(10))"), my("PRIMARY KEY (id), KEY k_a (a(20))"))).toEqual({
      action: "update",
      statements: ["ALTER TABLE `d`.`t` DROP INDEX `k_a`", "ALTER TABLE `d`.`t` ADD INDEX `k_a` (`a`(20))"],
      changes: ["drop index k_a", "add index k_a (a(20))"],
    });
    expect(plan("mysql", my("PRIMARY KEY (id), KEY k_ab (a, b)"), my("PRIMARY KEY (id), KEY k_ab (b, a)")).statements)
      .toEqual(["ALTER TABLE `d`.`t` DROP INDEX `k_ab`", "ALTER TABLE `d`.`t` ADD INDEX `k_ab` (`b`, `a`)"]);
    expect(plan("mysql", my("PRIMARY KEY (id), KEY k_a (a)"), my("PRIMARY KEY (id), KEY k_a (a DESC)")).statements)
      .toEqual(["ALTER TABLE `d`.`t` DROP INDEX `k_a`", "ALTER TABLE `d`.`t` ADD INDEX `k_a` (`a` desc)"]);
    expect(plan("mysql", my("PRIMARY KEY (id), KEY k_a (a)"), my("PRIMARY KEY (id), KEY k_a (a ASC)")).action).toBe("none");
    expect(plan("mysql", my("PRIMARY KEY (id, a)"), my("PRIMARY KEY (a, id)"))).toMatchObject({ action: "replace", changes: ["primary key (id, a) -> (a, id)"] });
  });

  test("MariaDB prints prefix indexes and ENUMs as no change against our spelling", async () => {
    const mysql = await import("mysql2/promise");
    const db = await freshDatabase("defn_idx");
    const conn = await mysql.createConnection(connectionOptions(db));
    try {
      const ours = my("s ENUM('NEW','Paid') NOT NULL DEFAULT 'NEW', PRIMARY KEY (id), KEY k_a (a(10)), UNIQUE KEY u_ab (b, a)").replace("`d`.", `\`${db}\`.`);
      await conn.query(ours);
      const [rows] = await conn.query(`SHOW CREATE TABLE \`${db}\`.\`t\``);
      const live = (rows as Record<string, string>[])[0]["Create Table"];
      expect(planChange("mysql", parseDefinition("mysql", live), parseDefinition("mysql", ours))).toEqual({ action: "none", statements: [], changes: [] });
      expect(planChange("mysql", parseDefinition("mysql", live), parseDefinition("mysql", ours.replace("a(10)", "a(12)"))).action).toBe("update");
    } finally {
      await conn.query(`DROP DATABASE \`${db}\``);
      await conn.end();
    }
  });

  test("Flink partitioning and StarRocks sort key, distribution and key order are replaces", () => {
    const ods = byName("paimon:paimon.ods.ods_orders");
    const partitioned = (cols: string) => ods.sql.replace(") WITH (", `) PARTITIONED BY (${cols}) WITH (`);
    expect(plan("flink", partitioned("order_status"), partitioned("order_status, currency"))).toMatchObject({ action: "replace", changes: ["partition order_status -> order_status,currency"] });
    expect(plan("flink", ods.sql, partitioned("order_status")).action).toBe("replace");
    const dws = byName("starrocks:rtdw_serving.dws_sales_hourly").sql;
    expect(plan("starrocks", dws, dws.replace("PRIMARY KEY (stat_hour, category)", "PRIMARY KEY (category, stat_hour)")).action).toBe("replace");
    expect(plan("starrocks", dws, dws.replace("HASH (stat_hour, category)", "HASH (category, stat_hour)")).action).toBe("replace");
    expect(plan("starrocks", dws.replace("COMMENT 'sales", "ORDER BY (stat_hour)\nCOMMENT 'sales"), dws.replace("COMMENT 'sales", "ORDER BY (category)\nCOMMENT 'sales")).action).toBe("replace");
  });
});

describe("StarRocks schema changes", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { awaitStarRocksSchemaChange } = require("../../components/schema/engines/mysqlProtocol") as typeof import("../../components/schema/engines/mysqlProtocol");
  const jobs = (...states: { JobId?: string; State: string; Msg?: string }[]) => {
    const asked: string[] = [];
    return { asked, query: async (sql: string) => { asked.push(sql); return [states[Math.min(asked.length - 1, states.length - 1)]]; } };
  };

  test("the next statement waits until the table's column change job finishes", async () => {
    const j = jobs({ State: "PENDING" }, { State: "RUNNING" }, { State: "FINISHED" });
    await awaitStarRocksSchemaChange(j.query, "rtdw_serving", "dq_results", 5000, 1);
    expect(j.asked).toHaveLength(3);
    expect(j.asked[0]).toBe('SHOW ALTER TABLE COLUMN FROM `rtdw_serving` WHERE TableName = "dq_results" ORDER BY CreateTime DESC LIMIT 1');
  });

  test("a metadata-only change (a column comment) makes no job: an older cancelled job is not this change's", async () => {
    await awaitStarRocksSchemaChange(jobs({ JobId: "7", State: "CANCELLED", Msg: "an old failure" }).query, "d", "t", 5000, 1, "7");
    await expect(awaitStarRocksSchemaChange(jobs({ JobId: "8", State: "CANCELLED", Msg: "this one" }).query, "d", "t", 5000, 1, "7"))
      .rejects.toThrow("StarRocks cancelled the schema change of d.t: this one");
  });

  test("a cancelled job fails with StarRocks' message; one that never ends fails at the time limit", async () => {
    await expect(awaitStarRocksSchemaChange(jobs({ State: "CANCELLED", Msg: "column exists" }).query, "d", "t", 5000, 1))
      .rejects.toThrow("StarRocks cancelled the schema change of d.t: column exists");
    await expect(awaitStarRocksSchemaChange(jobs({ State: "RUNNING" }).query, "d", "t", 20, 5))
      .rejects.toThrow("StarRocks' schema change of d.t is still RUNNING after 20 ms");
  });
});

describe("what preview says up will do (plannedChange, set by check)", () => {
  const orders = byName("mysql:shop.orders");
  const inputs = (sql: string) => ({
    ...orders, sql, endpoint: "127.0.0.1:3306", user: "root", secretConfigKeys: { password: "rtdw:mysqlRootPassword" },
  }) as unknown as import("../../components/schema/provider/inputs").SchemaObjectInputs;
  const added = orders.sql.replace("currency CHAR(3)", "channel VARCHAR(16) NULL,\n  currency CHAR(3)");
  const retyped = orders.sql.replace("currency CHAR(3)", "currency VARCHAR(8)");

  test("create, no statement, an in-place ALTER, a refused replace", () => {
    expect(checkSchemaObject({}, inputs(orders.sql)).inputs?.plannedChange).toBe(`create the table (${orders.file}:${orders.line})`);
    expect(checkSchemaObject(inputs(orders.sql), inputs(orders.sql)).inputs?.plannedChange).toBe("no statement");
    expect(checkSchemaObject(inputs(orders.sql), inputs(added)).inputs?.plannedChange).toMatch(/^in place: ALTER TABLE `shop`\.`orders` ADD COLUMN `channel`/);
    expect([added, retyped]).not.toContain(orders.sql);
    const refused = checkSchemaObject(inputs(orders.sql), inputs(retyped));
    expect(refused.failures?.[0]?.reason).toMatch(/cannot be applied in place/);
    expect(plannedChange(inputs(orders.sql), { ...inputs(retyped), allowDataLoss: true })).toMatch(/^replace: drop and create the table \(/);
  });
});
