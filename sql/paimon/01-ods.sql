-- ODS: a faithful copy of the MySQL source, one table per source table, plus the binlog time of
-- the change (op_ts). Written by rt-dw-cdc-ingestion; the changelog is the input's (CDC) own.

CREATE TABLE IF NOT EXISTS `{{ paimon.catalog }}`.`{{ paimon.db.ods }}`.ods_customers (
  customer_id BIGINT NOT NULL,
  email STRING,
  phone STRING,
  full_name STRING,
  city STRING,
  segment STRING,
  created_at TIMESTAMP(3),
  updated_at TIMESTAMP(3),
  op_ts TIMESTAMP_LTZ(3),
  PRIMARY KEY (customer_id) NOT ENFORCED
) WITH (
  'bucket' = '{{ paimon.buckets.ods }}',
  'changelog-producer' = '{{ paimon.changelog-producer.ods }}',
  'write-buffer-size' = '{{ paimon.write-buffer-size }}',
  -- the seed's 'compaction.target-file-size' does not exist in Paimon 0.8.2 or 0.9.0: the key is 'target-file-size'
  'target-file-size' = '{{ paimon.target-file-size }}',
  -- the seed's 'compaction.max.file-num' applies to append-only tables only (Paimon 0.9 CoreOptions);
  -- a primary-key table bounds its pending files by sorted runs
  'num-sorted-run.compaction-trigger' = '{{ paimon.num-sorted-run.compaction-trigger }}',
  'num-sorted-run.stop-trigger' = '{{ paimon.num-sorted-run.stop-trigger }}',
  -- a streaming read takes the reading job's parallelism, not one reader per bucket (Paimon's default,
  -- FlinkConnectorOptions scan.infer-parallelism): a job needs exactly its parallelism in slots
  'scan.infer-parallelism' = 'false',
  'tag.automatic-creation' = 'process-time',
  -- the seed's '1h': Paimon's tag.creation-period takes daily | hourly | two-hours (CoreOptions.TagCreationPeriod)
  'tag.creation-period' = '{{ paimon.tag.period }}',
  'tag.num-retained-max' = '{{ paimon.tag.num-retained-max }}'
);

CREATE TABLE IF NOT EXISTS `{{ paimon.catalog }}`.`{{ paimon.db.ods }}`.ods_products (
  product_id BIGINT NOT NULL,
  sku STRING,
  product_name STRING,
  category STRING,
  unit_price DECIMAL(12, 2),
  is_active BOOLEAN,
  created_at TIMESTAMP(3),
  updated_at TIMESTAMP(3),
  op_ts TIMESTAMP_LTZ(3),
  PRIMARY KEY (product_id) NOT ENFORCED
) WITH (
  'bucket' = '{{ paimon.buckets.ods }}',
  'changelog-producer' = '{{ paimon.changelog-producer.ods }}',
  'write-buffer-size' = '{{ paimon.write-buffer-size }}',
  -- the seed's 'compaction.target-file-size' does not exist in Paimon 0.8.2 or 0.9.0: the key is 'target-file-size'
  'target-file-size' = '{{ paimon.target-file-size }}',
  -- the seed's 'compaction.max.file-num' applies to append-only tables only (Paimon 0.9 CoreOptions);
  -- a primary-key table bounds its pending files by sorted runs
  'num-sorted-run.compaction-trigger' = '{{ paimon.num-sorted-run.compaction-trigger }}',
  'num-sorted-run.stop-trigger' = '{{ paimon.num-sorted-run.stop-trigger }}',
  -- a streaming read takes the reading job's parallelism, not one reader per bucket (Paimon's default,
  -- FlinkConnectorOptions scan.infer-parallelism): a job needs exactly its parallelism in slots
  'scan.infer-parallelism' = 'false',
  'tag.automatic-creation' = 'process-time',
  -- the seed's '1h': Paimon's tag.creation-period takes daily | hourly | two-hours (CoreOptions.TagCreationPeriod)
  'tag.creation-period' = '{{ paimon.tag.period }}',
  'tag.num-retained-max' = '{{ paimon.tag.num-retained-max }}'
);

CREATE TABLE IF NOT EXISTS `{{ paimon.catalog }}`.`{{ paimon.db.ods }}`.ods_orders (
  order_id BIGINT NOT NULL,
  customer_id BIGINT,
  order_status STRING,
  total_amount DECIMAL(12, 2),
  currency STRING,
  created_at TIMESTAMP(3),
  updated_at TIMESTAMP(3),
  op_ts TIMESTAMP_LTZ(3),
  PRIMARY KEY (order_id) NOT ENFORCED
) WITH (
  'bucket' = '{{ paimon.buckets.ods }}',
  'changelog-producer' = '{{ paimon.changelog-producer.ods }}',
  'write-buffer-size' = '{{ paimon.write-buffer-size }}',
  -- the seed's 'compaction.target-file-size' does not exist in Paimon 0.8.2 or 0.9.0: the key is 'target-file-size'
  'target-file-size' = '{{ paimon.target-file-size }}',
  -- the seed's 'compaction.max.file-num' applies to append-only tables only (Paimon 0.9 CoreOptions);
  -- a primary-key table bounds its pending files by sorted runs
  'num-sorted-run.compaction-trigger' = '{{ paimon.num-sorted-run.compaction-trigger }}',
  'num-sorted-run.stop-trigger' = '{{ paimon.num-sorted-run.stop-trigger }}',
  -- a streaming read takes the reading job's parallelism, not one reader per bucket (Paimon's default,
  -- FlinkConnectorOptions scan.infer-parallelism): a job needs exactly its parallelism in slots
  'scan.infer-parallelism' = 'false',
  'tag.automatic-creation' = 'process-time',
  -- the seed's '1h': Paimon's tag.creation-period takes daily | hourly | two-hours (CoreOptions.TagCreationPeriod)
  'tag.creation-period' = '{{ paimon.tag.period }}',
  'tag.num-retained-max' = '{{ paimon.tag.num-retained-max }}'
);

CREATE TABLE IF NOT EXISTS `{{ paimon.catalog }}`.`{{ paimon.db.ods }}`.ods_order_items (
  item_id BIGINT NOT NULL,
  order_id BIGINT,
  product_id BIGINT,
  quantity INT,
  unit_price DECIMAL(12, 2),
  created_at TIMESTAMP(3),
  updated_at TIMESTAMP(3),
  op_ts TIMESTAMP_LTZ(3),
  PRIMARY KEY (item_id) NOT ENFORCED
) WITH (
  'bucket' = '{{ paimon.buckets.ods }}',
  'changelog-producer' = '{{ paimon.changelog-producer.ods }}',
  'write-buffer-size' = '{{ paimon.write-buffer-size }}',
  -- the seed's 'compaction.target-file-size' does not exist in Paimon 0.8.2 or 0.9.0: the key is 'target-file-size'
  'target-file-size' = '{{ paimon.target-file-size }}',
  -- the seed's 'compaction.max.file-num' applies to append-only tables only (Paimon 0.9 CoreOptions);
  -- a primary-key table bounds its pending files by sorted runs
  'num-sorted-run.compaction-trigger' = '{{ paimon.num-sorted-run.compaction-trigger }}',
  'num-sorted-run.stop-trigger' = '{{ paimon.num-sorted-run.stop-trigger }}',
  -- a streaming read takes the reading job's parallelism, not one reader per bucket (Paimon's default,
  -- FlinkConnectorOptions scan.infer-parallelism): a job needs exactly its parallelism in slots
  'scan.infer-parallelism' = 'false',
  'tag.automatic-creation' = 'process-time',
  -- the seed's '1h': Paimon's tag.creation-period takes daily | hourly | two-hours (CoreOptions.TagCreationPeriod)
  'tag.creation-period' = '{{ paimon.tag.period }}',
  'tag.num-retained-max' = '{{ paimon.tag.num-retained-max }}'
);

CREATE TABLE IF NOT EXISTS `{{ paimon.catalog }}`.`{{ paimon.db.ods }}`.ods_payments (
  payment_id BIGINT NOT NULL,
  order_id BIGINT,
  pay_method STRING,
  payment_status STRING,
  amount DECIMAL(12, 2),
  paid_at TIMESTAMP(3),
  created_at TIMESTAMP(3),
  updated_at TIMESTAMP(3),
  op_ts TIMESTAMP_LTZ(3),
  PRIMARY KEY (payment_id) NOT ENFORCED
) WITH (
  'bucket' = '{{ paimon.buckets.ods }}',
  'changelog-producer' = '{{ paimon.changelog-producer.ods }}',
  'write-buffer-size' = '{{ paimon.write-buffer-size }}',
  -- the seed's 'compaction.target-file-size' does not exist in Paimon 0.8.2 or 0.9.0: the key is 'target-file-size'
  'target-file-size' = '{{ paimon.target-file-size }}',
  -- the seed's 'compaction.max.file-num' applies to append-only tables only (Paimon 0.9 CoreOptions);
  -- a primary-key table bounds its pending files by sorted runs
  'num-sorted-run.compaction-trigger' = '{{ paimon.num-sorted-run.compaction-trigger }}',
  'num-sorted-run.stop-trigger' = '{{ paimon.num-sorted-run.stop-trigger }}',
  -- a streaming read takes the reading job's parallelism, not one reader per bucket (Paimon's default,
  -- FlinkConnectorOptions scan.infer-parallelism): a job needs exactly its parallelism in slots
  'scan.infer-parallelism' = 'false',
  'tag.automatic-creation' = 'process-time',
  -- the seed's '1h': Paimon's tag.creation-period takes daily | hourly | two-hours (CoreOptions.TagCreationPeriod)
  'tag.creation-period' = '{{ paimon.tag.period }}',
  'tag.num-retained-max' = '{{ paimon.tag.num-retained-max }}'
);
