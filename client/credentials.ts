/**
 * How the SDK hands its token to the gateway when it opens a socket — never in the URL, which
 * proxies and access logs keep:
 *
 * - Node's `ws` (its WebSocket class is an EventEmitter, and its constructor takes request
 *   headers): `Authorization: Bearer <token>`;
 * - any other WebSocket (browsers, Node 22's global one), which cannot set headers: the
 *   subprotocol pair `eventline`, `bearer.<token>`; the gateway selects `eventline`.
 *
 * Every socket offers `eventline`, so the gateway's answer is the same either way.
 */
import type { WebSocketConstructor } from './options.js';
import { BEARER_SUBPROTOCOL_PREFIX, EVENTLINE_SUBPROTOCOL } from './protocol.js';

export interface SocketArguments {
  readonly protocols: string[];
  /** `ws`'s constructor options; other WebSockets ignore a third argument. */
  readonly options?: { readonly headers: Readonly<Record<string, string>> };
}

/** Whether the constructor is Node's `ws`, which takes request headers. */
export function takesHeaders(WebSocket: WebSocketConstructor): boolean {
  return typeof (WebSocket.prototype as { on?: unknown } | undefined)?.on === 'function';
}

export function socketArguments(WebSocket: WebSocketConstructor, token: string): SocketArguments {
  if (takesHeaders(WebSocket)) return { protocols: [EVENTLINE_SUBPROTOCOL], options: { headers: { authorization: `Bearer ${token}` } } };
  return { protocols: [EVENTLINE_SUBPROTOCOL, `${BEARER_SUBPROTOCOL_PREFIX}${token}`] };
}
