/** The WebSocket side: server, connections, op routing, rate limit, heartbeat. */
export { SocketServer, type SocketServerOptions } from './socket-server';
export { OpRouter, type ClientSession, type ConflationSlot, type OpHandler } from './op-router';
export { authOp, commandOp, pingOp } from './ops';
export { checkOrigin, WEBSOCKET_PATH } from './upgrade';
export { CLOSE_GOING_AWAY, CLOSE_TOKEN_EXPIRED, CLOSE_TRY_AGAIN_LATER } from './connection';
