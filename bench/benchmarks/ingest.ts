/**
 * ingest: commands per second the gateway acknowledges (an ack means the command is durably
 * in Kafka: acks=-1, idempotent) over WebSocket, with 1, 100 and 1,000 sockets. The load
 * generators run in their own processes and keep a fixed number of commands in flight
 * (closed loop), each a PlaceOrder for a new order. No handler runs: this is the way in only.
 * The gateway's per-socket rate limit is lifted, or it alone would cap one socket at
 * WS_RATE_PER_SEC. Reference: ProducerPerformance writing records of the command's size.
 */
import { randomUUID } from 'node:crypto';
import { placeOrder } from '../../test/support/commands';
import { benchAdmin, benchKafka, createBenchTopics, measured, measureWindow, mergeHistograms, notAvailable, summarize, topicPrefix, type Benchmark, type Figure, type LatencySummary } from '../harness';
import { startGatewayUnderTest } from '../gateway-under-test';
import { startCommandSenders } from '../load';
import { meanCommandRecordBytes } from '../references/command-record-size';
import { producerPerformance } from '../references/kafka-perf';
import { RATIO_GOALS, TARGETS } from '../targets';

const UNLIMITED_RATE = '1000000';
const UNLIMITED_BYTES = String(1024 * 1024 * 1024);

/** The socket count RATIO_GOALS.ingest judges. */
const GOAL_SOCKETS = 1_000;

export const ingestBenchmark: Benchmark = {
  name: 'ingest',
  summary: 'acked commands/s through the gateway with 1, 100 and 1,000 sockets (reference: ProducerPerformance)',
  needs: ['kafka', 'postgres'],
  targets: [TARGETS.ingest],
  budgetMs: 180_000,
  async run(context) {
    const parameters = {
      socketCounts: [1, 100, GOAL_SOCKETS],
      /**
       * Commands in flight over all sockets, each socket at least `minInFlightPerSocket`: a
       * closed loop does at most in-flight ÷ ack latency, so the window must be wide enough
       * for the gateway, not the window, to be the limit (the acks' latency is in the details).
       */
      inFlight: 1_000,
      minInFlightPerSocket: 4,
      command: 'orders PlaceOrder, a new order each',
      warmupMs: context.scaled(3_000, 1_000),
      durationMs: context.scaled(10_000, 2_000),
      /**
       * No command handler runs, so every command waits in the gateway's pending-outcome table
       * until COMMAND_TIMEOUT_MS. At the default 10 s that table grew to ~200,000 entries and
       * the 100- and 1,000-socket rows inherited the previous rows' timeouts; with a handler it
       * holds only the commands of the last few milliseconds. At 1 s it stays small and every
       * command costs the gateway what it does with a handler: its ack and one more frame (a
       * timeout instead of its outcome, which the senders ignore).
       */
      gatewayEnv: {
        WS_RATE_PER_SEC: UNLIMITED_RATE,
        WS_RATE_BURST: UNLIMITED_RATE,
        WS_RATE_BYTES_PER_SEC: UNLIMITED_BYTES,
        WS_RATE_BYTES_BURST: UNLIMITED_BYTES,
        COMMAND_TIMEOUT_MS: '1000',
      },
      /** The perf tool's rate includes its start-up: it needs a long enough run to show its ceiling. */
      referenceRecords: context.scaled(500_000, 100_000),
    };
    const admin = await benchAdmin(context, benchKafka(context));
    const gateway = await startGatewayUnderTest(context, admin, 'commands', parameters.gatewayEnv);
    if ('missing' in gateway) return notAvailable(gateway.missing, parameters);

    const recordSize = meanCommandRecordBytes([placeOrder(randomUUID())]);
    const referenceTopic = `${topicPrefix(context)}reference`;
    const runs: { sockets: number; label: string; inFlight: number; acksPerSec: number; errorsPerSec: number; ackLatency: LatencySummary }[] = [];
    for (const sockets of parameters.socketCounts) {
      context.log(`${sockets} socket(s)`);
      const inFlightPerSocket = Math.max(parameters.minInFlightPerSocket, Math.ceil(parameters.inFlight / sockets));
      const senders = await startCommandSenders(context, `senders-${sockets}`, { url: gateway.wsUrl, token: gateway.token, sockets, inFlightPerSocket });
      const window = await measureWindow(senders, parameters.warmupMs, parameters.durationMs);
      await Promise.all(senders.map((sender) => sender.stop()));
      runs.push({
        sockets,
        label: `${sockets} socket${sockets === 1 ? '' : 's'}`,
        inFlight: sockets * inFlightPerSocket,
        acksPerSec: window.rates.acked ?? 0,
        errorsPerSec: window.rates.errors ?? 0,
        ackLatency: summarize(mergeHistograms(window.histograms.ackLatency ?? [])),
      });
    }
    await gateway.process.stop();

    context.log('reference: ProducerPerformance');
    await createBenchTopics(context, admin, [{ topic: referenceTopic, numPartitions: context.config.topicPartitions, configEntries: [] }]);
    const reference = await producerPerformance(context, { topic: referenceTopic, records: parameters.referenceRecords, recordSize });
    const figures: Figure[] = runs.map((run) => ({
      label: run.label,
      value: run.acksPerSec,
      unit: 'commands/s',
      reference: { label: 'ProducerPerformance', value: reference.recordsPerSec, unit: 'records/s' },
      target: TARGETS.ingest,
      // The goal is stated for the most sockets, where the gateway's per-socket work weighs most.
      goal: run.sockets === GOAL_SOCKETS ? RATIO_GOALS.ingest : undefined,
    }));
    return measured(figures, { ...parameters, recordSize }, { runs, reference });
  },
};
