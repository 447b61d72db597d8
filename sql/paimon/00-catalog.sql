-- The Paimon catalog and one database per layer. Executed through the Flink SQL gateway; every job
-- declares the same catalog in its own session.
-- The filesystem catalog does not store database properties (Paimon 0.9 FileSystemCatalog logs
-- and discards them); the WITH clause is kept because Flink's grammar as dt-sql-parser has it
-- requires one, and it documents the layer.

CREATE CATALOG `{{ paimon.catalog }}` WITH (
  'type' = 'paimon',
  'warehouse' = '{{ paimon.warehouse }}'
);

CREATE DATABASE IF NOT EXISTS `{{ paimon.catalog }}`.`{{ paimon.db.ods }}` WITH ('layer' = 'ods');

CREATE DATABASE IF NOT EXISTS `{{ paimon.catalog }}`.`{{ paimon.db.dwd }}` WITH ('layer' = 'dwd');

CREATE DATABASE IF NOT EXISTS `{{ paimon.catalog }}`.`{{ paimon.db.dws }}` WITH ('layer' = 'dws');
