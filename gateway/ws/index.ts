/** The WebSocket side: server, connections, op routing, rate limit, heartbeat. */
export { SocketServer, type SocketServerOptions } from './socket-server';
export { OpRouter, type ClientSession, type ConflationSlot, type OpHandler } from './op-router';
export { commandOp, pingOp } from './ops';
export { TokenBucket } from './rate-limiter';
export { checkOrigin, WEBSOCKET_PATH } from './upgrade';
export { CLOSE_GOING_AWAY, CLOSE_TRY_AGAIN_LATER } from './connection';
