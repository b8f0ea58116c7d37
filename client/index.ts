/**
 * The Eventline client SDK: the gateway's WebSocket protocol for browsers and Node, with no
 * dependencies. docs/client.md is its guide.
 *
 * Relative imports in client/ carry `.js`: the same sources compile to CommonJS for Node
 * (tsconfig.json) and are bundled for browsers and the package (client/tools/build.ts), and
 * browsers resolve no extensionless paths.
 */
export {
  CLIENT_CODES,
  EventlineClient,
  type ClientEvents,
  type ConnectedEvent,
  type ConnectingEvent,
  type ConnectionState,
  type DisconnectedEvent,
} from './client.js';
export { CLIENT_DEFAULTS, type ClientOptions, type SocketEvents, type TokenFunction, type WebSocketConstructor, type WebSocketLike } from './options.js';
export {
  ClientClosedError,
  CommandTimeoutError,
  ConnectTimeoutError,
  EventlineClientError,
  FrameTooLargeError,
  MalformedFrameError,
  PingTimeoutError,
  ServerError,
  TokenExpiredError,
  TokenRequestError,
  UpgradeRefusedError,
  type ClientErrorCode,
} from './errors.js';
export type { CommandHandle, CommandWait } from './pending-commands.js';
export type {
  SnapshotInfo,
  SubscribedInfo,
  SubscribeOptions,
  SubscribingInfo,
  Subscription,
  SubscriptionHandlers,
  SubscriptionState,
  UnsubscribedInfo,
} from './subscriptions.js';
export type {
  ClientSchema,
  CommandInput,
  EventStreamShape,
  SchemaCommand,
  StreamEvent,
  StreamName,
  StreamSnapshot,
  UntypedSchema,
  UntypedStreamShape,
  ViewStreamShape,
} from './schema.js';
export { backoffDelay, type BackoffOptions } from './backoff.js';
export { tokenExpiry } from './token-keeper.js';
export { randomUuid } from './ids.js';
export type * from './protocol.js';
/** Eventline's own commands and streams (generated): `EventlineSchema` and a namespace of record types per domain. */
export type * from './generated/index.js';
