/**
 * The Eventline client SDK: the gateway's WebSocket protocol for browsers and Node, with no
 * dependencies. docs/client.md is its guide.
 *
 * Relative imports in client/ carry `.js`: the same sources compile to CommonJS for Node
 * (tsconfig.json) and to ES modules that browsers load as they are (tsconfig.browser.json),
 * and browsers resolve no extensionless paths.
 */
export { EventlineClient, type ClientEvents, type CommandInput, type ConnectionState, type StateChange } from './client.js';
export { CLIENT_DEFAULTS, type ClientOptions, type SocketEvents, type TokenSource, type WebSocketConstructor, type WebSocketLike } from './options.js';
export { ClientClosedError, CommandTimeoutError, EventlineClientError, MalformedFrameError, ServerError, type ClientErrorCode } from './errors.js';
export type { CommandHandle, CommandWait } from './pending-commands.js';
export type { SubscribeOptions, SubscriptionHandlers, Unsubscribe } from './subscriptions.js';
export { backoffDelay, type BackoffOptions } from './backoff.js';
export { randomUuid } from './ids.js';
export type * from './protocol.js';
