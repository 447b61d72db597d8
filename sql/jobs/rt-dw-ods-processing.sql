-- rt-dw-ods-processing: Paimon ODS -> DWD entities: cleansing (trimmed, lower-case
-- e-mail, phone digits only, upper-case codes), typing (line amounts as DECIMAL) and dedup (one row
-- per key: the ODS primary-key tables already hold the latest change per key, and a CDC replay after
-- a restart re-applies the same changes in binlog order).
-- Settings of this job (rendered per stack; ranges from the seed, chosen per job):
SET 'pipeline.name' = 'rt-dw-ods-processing';
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

-- Every Paimon source carries a consumer-id: Paimon's snapshot expiration keeps what a consumer has
-- not read yet (CoreOptions consumer-id, "recording the offset of consumption in the storage"), so a
-- job stopped longer than snapshot.time-retained (1 h by default) still resumes from its checkpoint.
-- Paimon 0.9 requires consumer.expiration-time with it (the real engine refuses the job otherwise):
-- 7 d, the seed's longest state TTL; a consumer idle longer (a removed job) stops pinning snapshots.
-- No ROW_NUMBER() dedup over ODS: a delete in MySQL reaches ODS as a -D row whose op_ts is the
-- delete's binlog time, which a top-1 ordered by op_ts cannot match to the row it holds, so deleted
-- orders stayed in DWD for ever (the data test on the real engine, test/flinklocal/dataEndToEnd).

-- One Flink job for all inserts below: StreamPark 2.1.5 adds every INSERT of a job to one statement set
-- (FlinkSqlExecutor) and has no EXECUTE STATEMENT SET command (SqlCommandParser), so they stand alone.
INSERT INTO `{{ paimon.catalog }}`.`{{ paimon.db.dwd }}`.dwd_customers
SELECT
  customer_id,
  LOWER(TRIM(email)),
  -- keep a leading + and the digits; a phone without digits becomes NULL (completeness sees it)
  NULLIF(REGEXP_REPLACE(TRIM(phone), '[^0-9+]', ''), ''),
  TRIM(full_name),
  TRIM(city),
  UPPER(TRIM(segment)),
  created_at,
  updated_at
FROM `{{ paimon.catalog }}`.`{{ paimon.db.ods }}`.ods_customers /*+ OPTIONS('consumer-id' = 'rt-dw-ods-processing', 'consumer.expiration-time' = '7 d') */;

INSERT INTO `{{ paimon.catalog }}`.`{{ paimon.db.dwd }}`.dwd_products
SELECT product_id, UPPER(TRIM(sku)), TRIM(product_name), TRIM(category), unit_price, is_active, updated_at
FROM `{{ paimon.catalog }}`.`{{ paimon.db.ods }}`.ods_products /*+ OPTIONS('consumer-id' = 'rt-dw-ods-processing', 'consumer.expiration-time' = '7 d') */;

INSERT INTO `{{ paimon.catalog }}`.`{{ paimon.db.dwd }}`.dwd_orders
SELECT order_id, customer_id, UPPER(TRIM(order_status)), total_amount, UPPER(currency), created_at, updated_at
FROM `{{ paimon.catalog }}`.`{{ paimon.db.ods }}`.ods_orders /*+ OPTIONS('consumer-id' = 'rt-dw-ods-processing', 'consumer.expiration-time' = '7 d') */;

INSERT INTO `{{ paimon.catalog }}`.`{{ paimon.db.dwd }}`.dwd_order_items
SELECT item_id, order_id, product_id, quantity, unit_price, CAST(quantity * unit_price AS DECIMAL(14, 2)), updated_at
FROM `{{ paimon.catalog }}`.`{{ paimon.db.ods }}`.ods_order_items /*+ OPTIONS('consumer-id' = 'rt-dw-ods-processing', 'consumer.expiration-time' = '7 d') */
WHERE quantity IS NOT NULL;

INSERT INTO `{{ paimon.catalog }}`.`{{ paimon.db.dwd }}`.dwd_payments
SELECT payment_id, order_id, UPPER(TRIM(pay_method)), UPPER(TRIM(payment_status)), amount, paid_at, updated_at
FROM `{{ paimon.catalog }}`.`{{ paimon.db.ods }}`.ods_payments /*+ OPTIONS('consumer-id' = 'rt-dw-ods-processing', 'consumer.expiration-time' = '7 d') */;
