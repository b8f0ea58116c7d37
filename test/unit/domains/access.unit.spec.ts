/** Ownership rules as pure functions: what the gateway asks of a domain before a command reaches Kafka, and who may see an aggregate. */
import { chatAccess, type RoomFacts } from '../../../domains/chat';
import { ordersAccess } from '../../../domains/orders';
import { withCallerDefaults } from '../../../domains';

const alice = { userId: 'alice', roles: [] };
const clerk = { userId: 'clerk', roles: ['staff'] };

describe('caller defaults', () => {
  it("fills PlaceOrder's customerId with the caller when it is left out, and only then", () => {
    expect(withCallerDefaults(ordersAccess, 'PlaceOrder', { storeId: 's' }, alice)).toEqual({ storeId: 's', customerId: 'alice' });
    expect(withCallerDefaults(ordersAccess, 'PlaceOrder', { customerId: 'bob' }, alice)).toEqual({ customerId: 'bob' });
    expect(withCallerDefaults(ordersAccess, 'PayOrder', { amountCents: 1 }, alice)).toEqual({ amountCents: 1 });
  });

  it('leaves data that is not an object to validation', () => {
    for (const data of [undefined, null, 'x', [1]]) expect(withCallerDefaults(ordersAccess, 'PlaceOrder', data, alice)).toBe(data);
  });
});

describe('who may see an aggregate', () => {
  it('shows an order to its customer and to staff, a missing one to staff only', () => {
    expect(ordersAccess.canSee(alice, { customerId: 'alice' })).toBe(true);
    expect(ordersAccess.canSee(alice, { customerId: 'bob' })).toBe(false);
    expect(ordersAccess.canSee(alice, undefined)).toBe(false);
    expect(ordersAccess.canSee(clerk, { customerId: 'bob' })).toBe(true);
    expect(ordersAccess.canSee(clerk, undefined)).toBe(true);
  });

  it.each<[RoomFacts | undefined, boolean]>([
    [{ private: false, member: false }, true],
    [{ private: true, member: true }, true],
    [{ private: true, member: false }, false],
    [undefined, false],
  ])('shows a room with facts %p: %p, whatever the roles', (facts, visible) => {
    expect(chatAccess.canSee(alice, facts)).toBe(visible);
    expect(chatAccess.canSee(clerk, facts)).toBe(visible);
  });

  it("refuses a command from the command alone only where the command shows it (orders' deny)", () => {
    const place = (customerId: string) => ({ type: 'PlaceOrder' as const, data: { storeId: 's', customerId, items: [], currency: 'EUR' } });
    expect(ordersAccess.deny(place('alice'), alice)).toBeUndefined();
    expect(ordersAccess.deny(place('bob'), alice)).toBe('only staff may place an order for another customer');
    expect(ordersAccess.deny(place('bob'), clerk)).toBeUndefined();
    expect(ordersAccess.deny({ type: 'ShipOrder', data: { carrier: 'DHL', trackingNumber: null } }, alice)).toBe('only staff may ship an order');
    expect(ordersAccess.deny({ type: 'PayOrder', data: { amountCents: 1 } }, alice)).toBeUndefined();
  });
});
