import { InternalError, InvalidCommandError, NotFoundError } from '../../../platform/errors';
import { buildCommandRecord, toClientIssue } from '../../../gateway/ingress';
import { toWireError } from '../../../gateway/protocol';
import { createCodec } from '../../../schemas';

const codec = createCodec();
const request = {
  id: '0b7f5c2e-3c1f-4d8a-9a57-1f0e6f7b2c11',
  domain: 'orders',
  name: 'PlaceOrder',
  key: 'order-1',
  correlationId: undefined,
  data: { storeId: 'store-7', customerId: 'c-1', items: [{ sku: 'sku-1', qty: 2, priceCents: 250 }], currency: 'EUR' },
};

describe('command records', () => {
  it('stamps user and time, and a missing correlation id is null', () => {
    const issuedAt = new Date(0);
    const record = buildCommandRecord(request, { userId: 'user-1', roles: ['staff'] }, request.data, issuedAt);
    expect(record).toEqual({ commandId: request.id, aggregateId: 'order-1', userId: 'user-1', roles: ['staff'], correlationId: null, issuedAt, data: request.data });
    expect(codec.validate('eventline.orders.PlaceOrder', record)).toEqual([]);
  });

  it('reports every bad field in the terms the client used', () => {
    const data = { ...request.data, items: [{ sku: 'sku-1', qty: 0, priceCents: 1 }, { sku: '', qty: 1.5, priceCents: 1 }], extra: true };
    const record = buildCommandRecord({ ...request, key: '', correlationId: 7, data }, { userId: 'user-1', roles: [] }, data, new Date());
    const issues = codec.validate('eventline.orders.PlaceOrder', record).map(toClientIssue);
    expect(issues.map((issue) => issue.path).sort()).toEqual(['correlationId', 'data.extra', 'data.items.0.qty', 'data.items.1.qty', 'data.items.1.sku', 'key'].sort());
    const key = issues.find((issue) => issue.path === 'key');
    expect(key?.message).toMatch(/^key /);
  });
});

describe('wire errors', () => {
  it('passes client errors with their details', () => {
    const issues = [{ path: 'key', expected: 'string', message: 'key is required' }];
    expect(toWireError(new InvalidCommandError('bad', issues))).toEqual({ code: 'INVALID_COMMAND', message: 'bad', details: issues, httpStatus: 400 });
    expect(toWireError(new NotFoundError('no such domain'))).toMatchObject({ code: 'NOT_FOUND', httpStatus: 404, details: [] });
  });

  it('hides everything else behind INTERNAL', () => {
    expect(toWireError(new InternalError('secret detail'))).toEqual({ code: 'INTERNAL', message: 'internal error', details: [], httpStatus: 500 });
    expect(toWireError(new TypeError('x is undefined'))).toMatchObject({ code: 'INTERNAL', message: 'internal error' });
  });
});
