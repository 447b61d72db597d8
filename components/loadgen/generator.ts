/**
 * The load generator: writes new orders (with items and a payment), updates order and payment
 * statuses, and deletes orders it created earlier, into the MySQL source at a target rate of row
 * changes per second, so users can watch the pipeline carry the seed's throughput KPI
 * (10,000 records/s). Rows are written in multi-row statements over several connections; the rate
 * is a token bucket over actual changed rows (affectedRows), so the reported figure is what MySQL
 * did, not what was attempted. Seed data is never updated or deleted: only the generator's own rows.
 */
import type { Pool, ResultSetHeader } from "mysql2/promise";

export interface LoadGeneratorOptions {
  connection: { host: string; port: number; user: string; password: string; database: string };
  /** Target row changes per second (inserts + updates + deletes); 0 = as fast as possible. */
  changesPerSecond: number;
  /** Stop after this long; undefined = until `signal` aborts. */
  durationMs?: number;
  signal?: AbortSignal;
  /** Parallel connections (default 4). */
  connections?: number;
  /** Orders per insert batch (each order is 1 order row + 1-3 item rows + 1 payment row). */
  ordersPerBatch?: number;
  /** Share of batches by kind; default 60% insert, 30% update, 10% delete. */
  mix?: { insert: number; update: number; delete: number };
  /** PRNG seed: the same seed writes the same sequence of changes. */
  seed?: number;
  /** Called about every `reportEveryMs` with the running totals. */
  onReport?: (s: LoadGeneratorStats) => void;
  reportEveryMs?: number;
}

export interface LoadGeneratorStats {
  inserts: number;
  updates: number;
  deletes: number;
  changes: number;
  elapsedMs: number;
  changesPerSecond: number;
}

/** A small deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STATUSES = ["PAID", "SHIPPED", "COMPLETED", "CANCELLED"];
const METHODS = ["ALIPAY", "WECHAT", "CARD"];

interface Catalog {
  customers: number[];
  products: { id: number; price: number }[];
  nextOrder: number;
  nextItem: number;
  nextPayment: number;
}

async function loadCatalog(pool: Pool): Promise<Catalog> {
  const [customers] = await pool.query("SELECT customer_id FROM customers ORDER BY customer_id LIMIT 100000");
  const [products] = await pool.query("SELECT product_id, unit_price FROM products WHERE is_active = 1 ORDER BY product_id");
  const [maxRows] = await pool.query(
    "SELECT (SELECT COALESCE(MAX(order_id), 0) FROM orders) AS o, (SELECT COALESCE(MAX(item_id), 0) FROM order_items) AS i, (SELECT COALESCE(MAX(payment_id), 0) FROM payments) AS p",
  );
  const c = (customers as { customer_id: number }[]).map((r) => Number(r.customer_id));
  const p = (products as { product_id: number; unit_price: string }[]).map((r) => ({ id: Number(r.product_id), price: Number(r.unit_price) }));
  if (!c.length || !p.length) throw new Error("load generator: the source has no customers or no active products (load the schema and seed data first)");
  const m = (maxRows as { o: number; i: number; p: number }[])[0];
  return { customers: c, products: p, nextOrder: Number(m.o) + 1, nextItem: Number(m.i) + 1, nextPayment: Number(m.p) + 1 };
}

function affected(result: unknown): number {
  const list = Array.isArray(result) ? result : [result];
  return list.reduce((sum: number, r) => sum + ((r as ResultSetHeader)?.affectedRows ?? 0), 0);
}

/** Runs until the duration passes or the signal aborts; returns the totals. */
export async function runLoadGenerator(o: LoadGeneratorOptions): Promise<LoadGeneratorStats> {
  const mysql = await import("mysql2/promise");
  const connections = o.connections ?? 4;
  const pool = mysql.createPool({ ...o.connection, connectionLimit: connections, multipleStatements: true, dateStrings: true });
  const random = prng(o.seed ?? 20250620);
  const mix = o.mix ?? { insert: 0.6, update: 0.3, delete: 0.1 };
  const mixTotal = mix.insert + mix.update + mix.delete;
  const ordersPerBatch = o.ordersPerBatch ?? 50;
  const stats = { inserts: 0, updates: 0, deletes: 0 };
  const live: number[] = []; // the generator's orders, oldest first (only these are updated/deleted)
  const started = Date.now();
  let done = 0;
  let lastReport = started;
  const deadline = o.durationMs === undefined ? Infinity : started + o.durationMs;
  const stopped = () => Date.now() >= deadline || o.signal?.aborted === true;

  try {
    const catalog = await loadCatalog(pool);
    const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)];

    const insertBatch = async (): Promise<void> => {
      const orders: unknown[][] = [];
      const items: unknown[][] = [];
      const payments: unknown[][] = [];
      const ids: number[] = [];
      for (let k = 0; k < ordersPerBatch; k++) {
        const orderId = catalog.nextOrder++;
        ids.push(orderId);
        let total = 0;
        const n = 1 + Math.floor(random() * 3);
        for (let j = 0; j < n; j++) {
          const p = pick(catalog.products);
          const q = 1 + Math.floor(random() * 4);
          total += p.price * q;
          items.push([catalog.nextItem++, orderId, p.id, q, p.price]);
        }
        const amount = Math.round(total * 100) / 100;
        orders.push([orderId, pick(catalog.customers), "CREATED", amount, "CNY"]);
        payments.push([catalog.nextPayment++, orderId, pick(METHODS), "PENDING", amount]);
      }
      const [result] = await pool.query(
        "INSERT INTO orders (order_id, customer_id, order_status, total_amount, currency) VALUES ?;" +
          "INSERT INTO order_items (item_id, order_id, product_id, quantity, unit_price) VALUES ?;" +
          "INSERT INTO payments (payment_id, order_id, pay_method, payment_status, amount) VALUES ?",
        [orders, items, payments],
      );
      stats.inserts += affected(result);
      live.push(...ids);
    };

    const updateBatch = async (): Promise<void> => {
      if (live.length === 0) return insertBatch();
      const ids = Array.from({ length: Math.min(ordersPerBatch, live.length) }, () => pick(live));
      const status = pick(STATUSES);
      const paymentStatus = status === "CANCELLED" ? "REFUNDED" : "SUCCEEDED";
      const [result] = await pool.query(
        "UPDATE orders SET order_status = ? WHERE order_id IN (?) AND order_status <> ?;" +
          "UPDATE payments SET payment_status = ?, paid_at = COALESCE(paid_at, NOW(3)) WHERE order_id IN (?) AND payment_status <> ?",
        [status, ids, status, paymentStatus, ids, paymentStatus],
      );
      stats.updates += affected(result);
    };

    const deleteBatch = async (): Promise<void> => {
      // Keep a working set to update: delete only when there is plenty.
      if (live.length < ordersPerBatch * 4) return insertBatch();
      const ids = live.splice(0, Math.max(1, Math.floor(ordersPerBatch / 2)));
      const [result] = await pool.query(
        "DELETE FROM order_items WHERE order_id IN (?); DELETE FROM payments WHERE order_id IN (?); DELETE FROM orders WHERE order_id IN (?)",
        [ids, ids, ids],
      );
      stats.deletes += affected(result);
    };

    const total = () => stats.inserts + stats.updates + stats.deletes;
    const worker = async (): Promise<void> => {
      while (!stopped()) {
        const waitMs = pacingDelayMs(done, Date.now() - started, o.changesPerSecond);
        if (waitMs > 0) {
          await new Promise((r) => setTimeout(r, waitMs));
          continue;
        }
        const r = random() * mixTotal;
        const before = total();
        // Reserve the expected rows before the round trip so parallel workers do not overshoot.
        const expected = r < mix.insert ? ordersPerBatch * 4 : r < mix.insert + mix.update ? ordersPerBatch * 2 : ordersPerBatch * 2;
        done += expected;
        try {
          if (r < mix.insert) await insertBatch();
          else if (r < mix.insert + mix.update) await updateBatch();
          else await deleteBatch();
        } finally {
          done += total() - before - expected;
        }
        if (o.onReport && Date.now() - lastReport >= (o.reportEveryMs ?? 10_000)) {
          lastReport = Date.now();
          o.onReport(snapshot());
        }
      }
    };
    const snapshot = (): LoadGeneratorStats => {
      const elapsedMs = Date.now() - started;
      const changes = total();
      return { ...stats, changes, elapsedMs, changesPerSecond: elapsedMs > 0 ? (changes * 1000) / elapsedMs : 0 };
    };
    await Promise.all(Array.from({ length: connections }, worker));
    return snapshot();
  } finally {
    await pool.end();
  }
}

/**
 * The rate limit (a token bucket): how long to wait before the next batch when `done` rows have
 * been reserved `elapsedMs` into the run; 0 means go. Never more than 50 ms at a time, so an abort
 * is noticed quickly. A rate of 0 means unthrottled.
 */
export function pacingDelayMs(done: number, elapsedMs: number, changesPerSecond: number): number {
  if (changesPerSecond <= 0) return 0;
  const allowed = (elapsedMs / 1000) * changesPerSecond;
  if (done < allowed) return 0;
  return Math.min(50, ((done - allowed) / changesPerSecond) * 1000 + 1);
}
