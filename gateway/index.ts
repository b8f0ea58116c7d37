/** The gateway: WebSocket + HTTP command ingress, outcome routing, fan-out consumer. */
export { startGateway, type Gateway, type GatewayOptions } from './gateway';
