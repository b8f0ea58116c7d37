/**
 * One card per followed store, numbers first: net revenue per currency (payments minus
 * refunds; currencies are never added together) and open orders, then orders by status. Each card follows `views.store_stats` for its store; the SDK delivers the rows in
 * version order across reconnects (a fresh snapshot when the row moved on meanwhile), so a
 * card always shows the newest row it was sent, and says when it is not live.
 */
import type { EventlineClient, EventlineSchema, orders } from '../../../client/index.js';
import { element } from './dom.js';
import { formatClock, formatCount, formatMoney } from './format.js';

type StoreStatsRow = orders.StoreStats;

type NumericField = { [K in keyof StoreStatsRow]: StoreStatsRow[K] extends number ? K : never }[keyof StoreStatsRow];

interface Kpi {
  readonly field: NumericField;
  readonly label: string;
  readonly format: (value: number) => string;
  /** Shown large, first. */
  readonly headline: boolean;
}

const KPIS: readonly Kpi[] = [
  { field: 'openOrders', label: 'Open orders', format: formatCount, headline: true },
  { field: 'ordersPlaced', label: 'Placed', format: formatCount, headline: false },
  { field: 'ordersPaid', label: 'Paid', format: formatCount, headline: false },
  { field: 'ordersShipped', label: 'Shipped', format: formatCount, headline: false },
  { field: 'ordersCancelled', label: 'Cancelled', format: formatCount, headline: false },
];

class StoreCard {
  readonly root: HTMLElement;
  private readonly values = new Map<NumericField, HTMLElement>();
  /** Net revenue, one line per currency. */
  private readonly netRevenue = element('dd', { 'data-testid': 'kpi-netRevenue' }, '—');
  private readonly version = element('span', { class: 'version', 'data-testid': 'store-version' }, 'waiting…');
  private readonly status = element('p', { class: 'card-status', 'data-testid': 'store-status' });

  constructor(readonly storeId: string) {
    const group = (headline: boolean): HTMLElement =>
      element('dl', { class: headline ? 'kpis headline' : 'kpis' }, [
        ...(headline ? [element('div', {}, [element('dt', {}, 'Net revenue'), this.netRevenue])] : []),
        ...KPIS.filter((kpi) => kpi.headline === headline).map((kpi) => {
          const value = element('dd', { 'data-testid': `kpi-${kpi.field}` }, '—');
          this.values.set(kpi.field, value);
          return element('div', {}, [element('dt', {}, kpi.label), value]);
        }),
      ]);
    this.root = element('article', { class: 'store', 'data-testid': 'store-card', 'data-store': storeId }, [
      element('header', {}, [element('h3', {}, storeId), this.version]),
      group(true),
      group(false),
      this.status,
    ]);
  }

  /** A row, or null when the store has no orders yet (no row exists). */
  show(row: StoreStatsRow | null, version: number): void {
    const revenue = row?.revenueByCurrency ?? [];
    const amounts = revenue.map(({ currency, netCents }) => element('span', { class: 'amount', 'data-testid': `kpi-netRevenue-${currency}`, 'data-value': String(netCents) }, formatMoney(netCents, currency)));
    this.netRevenue.replaceChildren(...(amounts.length === 0 ? ['—'] : amounts.flatMap((amount, index) => (index === 0 ? [amount] : [' · ', amount]))));
    for (const kpi of KPIS) {
      const value = row?.[kpi.field] ?? 0;
      const target = this.values.get(kpi.field) as HTMLElement;
      target.dataset.value = String(value);
      target.textContent = kpi.format(value);
    }
    this.root.dataset.version = String(version);
    this.version.textContent = `v${version}`;
    this.status.textContent = row ? `updated ${formatClock(row.updatedAt)}` : 'no orders yet';
    this.status.classList.remove('error');
  }

  /** Not live: why (kept until the next row or subscription). */
  fail(message: string): void {
    this.status.textContent = message;
    this.status.classList.add('error');
  }

  /** Live again; the row it shows is current (a newer one would have come as a snapshot). */
  live(): void {
    this.status.classList.remove('error');
  }
}

/** Adds a card per store to `container` and subscribes it; `onRow` hears every row shown (for the chart). */
export function followStores(
  client: EventlineClient<EventlineSchema>,
  container: HTMLElement,
  storeIds: readonly string[],
  onRow: (storeId: string, row: StoreStatsRow | null) => void,
): void {
  for (const storeId of storeIds) {
    const card = new StoreCard(storeId);
    container.append(card.root);
    const show = ({ data, version }: { data: StoreStatsRow | null; version: number }): void => {
      card.show(data, version);
      onRow(storeId, data);
    };
    client.subscribe('views.store_stats', storeId, {
      onSnapshot: show,
      onEvent: show,
      onSubscribed: () => card.live(),
      onSubscribing: ({ error }) => error && card.fail(`retrying (${error.code})`),
      onUnsubscribed: ({ error }) => error && card.fail(`not subscribed (${error.code}): ${error.message}`),
    });
  }
}
