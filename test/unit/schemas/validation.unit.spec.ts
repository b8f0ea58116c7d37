import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { InvalidCommandError } from '../../../platform/errors';
import { createCodec, loadCatalog, type chat, type orders } from '../../../schemas';
import { arbitraryRecord } from './support/arbitrary';

const catalog = loadCatalog();
const codec = createCodec(catalog);

const PLACE = 'eventline.orders.PlaceOrder';
const placeOrder: orders.PlaceOrder = {
  commandId: 'cmd-1',
  aggregateId: 'order-1',
  userId: 'user-1',
  correlationId: null,
  issuedAt: new Date(0),
  data: { storeId: 'store-7', customerId: 'cust-1', items: [{ sku: 'sku-1', qty: 2, priceCents: 250 }], currency: 'EUR' },
};

const POST = 'eventline.chat.PostMessage';
const postMessage: chat.PostMessage = {
  commandId: 'cmd-2',
  aggregateId: 'room-1',
  userId: 'user-1',
  correlationId: 'corr-1',
  issuedAt: new Date(0),
  data: { messageId: 'msg-1', text: 'hello' },
};

function pathsOf(subject: string, value: unknown): string[] {
  return codec.validate(subject, value).map((issue) => issue.path);
}

describe('validate', () => {
  it('accepts valid records, including a nullable field left out (it has a default)', () => {
    expect(codec.validate(PLACE, placeOrder)).toEqual([]);
    expect(codec.validate(POST, postMessage)).toEqual([]);
    expect(codec.validate('eventline.orders.ShipOrder', { ...placeOrder, data: { carrier: 'ups' } })).toEqual([]);
  });

  it('reports every bad field at once, each with its dotted path and what is expected', () => {
    const issues = codec.validate(PLACE, {
      ...placeOrder,
      correlationId: 7,
      issuedAt: 'yesterday',
      data: {
        customerId: '',
        items: [{ sku: 'a', qty: 0, priceCents: -1 }, { sku: 'b', qty: 1.5, priceCents: 1 }, 'oops'],
        currency: 'EURO',
        coupon: 'FREE',
      },
    });
    expect(issues.map(({ path, expected }) => ({ path, expected }))).toEqual([
      { path: 'correlationId', expected: 'string or null' },
      { path: 'issuedAt', expected: 'timestamp-millis (Date)' },
      { path: 'data.storeId', expected: 'string of at least 1 char' },
      { path: 'data.items.1.qty', expected: 'int >= 1' },
      { path: 'data.items.2', expected: 'record OrderLine' },
      { path: 'data.coupon', expected: 'no such field' },
      { path: 'data.customerId', expected: 'string of at least 1 char' },
      { path: 'data.items.0.qty', expected: 'int >= 1' },
      { path: 'data.items.0.priceCents', expected: 'long >= 0' },
      { path: 'data.currency', expected: 'string of exactly 3 chars' },
    ]);
    for (const issue of issues) expect(issue.message.startsWith(issue.path)).toBe(true);
  });

  it('checks array sizes and string lengths at their bounds', () => {
    expect(pathsOf(PLACE, { ...placeOrder, data: { ...placeOrder.data, items: [] } })).toEqual(['data.items']);
    const withText = (text: string) => ({ ...postMessage, data: { ...postMessage.data, text } });
    expect(pathsOf(POST, withText('x'.repeat(4000)))).toEqual([]);
    expect(pathsOf(POST, withText('x'.repeat(4001)))).toEqual(['data.text']);
    expect(pathsOf(POST, withText(''))).toEqual(['data.text']);
    const room = (title: string) => ({ ...postMessage, data: { title } });
    expect(pathsOf('eventline.chat.CreateRoom', room('t'.repeat(200)))).toEqual([]);
    expect(pathsOf('eventline.chat.CreateRoom', room('t'.repeat(201)))).toEqual(['data.title']);
  });

  it('checks a constraint on a nullable field only when it is not null', () => {
    const ship = (trackingNumber: string | null) => ({ ...placeOrder, data: { carrier: 'ups', trackingNumber } });
    expect(pathsOf('eventline.orders.ShipOrder', ship(null))).toEqual([]);
    expect(pathsOf('eventline.orders.ShipOrder', ship(''))).toEqual(['data.trackingNumber']);
  });

  it('reports a whole record that is not an object at the empty path', () => {
    expect(codec.validate(PLACE, 'nope')).toEqual([expect.objectContaining({ path: '', expected: 'record PlaceOrder' })]);
  });

  it('finds a bad quantity in any line of any valid order', () => {
    const placeOrders = arbitraryRecord(catalog.latest(PLACE).model);
    fc.assert(
      fc.property(placeOrders, fc.nat(), fc.integer({ max: 0 }), (order, pick, qty) => {
        const data = order.data as orders.PlaceOrderData;
        const line = pick % data.items.length;
        const items = data.items.map((item, index) => (index === line ? { ...item, qty } : item));
        expect(pathsOf(PLACE, { ...order, data: { ...data, items } })).toEqual([`data.items.${line}.qty`]);
      }),
    );
  });
});

describe('assertValid', () => {
  it('returns the value, typed, when it is valid', () => {
    const command = codec.assertValid(PLACE, placeOrder);
    expect(command.data.items[0]?.qty).toBe(2);
  });

  it('throws InvalidCommandError carrying every issue', () => {
    const bad = { ...postMessage, data: { messageId: '', text: '' } };
    let thrown: unknown;
    try {
      codec.assertValid(POST, bad);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidCommandError);
    const error = thrown as InvalidCommandError;
    expect(error.code).toBe('INVALID_COMMAND');
    expect(error.issues.map((issue) => issue.path)).toEqual(['data.messageId', 'data.text']);
    expect(error.message).toContain('data.messageId');
  });
});
