/**
 * The PostgreSQL ceiling for a projector on this machine: plain `pg` writing rows shaped like
 * the `orders` read model (domains/orders/projections/orders), one statement per batch, each
 * its own transaction, as a projector commits a batch. Two ways: a multi-row
 * `INSERT … VALUES (…),(…)`, and one `INSERT … SELECT FROM unnest($1::text[], …)` with one
 * array parameter per column — the fast one, as close to COPY as plain `pg` gets
 * (pg-copy-streams is not a dependency). Tables go into the benchmark's own database.
 */
import type { Client } from 'pg';
import { monotonicMs, type BenchContext } from '../harness';

/** The orders read model's columns with the Postgres types of their arrays. */
const COLUMNS = [
  ['order_id', 'text'],
  ['store_id', 'text'],
  ['customer_id', 'text'],
  ['status', 'text'],
  ['total_cents', 'bigint'],
  ['currency', 'text'],
  ['item_count', 'int'],
  ['carrier', 'text'],
  ['tracking_number', 'text'],
  ['cancel_reason', 'text'],
  ['placed_at', 'timestamptz'],
  ['paid_at', 'timestamptz'],
  ['shipped_at', 'timestamptz'],
  ['cancelled_at', 'timestamptz'],
  ['updated_at', 'timestamptz'],
  ['version', 'int'],
] as const;

type Row = unknown[];

function orderRows(count: number, idPrefix: string): Row[] {
  const at = new Date();
  return Array.from({ length: count }, (_, i) => [
    `${idPrefix}-order-${i}`, `store-${i % 50}`, `customer-${i % 1000}`, 'PAID', 500 + (i % 100), 'EUR', 1 + (i % 3),
    null, null, null, at, at, null, null, at, 2,
  ]);
}

function multiRowInsert(table: string, rows: number): string {
  const tuples = Array.from({ length: rows }, (_, row) => `(${COLUMNS.map((_, column) => `$${row * COLUMNS.length + column + 1}`).join(',')})`);
  return `INSERT INTO ${table} (${COLUMNS.map(([name]) => name).join(',')}) VALUES ${tuples.join(',')}`;
}

function unnestInsert(table: string): string {
  const arrays = COLUMNS.map(([, type], column) => `$${column + 1}::${type}[]`).join(',');
  return `INSERT INTO ${table} (${COLUMNS.map(([name]) => name).join(',')}) SELECT * FROM unnest(${arrays})`;
}

/** Writes `rows` batch after batch; the first batch warms up (connection, plan cache) and is not timed. */
async function rowsPerSecond(rows: readonly Row[], batchSize: number, write: (batch: readonly Row[]) => Promise<void>): Promise<number> {
  const batches = Array.from({ length: Math.ceil(rows.length / batchSize) }, (_, i) => rows.slice(i * batchSize, (i + 1) * batchSize));
  const [warmup, ...timed] = batches;
  if (warmup) await write(warmup);
  const started = monotonicMs();
  for (const batch of timed) await write(batch);
  return (rows.length - (warmup?.length ?? 0)) / ((monotonicMs() - started) / 1000);
}

/** An empty orders-shaped table, dropped when the benchmark ends. */
async function ordersTable(context: BenchContext, client: Client, suffix: string): Promise<string> {
  const name = `bench_orders_${suffix}`;
  await client.query(`CREATE TABLE ${name} (${COLUMNS.map(([column, type]) => `${column} ${type}`).join(', ')}, PRIMARY KEY (order_id))`);
  context.defer(() => client.query(`DROP TABLE IF EXISTS ${name}`));
  return name;
}

export interface InsertOptions {
  readonly rows: number;
  readonly batch: number;
}

/** Rows/s of multi-row INSERTs of `batch` rows (16 columns × 1,000 rows stays far below Postgres's 65,535 parameters). */
export async function multiRowInsertRate(context: BenchContext, client: Client, options: InsertOptions): Promise<number> {
  const table = await ordersTable(context, client, 'values');
  const full = multiRowInsert(table, options.batch);
  return rowsPerSecond(orderRows(options.rows, 'values'), options.batch, async (batch) => {
    // The last batch may be shorter than the prepared statement.
    await client.query(batch.length === options.batch ? full : multiRowInsert(table, batch.length), batch.flat());
  });
}

/** Rows/s of single-statement unnest INSERTs of `batch` rows (no parameter limit: one array per column). */
export async function unnestInsertRate(context: BenchContext, client: Client, options: InsertOptions): Promise<number> {
  const sql = unnestInsert(await ordersTable(context, client, 'unnest'));
  return rowsPerSecond(orderRows(options.rows, 'unnest'), options.batch, async (batch) => {
    await client.query(sql, COLUMNS.map((_, column) => batch.map((row) => row[column])));
  });
}
