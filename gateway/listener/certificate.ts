/**
 * The gateway's TLS certificate: read from TLS_CERT_FILE / TLS_KEY_FILE (and the key's
 * TLS_KEY_PASSPHRASE), checked to form a usable pair before it is served, and reloaded in place
 * (`server.setSecureContext`: open connections keep theirs, new ones get the new one) on SIGHUP
 * or when either file changes — certificates renewed by an ACME client or a Kubernetes secret
 * update take effect without a restart. A pair that does not load (a half-written renewal, a
 * key that does not match) is logged and the one being served stays.
 */
import { createHash, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import type { Server } from 'node:https';
import { createSecureContext, type SecureContextOptions } from 'node:tls';
import { readConfiguredFile, type ClientTls } from '../../platform/config';
import { ConfigError } from '../../platform/errors';
import type { Logger } from '../../platform/logger';

/** How often the files are looked at (stat): renewals are rare, and a poll survives the rename a secret update makes. */
export const CERTIFICATE_POLL_MS = 2_000;

export interface LoadedCertificate {
  readonly options: SecureContextOptions;
  /** Of the files' contents: an unchanged pair is not loaded again. */
  readonly digest: string;
  readonly subject: string;
  readonly validTo: string;
}

/** Reads and checks the pair; throws ConfigError naming the variable at fault. */
export function loadCertificate(tls: ClientTls): LoadedCertificate {
  const cert = readConfiguredFile(tls.certFile, 'TLS_CERT_FILE');
  const key = readConfiguredFile(tls.keyFile, 'TLS_KEY_FILE');
  const options: SecureContextOptions = { cert, key, ...(tls.passphrase === undefined ? {} : { passphrase: tls.passphrase }) };
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(cert);
  } catch (error) {
    throw new ConfigError('TLS_CERT_FILE', `"${tls.certFile}" holds no PEM certificate (${(error as Error).message})`);
  }
  try {
    createSecureContext(options);
  } catch (error) {
    throw new ConfigError('TLS_KEY_FILE', `"${tls.keyFile}" is not the key of the certificate in TLS_CERT_FILE, or TLS_KEY_PASSPHRASE does not open it (${(error as Error).message})`);
  }
  return { options, digest: createHash('sha256').update(cert).update('\0').update(key).digest('hex'), subject: leaf.subject.replace(/\n/g, ', '), validTo: leaf.validTo };
}

/**
 * Serves `current` on `server` from now on and reloads it on SIGHUP and file changes (looked
 * at every `pollMs`); returns the function that stops watching.
 */
export function watchCertificate(server: Server, tls: ClientTls, current: LoadedCertificate, logger: Logger, pollMs = CERTIFICATE_POLL_MS): () => void {
  let served = current;
  const reload = (trigger: 'SIGHUP' | 'file change'): void => {
    let loaded: LoadedCertificate;
    try {
      loaded = loadCertificate(tls);
    } catch (error) {
      logger.error({ err: error, trigger }, 'TLS certificate not reloaded: still serving the previous one');
      return;
    }
    if (loaded.digest === served.digest) return;
    server.setSecureContext(loaded.options);
    served = loaded;
    logger.info({ trigger, subject: loaded.subject, validTo: loaded.validTo }, 'TLS certificate reloaded');
  };
  const onSignal = (): void => reload('SIGHUP');
  const onChange = (now: fs.Stats, before: fs.Stats): void => {
    if (now.mtimeMs !== before.mtimeMs || now.ino !== before.ino || now.size !== before.size) reload('file change');
  };
  process.on('SIGHUP', onSignal);
  for (const file of [tls.certFile, tls.keyFile]) fs.watchFile(file, { interval: pollMs, persistent: false }, onChange);
  return () => {
    process.off('SIGHUP', onSignal);
    for (const file of [tls.certFile, tls.keyFile]) fs.unwatchFile(file, onChange);
  };
}
