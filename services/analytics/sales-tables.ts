/**
 * Adds sales increments to the analytics tables (read-models/migrations/0003-analytics.ts,
 * 0006-analytics-per-currency.ts).
 * Each table gets one statement whatever the batch size: the rows travel as one JSON
 * parameter expanded by `jsonb_to_recordset`, far below PostgreSQL's bind parameter limit,
 * and `ON CONFLICT … DO UPDATE` adds to the bucket already there.
 */
import type { Statement } from '../../read-models';
import type { SalesIncrements } from './sales-increments';

const ADD_REVENUE = `
  INSERT INTO analytics_store_revenue_hourly AS t (store_id, currency, hour, gross_cents, refunded_cents, payments, refunds)
  SELECT "storeId", currency, hour, "grossCents", "refundedCents", payments, refunds
  FROM jsonb_to_recordset($1::jsonb)
    AS r("storeId" text, currency text, hour timestamptz, "grossCents" bigint, "refundedCents" bigint, payments integer, refunds integer)
  ON CONFLICT (store_id, currency, hour) DO UPDATE SET
    gross_cents = t.gross_cents + EXCLUDED.gross_cents,
    refunded_cents = t.refunded_cents + EXCLUDED.refunded_cents,
    payments = t.payments + EXCLUDED.payments,
    refunds = t.refunds + EXCLUDED.refunds`;

const ADD_FUNNEL = `
  INSERT INTO analytics_store_funnel_daily AS t (store_id, day, placed, paid, shipped, cancelled)
  SELECT "storeId", day, placed, paid, shipped, cancelled
  FROM jsonb_to_recordset($1::jsonb)
    AS r("storeId" text, day date, placed integer, paid integer, shipped integer, cancelled integer)
  ON CONFLICT (store_id, day) DO UPDATE SET
    placed = t.placed + EXCLUDED.placed,
    paid = t.paid + EXCLUDED.paid,
    shipped = t.shipped + EXCLUDED.shipped,
    cancelled = t.cancelled + EXCLUDED.cancelled`;

/** The statements that add `increments`; run them in the transaction that advances the checkpoint. */
export function addSalesIncrements(increments: SalesIncrements): Statement[] {
  // JSON.stringify writes each Date as ISO-8601 UTC, which timestamptz parses exactly.
  return [
    ...(increments.revenue.length > 0 ? [{ text: ADD_REVENUE, values: [JSON.stringify(increments.revenue)] }] : []),
    ...(increments.funnel.length > 0 ? [{ text: ADD_FUNNEL, values: [JSON.stringify(increments.funnel)] }] : []),
  ];
}
