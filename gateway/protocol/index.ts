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
} from './server-messages';
/** The messages' types: the client SDK's, one set for both sides. */
export type {
  AckMessage,
  AuthenticatedMessage,
  ErrorMessage,
  EventMessage,
  OutcomeMessage,
  PongMessage,
  ServerMessage,
  SnapshotMessage,
  SubscribedMessage,
  UnsubscribedMessage,
} from '../../client/protocol';
export { problemBody, toWireError, type WireError } from './wire-errors';
