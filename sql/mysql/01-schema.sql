-- The e-commerce source: the business MySQL the warehouse ingests through CDC.
-- Every table has a primary key (MySQL CDC needs one to split the snapshot and to key updates)
-- and updated_at maintained by MySQL, so freshness can be measured downstream.
-- Runs on MySQL 8.0 (the dev/test image) and MariaDB 10.x (the test suite's server).

CREATE DATABASE IF NOT EXISTS `{{ mysql.database }}` DEFAULT CHARACTER SET utf8mb4;

CREATE TABLE IF NOT EXISTS `{{ mysql.database }}`.customers (
  customer_id BIGINT NOT NULL AUTO_INCREMENT,
  email VARCHAR(255) NOT NULL,
  phone VARCHAR(32) NULL,
  full_name VARCHAR(128) NOT NULL,
  city VARCHAR(64) NULL,
  segment VARCHAR(16) NOT NULL DEFAULT 'REGULAR',
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (customer_id),
  UNIQUE KEY uk_customers_email (email)
) ENGINE = InnoDB;

CREATE TABLE IF NOT EXISTS `{{ mysql.database }}`.products (
  product_id BIGINT NOT NULL AUTO_INCREMENT,
  sku VARCHAR(32) NOT NULL,
  product_name VARCHAR(128) NOT NULL,
  category VARCHAR(64) NOT NULL,
  unit_price DECIMAL(12, 2) NOT NULL,
  is_active TINYINT(1) NOT NULL DEFAULT 1,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (product_id),
  UNIQUE KEY uk_products_sku (sku)
) ENGINE = InnoDB;

CREATE TABLE IF NOT EXISTS `{{ mysql.database }}`.orders (
  order_id BIGINT NOT NULL AUTO_INCREMENT,
  customer_id BIGINT NOT NULL,
  order_status VARCHAR(16) NOT NULL,
  total_amount DECIMAL(12, 2) NOT NULL,
  currency CHAR(3) NOT NULL DEFAULT 'CNY',
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (order_id),
  KEY idx_orders_customer (customer_id),
  KEY idx_orders_updated (updated_at)
) ENGINE = InnoDB;

CREATE TABLE IF NOT EXISTS `{{ mysql.database }}`.order_items (
  item_id BIGINT NOT NULL AUTO_INCREMENT,
  order_id BIGINT NOT NULL,
  product_id BIGINT NOT NULL,
  quantity INT NOT NULL,
  unit_price DECIMAL(12, 2) NOT NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (item_id),
  KEY idx_items_order (order_id)
) ENGINE = InnoDB;

CREATE TABLE IF NOT EXISTS `{{ mysql.database }}`.payments (
  payment_id BIGINT NOT NULL AUTO_INCREMENT,
  order_id BIGINT NOT NULL,
  pay_method VARCHAR(16) NOT NULL,
  payment_status VARCHAR(16) NOT NULL,
  amount DECIMAL(12, 2) NOT NULL,
  paid_at DATETIME(3) NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (payment_id),
  KEY idx_payments_order (order_id)
) ENGINE = InnoDB;
