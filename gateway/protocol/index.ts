/** The wire protocol: client frames in, server messages and errors out. */
export { MAX_REQUEST_ID_LENGTH, parseClientFrame, type ClientFrame, type ParsedFrame } from './client-frames';
export { commandFromBody, commandFromFrame, type CommandRequest } from './command-request';
export {
  ackMessage,
  errorMessage,
  outcomeMessage,
  pongMessage,
  type AckMessage,
  type ErrorMessage,
  type OutcomeMessage,
  type PongMessage,
  type ServerMessage,
} from './server-messages';
export { problemBody, toWireError, type WireError } from './wire-errors';
