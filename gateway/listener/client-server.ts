/**
 * The gateway's client port (HOST:PORT): the HTTP API, the dashboard and the WebSocket
 * endpoint, over https:// and wss:// when TLS_CERT_FILE / TLS_KEY_FILE are set (certificate.ts
 * reloads them), plain http:// otherwise. /healthz, /readyz and /metrics are not here: they are
 * on the operations port (platform/http/operations-server.ts).
 */
import http from 'node:http';
import https from 'node:https';
import type { Express } from 'express';
import type { Config } from '../../platform/config';
import { listen } from '../../platform/http/listen';
import type { Logger } from '../../platform/logger';
import { loadCertificate, watchCertificate } from './certificate';

export interface ClientServer {
  readonly server: http.Server;
  /** Whether it serves https:// and wss://. */
  readonly secure: boolean;
  /** Starts listening; resolves with the port (the one the OS chose for PORT=0). */
  listen(): Promise<number>;
  /** Stops taking connections and watching the certificate. Safe before listen(). */
  close(): Promise<void>;
}

/** `certificatePollMs`: how often the certificate files are looked at (CERTIFICATE_POLL_MS). */
export function createClientServer(app: Express, config: Pick<Config, 'clientTls' | 'host' | 'port'>, logger: Logger, certificatePollMs?: number): ClientServer {
  const tls = config.clientTls;
  let stopWatching = (): void => undefined;
  let server: http.Server;
  if (tls === undefined) {
    server = http.createServer(app);
  } else {
    const certificate = loadCertificate(tls);
    const secure = https.createServer(certificate.options, app);
    stopWatching = watchCertificate(secure, tls, certificate, logger.child({ component: 'tls' }), certificatePollMs);
    logger.info({ subject: certificate.subject, validTo: certificate.validTo }, 'serving https:// and wss://');
    server = secure;
  }
  return {
    server,
    secure: tls !== undefined,
    listen: () => listen(server, config.port, config.host, 'PORT'),
    close: () =>
      new Promise<void>((resolve) => {
        stopWatching();
        if (!server.listening) return resolve();
        server.close(() => resolve());
      }),
  };
}
