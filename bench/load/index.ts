/**
 * Load generators: each runs in processes of its own (see harness/load-process.ts). These
 * functions start them from the runner; the scripts themselves are the other files here.
 */
import { clientProcessCount, LoadProcess, splitEvenly, type BenchContext } from '../harness';
import type { CommandSendersParams } from './command-senders';
import type { EventProducerParams } from './event-producer';
import type { PacedCommandsParams } from './paced-commands';
import type { SocketClientsParams } from './socket-clients';

/** Spreads `params.sockets` sockets over clientProcessCount() processes of `script`. */
async function startSpread<P extends { sockets: number }>(context: BenchContext, script: string, label: string, params: P): Promise<LoadProcess[]> {
  const shares = splitEvenly(params.sockets, clientProcessCount(params.sockets));
  return Promise.all(shares.map((sockets, index) => LoadProcess.start(context, { script, label: `${label}-${index + 1}`, params: { ...params, sockets } })));
}

/** Reading (or idle) sockets: load/socket-clients.ts. */
export function startSocketClients(context: BenchContext, label: string, params: SocketClientsParams): Promise<LoadProcess[]> {
  return startSpread(context, 'bench/load/socket-clients.js', label, params);
}

/** Sockets that send commands and count acks: load/command-senders.ts. */
export function startCommandSenders(context: BenchContext, label: string, params: CommandSendersParams): Promise<LoadProcess[]> {
  return startSpread(context, 'bench/load/command-senders.js', label, params);
}

/** Sockets that send commands on a fixed schedule and time acks and outcomes: load/paced-commands.ts, one process. */
export function startPacedCommands(context: BenchContext, label: string, params: PacedCommandsParams): Promise<LoadProcess> {
  return LoadProcess.start(context, { script: 'bench/load/paced-commands.js', label, params });
}

/** Chat events written straight to Kafka at a fixed rate: load/event-producer.ts, one process. */
export function startEventProducer(context: BenchContext, label: string, params: EventProducerParams): Promise<LoadProcess> {
  return LoadProcess.start(context, { script: 'bench/load/event-producer.js', label, params });
}
