import { ForbiddenError, TokenExpiredError, UnauthorizedError } from '../../../platform/errors';
import { authorize, bearerToken, commandScope, requireKeyAllowed, subscribeScope, upgradeToken, type Principal } from '../../../gateway/auth';
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

  it('takes ?token= on the upgrade, the header first', () => {
    expect(upgradeToken({}, url('?token=q'))).toBe('q');
    expect(upgradeToken({ authorization: 'Bearer h' }, url('?token=q'))).toBe('h');
    expect(upgradeToken({}, url('?token='))).toBeUndefined();
    expect(upgradeToken({}, url(''))).toBeUndefined();
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
