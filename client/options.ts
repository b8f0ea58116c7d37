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

/**
 * A WebSocket class: browsers' and Node 22's global one, or the `ws` package's, which also
 * takes request headers as a third argument (the SDK sends its token in them: credentials.ts).
 */
export type WebSocketConstructor = new (url: string, protocols: string[], options?: { readonly headers: Readonly<Record<string, string>> }) => WebSocketLike;

/** Returns a fresh token (a JWT); may be async. Called when the client has none, before the one it has expires, and after the gateway refused it. */
export type TokenFunction = () => string | Promise<string>;

export interface ClientOptions {
  /** The gateway's WebSocket endpoint, `ws://host:port/ws` or `wss://…`. The token never goes in it (credentials.ts). */
  readonly url: string;
  /** The token to start with. Without `getToken` it is the only one, unless `setToken` replaces it. */
  readonly token?: string;
  /** Gets a fresh token; required unless `token` is given. */
  readonly getToken?: TokenFunction;
  /**
   * The WebSocket class. Default: the global one (browsers, Node ≥ 22). On Node 20 pass `ws`'s
   * `WebSocket` (it also shows why an upgrade was refused); wrap it to pass TLS options such as `ca`.
   */
  readonly WebSocket?: WebSocketConstructor;
  /** Ceiling of the first reconnect / resubscribe delay, ms. Default 250. */
  readonly reconnectInitialDelayMs?: number;
  /** Longest reconnect / resubscribe delay, ms. Default 10 000. */
  readonly reconnectMaxDelayMs?: number;
  /**
   * How long a command may wait for its outcome, reconnects included, before it fails with
   * CommandTimeoutError, ms. Default 30 000: long enough to ride out a gateway restart.
   */
  readonly commandTimeoutMs?: number;
  /** How long a connection attempt may take to open before it is abandoned, ms. Default 10 000. */
  readonly connectTimeoutMs?: number;
  /** Quiet time after which the client sends a `ping`, ms. Default 10 000. */
  readonly pingIntervalMs?: number;
  /** How long after a ping the connection may stay silent before it counts as dead, ms. Default 5 000. */
  readonly pongTimeoutMs?: number;
  /** Renew the token over the live socket this long before it expires (at most half its remaining life), ms. Default 60 000. */
  readonly tokenRenewBeforeMs?: number;
  /**
   * Largest frame the gateway takes (its WS_MAX_FRAME_BYTES), bytes. A command whose frame is
   * larger fails at once with FrameTooLargeError instead of being sent: the gateway would close
   * the socket (1009), and the command, resent on every reconnect, would close it again. Default 65 536.
   */
  readonly maxFrameBytes?: number;
}

export interface ResolvedOptions extends BackoffOptions {
  readonly url: URL;
  readonly token: string | undefined;
  readonly getToken: TokenFunction | undefined;
  readonly WebSocket: WebSocketConstructor;
  readonly commandTimeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly pingIntervalMs: number;
  readonly pongTimeoutMs: number;
  readonly tokenRenewBeforeMs: number;
  readonly maxFrameBytes: number;
}

export const CLIENT_DEFAULTS = Object.freeze({
  reconnectInitialDelayMs: 250,
  reconnectMaxDelayMs: 10_000,
  commandTimeoutMs: 30_000,
  connectTimeoutMs: 10_000,
  pingIntervalMs: 10_000,
  pongTimeoutMs: 5_000,
  tokenRenewBeforeMs: 60_000,
  maxFrameBytes: 65_536,
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
  // A token in the URL ends up in proxies' and servers' logs: the SDK sends it in a header instead.
  if (url.searchParams.has('token')) throw new TypeError('url must not carry ?token=: give the token option, which the client sends in a header');
  const { token, getToken } = options;
  if (token !== undefined && (typeof token !== 'string' || token === '')) throw new TypeError('token must be a non-empty string');
  if (getToken !== undefined && typeof getToken !== 'function') throw new TypeError('getToken must be a function returning a token');
  if (token === undefined && getToken === undefined) throw new TypeError('give a token, a getToken function, or both');
  const WebSocket = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (WebSocket === undefined) throw new TypeError("no global WebSocket here (Node 20): pass the `ws` package's WebSocket as the WebSocket option");
  const value = (name: keyof typeof CLIENT_DEFAULTS): number => positiveInteger(name, options[name] ?? CLIENT_DEFAULTS[name]);
  const initialDelayMs = value('reconnectInitialDelayMs');
  const maxDelayMs = value('reconnectMaxDelayMs');
  if (maxDelayMs < initialDelayMs) throw new TypeError(`reconnectMaxDelayMs (${maxDelayMs}) must not be below reconnectInitialDelayMs (${initialDelayMs})`);
  const pingIntervalMs = value('pingIntervalMs');
  const pongTimeoutMs = value('pongTimeoutMs');
  // The check of one ping must come before the next ping (liveness.ts).
  if (pongTimeoutMs >= pingIntervalMs) throw new TypeError(`pongTimeoutMs (${pongTimeoutMs}) must be below pingIntervalMs (${pingIntervalMs})`);
  return Object.freeze({
    url,
    token,
    getToken,
    WebSocket,
    initialDelayMs,
    maxDelayMs,
    commandTimeoutMs: value('commandTimeoutMs'),
    connectTimeoutMs: value('connectTimeoutMs'),
    pingIntervalMs,
    pongTimeoutMs,
    tokenRenewBeforeMs: value('tokenRenewBeforeMs'),
    maxFrameBytes: value('maxFrameBytes'),
  });
}
