import { BadRequestError, ForbiddenError, TokenExpiredError, UnauthorizedError } from '../../../platform/errors';
import { authorize, bearerToken, commandScope, requireKeyAllowed, subscribeScope, requireUpgradeCredential, upgradeCredential, type Principal } from '../../../gateway/auth';
import { checkOrigin } from '../../../gateway/ws';

function principal(scope: string, expiresAt = 4_102_444_800): Principal {
  return { userId: 'u-1', roles: [], scopes: new Set(scope.split(' ').filter(Boolean)), allowedKeys: undefined, expiresAt };
}

describe('authorize', () => {
  const now = 1_700_000_000_000;

  it('allows the exact scope or *', () => {
    expect(() => authorize(principal('read:orders commands:orders'), commandScope('orders'), now)).not.toThrow();
    expect(() => authorize(principal('*'), commandScope('chat'), now)).not.toThrow();
  });

  it.each(['', 'commands:chat', 'commands:*', 'commands:orders:extra', 'subscribe:orders.events'])('refuses commands:orders with scope %j', (scope) => {
    expect(() => authorize(principal(scope), commandScope('orders'), now)).toThrow(ForbiddenError);
  });

  it('refuses an expired token even with the scope', () => {
    expect(() => authorize(principal('*', now / 1000), commandScope('orders'), now)).toThrow(TokenExpiredError);
    expect(() => authorize(principal('*', now / 1000 + 1), commandScope('orders'), now)).not.toThrow();
  });
});

describe('subscribe scopes and key restrictions', () => {
  const now = 1_700_000_000_000;
  const withKeys = (scope: string, allowedKeys?: Record<string, string[]>): Principal => ({ ...principal(scope), allowedKeys });

  it('needs subscribe:<stream> or *', () => {
    expect(() => authorize(withKeys('subscribe:views.store_stats'), subscribeScope('views.store_stats'), now)).not.toThrow();
    expect(() => authorize(withKeys('*'), subscribeScope('chat.events'), now)).not.toThrow();
    expect(() => authorize(withKeys('subscribe:views.store_stats read:store_stats'), subscribeScope('chat.events'), now)).toThrow(ForbiddenError);
  });

  it('limits the keys of a stream the eventline_keys claim names, and only that stream', () => {
    const principal = withKeys('*', { 'views.store_stats': ['store-7', 'store-9'] });
    expect(() => requireKeyAllowed(principal, 'views.store_stats', 'store-7')).not.toThrow();
    expect(() => requireKeyAllowed(principal, 'views.store_stats', 'store-8')).toThrow(ForbiddenError);
    expect(() => requireKeyAllowed(principal, 'chat.events', 'room-1')).not.toThrow();
    expect(() => requireKeyAllowed(withKeys('*', { 'chat.events': [] }), 'chat.events', 'room-1')).toThrow(ForbiddenError);
  });
});

describe('token extraction', () => {
  const url = (query: string) => new URL(`/ws${query}`, 'http://gateway');

  it('reads a Bearer header in any case', () => {
    expect(bearerToken({ authorization: 'Bearer abc.def.ghi' })).toBe('abc.def.ghi');
    expect(bearerToken({ authorization: 'bearer   abc' })).toBe('abc');
    expect(bearerToken({})).toBeUndefined();
  });

  it.each(['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer a b', 'abc'])('refuses Authorization %j', (header) => {
    expect(() => bearerToken({ authorization: header })).toThrow(UnauthorizedError);
  });

  it('takes the header, then the bearer subprotocol, then ?token= on the upgrade, and says which', () => {
    const protocols = { 'sec-websocket-protocol': 'eventline, bearer.p' };
    expect(upgradeCredential({ authorization: 'Bearer h', ...protocols }, url('?token=q'))).toEqual({ token: 'h', source: 'header' });
    expect(upgradeCredential(protocols, url('?token=q'))).toEqual({ token: 'p', source: 'subprotocol' });
    expect(upgradeCredential({ 'sec-websocket-protocol': 'bearer.p,eventline' }, url(''))).toEqual({ token: 'p', source: 'subprotocol' });
    expect(upgradeCredential({}, url('?token=q'))).toEqual({ token: 'q', source: 'query' });
    expect(upgradeCredential({ 'sec-websocket-protocol': 'eventline' }, url('?token='))).toBeUndefined();
    expect(upgradeCredential({}, url(''))).toBeUndefined();
  });

  it('refuses a bearer subprotocol offered without eventline, which the gateway could not select', () => {
    expect(() => upgradeCredential({ 'sec-websocket-protocol': 'bearer.p' }, url(''))).toThrow(BadRequestError);
  });

  it('names every way to send a token when there is none', () => {
    expect(() => requireUpgradeCredential(undefined)).toThrow(/Authorization: Bearer <token>.*"eventline" and "bearer\.<token>"/);
  });
});

describe('checkOrigin', () => {
  it('allows anything with an empty allow-list', () => {
    expect(() => checkOrigin('https://evil.example', [])).not.toThrow();
  });

  it('allows listed origins and clients that send none', () => {
    expect(() => checkOrigin('https://app.example', ['https://app.example'])).not.toThrow();
    expect(() => checkOrigin(undefined, ['https://app.example'])).not.toThrow();
  });

  it('refuses other origins', () => {
    expect(() => checkOrigin('https://evil.example', ['https://app.example'])).toThrow(ForbiddenError);
  });
});
