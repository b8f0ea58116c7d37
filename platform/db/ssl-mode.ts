/**
 * The `sslmode` of a DATABASE_URL, with libpq's meaning. Only the modes that say whom they
 * talk to are taken: `require` (and `prefer`, `allow`, `no-verify`) encrypt without checking
 * the server's certificate, so anyone on the path could answer in the database's name.
 */
import { ConfigError } from '../errors';

/** `disable`: no TLS. `verify-ca`: the certificate must chain to a trusted CA. `verify-full`: and name the host. */
export type DatabaseSslMode = 'disable' | 'verify-ca' | 'verify-full';

const MODES: readonly string[] = ['disable', 'verify-ca', 'verify-full'];

export function databaseSslMode(databaseUrl: string, variable = 'DATABASE_URL'): DatabaseSslMode {
  const params = new URL(databaseUrl).searchParams;
  if (params.has('ssl')) throw new ConfigError(variable, 'use sslmode=verify-full (or verify-ca, disable) instead of the ssl parameter');
  const mode = params.get('sslmode') ?? 'disable';
  if (!MODES.includes(mode)) {
    throw new ConfigError(variable, `sslmode=${mode.slice(0, 32)} is not taken: verify-full (or verify-ca) checks who answers, disable sends in clear`);
  }
  return mode as DatabaseSslMode;
}
