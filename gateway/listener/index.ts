/** The gateway's client port: http(s), WebSocket upgrades, the TLS certificate and its reloads. */
export { createClientServer, type ClientServer } from './client-server';
export { CERTIFICATE_POLL_MS, loadCertificate, watchCertificate, type LoadedCertificate } from './certificate';
