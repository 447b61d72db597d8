-- rt-dw-dws-aggregate: DWD facts -> DWS business metrics per hour and category and per day
-- and city, into Paimon DWS and StarRocks. Grouping by time buckets (not window TVFs) because the
-- input is a changelog: a cancelled or corrected order retracts its contribution from its bucket.
-- Settings of this job (rendered per stack; ranges from the seed, chosen per job):
SET 'pipeline.name' = 'rt-dw-dws-aggregate';
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
CREATE TEMPORARY TABLE sr_dws_sales_hourly (
  stat_hour TIMESTAMP(3) NOT NULL,
  category STRING NOT NULL,
  order_count BIGINT,
  item_quantity BIGINT,
  gmv DECIMAL(18, 2),
  buyer_count BIGINT,
  PRIMARY KEY (stat_hour, category) NOT ENFORCED
) WITH (
  'connector' = 'starrocks',
  'jdbc-url' = 'jdbc:mysql://{{ starrocks.fe.host }}:{{ starrocks.query-port }}',
  'load-url' = '{{ starrocks.fe.host }}:{{ starrocks.http-port }}',
  'database-name' = '{{ starrocks.database }}',
  'table-name' = 'dws_sales_hourly',
  'username' = '{{ starrocks.user }}',
  'password' = '{{ starrocks.root.password }}',
  'sink.version' = 'V2',
  'sink.semantic' = 'at-least-once',
  'sink.at-least-once.use-transaction-stream-load' = 'true',
  -- the seed's 'sink.buffer-flush.max-rows' is read by the V1 sink only; V2 flushes by bytes and interval
  -- (StarRocksSinkOptions#getProperties): at the seed's 10,000 records/s, 5 s hold 50,000 rows, under its 100,000
  -- the seed's '50MB': the connector takes bytes, at least 64 MB (StarRocksSinkOptions#validateParamsRange)
  'sink.buffer-flush.max-bytes' = '{{ starrocks.sink.max-bytes }}',
  'sink.buffer-flush.interval-ms' = '{{ starrocks.sink.interval-ms }}'
);

CREATE TEMPORARY TABLE sr_dws_city_daily (
  stat_date DATE NOT NULL,
  city STRING NOT NULL,
  order_count BIGINT,
  gmv DECIMAL(18, 2),
  paid_amount DECIMAL(18, 2),
  buyer_count BIGINT,
  PRIMARY KEY (stat_date, city) NOT ENFORCED
) WITH (
  'connector' = 'starrocks',
  'jdbc-url' = 'jdbc:mysql://{{ starrocks.fe.host }}:{{ starrocks.query-port }}',
  'load-url' = '{{ starrocks.fe.host }}:{{ starrocks.http-port }}',
  'database-name' = '{{ starrocks.database }}',
  'table-name' = 'dws_city_daily',
  'username' = '{{ starrocks.user }}',
  'password' = '{{ starrocks.root.password }}',
  'sink.version' = 'V2',
  'sink.semantic' = 'at-least-once',
  'sink.at-least-once.use-transaction-stream-load' = 'true',
  -- the seed's 'sink.buffer-flush.max-rows' is read by the V1 sink only; V2 flushes by bytes and interval
  -- (StarRocksSinkOptions#getProperties): at the seed's 10,000 records/s, 5 s hold 50,000 rows, under its 100,000
  -- the seed's '50MB': the connector takes bytes, at least 64 MB (StarRocksSinkOptions#validateParamsRange)
  'sink.buffer-flush.max-bytes' = '{{ starrocks.sink.max-bytes }}',
  'sink.buffer-flush.interval-ms' = '{{ starrocks.sink.interval-ms }}'
);

CREATE TEMPORARY VIEW sales_hourly AS
SELECT
  TO_TIMESTAMP(DATE_FORMAT(order_time, 'yyyy-MM-dd HH:00:00')) AS stat_hour,
  COALESCE(category, 'UNKNOWN') AS category,
  COUNT(DISTINCT order_id) AS order_count,
  CAST(SUM(quantity) AS BIGINT) AS item_quantity,
  CAST(SUM(line_amount) AS DECIMAL(18, 2)) AS gmv,
  COUNT(DISTINCT customer_id) AS buyer_count
FROM `{{ paimon.catalog }}`.`{{ paimon.db.dwd }}`.dwd_order_item_wide /*+ OPTIONS('consumer-id' = 'rt-dw-dws-aggregate-hourly', 'consumer.expiration-time' = '7 d') */
-- the bucket is part of the primary key: a row without an order time has no bucket to count in
WHERE order_status <> 'CANCELLED' AND order_time IS NOT NULL
GROUP BY TO_TIMESTAMP(DATE_FORMAT(order_time, 'yyyy-MM-dd HH:00:00')), COALESCE(category, 'UNKNOWN');

CREATE TEMPORARY VIEW city_daily AS
SELECT
  CAST(order_time AS DATE) AS stat_date,
  COALESCE(customer_city, 'UNKNOWN') AS city,
  COUNT(DISTINCT order_id) AS order_count,
  CAST(SUM(line_amount) AS DECIMAL(18, 2)) AS gmv,
  CAST(SUM(CASE WHEN payment_status = 'SUCCEEDED' THEN line_amount ELSE 0 END) AS DECIMAL(18, 2)) AS paid_amount,
  COUNT(DISTINCT customer_id) AS buyer_count
FROM `{{ paimon.catalog }}`.`{{ paimon.db.dwd }}`.dwd_order_item_wide /*+ OPTIONS('consumer-id' = 'rt-dw-dws-aggregate-daily', 'consumer.expiration-time' = '7 d') */
WHERE order_status <> 'CANCELLED' AND order_time IS NOT NULL
GROUP BY CAST(order_time AS DATE), COALESCE(customer_city, 'UNKNOWN');

-- One Flink job for all inserts below: StreamPark 2.1.5 adds every INSERT of a job to one statement set
-- (FlinkSqlExecutor) and has no EXECUTE STATEMENT SET command (SqlCommandParser), so they stand alone.
INSERT INTO `{{ paimon.catalog }}`.`{{ paimon.db.dws }}`.dws_sales_hourly SELECT * FROM sales_hourly;

INSERT INTO sr_dws_sales_hourly SELECT * FROM sales_hourly;

INSERT INTO `{{ paimon.catalog }}`.`{{ paimon.db.dws }}`.dws_city_daily SELECT * FROM city_daily;

INSERT INTO sr_dws_city_daily SELECT * FROM city_daily;
