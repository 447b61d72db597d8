-- StarRocks 3.5 serving layer: the DWS metrics and the data-quality results as Primary Key tables
-- (the Flink sink upserts into them), and the Paimon warehouse as an external catalog so DWD/DWS
-- can also be queried in place. Checked structurally plus the MySQL grammar on the column lists
-- (components/sqlgrammar/starrocks.ts says why).

CREATE DATABASE IF NOT EXISTS `{{ starrocks.database }}`;

CREATE TABLE IF NOT EXISTS `{{ starrocks.database }}`.dws_sales_hourly (
  stat_hour DATETIME NOT NULL COMMENT 'start of the hour (UTC)',
  category VARCHAR(64) NOT NULL,
  order_count BIGINT NULL,
  item_quantity BIGINT NULL,
  gmv DECIMAL(18, 2) NULL,
  buyer_count BIGINT NULL
) ENGINE = OLAP
PRIMARY KEY (stat_hour, category)
COMMENT 'sales per hour and product category (rt-dw-dws-aggregate)'
DISTRIBUTED BY HASH (stat_hour, category) BUCKETS {{ starrocks.buckets }}
PROPERTIES ("replication_num" = "{{ starrocks.replication-num }}");

CREATE TABLE IF NOT EXISTS `{{ starrocks.database }}`.dws_city_daily (
  stat_date DATE NOT NULL,
  city VARCHAR(64) NOT NULL,
  order_count BIGINT NULL,
  gmv DECIMAL(18, 2) NULL,
  paid_amount DECIMAL(18, 2) NULL,
  buyer_count BIGINT NULL
) ENGINE = OLAP
PRIMARY KEY (stat_date, city)
COMMENT 'orders and payments per day and customer city (rt-dw-dws-aggregate)'
DISTRIBUTED BY HASH (stat_date, city) BUCKETS {{ starrocks.buckets }}
PROPERTIES ("replication_num" = "{{ starrocks.replication-num }}");

CREATE TABLE IF NOT EXISTS `{{ starrocks.database }}`.dq_results (
  table_name VARCHAR(128) NOT NULL,
  window_start DATETIME NOT NULL COMMENT 'start of the quality window (UTC)',
  row_count BIGINT NULL,
  completeness_score DOUBLE NULL,
  accuracy_score DOUBLE NULL,
  consistency_score DOUBLE NULL,
  timeliness_score DOUBLE NULL,
  conformity_score DOUBLE NULL,
  quality_score DOUBLE NULL COMMENT 'weighted total 0-100',
  anomalous_ratio DOUBLE NULL,
  max_delay_seconds BIGINT NULL,
  alert_level VARCHAR(16) NULL COMMENT 'CRITICAL, HIGH, MEDIUM or LOW',
  evaluated_at DATETIME NULL
) ENGINE = OLAP
PRIMARY KEY (table_name, window_start)
COMMENT 'data quality per table and window (rt-dw-monitor)'
DISTRIBUTED BY HASH (table_name, window_start) BUCKETS {{ starrocks.buckets }}
PROPERTIES ("replication_num" = "{{ starrocks.replication-num }}");

-- StarRocks reads the same warehouse Flink writes: the filesystem metastore of Paimon.
-- Keys from StarRocks docs data_source/catalog/paimon_catalog.md (type, paimon.catalog.type,
-- paimon.catalog.warehouse); the S3 keys (aws.s3.*) are added by the code when the lake is in S3.
CREATE EXTERNAL CATALOG IF NOT EXISTS `{{ starrocks.paimon-catalog }}`
COMMENT 'the Paimon lake (ODS, DWD, DWS) queried in place'
PROPERTIES (
  "type" = "paimon",
  "paimon.catalog.type" = "filesystem",
  "paimon.catalog.warehouse" = "{{ starrocks.paimon-warehouse }}"
);
