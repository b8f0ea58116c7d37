/**
 * Development mode prints a ready-to-use token, so `npm start` works without an identity
 * provider. It is signed with the published development secret, which works only in
 * development and only while neither JWT_SECRET nor JWT_JWKS_URL is set: anyone can mint such a
 * token, so it is no secret, and it is logged as `developmentToken` (not redacted), beside the
 * endpoints — never inside a URL.
 */
import { DEVELOPMENT_JWT_SECRET, type Config } from '../../platform/config';
import type { Logger } from '../../platform/logger';
import { STAFF } from '../../domains/access';
import { signToken } from './tokens';

const DEVELOPMENT_SUBJECT = 'developer';

/** A token for everything, staff included (the dashboard shows store views, the demo orders for many customers). */
export function developmentToken(config: Readonly<Config> & { jwtSecret: string }): Promise<string> {
  return signToken(config.jwtSecret, { subject: DEVELOPMENT_SUBJECT, scope: '*', roles: [STAFF] }, config);
}

/** Whether this process accepts development tokens (development mode, the built-in secret). */
export function usesDevelopmentSecret(config: Readonly<Config>): boolean {
  return config.mode === 'development' && config.jwtSecret === DEVELOPMENT_JWT_SECRET;
}

export async function logDevelopmentToken(config: Readonly<Config>, logger: Logger, listening: { port: number; secure: boolean }): Promise<void> {
  if (!usesDevelopmentSecret(config)) return;
  const token = await developmentToken({ ...config, jwtSecret: DEVELOPMENT_JWT_SECRET });
  const origin = `${listening.secure ? 'https' : 'http'}://${config.host}:${listening.port}`;
  logger.info(
    { developmentToken: token, websocket: `${origin.replace(/^http/, 'ws')}/ws`, dashboard: `${origin}/` },
    'development token (scope *, role staff, valid 12 h): send it as "Authorization: Bearer <token>", or paste it into the dashboard',
  );
}
