/**
 * A tiny in-test gateway stand-in: a real `ws` server on a random port that records the
 * frames each connection sends and lets the test answer with scripted protocol messages,
 * single or packed into JSON arrays. It knows nothing of Kafka; the SDK's state machine is
 * what is under test.
 */
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { EventlineClient, type ClientFrame, type ClientOptions, type ServerMessage } from '../../../client';

/** Fast reconnects: the tests wait for them in real time. */
export const FAST_RECONNECT = { reconnectInitialDelayMs: 10, reconnectMaxDelayMs: 40 } as const;

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

export class ServerConnection {
  readonly frames: ClientFrame[] = [];
  readonly closed: Promise<void>;

  constructor(
    private readonly socket: WebSocket,
    /** The upgrade request's URL, `?token=` included. */
    readonly url: URL,
  ) {
    socket.on('message', (data) => this.frames.push(JSON.parse(String(data)) as ClientFrame));
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  /** The first frame (from the start of the connection) with this op, and `match` when given. */
  frame<F extends ClientFrame['op']>(op: F, match: (frame: Extract<ClientFrame, { op: F }>) => boolean = () => true): Promise<Extract<ClientFrame, { op: F }>> {
    return eventually(() => this.frames.find((frame): frame is Extract<ClientFrame, { op: F }> => frame.op === op && match(frame as Extract<ClientFrame, { op: F }>)), `a ${op} frame`);
  }

  /** One message per frame, or several packed into one JSON array frame. */
  send(message: ServerMessage | readonly ServerMessage[]): void {
    this.socket.send(JSON.stringify(message));
  }

  sendRaw(data: string | Buffer): void {
    this.socket.send(data);
  }

  /** Cuts the connection without a close handshake, like a crashed gateway or a lost network. */
  drop(): void {
    this.socket.terminate();
  }
}

export class ProtocolServer {
  readonly connections: ServerConnection[] = [];
  /** Upgrades answered 401 from now on while true. */
  refuseUpgrades = false;
  private readonly clients: EventlineClient[] = [];

  private constructor(private readonly wss: WebSocketServer) {
    wss.on('connection', (socket, request) => this.connections.push(new ServerConnection(socket, new URL(request.url ?? '/', 'http://localhost'))));
  }

  static async start(): Promise<ProtocolServer> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/ws' });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    const server = new ProtocolServer(wss);
    wss.options.verifyClient = (_info, done) => done(!server.refuseUpgrades, 401);
    return server;
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}/ws`;
  }

  /** A client of this server (closed by `stop`); options override the fast-reconnect defaults. */
  client(options: Partial<ClientOptions> = {}): EventlineClient {
    const client = new EventlineClient({ url: this.url, token: 'test-token', WebSocket, ...FAST_RECONNECT, ...options });
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
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
