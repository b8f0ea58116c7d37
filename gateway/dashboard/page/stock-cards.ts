/**
 * One stock card per followed store: units available, reserved and on hand per sku, and the
 * store's open and refused reservations. Each card follows `views.stock_levels` for its store
 * (rows in version order across reconnects, as the store cards do).
 */
import type { EventlineClient, EventlineSchema, inventory } from '../../../client/index.js';
import { element } from './dom.js';
import { formatCount } from './format.js';

type StockLevelsRow = inventory.StockLevels;

class StockCard {
  readonly root: HTMLElement;
  private readonly rows = element('tbody', {});
  private readonly summary = element('p', { class: 'card-status', 'data-testid': 'stock-summary' }, 'waiting…');

  constructor(storeId: string) {
    const head = element('thead', {}, [element('tr', {}, ['Sku', 'Available', 'Reserved', 'On hand'].map((label) => element('th', {}, label)))]);
    this.root = element('article', { class: 'store stock', 'data-testid': 'stock-card', 'data-store': storeId }, [
      element('header', {}, [element('h3', {}, `${storeId} stock`)]),
      element('table', { class: 'stock-levels' }, [head, this.rows]),
      this.summary,
    ]);
  }

  /** A row, or null when the store has received no stock yet. */
  show(row: StockLevelsRow | null, version: number): void {
    this.root.dataset.version = String(version);
    this.rows.replaceChildren(
      ...(row?.skus ?? []).map(({ sku, available, reserved, onHand }) =>
        element('tr', { 'data-testid': 'stock-sku', 'data-sku': sku, 'data-available': String(available), 'data-reserved': String(reserved), 'data-on-hand': String(onHand) }, [
          element('td', {}, sku),
          element('td', {}, formatCount(available)),
          element('td', {}, formatCount(reserved)),
          element('td', {}, formatCount(onHand)),
        ]),
      ),
    );
    this.summary.textContent = row ? `${formatCount(row.openReservations)} open reservations, ${formatCount(row.refusedReservations)} refused` : 'no stock yet';
    this.summary.classList.remove('error');
  }

  fail(message: string): void {
    this.summary.textContent = message;
    this.summary.classList.add('error');
  }
}

/** Adds a stock card per store to `container` and subscribes it. */
export function followStock(client: EventlineClient<EventlineSchema>, container: HTMLElement, storeIds: readonly string[]): void {
  for (const storeId of storeIds) {
    const card = new StockCard(storeId);
    container.append(card.root);
    const show = ({ data, version }: { data: StockLevelsRow | null; version: number }): void => card.show(data, version);
    client.subscribe('views.stock_levels', storeId, {
      onSnapshot: show,
      onEvent: show,
      onSubscribing: ({ error }) => error && card.fail(`retrying (${error.code})`),
      onUnsubscribed: ({ error }) => error && card.fail(`not subscribed (${error.code}): ${error.message}`),
    });
  }
}
