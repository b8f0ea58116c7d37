/**
 * Client options: one defaults object, merged once and checked at construction, so a bad
 * combination fails with a precise TypeError instead of misbehaving at the first reconnect.
 */
import type { BackoffOptions } from './backoff.js';

/** What the client needs of a WebSocket: browsers' global WebSocket and `ws`'s both fit. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener<K extends keyof SocketEvents>(type: K, listener: (event: SocketEvents[K]) => void): void;
}

export interface SocketEvents {
  open: unknown;
  message: { readonly data: unknown };
  close: { readonly code: number; readonly reason: string };
  error: unknown;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** A token, or a function returning one: called before every connection attempt, so an expiring token can be renewed. */
export type TokenSource = string | (() => string | Promise<string>);

export interface ClientOptions {
  /** The gateway's WebSocket endpoint, `ws://host:port/ws` or `wss://…`. The token is added as `?token=`. */
  readonly url: string;
  readonly token: TokenSource;
  /** The WebSocket class. Default: the global one (browsers, Node ≥ 22). On Node 20 pass `ws`'s `WebSocket`. */
  readonly WebSocket?: WebSocketConstructor;
  /** Ceiling of the first reconnect delay, ms. Default 250. Raise it for many clients per gateway. */
  readonly reconnectInitialDelayMs?: number;
  /** Longest reconnect delay, ms. Default 10 000. */
  readonly reconnectMaxDelayMs?: number;
  /**
   * How long a command may wait for its outcome, reconnects included, before it fails with
   * CommandTimeoutError, ms. Default 30 000: long enough to ride out a gateway restart.
   */
  readonly commandTimeoutMs?: number;
}

export interface ResolvedOptions extends BackoffOptions {
  readonly url: URL;
  readonly token: TokenSource;
  readonly WebSocket: WebSocketConstructor;
  readonly commandTimeoutMs: number;
}

export const CLIENT_DEFAULTS = Object.freeze({
  reconnectInitialDelayMs: 250,
  reconnectMaxDelayMs: 10_000,
  commandTimeoutMs: 30_000,
});

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value <= 0) throw new TypeError(`${name} must be a positive integer, got ${value}`);
  return value;
}

export function resolveOptions(options: ClientOptions): ResolvedOptions {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new TypeError(`url must be an absolute ws:// or wss:// URL, got "${options.url}"`);
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') throw new TypeError(`url must be a ws:// or wss:// URL, got "${options.url}"`);
  if (typeof options.token !== 'function' && (typeof options.token !== 'string' || options.token === '')) {
    throw new TypeError('token must be a non-empty string or a function returning one');
  }
  const WebSocket = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (WebSocket === undefined) throw new TypeError('no global WebSocket here (Node 20): pass the `ws` package\'s WebSocket as the WebSocket option');
  const initialDelayMs = positiveInteger('reconnectInitialDelayMs', options.reconnectInitialDelayMs ?? CLIENT_DEFAULTS.reconnectInitialDelayMs);
  const maxDelayMs = positiveInteger('reconnectMaxDelayMs', options.reconnectMaxDelayMs ?? CLIENT_DEFAULTS.reconnectMaxDelayMs);
  if (maxDelayMs < initialDelayMs) throw new TypeError(`reconnectMaxDelayMs (${maxDelayMs}) must not be below reconnectInitialDelayMs (${initialDelayMs})`);
  return Object.freeze({
    url,
    token: options.token,
    WebSocket,
    initialDelayMs,
    maxDelayMs,
    commandTimeoutMs: positiveInteger('commandTimeoutMs', options.commandTimeoutMs ?? CLIENT_DEFAULTS.commandTimeoutMs),
  });
}
