/** The wire protocol: client frames in, server messages and errors out. */
export { MAX_REQUEST_ID_LENGTH, parseClientFrame, type ClientFrame, type ParsedFrame } from './client-frames';
export { awaitsProjection, commandFromBody, commandFromFrame, type CommandRequest } from './command-request';
export { subscribeFromFrame, unsubscribeFromFrame, type SubscribeRequest, type UnsubscribeRequest } from './subscribe-request';
export { authFromFrame, type AuthRequest } from './auth-request';
export { boundedKey, isBoundedKey, MAX_KEY_LENGTH } from './frame-fields';
export {
  ackMessage,
  authenticatedMessage,
  endedMessage,
  errorMessage,
  eventMessage,
  outcomeMessage,
  pongMessage,
  snapshotMessage,
  subscribedMessage,
  unsubscribedMessage,
  type AckMessage,
  type AuthenticatedMessage,
  type ErrorMessage,
  type EventMessage,
  type OutcomeMessage,
  type PongMessage,
  type ServerMessage,
  type SnapshotMessage,
  type SubscribedMessage,
  type UnsubscribedMessage,
} from './server-messages';
export { problemBody, toWireError, type WireError } from './wire-errors';
