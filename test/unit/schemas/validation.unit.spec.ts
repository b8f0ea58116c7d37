import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { InvalidCommandError } from '../../../platform/errors';
import { domains } from '../../../domains';
import { createCodec, loadCatalog, type chat, type orders } from '../../../schemas';
import type { Constraints, SchemaNode } from '../../../schemas/model';
import { arbitraryRecord } from './support/arbitrary';

const catalog = loadCatalog();
const codec = createCodec(catalog);

const PLACE = 'eventline.orders.PlaceOrder';
const placeOrder: orders.PlaceOrder = {
  commandId: 'cmd-1',
  aggregateId: 'order-1',
  userId: 'user-1',
  roles: [],
  correlationId: null,
  issuedAt: new Date(0),
  data: { storeId: 'store-7', customerId: 'cust-1', items: [{ sku: 'sku-1', qty: 2, priceCents: 250 }], currency: 'EUR' },
};

const POST = 'eventline.chat.PostMessage';
const postMessage: chat.PostMessage = {
  commandId: 'cmd-2',
  aggregateId: 'room-1',
  userId: 'user-1',
  roles: ['staff'],
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
      { path: 'correlationId', expected: 'string of at most 128 chars or null' },
      { path: 'issuedAt', expected: 'timestamp-millis (Date)' },
      { path: 'data.storeId', expected: 'string of 1..128 chars' },
      { path: 'data.items.1.qty', expected: 'int >= 1' },
      { path: 'data.items.2', expected: 'record OrderLine' },
      { path: 'data.coupon', expected: 'no such field' },
      { path: 'data.customerId', expected: 'string of 1..128 chars' },
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

  it('bounds ids, keys, free text and arrays in every command', () => {
    const id = 'i'.repeat(128);
    expect(pathsOf(PLACE, { ...placeOrder, aggregateId: id, data: { ...placeOrder.data, storeId: id, customerId: id } })).toEqual([]);
    expect(pathsOf(PLACE, { ...placeOrder, aggregateId: `${id}x`, data: { ...placeOrder.data, storeId: `${id}x`, customerId: `${id}x` } })).toEqual([
      'aggregateId',
      'data.storeId',
      'data.customerId',
    ]);
    const lines = (count: number) => Array.from({ length: count }, (_, n) => ({ sku: `sku-${n}`, qty: 1, priceCents: 1 }));
    expect(pathsOf(PLACE, { ...placeOrder, data: { ...placeOrder.data, items: lines(100) } })).toEqual([]);
    expect(pathsOf(PLACE, { ...placeOrder, data: { ...placeOrder.data, items: lines(101) } })).toEqual(['data.items']);
    expect(pathsOf(PLACE, { ...placeOrder, roles: Array.from({ length: 33 }, () => 'staff') })).toEqual(['roles']);
    expect(pathsOf(PLACE, { ...placeOrder, roles: ['r'.repeat(65)] })).toEqual(['roles.0']);
  });

  it('states every string and array bound in the latest version of every command', () => {
    const unbounded: string[] = [];
    const walk = (node: SchemaNode, constraints: Constraints, path: string): void => {
      if (node.kind === 'nullable') return walk(node.type, constraints, path);
      if (node.kind === 'primitive' && node.name === 'string' && constraints.maxLength === undefined) unbounded.push(path);
      if (node.kind === 'array') {
        if (constraints.maxItems === undefined) unbounded.push(path);
        walk(node.items, { maxLength: constraints.itemMaxLength }, `${path}[]`);
      }
      if (node.kind === 'record') for (const field of node.fields) walk(field.type, field.constraints, `${path}.${field.name}`);
    };
    const commands = domains.flatMap((domain) => domain.commandNames.map((name) => catalog.latest(`${domain.namespace}.${name}`)));
    for (const { model, name } of commands) walk(model, {}, name);
    expect(commands.length).toBeGreaterThan(0);
    expect(unbounded).toEqual([]);
  });

  it('refuses U+0000 in any string, which PostgreSQL text cannot store', () => {
    expect(pathsOf(POST, { ...postMessage, data: { ...postMessage.data, text: 'a\u0000b' } })).toEqual(['data.text']);
    expect(pathsOf(PLACE, { ...placeOrder, data: { ...placeOrder.data, items: [{ sku: '\u0000', qty: 1, priceCents: 1 }] } })).toEqual(['data.items.0.sku']);
    expect(pathsOf(POST, { ...postMessage, correlationId: 'x\u0000' })).toEqual(['correlationId']);
  });

  it('keeps its work and its report small whatever the input', () => {
    const hostile = {
      ...placeOrder,
      data: { ...placeOrder.data, items: Array.from({ length: 20_000 }, () => ({})), [`k${'x'.repeat(60_000)}`]: 1 },
    };
    const { issues, total } = codec.check(PLACE, hostile, 20);
    expect(issues.map((issue) => issue.path)).toEqual([`data.k${'x'.repeat(63)}…`, 'data.items']);
    expect(total).toBe(2);
    expect(JSON.stringify(issues).length).toBeLessThan(2_000);
    const manyUnknown = { ...placeOrder, data: Object.fromEntries(Array.from({ length: 500 }, (_, n) => [`f${n}`, n])) };
    const report = codec.check(PLACE, manyUnknown, 20);
    expect(report.issues).toHaveLength(20);
    expect(report.total).toBeGreaterThan(500);
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
