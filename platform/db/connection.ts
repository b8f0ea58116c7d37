/**
 * How Eventline connects to PostgreSQL (MikroORM's pool, in every service and the CLI, and the
 * migration lock's connection opened with its settings): the URL without its TLS parameters,
 * and node's TLS options built from them, with libpq's meaning. pg alone would read `sslmode` differently (its `require` verifies, its
 * `verify-ca` checks the host name too) and MikroORM drops it, so both get the options from here.
 *
 * `sslmode=verify-full`: the server's certificate must chain to DATABASE_CA_FILE (else the
 * URL's `sslrootcert`, else the system's CAs) and name the host; `verify-ca`: chain only.
 * `sslcert` / `sslkey` give a client certificate.
 */
import type { ConnectionOptions } from 'node:tls';
import { readConfiguredFile } from '../config';
import { databaseSslMode } from './ssl-mode';

export interface PostgresConnection {
  /** The URL without `sslmode`, `sslrootcert`, `sslcert`, `sslkey`. */
  readonly connectionString: string;
  /** false: no TLS. */
  readonly ssl: false | ConnectionOptions;
}

const TLS_PARAMETERS = ['sslmode', 'sslrootcert', 'sslcert', 'sslkey'];

export function postgresConnection(databaseUrl: string, caFile?: string): PostgresConnection {
  const mode = databaseSslMode(databaseUrl);
  const url = new URL(databaseUrl);
  const param = (name: string): string | undefined => url.searchParams.get(name) ?? undefined;
  const [rootCert, cert, key] = [param('sslrootcert'), param('sslcert'), param('sslkey')];
  for (const name of TLS_PARAMETERS) url.searchParams.delete(name);
  if (mode === 'disable') return { connectionString: url.toString(), ssl: false };
  // libpq's `sslrootcert=system`: the system's CAs, as when no CA is named.
  const ca = caFile !== undefined ? readConfiguredFile(caFile, 'DATABASE_CA_FILE') : rootCert !== undefined && rootCert !== 'system' ? readConfiguredFile(rootCert, 'DATABASE_URL') : undefined;
  const ssl: ConnectionOptions = {
    rejectUnauthorized: true,
    ...(ca === undefined ? {} : { ca }),
    ...(cert === undefined ? {} : { cert: readConfiguredFile(cert, 'DATABASE_URL') }),
    ...(key === undefined ? {} : { key: readConfiguredFile(key, 'DATABASE_URL') }),
    // verify-ca: any certificate of the trusted CA will do, whatever host it names.
    ...(mode === 'verify-ca' ? { checkServerIdentity: () => undefined } : {}),
  };
  return { connectionString: url.toString(), ssl };
}
