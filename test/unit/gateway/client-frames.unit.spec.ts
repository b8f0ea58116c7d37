import { BadRequestError } from '../../../platform/errors';
import {
  awaitsProjection,
  commandFromBody,
  commandFromFrame,
  MAX_REQUEST_ID_LENGTH,
  parseClientFrame,
  subscribeFromFrame,
  unsubscribeFromFrame,
  type ClientFrame,
} from '../../../gateway/protocol';

const COMMAND_ID = '0b7f5c2e-3c1f-4d8a-9a57-1f0e6f7b2c11';

function frame(fields: Record<string, unknown>): ClientFrame {
  const parsed = parseClientFrame(JSON.stringify(fields));
  if (!parsed.ok) throw parsed.error;
  return parsed.frame;
}

function badRequest(run: () => unknown): BadRequestError {
  try {
    run();
  } catch (error) {
    if (error instanceof BadRequestError) return error;
    throw error;
  }
  throw new Error('expected a BadRequestError');
}

describe('parseClientFrame', () => {
  it('reads op, id and keeps the whole object for the op reader', () => {
    expect(parseClientFrame('{"op":"ping","id":"r1"}')).toEqual({ ok: true, frame: { op: 'ping', id: 'r1', fields: { op: 'ping', id: 'r1' } } });
  });

  it.each([
    ['not JSON', '{"op":"ping",', /not valid JSON/],
    ['empty', '', /not valid JSON/],
    ['an array', '[{"op":"ping","id":"r1"}]', /JSON object/],
    ['null', 'null', /JSON object/],
    ['a number', '42', /JSON object/],
    ['a string', '"ping"', /JSON object/],
    ['no id', '{"op":"ping"}', /"id"/],
    ['a numeric id', '{"op":"ping","id":7}', /"id"/],
    ['an empty id', '{"op":"ping","id":""}', /"id"/],
    ['a too long id', JSON.stringify({ op: 'ping', id: 'x'.repeat(MAX_REQUEST_ID_LENGTH + 1) }), /"id"/],
  ])('refuses %s with id null', (_case, text, message) => {
    const parsed = parseClientFrame(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.id).toBeNull();
    expect(parsed.error).toBeInstanceOf(BadRequestError);
    expect(parsed.error.message).toMatch(message);
  });

  it.each([
    ['no op', { id: 'r1' }],
    ['a numeric op', { id: 'r1', op: 1 }],
    ['an empty op', { id: 'r1', op: '' }],
  ])('refuses %s, echoing the id', (_case, fields) => {
    const parsed = parseClientFrame(JSON.stringify(fields));
    expect(parsed).toMatchObject({ ok: false, id: 'r1' });
  });
});

describe('commandFromFrame', () => {
  const valid = { op: 'command', id: COMMAND_ID, domain: 'orders', name: 'PlaceOrder', key: 'o-1', data: { storeId: 's' } };

  it('reads the envelope and leaves key, data and correlationId to the schema', () => {
    expect(commandFromFrame(frame({ ...valid, key: 5, correlationId: 'c-1' }))).toEqual({
      id: COMMAND_ID,
      domain: 'orders',
      name: 'PlaceOrder',
      key: 5,
      data: { storeId: 's' },
      correlationId: 'c-1',
    });
    expect(commandFromFrame(frame(valid)).correlationId).toBeUndefined();
  });

  it.each([
    ['a non-UUID id', { ...valid, id: 'cmd-1' }, /UUID/],
    ['no domain', { ...valid, domain: undefined }, /"domain"/],
    ['an empty domain', { ...valid, domain: '' }, /"domain"/],
    ['a numeric name', { ...valid, name: 3 }, /"name"/],
    ['a forged userId', { ...valid, userId: 'root' }, /unknown field userId .*set by the gateway/],
    ['several unknown fields', { ...valid, issuedAt: 1, correlationID: 'x' }, /unknown fields issuedAt, correlationID/],
    ['a numeric traceparent', { ...valid, traceparent: 7 }, /"traceparent" must be a string/],
    ['an oversized tracestate', { ...valid, tracestate: 'x'.repeat(513) }, /"tracestate" must be a string of at most 512/],
  ])('refuses %s', (_case, fields, message) => {
    expect(badRequest(() => commandFromFrame(frame(fields))).message).toMatch(message);
  });

  it('reads the client\'s trace context, which the schema never sees', () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    expect(commandFromFrame(frame({ ...valid, traceparent, tracestate: 'a=1' }))).toMatchObject({ traceparent, tracestate: 'a=1' });
    expect(commandFromBody('orders', 'PlaceOrder', { id: COMMAND_ID, key: 'o-1', data: {} }, { traceparent })).toMatchObject({ traceparent });
  });
});

describe('commandFromBody', () => {
  it('takes domain and name from the path', () => {
    expect(commandFromBody('chat', 'CreateRoom', { id: COMMAND_ID, key: 'r-1', data: { title: 't' } })).toEqual({
      id: COMMAND_ID,
      domain: 'chat',
      name: 'CreateRoom',
      key: 'r-1',
      data: { title: 't' },
      correlationId: undefined,
    });
  });

  it.each([
    ['no body', undefined, /JSON object/],
    ['an array body', [], /JSON object/],
    ['a body with op', { op: 'command', id: COMMAND_ID, key: 'k', data: {} }, /unknown field op/],
    ['a body without id', { key: 'k', data: {} }, /UUID/],
  ])('refuses %s', (_case, body, message) => {
    expect(badRequest(() => commandFromBody('chat', 'CreateRoom', body)).message).toMatch(message);
  });
});

describe('awaitsProjection', () => {
  const command = { op: 'command', id: COMMAND_ID, domain: 'orders', name: 'PayOrder', key: 'o-1', data: {} };

  it('is false by default and for "outcome", true for "projected"', () => {
    expect(awaitsProjection(frame(command))).toBe(false);
    expect(awaitsProjection(frame({ ...command, await: 'outcome' }))).toBe(false);
    expect(awaitsProjection(frame({ ...command, await: 'projected' }))).toBe(true);
    expect(commandFromFrame(frame({ ...command, await: 'projected' })).id).toBe(COMMAND_ID);
  });

  it.each(['ack', true, 1])('refuses await %j', (value) => {
    expect(badRequest(() => awaitsProjection(frame({ ...command, await: value }))).message).toMatch(/"await"/);
  });
});

describe('subscribe and unsubscribe frames', () => {
  it('read stream, key and an optional fromVersion', () => {
    expect(subscribeFromFrame(frame({ op: 'subscribe', id: 's1', stream: 'chat.events', key: 'room-1' }))).toEqual({ id: 's1', stream: 'chat.events', key: 'room-1', fromVersion: undefined });
    expect(subscribeFromFrame(frame({ op: 'subscribe', id: 's1', stream: 'chat.events', key: 'room-1', fromVersion: 0 })).fromVersion).toBe(0);
    expect(unsubscribeFromFrame(frame({ op: 'unsubscribe', id: 'u1', stream: 'views.store_stats', key: 'store-7' }))).toEqual({ id: 'u1', stream: 'views.store_stats', key: 'store-7' });
  });

  it.each([
    ['no stream', { key: 'k' }, /"stream"/],
    ['an empty key', { stream: 's', key: '' }, /"key"/],
    ['a numeric key', { stream: 's', key: 7 }, /"key"/],
    ['a negative fromVersion', { stream: 's', key: 'k', fromVersion: -1 }, /fromVersion/],
    ['a fractional fromVersion', { stream: 's', key: 'k', fromVersion: 1.5 }, /fromVersion/],
    ['a string fromVersion', { stream: 's', key: 'k', fromVersion: '2' }, /fromVersion/],
    ['an unknown field', { stream: 's', key: 'k', from: 2 }, /unknown field from/],
  ])('refuses a subscribe frame with %s', (_case, fields, message) => {
    expect(badRequest(() => subscribeFromFrame(frame({ op: 'subscribe', id: 's1', ...fields }))).message).toMatch(message);
  });

  it('refuses fromVersion on unsubscribe', () => {
    expect(badRequest(() => unsubscribeFromFrame(frame({ op: 'unsubscribe', id: 'u1', stream: 's', key: 'k', fromVersion: 1 }))).message).toMatch(/unknown field fromVersion/);
  });
});
