/** The `stock_levels` read model: a store's units per sku, as its events imply. */
import { describe, expect, it } from '@jest/globals';
import { projectAll } from '../../../../domains';
import { stockLevelsProjection, type InventoryEvent } from '../../../../domains/inventory';
import { recorded } from '../support/records';

const STORE = 'store-1';
const at = (minute: number) => `2025-01-01T12:${String(minute).padStart(2, '0')}:00Z`;

describe('the stock_levels read model', () => {
  it('follows receipts, reservations, refusals and releases', () => {
    const events: InventoryEvent[] = [
      { type: 'StockReceived', data: { sku: 'b', qty: 4 } },
      { type: 'StockReceived', data: { sku: 'a', qty: 3 } },
      { type: 'StockReserved', data: { orderId: 'o-1', lines: [{ sku: 'a', qty: 2 }, { sku: 'b', qty: 1 }] } },
      { type: 'StockReserved', data: { orderId: 'o-2', lines: [{ sku: 'b', qty: 3 }] } },
      { type: 'StockReservationRefused', data: { orderId: 'o-3', lines: [{ sku: 'a', qty: 9 }], shortSkus: ['a'] } },
      { type: 'StockReleased', data: { orderId: 'o-1', lines: [{ sku: 'a', qty: 2 }, { sku: 'b', qty: 1 }] } },
    ];
    const rows = projectAll(stockLevelsProjection, events.map((event, index) => recorded(event, STORE, index + 1, at(index), 'clerk')));
    expect(rows.get(STORE)).toEqual({
      storeId: STORE,
      skus: [
        { sku: 'a', onHand: 3, reserved: 0, available: 3 },
        { sku: 'b', onHand: 4, reserved: 3, available: 1 },
      ],
      openReservations: 1,
      refusedReservations: 1,
      updatedAt: new Date(at(5)),
    });
  });
});
