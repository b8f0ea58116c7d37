/**
 * Steady load for the fault suite: orders commands at a fixed rate over a few WebSocket
 * connections (open loop: a stalled gateway does not slow the schedule), a PlaceOrder for a
 * new order and then its PayOrder, each order id carrying the fault's prefix. Sockets that
 * close are reopened (a restarted gateway listens on the same port); commands whose time
 * comes while no socket is open are counted as refused. Every answer is recorded with when
 * it came. Given several gateways, the connections are spread over them, and a connection that
 * closes opens again on the next gateway (as a client fails over).
 */
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { onReplies, type Reply } from '../bench/load/replies';
import { payOrder, placeOrder, type TestCommand } from '../test/support/commands';

export interface SentCommand {
  readonly id: string;
  readonly orderId: string;
  readonly name: string;
  readonly sentAt: number;
  ackAt?: number;
  outcomeAt?: number;
  status?: string;
  version?: number;
  error?: string;
}

const TICK_MS = 10;
const RECONNECT_MS = 200;
/** PlaceOrder of 2 × 500 cents: the PayOrder that follows pays exactly this. */
const ORDER_TOTAL_CENTS = 1000;

export class SteadyLoad {
  readonly sent = new Map<string, SentCommand>();
  /** When outcomes arrived, in order. */
  readonly outcomeTimes: number[] = [];
  refused = 0;
  private readonly sockets: (WebSocket | undefined)[];
  private timer: NodeJS.Timeout | undefined;
  private readonly unpaid: string[] = [];
  private credit = 0;
  private next = 0;
  private stopped = false;

  constructor(
    private readonly urls: readonly string[],
    private readonly token: string,
    private readonly ratePerSec: number,
    private readonly orderPrefix: string,
    connections = 4,
  ) {
    this.sockets = new Array<WebSocket | undefined>(connections).fill(undefined);
  }

  start(): void {
    this.sockets.forEach((_, index) => this.connect(index, index % this.urls.length));
    let last = performance.now();
    this.timer = setInterval(() => {
      const now = performance.now();
      this.credit += ((now - last) / 1000) * this.ratePerSec;
      last = now;
      for (; this.credit >= 1; this.credit -= 1) this.sendOne();
    }, TICK_MS);
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    for (const socket of this.sockets) socket?.close();
  }

  /** Orders this load touched. */
  orderIds(): string[] {
    return [...new Set([...this.sent.values()].map((command) => command.orderId))];
  }

  private connect(index: number, gateway: number): void {
    if (this.stopped) return;
    const socket = new WebSocket(this.urls[gateway]!, { perMessageDeflate: false, headers: { authorization: `Bearer ${this.token}` } });
    socket.on('error', () => undefined);
    socket.once('open', () => (this.sockets[index] = socket));
    socket.once('close', () => {
      if (this.sockets[index] === socket) this.sockets[index] = undefined;
      setTimeout(() => this.connect(index, (gateway + 1) % this.urls.length), RECONNECT_MS);
    });
    onReplies(socket, (reply) => this.receive(reply as Reply & { status?: string; version?: number }));
  }

  private sendOne(): void {
    const socket = this.sockets[this.next++ % this.sockets.length];
    const paying = this.unpaid.length > 0 && this.next % 2 === 0;
    const orderId = paying ? (this.unpaid.shift() as string) : `${this.orderPrefix}-${randomUUID()}`;
    const command: TestCommand = paying ? payOrder(orderId, ORDER_TOTAL_CENTS) : placeOrder(orderId, 'chaos-store', 500, 2);
    if (socket === undefined || socket.readyState !== WebSocket.OPEN) {
      this.refused += 1;
      return;
    }
    const id = randomUUID();
    this.sent.set(id, { id, orderId, name: command.name, sentAt: performance.now() });
    socket.send(JSON.stringify({ op: 'command', id, domain: command.domain, name: command.name, key: orderId, data: command.data }));
    if (!paying) this.unpaid.push(orderId);
  }

  private receive(reply: Reply & { status?: string; version?: number }): void {
    const command = reply.id ? this.sent.get(reply.id) : undefined;
    if (command === undefined) return;
    const now = performance.now();
    if (reply.op === 'ack') command.ackAt = now;
    else if (reply.op === 'outcome') {
      command.outcomeAt = now;
      command.status = reply.status;
      command.version = reply.version;
      this.outcomeTimes.push(now);
    } else if (reply.op === 'error') command.error = reply.code ?? 'error';
  }
}
