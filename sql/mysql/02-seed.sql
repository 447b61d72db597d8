-- Deterministic seed data for dev: 200 customers, 50 products, 1000 orders with 1-3 items each and
-- one payment per order. Rows are derived from their sequence number only (no RAND()), so every
-- fresh dev stack starts from the same data. A few rows are deliberately imperfect (a missing
-- phone, a malformed phone) so the data-quality job has something to find.
-- Every row has a fixed key, so loading the seed into tables that already hold it fails on the
-- first duplicate key instead of doubling the data (and plain INSERT, not IGNORE, so a bad value
-- is an error, not a warning). Load it into empty tables once.

INSERT INTO `{{ mysql.database }}`.customers (customer_id, email, phone, full_name, city, segment, created_at, updated_at)
WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 200)
SELECT
  n,
  CONCAT('customer', n, '@example.com'),
  CASE WHEN MOD(n, 50) = 0 THEN NULL WHEN MOD(n, 67) = 0 THEN CONCAT('tel-', n) ELSE CONCAT('+86-138', LPAD(n, 8, '0')) END,
  CONCAT('Customer ', n),
  ELT(MOD(n, 6) + 1, 'Beijing', 'Shanghai', 'Shenzhen', 'Hangzhou', 'Chengdu', 'Wuhan'),
  ELT(MOD(n, 3) + 1, 'REGULAR', 'SILVER', 'GOLD'),
  TIMESTAMP('2025-06-01 00:00:00') + INTERVAL n HOUR,
  TIMESTAMP('2025-06-01 00:00:00') + INTERVAL n HOUR
FROM seq;

INSERT INTO `{{ mysql.database }}`.products (product_id, sku, product_name, category, unit_price, is_active, created_at, updated_at)
WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 50)
SELECT
  n,
  CONCAT('SKU-', LPAD(n, 5, '0')),
  CONCAT('Product ', n),
  ELT(MOD(n, 5) + 1, 'Electronics', 'Books', 'Home', 'Apparel', 'Grocery'),
  ROUND(9.90 + MOD(n * 37, 500) + MOD(n, 100) / 100, 2),
  CASE WHEN MOD(n, 25) = 0 THEN 0 ELSE 1 END,
  TIMESTAMP('2025-06-01 00:00:00'),
  TIMESTAMP('2025-06-01 00:00:00')
FROM seq;

INSERT INTO `{{ mysql.database }}`.orders (order_id, customer_id, order_status, total_amount, currency, created_at, updated_at)
WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 1000)
SELECT
  n,
  MOD(n * 7, 200) + 1,
  ELT(MOD(n, 5) + 1, 'CREATED', 'PAID', 'SHIPPED', 'COMPLETED', 'CANCELLED'),
  0,
  'CNY',
  TIMESTAMP('2025-06-10 00:00:00') + INTERVAL n * 5 MINUTE,
  TIMESTAMP('2025-06-10 00:00:00') + INTERVAL n * 5 MINUTE
FROM seq;

-- Order n has 1 + MOD(n, 3) items: item k of order n is item (n - 1) * 3 + k, product MOD(n * 13 + k * 7, 50) + 1.
INSERT INTO `{{ mysql.database }}`.order_items (item_id, order_id, product_id, quantity, unit_price, created_at, updated_at)
SELECT (o.order_id - 1) * 3 + k.k, o.order_id, p.product_id, 1 + MOD(o.order_id + k.k, 4), p.unit_price, o.created_at, o.created_at
FROM `{{ mysql.database }}`.orders o
JOIN (SELECT 1 AS k UNION ALL SELECT 2 UNION ALL SELECT 3) k ON k.k <= 1 + MOD(o.order_id, 3)
JOIN `{{ mysql.database }}`.products p ON p.product_id = MOD(o.order_id * 13 + k.k * 7, 50) + 1
WHERE o.order_id <= 1000
ORDER BY o.order_id, k.k;

UPDATE `{{ mysql.database }}`.orders o
JOIN (SELECT order_id, SUM(quantity * unit_price) AS total FROM `{{ mysql.database }}`.order_items GROUP BY order_id) t ON t.order_id = o.order_id
SET o.total_amount = t.total, o.updated_at = o.created_at
WHERE o.order_id <= 1000;

INSERT INTO `{{ mysql.database }}`.payments (payment_id, order_id, pay_method, payment_status, amount, paid_at, created_at, updated_at)
SELECT
  order_id,
  order_id,
  ELT(MOD(order_id, 3) + 1, 'ALIPAY', 'WECHAT', 'CARD'),
  CASE order_status WHEN 'CREATED' THEN 'PENDING' WHEN 'CANCELLED' THEN 'REFUNDED' ELSE 'SUCCEEDED' END,
  total_amount,
  CASE WHEN order_status = 'CREATED' THEN NULL ELSE created_at + INTERVAL 2 MINUTE END,
  created_at,
  created_at
FROM `{{ mysql.database }}`.orders
WHERE order_id <= 1000
ORDER BY order_id;
