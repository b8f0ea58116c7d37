/** Token verification: what a token must carry, the bounds of every claim, the roles claim wherever the identity provider puts it. */
import { SignJWT } from 'jose';
import { createTokenVerifier, signToken, TOKEN_LIMITS } from '../../../gateway/auth';
import { UnauthorizedError } from '../../../platform/errors';

const SECRET = 'tokens-unit-test-secret-of-32-bytes-or-more';
const config = { jwtSecret: SECRET, jwtJwksUrl: undefined, jwtIssuer: undefined, jwtAudience: undefined, jwtRolesClaim: ['roles'], jwtMaxTtlSeconds: 3600 };
const verify = createTokenVerifier(config);

function token(claims: Record<string, unknown>, options: { subject?: string; expiresIn?: string | null; issuedAt?: boolean } = {}): Promise<string> {
  let jwt = new SignJWT({ scope: '*', ...claims }).setProtectedHeader({ alg: 'HS256' });
  if (options.subject !== undefined) jwt = jwt.setSubject(options.subject);
  if (options.issuedAt !== false) jwt = jwt.setIssuedAt();
  if (options.expiresIn !== null) jwt = jwt.setExpirationTime(options.expiresIn ?? '10m');
  return jwt.sign(new TextEncoder().encode(SECRET));
}

const refusal = async (promise: Promise<unknown>): Promise<string> => {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(UnauthorizedError);
  return (error as Error).message;
};

describe('token verification', () => {
  it('reads user, roles, scopes, keys and expiry', async () => {
    const principal = await verify(await signToken(SECRET, { subject: 'alice', scope: 'commands:orders read:orders', roles: ['staff'], allowedKeys: { 'chat.events': ['r-1'] }, expiresIn: '5m' }));
    expect(principal).toMatchObject({ userId: 'alice', roles: ['staff'], scopes: new Set(['commands:orders', 'read:orders']), allowedKeys: { 'chat.events': ['r-1'] } });
    expect(principal.expiresAt).toBeGreaterThan(Date.now() / 1000 + 250);
  });

  it('requires exp, and refuses a lifetime beyond the maximum, counted from iat or from now', async () => {
    expect(await refusal(verify(await token({}, { subject: 'alice', expiresIn: null })))).toBe('token has no expiry (exp)');
    expect(await refusal(verify(await token({}, { subject: 'alice', expiresIn: '2h' })))).toBe('token lives longer than 3600 s (JWT_MAX_TTL_SECONDS)');
    expect(await refusal(verify(await token({}, { subject: 'alice', expiresIn: '2h', issuedAt: false })))).toMatch(/lives longer/);
    await expect(verify(await token({}, { subject: 'alice', expiresIn: '59m' }))).resolves.toMatchObject({ userId: 'alice' });
  });

  it.each([
    ['no subject', undefined],
    ['an empty subject', ''],
    ['a subject of 129 characters', 's'.repeat(TOKEN_LIMITS.idChars + 1)],
    ['a subject with U+0000', 'a\u0000b'],
  ])('refuses %s', async (_case, subject) => {
    expect(await refusal(verify(await token({}, { subject })))).toMatch(/subject/);
  });

  it('finds roles at a dotted claim path, as identity providers nest them', async () => {
    const keycloak = createTokenVerifier({ ...config, jwtRolesClaim: ['realm_access', 'roles'] });
    const nested = await token({ realm_access: { roles: ['staff', 'offline_access'] }, roles: ['ignored'] }, { subject: 'alice' });
    expect((await keycloak(nested)).roles).toEqual(['staff', 'offline_access']);
    expect((await keycloak(await token({}, { subject: 'alice' }))).roles).toEqual([]);
    // A prototype's property is no claim.
    expect((await createTokenVerifier({ ...config, jwtRolesClaim: ['constructor'] })(await token({}, { subject: 'alice' }))).roles).toEqual([]);
  });

  it.each([
    ['a roles claim that is not an array', { roles: 'staff' }],
    ['too many roles', { roles: Array.from({ length: TOKEN_LIMITS.roles + 1 }, (_, n) => `r${n}`) }],
    ['a role too long', { roles: ['r'.repeat(TOKEN_LIMITS.roleChars + 1)] }],
    ['a scope too long', { scope: 'x'.repeat(TOKEN_LIMITS.scopeChars + 1) }],
    ['eventline_keys that is not a map of lists', { eventline_keys: ['chat.events'] }],
    ['a key too long', { eventline_keys: { 'chat.events': ['k'.repeat(TOKEN_LIMITS.idChars + 1)] } }],
    ['too many keys', { eventline_keys: { 'chat.events': Array.from({ length: TOKEN_LIMITS.keysPerStream + 1 }, (_, n) => `k${n}`) } }],
  ])('refuses %s', async (_case, claims) => {
    await expect(verify(await token(claims, { subject: 'alice' }))).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it('refuses an expired token, a forged one and an unknown algorithm', async () => {
    expect(await refusal(verify(await signToken(SECRET, { subject: 'alice', expiresIn: '-1s' })))).toBe('token expired');
    expect(await refusal(verify(await signToken('another-secret-that-is-32-bytes-long!!', { subject: 'alice' })))).toBe('token signature is invalid');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"a"}').toString('base64url')}.`;
    expect(await refusal(verify(none))).toBe('token algorithm none is not accepted');
  });
});
