/**
 * A tiny in-test gateway stand-in: a real `ws` server on a random port that records the
 * frames each connection sends and lets the test answer with scripted protocol messages,
 * single or packed into JSON arrays. Upgrades can be refused the way the gateway refuses them
 * (its own refuseUpgrade: status, problem body, Retry-After). It knows nothing of Kafka; the
 * SDK's state machines are what is under test.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { EventlineClient, type ClientEvents, type ClientFrame, type ClientOptions, type ServerMessage } from '../../../client';
import { EVENTLINE_SUBPROTOCOL } from '../../../client/protocol';
import { upgradeCredential, type CredentialSource } from '../../../gateway/auth';
import { refuseUpgrade } from '../../../gateway/ws/upgrade';
import { toWireError } from '../../../gateway/protocol';

/** Fast reconnects and liveness checks: the tests wait for them in real time. */
export const FAST = { reconnectInitialDelayMs: 10, reconnectMaxDelayMs: 40, pingIntervalMs: 60_000, pongTimeoutMs: 30_000 } as const;

/** Polls `probe` until it returns something other than undefined. */
export async function eventually<T>(probe: () => T | undefined, what: string, timeoutMs = 3_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Every event a client emitted, in order, as `[name, payload]`. */
export function record(client: EventlineClient): [keyof ClientEvents, unknown][] {
  const seen: [keyof ClientEvents, unknown][] = [];
  for (const name of ['connecting', 'connected', 'disconnected', 'renewed', 'error'] as const) client.on(name, (value) => void seen.push([name, value]));
  return seen;
}

export class ServerConnection {
  readonly frames: ClientFrame[] = [];
  readonly closed: Promise<void>;
  /** Answer every ping with a pong (the gateway does). */
  answerPings = true;
  /** The subprotocol the server selected. */
  readonly protocol: string;

  constructor(
    private readonly socket: WebSocket,
    /** The upgrade request's URL. */
    readonly url: URL,
  ) {
    this.protocol = socket.protocol;
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as ClientFrame;
      this.frames.push(frame);
      if (frame.op === 'ping' && this.answerPings) this.send({ op: 'pong', id: frame.id });
    });
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  /** The first frame (from the start of the connection) with this op, and `match` when given. */
  frame<F extends ClientFrame['op']>(op: F, match: (frame: Extract<ClientFrame, { op: F }>) => boolean = () => true): Promise<Extract<ClientFrame, { op: F }>> {
    return eventually(() => this.frames.find((frame): frame is Extract<ClientFrame, { op: F }> => frame.op === op && match(frame as Extract<ClientFrame, { op: F }>)), `a ${op} frame`);
  }

  /** One message per frame, or several packed into one JSON array frame. */
  send(message: ServerMessage | readonly ServerMessage[]): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  sendRaw(data: string | Buffer): void {
    this.socket.send(data);
  }

  /** Closes with a code, like the gateway (4001 token expired, 1013 slow reader…). */
  close(code: number, reason: string): void {
    this.socket.close(code, reason);
  }

  /** Cuts the connection without a close handshake, like a crashed gateway or a lost network. */
  drop(): void {
    this.socket.terminate();
  }
}

/** A plain HTTP answer, not the gateway's (a proxy, express before the socket server is attached). */
export interface PlainAnswer {
  readonly status: number;
  readonly body: string;
}

/** How the next upgrades are answered: accepted, refused with the gateway's error, or with a plain answer. */
type Answer = 'accept' | Error | PlainAnswer;
export type UpgradeAnswer = Answer | ((token: string | null) => Answer);

export class ProtocolServer {
  readonly connections: ServerConnection[] = [];
  /** Upgrade requests seen, accepted or not, with their token, read as the gateway reads it. */
  readonly upgrades: (string | null)[] = [];
  /** Where each upgrade's token was (header, subprotocol or query). */
  readonly credentials: (CredentialSource | null)[] = [];
  answer: UpgradeAnswer = 'accept';
  private readonly clients: EventlineClient[] = [];

  private constructor(
    private readonly http: Server,
    private readonly wss: WebSocketServer,
  ) {
    http.on('upgrade', (request, socket, head) => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const credential = upgradeCredential(request.headers, url);
      this.upgrades.push(credential?.token ?? null);
      this.credentials.push(credential?.source ?? null);
      const answer = typeof this.answer === 'function' ? this.answer(credential?.token ?? null) : this.answer;
      if (answer instanceof Error) return refuseUpgrade(socket, toWireError(answer));
      if (answer !== 'accept') return void socket.end(`HTTP/1.1 ${answer.status} Nope\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(answer.body)}\r\n\r\n${answer.body}`);
      wss.handleUpgrade(request, socket, head, (ws) => this.connections.push(new ServerConnection(ws, url)));
    });
  }

  static async start(): Promise<ProtocolServer> {
    const http = createServer();
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    return new ProtocolServer(http, new WebSocketServer({ noServer: true, handleProtocols: (offered) => (offered.has(EVENTLINE_SUBPROTOCOL) ? EVENTLINE_SUBPROTOCOL : false) }));
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.http.address() as AddressInfo).port}/ws`;
  }

  /** A client of this server (closed by `stop`); options override the fast defaults. */
  client(options: Partial<ClientOptions> = {}): EventlineClient {
    const client = new EventlineClient({ url: this.url, token: 'test-token', WebSocket, ...FAST, ...options });
    this.clients.push(client);
    return client;
  }

  /** The `index`-th connection (0 = first), once it is open. */
  connection(index: number): Promise<ServerConnection> {
    return eventually(() => this.connections[index], `connection #${index + 1}`);
  }

  async stop(): Promise<void> {
    for (const client of this.clients) client.close();
    for (const socket of this.wss.clients) socket.terminate();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }
}

/** An unsigned JWT that expires `expiresInMs` from now (the fake server does not verify; the client only reads `exp`). */
export function tokenExpiringIn(expiresInMs: number, label = 'token'): string {
  const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'none' })}.${encode({ sub: 'user-1', label, exp: (Date.now() + expiresInMs) / 1000 })}.`;
}

/** A WebSocket as browsers have it: no request headers, no way to see why an upgrade was refused. */
export class BrowserLikeWebSocket {
  private readonly socket: WebSocket;

  constructor(url: string, protocols: string[]) {
    this.socket = new WebSocket(url, protocols);
    // A browser reports a refused upgrade as an error and a close with 1006; `ws` does too when nobody listens for the response.
    this.socket.on('error', () => undefined);
  }

  get readyState(): number {
    return this.socket.readyState;
  }

  send(data: string): void {
    this.socket.send(data);
  }

  close(code?: number, reason?: string): void {
    this.socket.close(code, reason);
  }

  addEventListener(type: 'open' | 'message' | 'close' | 'error', listener: (event: never) => void): void {
    this.socket.addEventListener(type, listener as never);
  }
}
