/**
 * The audit log: one JSON line per security-relevant event — who was refused and why, who
 * did what to which aggregate, who follows what, tokens expiring and renewed, connections
 * capped. Its own pino instance, always at info whatever LOG_LEVEL says, to AUDIT_LOG
 * (`stdout`, beside the process log, or a file appended to), with the same redaction as the
 * log. Every line has `"audit": "<event>"`; the schema is docs/operations.md's.
 *
 * A file is written asynchronously — the gateway audits every command's outcome, and a
 * synchronous write per outcome would stall its event loop on the disk — and flushed when
 * the gateway stops; a process killed outright loses the lines of its last moments.
 */
import pino from 'pino';
import { redacting } from './logger';

export type AuditEvent =
  /** An upgrade or HTTP request refused for its credentials or origin (401, 403). */
  | 'auth.refused'
  /** An `auth` op renewed a socket's token. */
  | 'token.renewed'
  /** An `auth` op was refused (bad token, another user). */
  | 'token.renewal_refused'
  /** A socket's token expired: its subscriptions stopped, it was closed 4001. */
  | 'token.expired'
  /** An upgrade refused by WS_MAX_CONNECTIONS_PER_USER (429) or WS_MAX_CONNECTIONS (503). */
  | 'connection.capped'
  /** The command handler accepted or rejected a command this gateway took. */
  | 'command.accepted'
  | 'command.rejected'
  /** A command refused before Kafka: scope, key restriction, role or ownership, expired token. */
  | 'command.forbidden'
  | 'subscription.granted'
  | 'subscription.denied';

/** The fields an audit line may carry (docs/operations.md); absent ones are left out. */
export interface AuditFields {
  /** The token's `sub`, when known. */
  readonly user?: string;
  /** The WebSocket connection id (the same id the gateway's debug log uses). */
  readonly connection?: string;
  /** The peer's address as the gateway saw it (a proxy's, behind one). */
  readonly remote?: string;
  /** `websocket` or `http`. */
  readonly transport?: 'websocket' | 'http';
  /** Where the credentials came from on an upgrade: `header`, `subprotocol` or `query`. */
  readonly credential?: 'header' | 'subprotocol' | 'query';
  /** The wire error code of a refusal (UNAUTHORIZED, FORBIDDEN, TOKEN_EXPIRED, RATE_LIMITED, UNAVAILABLE…). */
  readonly code?: string;
  /** Why: the refusal's message, or a rejected command's reason. */
  readonly reason?: string;
  readonly command?: { readonly id: string; readonly domain: string; readonly name: string; readonly aggregate: string | undefined; readonly version?: number };
  readonly stream?: string;
  readonly key?: string;
  /** A token's expiry (seconds since the epoch). */
  readonly exp?: number;
}

export type AuditLog = (event: AuditEvent, fields: AuditFields) => void;

/** Writes nothing: for components started without an audit log (unit tests, tools). */
export const NO_AUDIT: AuditLog = () => undefined;

export interface AuditTrail {
  readonly write: AuditLog;
  /** Resolves once every line written is on disk (or on stdout); writes after it are dropped. */
  close(): Promise<void>;
}

/** `destination`: AUDIT_LOG, `stdout` (written as the process log is) or a file path (created, appended to). */
export function createAuditLog(service: string, destination: string): AuditTrail {
  const toStdout = destination === 'stdout';
  const stream = toStdout ? pino.destination({ dest: 1, sync: true }) : pino.destination({ dest: destination, mkdir: true, append: true, sync: false });
  const redacted = redacting(stream);
  const logger = pino({ level: 'info', base: { service, pid: process.pid }, ...redacted.options }, redacted.destination);
  let closed = false;
  return {
    write: (event, fields) => {
      if (!closed) logger.info({ audit: event, ...fields });
    },
    close: async () => {
      if (closed) return;
      closed = true;
      if (toStdout) return;
      await new Promise<void>((resolve, reject) => {
        stream.once('close', () => resolve());
        stream.once('error', reject);
        stream.end();
      });
    },
  };
}
