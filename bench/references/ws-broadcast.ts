/**
 * Runs the bare `ws` broadcast reference: the server (ws-broadcast-server.ts) in one
 * process, the clients (load/socket-clients.ts) in others, and measures what the clients
 * receive. Also holds idle sockets on the bare server for the per-socket memory reference.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { LoadProcess, measureWindow, residentBytes, type BenchContext } from '../harness';
import { startSocketClients } from '../load';
import type { BroadcastServerInfo, BroadcastServerParams } from './ws-broadcast-server';

const SERVER_SCRIPT = 'bench/references/ws-broadcast-server.js';

async function startServer(context: BenchContext, params: BroadcastServerParams): Promise<LoadProcess<BroadcastServerInfo>> {
  return LoadProcess.start<BroadcastServerInfo>(context, { script: SERVER_SCRIPT, label: `bare-ws-${params.messagesPerFrame}`, params });
}

export interface BroadcastRates {
  readonly framesPerSec: number;
  readonly messagesPerSec: number;
  readonly seconds: number;
}

export async function measureBroadcast(context: BenchContext, options: { sockets: number; messagesPerFrame: number; warmupMs: number; durationMs: number }): Promise<BroadcastRates> {
  const server = await startServer(context, { messagesPerFrame: options.messagesPerFrame, startAtSockets: options.sockets });
  const clients = await startSocketClients(context, `clients-${options.messagesPerFrame}`, { url: `ws://127.0.0.1:${server.info.port}/`, sockets: options.sockets });
  const window = await measureWindow(clients, options.warmupMs, options.durationMs);
  // Stopped now, not at the end of the benchmark: the next measurement needs the cores.
  await Promise.all([...clients, server].map((load) => load.stop()));
  return { framesPerSec: window.rates.frames ?? 0, messagesPerSec: window.rates.messages ?? 0, seconds: window.seconds };
}

/** Resident memory the bare server adds per idle socket, in bytes. */
export async function bareIdleSocketBytes(context: BenchContext, options: { sockets: number; settleMs: number }): Promise<number> {
  const server = await startServer(context, { messagesPerFrame: 0, startAtSockets: options.sockets });
  await sleep(options.settleMs);
  const before = residentBytes(server.pid);
  const clients = await startSocketClients(context, 'idle-bare', { url: `ws://127.0.0.1:${server.info.port}/`, sockets: options.sockets });
  await sleep(options.settleMs);
  const after = residentBytes(server.pid);
  await Promise.all([...clients, server].map((load) => load.stop()));
  return (after - before) / options.sockets;
}
