/** A Connection on a fake socket, for unit tests of what a connection sends, refuses and closes. */
import { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import { Counter, Registry } from 'prom-client';
import type { Principal } from '../../../../gateway/auth';
import { Connection, type ConnectionContext } from '../../../../gateway/ws/connection';
import { OpRouter } from '../../../../gateway/ws/op-router';
import { SharedFrames } from '../../../../gateway/ws/shared-frames';
import { TickFlusher } from '../../../../gateway/ws/tick-flusher';
import { NO_AUDIT } from '../../../../platform/audit';
import { createLogger } from '../../../../platform/logger';

/** WS_SEND_BUFFER_BYTES of the test connections. */
export const BOUND = 1000;

/** The parts of a ws WebSocket a Connection uses; the test sets bufferedAmount and runs ping callbacks. */
export class FakeSocket extends EventEmitter {
  readyState = 1;
  bufferedAmount = 0;
  readonly frames: string[] = [];
  readonly pings: ((error?: Error | null) => void)[] = [];
  closed: number | undefined;
  closeReason: string | undefined;
  /** Frames as text (the connection sends them as bytes, in text frames). */
  send(data: Buffer | string): void {
    this.frames.push(data.toString());
  }
  ping(_data?: unknown, _mask?: boolean, callback?: (error?: Error | null) => void): void {
    if (callback) this.pings.push(callback);
  }
  close(code: number, reason?: string): void {
    this.closed = code;
    this.closeReason = reason;
    this.readyState = 2;
  }
  terminate(): void {
    this.readyState = 3;
  }
  /** A client text frame arriving. */
  receive(text: string): void {
    this.emit('message', Buffer.from(text), false);
  }
}

export const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export interface ConnectionSetup {
  readonly canConflate?: boolean;
  readonly principal?: Partial<Principal>;
  readonly context?: Partial<ConnectionContext>;
}

export function setupConnection(options: ConnectionSetup = {}) {
  const registry = new Registry();
  const counter = (name: string) => new Counter({ name, help: name, registers: [registry] });
  const metrics = { rateLimited: counter('rate_limited'), slowSocketCloses: counter('slow_closes'), conflatedUpdates: counter('conflated') };
  const context: ConnectionContext = {
    router: new OpRouter(),
    flusher: new TickFlusher(),
    frames: new SharedFrames(),
    metrics,
    logger: createLogger('test', 'silent'),
    audit: NO_AUDIT,
    ratePerSec: 100,
    rateBurst: 100,
    rateBytesPerSec: 1_000_000,
    rateBytesBurst: 1_000_000,
    sendBufferBytes: BOUND,
    canConflate: () => options.canConflate ?? false,
    onTokenExpired: () => undefined,
    onTokenRenewed: () => undefined,
    ...options.context,
  };
  const socket = new FakeSocket();
  const principal: Principal = { userId: 'u', roles: [], scopes: new Set<string>(), allowedKeys: undefined, expiresAt: 4_102_444_800, ...options.principal };
  const connection = new Connection('c-1', socket as unknown as WebSocket, principal, context);
  const value = async (name: string): Promise<number> => (await registry.getSingleMetric(name)!.get()).values[0]?.value ?? 0;
  return { socket, connection, value, context };
}
