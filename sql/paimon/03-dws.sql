-- DWS: business metrics per time bucket (rt-dw-dws-aggregate), also served from StarRocks.

CREATE TABLE IF NOT EXISTS `{{ paimon.catalog }}`.`{{ paimon.db.dws }}`.dws_sales_hourly (
  stat_hour TIMESTAMP(3) NOT NULL,
  category STRING NOT NULL,
  order_count BIGINT,
  item_quantity BIGINT,
  gmv DECIMAL(18, 2),
  buyer_count BIGINT,
  PRIMARY KEY (stat_hour, category) NOT ENFORCED
) WITH (
  'bucket' = '{{ paimon.buckets.dws }}',
  'changelog-producer' = '{{ paimon.changelog-producer.dws }}',
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

CREATE TABLE IF NOT EXISTS `{{ paimon.catalog }}`.`{{ paimon.db.dws }}`.dws_city_daily (
  stat_date DATE NOT NULL,
  city STRING NOT NULL,
  order_count BIGINT,
  gmv DECIMAL(18, 2),
  paid_amount DECIMAL(18, 2),
  buyer_count BIGINT,
  PRIMARY KEY (stat_date, city) NOT ENFORCED
) WITH (
  'bucket' = '{{ paimon.buckets.dws }}',
  'changelog-producer' = '{{ paimon.changelog-producer.dws }}',
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
