-- rt-dw-cdc-ingestion: MySQL CDC -> Paimon ODS. One CDC source per MySQL table (each with its own
-- server-id range, one id per parallel reader), all written in one statement set so the job
-- shares one binlog position per source and one checkpoint.
-- Settings of this job (rendered per stack; ranges from the seed, chosen per job):
SET 'pipeline.name' = 'rt-dw-cdc-ingestion';
SET 'parallelism.default' = '{{ job.parallelism }}';
SET 'execution.checkpointing.interval' = '{{ job.checkpoint.interval }}';
SET 'execution.checkpointing.timeout' = '{{ job.checkpoint.timeout }}';
SET 'execution.checkpointing.min-pause' = '{{ job.checkpoint.min-pause }}';
-- The seed's 'state.ttl' is not a Flink key; the SQL planner's idle-state TTL is table.exec.state.ttl.
SET 'table.exec.state.ttl' = '{{ job.state.ttl }}';
-- The seed's 'state.backend' is the deprecated name of state.backend.type (Flink 1.20 StateBackendOptions).
SET 'state.backend.type' = 'rocksdb';
SET 'state.backend.rocksdb.writebuffer.size' = '64mb';
-- MySQL DATETIMEs are wall-clock times of server-time-zone (rtdw:mysql.serverTimeZone); bucket them in that zone.
SET 'table.local-time-zone' = '{{ mysql.server-time-zone }}';

CREATE CATALOG `{{ paimon.catalog }}` WITH (
  'type' = 'paimon',
  'warehouse' = '{{ paimon.warehouse }}'
);

CREATE TEMPORARY TABLE src_customers (
  customer_id BIGINT NOT NULL,
  email STRING,
  phone STRING,
  full_name STRING,
  city STRING,
  segment STRING,
  created_at TIMESTAMP(3),
  updated_at TIMESTAMP(3),
  op_ts TIMESTAMP_LTZ(3) METADATA FROM 'op_ts' VIRTUAL,
  PRIMARY KEY (customer_id) NOT ENFORCED
) WITH (
  'connector' = 'mysql-cdc',
  'hostname' = '{{ mysql.host }}',
  'port' = '{{ mysql.port }}',
  'username' = '{{ mysql.cdc.user }}',
  'password' = '{{ mysql.cdc.password }}',
  'database-name' = '{{ mysql.database }}',
  'table-name' = 'customers',
  'server-id' = '{{ cdc.server-id.customers }}',
  'server-time-zone' = '{{ mysql.server-time-zone }}',
  'scan.startup.mode' = 'initial',
  'scan.incremental.snapshot.chunk.key-column' = 'customer_id'
);

CREATE TEMPORARY TABLE src_products (
  product_id BIGINT NOT NULL,
  sku STRING,
  product_name STRING,
  category STRING,
  unit_price DECIMAL(12, 2),
  is_active BOOLEAN,
  created_at TIMESTAMP(3),
  updated_at TIMESTAMP(3),
  op_ts TIMESTAMP_LTZ(3) METADATA FROM 'op_ts' VIRTUAL,
  PRIMARY KEY (product_id) NOT ENFORCED
) WITH (
  'connector' = 'mysql-cdc',
  'hostname' = '{{ mysql.host }}',
  'port' = '{{ mysql.port }}',
  'username' = '{{ mysql.cdc.user }}',
  'password' = '{{ mysql.cdc.password }}',
  'database-name' = '{{ mysql.database }}',
  'table-name' = 'products',
  'server-id' = '{{ cdc.server-id.products }}',
  'server-time-zone' = '{{ mysql.server-time-zone }}',
  'scan.startup.mode' = 'initial',
  'scan.incremental.snapshot.chunk.key-column' = 'product_id'
);

CREATE TEMPORARY TABLE src_orders (
  order_id BIGINT NOT NULL,
  customer_id BIGINT,
  order_status STRING,
  total_amount DECIMAL(12, 2),
  currency STRING,
  created_at TIMESTAMP(3),
  updated_at TIMESTAMP(3),
  op_ts TIMESTAMP_LTZ(3) METADATA FROM 'op_ts' VIRTUAL,
  PRIMARY KEY (order_id) NOT ENFORCED
) WITH (
  'connector' = 'mysql-cdc',
  'hostname' = '{{ mysql.host }}',
  'port' = '{{ mysql.port }}',
  'username' = '{{ mysql.cdc.user }}',
  'password' = '{{ mysql.cdc.password }}',
  'database-name' = '{{ mysql.database }}',
  'table-name' = 'orders',
  'server-id' = '{{ cdc.server-id.orders }}',
  'server-time-zone' = '{{ mysql.server-time-zone }}',
  'scan.startup.mode' = 'initial',
  'scan.incremental.snapshot.chunk.key-column' = 'order_id'
);

CREATE TEMPORARY TABLE src_order_items (
  item_id BIGINT NOT NULL,
  order_id BIGINT,
  product_id BIGINT,
  quantity INT,
  unit_price DECIMAL(12, 2),
  created_at TIMESTAMP(3),
  updated_at TIMESTAMP(3),
  op_ts TIMESTAMP_LTZ(3) METADATA FROM 'op_ts' VIRTUAL,
  PRIMARY KEY (item_id) NOT ENFORCED
) WITH (
  'connector' = 'mysql-cdc',
  'hostname' = '{{ mysql.host }}',
  'port' = '{{ mysql.port }}',
  'username' = '{{ mysql.cdc.user }}',
  'password' = '{{ mysql.cdc.password }}',
  'database-name' = '{{ mysql.database }}',
  'table-name' = 'order_items',
  'server-id' = '{{ cdc.server-id.order_items }}',
  'server-time-zone' = '{{ mysql.server-time-zone }}',
  'scan.startup.mode' = 'initial',
  'scan.incremental.snapshot.chunk.key-column' = 'item_id'
);

CREATE TEMPORARY TABLE src_payments (
  payment_id BIGINT NOT NULL,
  order_id BIGINT,
  pay_method STRING,
  payment_status STRING,
  amount DECIMAL(12, 2),
  paid_at TIMESTAMP(3),
  created_at TIMESTAMP(3),
  updated_at TIMESTAMP(3),
  op_ts TIMESTAMP_LTZ(3) METADATA FROM 'op_ts' VIRTUAL,
  PRIMARY KEY (payment_id) NOT ENFORCED
) WITH (
  'connector' = 'mysql-cdc',
  'hostname' = '{{ mysql.host }}',
  'port' = '{{ mysql.port }}',
  'username' = '{{ mysql.cdc.user }}',
  'password' = '{{ mysql.cdc.password }}',
  'database-name' = '{{ mysql.database }}',
  'table-name' = 'payments',
  'server-id' = '{{ cdc.server-id.payments }}',
  'server-time-zone' = '{{ mysql.server-time-zone }}',
  'scan.startup.mode' = 'initial',
  'scan.incremental.snapshot.chunk.key-column' = 'payment_id'
);

-- One Flink job for all inserts below: StreamPark 2.1.5 adds every INSERT of a job to one statement set
-- (FlinkSqlExecutor) and has no EXECUTE STATEMENT SET command (SqlCommandParser), so they stand alone.
INSERT INTO `{{ paimon.catalog }}`.`{{ paimon.db.ods }}`.ods_customers
SELECT customer_id, email, phone, full_name, city, segment, created_at, updated_at, op_ts FROM src_customers;

INSERT INTO `{{ paimon.catalog }}`.`{{ paimon.db.ods }}`.ods_products
SELECT product_id, sku, product_name, category, unit_price, is_active, created_at, updated_at, op_ts FROM src_products;

INSERT INTO `{{ paimon.catalog }}`.`{{ paimon.db.ods }}`.ods_orders
SELECT order_id, customer_id, order_status, total_amount, currency, created_at, updated_at, op_ts FROM src_orders;

INSERT INTO `{{ paimon.catalog }}`.`{{ paimon.db.ods }}`.ods_order_items
SELECT item_id, order_id, product_id, quantity, unit_price, created_at, updated_at, op_ts FROM src_order_items;

INSERT INTO `{{ paimon.catalog }}`.`{{ paimon.db.ods }}`.ods_payments
SELECT payment_id, order_id, pay_method, payment_status, amount, paid_at, created_at, updated_at, op_ts FROM src_payments;
