/**
 * JWT verification (jose) and development tokens. A token's `sub` is the acting user; its
 * roles claim (JWT_ROLES_CLAIM) carries the business roles domains decide ownership with;
 * its OAuth2 `scope` claim (space-separated) says which operations the user may use; the
 * optional `eventline_keys` claim narrows streams to listed keys.
 *
 * Every claim is bounded here, before anything else sees it: a token is a stranger's input
 * too (signed by a trusted issuer, but shaped by whatever that issuer puts in it). Tokens must
 * carry `exp` and may live at most JWT_MAX_TTL_SECONDS.
 */
import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Actor } from '../../domains/access';
import type { Config } from '../../platform/config';
import { UnauthorizedError } from '../../platform/errors';

export interface Principal extends Actor {
  /** The token's `sub`: stamped on every command the user sends. */
  readonly userId: string;
  /** The token's business roles (JWT_ROLES_CLAIM), stamped on every command beside `userId`. */
  readonly roles: readonly string[];
  readonly scopes: ReadonlySet<string>;
  /** Optional per-stream key restriction claim (`eventline_keys`: {stream: [keys]}). */
  readonly allowedKeys: Readonly<Record<string, readonly string[]>> | undefined;
  /** The token's `exp`, seconds since the epoch. */
  readonly expiresAt: number;
}

export type TokenVerifier = (token: string) => Promise<Principal>;

/** Bounds of what a token may carry; beyond them it is refused (UNAUTHORIZED). */
export const TOKEN_LIMITS = Object.freeze({
  /** `sub`, each key: the same bound as every id in a command. */
  idChars: 128,
  roles: 32,
  roleChars: 64,
  scopeChars: 4096,
  keyStreams: 32,
  keysPerStream: 1000,
});

const HS256_ALGORITHMS = ['HS256'];
const JWKS_ALGORITHMS = ['RS256', 'ES256'];
/** Clock difference tolerated between the issuer and the gateway when checking lifetimes. */
const CLOCK_TOLERANCE_SECONDS = 30;

type VerifierConfig = Pick<Config, 'jwtSecret' | 'jwtJwksUrl' | 'jwtIssuer' | 'jwtAudience' | 'jwtRolesClaim' | 'jwtMaxTtlSeconds'>;

function isBoundedId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= TOKEN_LIMITS.idChars && !value.includes('\u0000');
}

function claimAt(payload: JWTPayload, path: readonly string[]): unknown {
  let value: unknown = payload;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, segment)) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

function rolesOf(payload: JWTPayload, path: readonly string[]): string[] {
  const roles = claimAt(payload, path);
  if (roles === undefined) return [];
  const valid =
    Array.isArray(roles) &&
    roles.length <= TOKEN_LIMITS.roles &&
    roles.every((role) => typeof role === 'string' && role.length > 0 && role.length <= TOKEN_LIMITS.roleChars && !role.includes('\u0000'));
  if (!valid) throw new UnauthorizedError(`token claim ${path.join('.')} must be an array of at most ${TOKEN_LIMITS.roles} role names`);
  return roles as string[];
}

function allowedKeysOf(payload: JWTPayload): Principal['allowedKeys'] {
  const keys = payload.eventline_keys;
  if (keys === undefined) return undefined;
  const refuse = (): never => {
    throw new UnauthorizedError(`token claim eventline_keys must map at most ${TOKEN_LIMITS.keyStreams} streams to lists of at most ${TOKEN_LIMITS.keysPerStream} keys`);
  };
  if (typeof keys !== 'object' || keys === null || Array.isArray(keys)) return refuse();
  const entries = Object.entries(keys as Record<string, unknown>);
  if (entries.length > TOKEN_LIMITS.keyStreams) return refuse();
  const allowed: Record<string, readonly string[]> = Object.create(null) as Record<string, readonly string[]>;
  for (const [stream, list] of entries) {
    if (!Array.isArray(list) || list.length > TOKEN_LIMITS.keysPerStream || !list.every(isBoundedId)) return refuse();
    allowed[stream] = list;
  }
  return allowed;
}

function toPrincipal(payload: JWTPayload, config: VerifierConfig, nowSeconds: number): Principal {
  if (!isBoundedId(payload.sub)) throw new UnauthorizedError(`token subject (sub) must be 1..${TOKEN_LIMITS.idChars} characters`);
  const { exp, iat } = payload;
  if (typeof exp !== 'number') throw new UnauthorizedError('token has no expiry (exp)');
  const issuedAt = typeof iat === 'number' ? Math.min(iat, nowSeconds) : nowSeconds;
  if (exp - issuedAt > config.jwtMaxTtlSeconds + CLOCK_TOLERANCE_SECONDS) {
    throw new UnauthorizedError(`token lives longer than ${config.jwtMaxTtlSeconds} s (JWT_MAX_TTL_SECONDS)`);
  }
  const scope = typeof payload.scope === 'string' ? payload.scope : '';
  if (scope.length > TOKEN_LIMITS.scopeChars) throw new UnauthorizedError(`token scope is longer than ${TOKEN_LIMITS.scopeChars} characters`);
  return {
    userId: payload.sub,
    roles: rolesOf(payload, config.jwtRolesClaim),
    scopes: new Set(scope.split(' ').filter(Boolean)),
    allowedKeys: allowedKeysOf(payload),
    expiresAt: exp,
  };
}

export function createTokenVerifier(config: VerifierConfig): TokenVerifier {
  const options = { issuer: config.jwtIssuer, audience: config.jwtAudience, requiredClaims: ['exp'] };
  const secret = config.jwtSecret === undefined ? undefined : new TextEncoder().encode(config.jwtSecret);
  const jwks: JWTVerifyGetKey | undefined = config.jwtJwksUrl === undefined ? undefined : createRemoteJWKSet(new URL(config.jwtJwksUrl));
  return async (token: string) => {
    let payload: JWTPayload;
    try {
      const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as { alg?: string };
      if (header.alg === 'HS256' && secret) payload = (await jwtVerify(token, secret, { ...options, algorithms: HS256_ALGORITHMS })).payload;
      else if (jwks) payload = (await jwtVerify(token, jwks, { ...options, algorithms: JWKS_ALGORITHMS })).payload;
      else throw new UnauthorizedError(`token algorithm ${String(header.alg ?? 'unknown').slice(0, 16)} is not accepted`);
    } catch (error) {
      if (error instanceof UnauthorizedError) throw error;
      const code = (error as { code?: string }).code;
      const reason =
        code === 'ERR_JWT_EXPIRED'
          ? 'token expired'
          : code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED'
            ? 'token signature is invalid'
            : code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && (error as { claim?: string }).claim === 'exp'
              ? 'token has no expiry (exp)'
              : 'token is invalid';
      throw new UnauthorizedError(reason, { cause: error });
    }
    return toPrincipal(payload, config, Math.floor(Date.now() / 1000));
  };
}

export interface TokenRequest {
  subject: string;
  scope?: string;
  roles?: readonly string[];
  expiresIn?: string;
  allowedKeys?: Record<string, string[]>;
}

/** Signs an HS256 token; used for development tokens, tests and benchmarks. */
export async function signToken(secret: string, request: TokenRequest, config: Pick<Config, 'jwtIssuer' | 'jwtAudience'> = { jwtIssuer: undefined, jwtAudience: undefined }): Promise<string> {
  let jwt = new SignJWT({
    scope: request.scope ?? '*',
    ...(request.roles ? { roles: [...request.roles] } : {}),
    ...(request.allowedKeys ? { eventline_keys: request.allowedKeys } : {}),
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(request.subject)
    .setIssuedAt()
    .setExpirationTime(request.expiresIn ?? '12h');
  if (config.jwtIssuer) jwt = jwt.setIssuer(config.jwtIssuer);
  if (config.jwtAudience) jwt = jwt.setAudience(config.jwtAudience);
  return jwt.sign(new TextEncoder().encode(secret));
}
