/** A store's stock as given(events) / when(command) / then(events | rejection). */
import { describe, expect, it } from '@jest/globals';
import { evolveAll } from '../../../../domains';
import {
  inventoryAccess,
  inventoryDecider,
  ONLY_STAFF,
  RESERVED_LINES_MAX,
  SKUS_MAX,
  type InventoryCommand,
  type InventoryEvent,
  type StockLine,
} from '../../../../domains/inventory';
import { deciderSpec } from '../support/decider-spec';
import { metadataFor } from '../support/records';

const STORE = 'store-1';
const spec = deciderSpec(inventoryDecider);
const staff = () => metadataFor(STORE, 'clerk', ['staff']);

const receive = (sku: string, qty: number): InventoryCommand => ({ type: 'ReceiveStock', data: { sku, qty }, metadata: staff() });
const reserve = (orderId: string, lines: StockLine[]): InventoryCommand => ({ type: 'ReserveStock', data: { orderId, lines }, metadata: staff() });
const release = (orderId: string): InventoryCommand => ({ type: 'ReleaseStock', data: { orderId }, metadata: staff() });
const received = (sku: string, qty: number): InventoryEvent => ({ type: 'StockReceived', data: { sku, qty } });
const reserved = (orderId: string, lines: StockLine[]): InventoryEvent => ({ type: 'StockReserved', data: { orderId, lines } });
const released = (orderId: string, lines: StockLine[]): InventoryEvent => ({ type: 'StockReleased', data: { orderId, lines } });
const refused = (orderId: string, lines: StockLine[], shortSkus: string[]): InventoryEvent => ({ type: 'StockReservationRefused', data: { orderId, lines, shortSkus } });

const twoOfA = [{ sku: 'a', qty: 2 }];

describe('ReceiveStock', () => {
  it('adds units of a sku', () => {
    spec.given([]).when(receive('a', 5)).then([received('a', 5)]);
  });

  it.each([0, -1, 1.5, 1_000_001])('rejects the quantity %p', (qty) => {
    spec.given([]).when(receive('a', qty)).thenRejects(`sku a: quantity ${qty} is not a whole number from 1 to 1000000`);
  });

  it('rejects an empty or overlong sku', () => {
    spec.given([]).when(receive('', 1)).thenRejects('sku must be 1 to 128 characters');
    spec.given([]).when(receive('x'.repeat(129), 1)).thenRejects('sku must be 1 to 128 characters');
  });

  it(`holds at most ${SKUS_MAX} skus per store`, () => {
    const full = Array.from({ length: SKUS_MAX }, (_, index) => received(`sku-${index}`, 1));
    spec.given(full).when(receive('one-more', 1)).thenRejects(`a store holds at most ${SKUS_MAX} skus`);
    spec.given(full).when(receive('sku-0', 1)).then([received('sku-0', 1)]);
  });
});

describe('ReserveStock', () => {
  it('reserves every line when all are available', () => {
    const lines = [{ sku: 'a', qty: 2 }, { sku: 'b', qty: 1 }];
    spec.given([received('a', 2), received('b', 1)]).when(reserve('o-1', lines)).then([reserved('o-1', lines)]);
  });

  it('refuses the whole reservation when one sku is short (all or nothing)', () => {
    const lines = [{ sku: 'a', qty: 2 }, { sku: 'b', qty: 2 }, { sku: 'c', qty: 1 }];
    spec.given([received('a', 5), received('b', 1)]).when(reserve('o-1', lines)).then([refused('o-1', lines, ['b', 'c'])]);
  });

  it('counts duplicate skus together', () => {
    const lines = [{ sku: 'a', qty: 2 }, { sku: 'a', qty: 2 }];
    spec.given([received('a', 3)]).when(reserve('o-1', lines)).then([refused('o-1', lines, ['a'])]);
  });

  it('leaves reserved units out of what is available', () => {
    spec.given([received('a', 3), reserved('o-1', twoOfA)]).when(reserve('o-2', twoOfA)).then([refused('o-2', twoOfA, ['a'])]);
  });

  it('makes released units available again', () => {
    spec.given([received('a', 3), reserved('o-1', twoOfA), released('o-1', twoOfA)]).when(reserve('o-2', twoOfA)).then([reserved('o-2', twoOfA)]);
  });

  it('rejects a second reservation for the same order', () => {
    spec.given([received('a', 5), reserved('o-1', twoOfA)]).when(reserve('o-1', twoOfA)).thenRejects('order o-1 holds a reservation already');
  });

  it('rejects no lines, too many lines and bad quantities', () => {
    spec.given([]).when(reserve('o-1', [])).thenRejects('a reservation needs 1 to 100 lines');
    spec.given([]).when(reserve('o-1', Array.from({ length: 101 }, () => ({ sku: 'a', qty: 1 })))).thenRejects('a reservation needs 1 to 100 lines');
    spec.given([]).when(reserve('o-1', [{ sku: 'a', qty: 0 }])).thenRejects('sku a: quantity 0 is not a whole number from 1 to 1000000');
    spec.given([]).when(reserve('', twoOfA)).thenRejects('order id must be 1 to 128 characters');
  });

  it(`holds at most ${RESERVED_LINES_MAX} reserved lines per store`, () => {
    const hundred = Array.from({ length: 100 }, () => ({ sku: 'a', qty: 1 }));
    const open = Array.from({ length: RESERVED_LINES_MAX / 100 }, (_, index) => reserved(`o-${index}`, hundred));
    spec.given([received('a', 1_000_000), ...open]).when(reserve('o-more', twoOfA)).thenRejects(`a store holds at most ${RESERVED_LINES_MAX} reserved lines`);
  });
});

describe('ReleaseStock', () => {
  it('releases the lines the order holds', () => {
    spec.given([received('a', 3), reserved('o-1', twoOfA)]).when(release('o-1')).then([released('o-1', twoOfA)]);
  });

  it('rejects releasing an unknown order and releasing twice: nothing changes', () => {
    spec.given([received('a', 3)]).when(release('o-1')).thenRejects('order o-1 holds no reservation');
    spec.given([received('a', 3), reserved('o-1', twoOfA), released('o-1', twoOfA)]).when(release('o-1')).thenRejects('order o-1 holds no reservation');
  });

  it('rejects releasing a refused reservation', () => {
    spec.given([refused('o-1', twoOfA, ['a'])]).when(release('o-1')).thenRejects('order o-1 holds no reservation');
  });
});

describe('access', () => {
  it.each<[string, InventoryCommand]>([
    ['ReceiveStock', { type: 'ReceiveStock', data: { sku: 'a', qty: 1 }, metadata: metadataFor(STORE, 'customer') }],
    ['ReserveStock', { type: 'ReserveStock', data: { orderId: 'o-1', lines: twoOfA }, metadata: metadataFor(STORE, 'customer') }],
    ['ReleaseStock', { type: 'ReleaseStock', data: { orderId: 'o-1' }, metadata: metadataFor(STORE, 'customer') }],
  ])('rejects %s from a caller who is not staff', (_name, command) => {
    spec.given([received('a', 5), reserved('o-1', twoOfA)]).when(command).thenRejects(ONLY_STAFF);
  });

  it('lets only staff see a store that has stock', () => {
    const { canSee } = inventoryAccess;
    expect(canSee({ userId: 'clerk', roles: ['staff'] }, { exists: true })).toBe(true);
    expect(canSee({ userId: 'customer', roles: [] }, { exists: true })).toBe(false);
    expect(canSee({ userId: 'clerk', roles: ['staff'] }, undefined)).toBe(false);
  });
});

describe('evolve', () => {
  it('keeps units on hand and reserved per sku, in sku order, and the open reservations', () => {
    const state = evolveAll(inventoryDecider, [received('b', 4), received('a', 3), reserved('o-1', [{ sku: 'b', qty: 1 }, { sku: 'a', qty: 2 }]), reserved('o-2', [{ sku: 'b', qty: 1 }]), released('o-1', [{ sku: 'b', qty: 1 }, { sku: 'a', qty: 2 }])]);
    expect(state).toEqual({
      skus: [{ sku: 'a', onHand: 3, reserved: 0 }, { sku: 'b', onHand: 4, reserved: 1 }],
      reservations: [{ orderId: 'o-2', lines: [{ sku: 'b', qty: 1 }] }],
    });
  });
});
