/**
 * JWT verification (jose) and development tokens. A token's `sub` is the acting user; its
 * OAuth2 `scope` claim (space-separated) says what the user may do.
 */
import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Config } from '../../platform/config';
import { UnauthorizedError } from '../../platform/errors';

export interface Principal {
  /** The token's `sub`: stamped on every command the user sends. */
  userId: string;
  scopes: ReadonlySet<string>;
  /** Optional per-stream key restriction claim (`eventline_keys`: {stream: [keys]}). */
  allowedKeys: Readonly<Record<string, readonly string[]>> | undefined;
  expiresAt: number | undefined;
}

export type TokenVerifier = (token: string) => Promise<Principal>;

const HS256_ALGORITHMS = ['HS256'];
const JWKS_ALGORITHMS = ['RS256', 'ES256'];

function toPrincipal(payload: JWTPayload): Principal {
  if (typeof payload.sub !== 'string' || payload.sub === '') throw new UnauthorizedError('token has no subject (sub)');
  const scope = typeof payload.scope === 'string' ? payload.scope : '';
  const keys = payload.eventline_keys;
  const allowedKeys =
    keys && typeof keys === 'object' && !Array.isArray(keys)
      ? Object.fromEntries(Object.entries(keys as Record<string, unknown>).map(([stream, list]) => [stream, Array.isArray(list) ? list.map(String) : []]))
      : undefined;
  return { userId: payload.sub, scopes: new Set(scope.split(' ').filter(Boolean)), allowedKeys, expiresAt: payload.exp };
}

export function createTokenVerifier(config: Pick<Config, 'jwtSecret' | 'jwtJwksUrl' | 'jwtIssuer' | 'jwtAudience'>): TokenVerifier {
  const options = { issuer: config.jwtIssuer, audience: config.jwtAudience };
  const secret = config.jwtSecret === undefined ? undefined : new TextEncoder().encode(config.jwtSecret);
  const jwks: JWTVerifyGetKey | undefined = config.jwtJwksUrl === undefined ? undefined : createRemoteJWKSet(new URL(config.jwtJwksUrl));
  return async (token: string) => {
    try {
      const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as { alg?: string };
      if (header.alg === 'HS256' && secret) return toPrincipal((await jwtVerify(token, secret, { ...options, algorithms: HS256_ALGORITHMS })).payload);
      if (jwks) return toPrincipal((await jwtVerify(token, jwks, { ...options, algorithms: JWKS_ALGORITHMS })).payload);
      throw new UnauthorizedError(`token algorithm ${header.alg ?? 'unknown'} is not accepted`);
    } catch (error) {
      if (error instanceof UnauthorizedError) throw error;
      const code = (error as { code?: string }).code;
      const reason = code === 'ERR_JWT_EXPIRED' ? 'token expired' : code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' ? 'token signature is invalid' : 'token is invalid';
      throw new UnauthorizedError(reason, { cause: error });
    }
  };
}

export interface TokenRequest {
  subject: string;
  scope?: string;
  expiresIn?: string;
  allowedKeys?: Record<string, string[]>;
}

/** Signs an HS256 token; used for development tokens, tests and benchmarks. */
export async function signToken(secret: string, request: TokenRequest, config: Pick<Config, 'jwtIssuer' | 'jwtAudience'> = { jwtIssuer: undefined, jwtAudience: undefined }): Promise<string> {
  let jwt = new SignJWT({ scope: request.scope ?? '*', ...(request.allowedKeys ? { eventline_keys: request.allowedKeys } : {}) })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(request.subject)
    .setIssuedAt()
    .setExpirationTime(request.expiresIn ?? '12h');
  if (config.jwtIssuer) jwt = jwt.setIssuer(config.jwtIssuer);
  if (config.jwtAudience) jwt = jwt.setAudience(config.jwtAudience);
  return jwt.sign(new TextEncoder().encode(secret));
}
