/**
 * latency: how long a command takes end to end at fixed rates (500 and 2,000 commands/s), as
 * p50/p90/p99/max from HDR histograms. The gateway, a command handler and a projector run in
 * their own processes (a socket follows a room's events from the room's event history, which
 * the projector writes: docs/protocol.md); a load process (load/paced-commands.ts) posts chat messages on an open-loop
 * schedule over a few sockets into 5,000 rooms, each room followed by a subscriber, and times
 * each message from its scheduled send time to:
 * - its `event` on the subscriber socket (gateway → Kafka → handler transaction → Kafka →
 *   gateway fan-out → subscriber): the end-to-end target (docs/performance.md);
 * - its `outcome` on the sending socket (same path, answered to the sender);
 * - its `ack` (gateway → Kafka and back), for where the time goes;
 * - and, split at the moment the handler decided it (the event's `ts`): scheduled → decided and
 *   decided → received on the subscriber, in the result file and the log.
 * Then, with Eventline's services stopped, the reference runs the same schedule through the
 * same Kafka hops in Kafka's own Java client (references/LatencyPipeline.java): each
 * command→event percentile is printed beside the reference's.
 */
import { randomUUID } from 'node:crypto';
import { UnavailableError } from '../../platform/errors';
import { awaitFirstOutcome, gatewayMetricReaches, startBesideGateway, startGatewayUnderTest } from '../gateway-under-test';
import {
  benchAdmin,
  benchKafka,
  createBenchTopics,
  measured,
  measureWindow,
  mergeHistograms,
  notAvailable,
  seedPublicRooms,
  summarize,
  topicPrefix,
  type Benchmark,
  type Figure,
  type LatencySummary,
} from '../harness';
import { startPacedCommands } from '../load';
import { postMessage } from '../load/command-frames';
import { meanCommandRecordBytes } from '../references/command-record-size';
import { latencyPipelineTopics, runLatencyPipeline } from '../references/latency-pipeline';
import { RATIO_GOALS, TARGETS, type RatioGoal, type Target } from '../targets';

/** The rate the end-to-end targets are stated at (docs/performance.md). */
const TARGET_RATE_PER_SEC = 2_000;

/** Handler start-up (group join, partition restore) included. */
const HANDLER_READY_MS = 60_000;
/** How long the new subscriptions of a run may take to go live (the projector catching up under the schedule). */
const SUBSCRIPTIONS_LIVE_MS = 120_000;

const REFERENCE_LABEL = 'Kafka Java EOS';

type Percentiles = Pick<LatencySummary, 'p50Ms' | 'p90Ms' | 'p99Ms' | 'maxMs'>;

interface PercentileJudges {
  readonly p50?: Target;
  readonly p99?: Target;
  readonly p50Goal?: RatioGoal;
  readonly p99Goal?: RatioGoal;
}

function percentileFigures(label: string, summary: Percentiles, judges: PercentileJudges = {}, reference?: Percentiles): Figure[] {
  const beside = (value: number | undefined) => (value === undefined ? undefined : { label: REFERENCE_LABEL, value, unit: 'ms' });
  return [
    { label: `${label} p50`, value: summary.p50Ms, unit: 'ms', target: judges.p50, goal: judges.p50Goal, reference: beside(reference?.p50Ms) },
    { label: `${label} p90`, value: summary.p90Ms, unit: 'ms', reference: beside(reference?.p90Ms) },
    { label: `${label} p99`, value: summary.p99Ms, unit: 'ms', target: judges.p99, goal: judges.p99Goal, reference: beside(reference?.p99Ms) },
    { label: `${label} max`, value: summary.maxMs, unit: 'ms', reference: beside(reference?.maxMs) },
  ];
}

function rateLabel(ratePerSec: number): string {
  return `${ratePerSec.toLocaleString('en-US')}/s`;
}

function p50(summary: LatencySummary): string {
  return summary.count === 0 ? 'n/a' : `${summary.p50Ms.toPrecision(3)} ms`;
}

export const latencyBenchmark: Benchmark = {
  name: 'latency',
  summary: 'command→subscriber event (and →outcome, →ack) p50/p90/p99/max at 500 and 2,000 commands/s (reference: the same Kafka hops in Kafka\'s Java client)',
  needs: ['kafka', 'postgres'],
  targets: [TARGETS.endToEndP50, TARGETS.endToEndP99],
  budgetMs: 330_000,
  async run(context) {
    const parameters = {
      // The targets hold at 2,000/s; 500/s shows the floor, with little queueing.
      ratesPerSec: [500, TARGET_RATE_PER_SEC],
      command: 'chat PostMessage, round-robin over the rooms',
      sockets: 10,
      rooms: 5_000,
      // A broker started for the run spends its first minute JIT-compiling, with latencies about
      // twice the steady ones: the first rate warms up longer (within the full run the earlier
      // benchmarks have warmed it already).
      firstWarmupMs: context.scaled(20_000, 2_000),
      warmupMs: context.scaled(5_000, 2_000),
      durationMs: context.scaled(20_000, 3_000),
      histogram: 'HDR, 1 µs .. 60 s, 3 significant digits, from the scheduled send time',
    };
    const admin = await benchAdmin(context, benchKafka(context));
    const gateway = await startGatewayUnderTest(context, admin, 'commands');
    if ('missing' in gateway) return notAvailable(gateway.missing, parameters);
    const handler = startBesideGateway(context, gateway, 'command-handler');
    const projector = startBesideGateway(context, gateway, 'projector');
    await awaitFirstOutcome(gateway, HANDLER_READY_MS).catch((error: unknown) => {
      throw new UnavailableError(`${error instanceof Error ? error.message : String(error)}; ${handler.explain()}`, { cause: error });
    });

    // The rooms' rows before the projector writes them: the load subscribes as soon as CreateRoom is decided.
    const rooms = Array.from({ length: parameters.rooms }, () => randomUUID());
    await seedPublicRooms(context, gateway.databaseUrl, rooms);
    const runs: { ratePerSec: number; event: LatencySummary; outcome: LatencySummary; [stage: string]: unknown }[] = [];
    for (const [index, ratePerSec] of parameters.ratesPerSec.entries()) {
      context.log(`${ratePerSec.toLocaleString('en-US')} commands/s`);
      const sender = await startPacedCommands(context, `paced-${ratePerSec}`, {
        url: gateway.wsUrl,
        token: gateway.token,
        sockets: parameters.sockets,
        ratePerSec,
        rooms,
        subscriptionsPerSocket: context.config.wsMaxSubscriptions,
      });
      // A new subscription goes live once the projector's event history covers what the fan-out
      // had delivered before it (docs/protocol.md): the schedule runs meanwhile, unmeasured.
      await gatewayMetricReaches(gateway, 'eventline_gateway_subscriptions_catching_up', (catchingUp) => catchingUp === 0, 'every subscription live', SUBSCRIPTIONS_LIVE_MS);
      const window = await measureWindow([sender], index === 0 ? parameters.firstWarmupMs : parameters.warmupMs, parameters.durationMs);
      await sender.stop();
      const [event, outcome, ack, decided, delivered] = (['event', 'outcome', 'ack', 'decided', 'delivered'] as const).map((name) =>
        summarize(mergeHistograms(window.histograms[name] ?? [])),
      );
      context.log(`${rateLabel(ratePerSec)} p50 from the scheduled send: ack ${p50(ack!)}, decided by the handler ${p50(decided!)}; decided → received ${p50(delivered!)}`);
      runs.push({ ratePerSec, eventsPerSec: window.rates.events ?? 0, outcomesPerSec: window.rates.outcomes ?? 0, errorsPerSec: window.rates.errors ?? 0, event: event!, outcome: outcome!, ack, decided, delivered });
    }

    // The reference gets the machine to itself, as Eventline had it.
    await Promise.all([handler.stop(), projector.stop(), gateway.process.stop()]);
    context.log(`reference: ${REFERENCE_LABEL} pipeline, same rates and windows`);
    const referencePrefix = `${topicPrefix(context)}reference.`;
    await createBenchTopics(
      context,
      admin,
      latencyPipelineTopics(referencePrefix).map((topic) => ({ topic, numPartitions: context.config.topicPartitions, configEntries: [] })),
    );
    const reference = await runLatencyPipeline(context, {
      brokers: context.stack.kafkaBrokers,
      topicPrefix: referencePrefix,
      partitions: context.config.topicPartitions,
      ratesPerSec: parameters.ratesPerSec,
      keys: parameters.rooms,
      recordBytes: meanCommandRecordBytes([postMessage(randomUUID(), randomUUID())]),
      firstWarmupMs: parameters.firstWarmupMs,
      warmupMs: parameters.warmupMs,
      durationMs: parameters.durationMs,
    });
    for (const rate of reference) {
      context.log(`reference ${rateLabel(rate.ratePerSec)}: p50 ${rate.p50Ms.toPrecision(3)} ms, p99 ${rate.p99Ms.toPrecision(3)} ms (${rate.count} of ${rate.expected} events)`);
    }

    const figures: Figure[] = runs.flatMap(({ ratePerSec, event, outcome }) => {
      const label = rateLabel(ratePerSec);
      const judges: PercentileJudges =
        ratePerSec === TARGET_RATE_PER_SEC
          ? { p50: TARGETS.endToEndP50, p99: TARGETS.endToEndP99, p50Goal: RATIO_GOALS.endToEndP50, p99Goal: RATIO_GOALS.endToEndP99 }
          : { p50Goal: RATIO_GOALS.lowRateP50 };
      const pipeline = reference.find((candidate) => candidate.ratePerSec === ratePerSec);
      return [...percentileFigures(`${label} command→event`, event, judges, pipeline), ...percentileFigures(`${label} command→outcome`, outcome)];
    });
    return measured(figures, parameters, { runs, reference });
  },
};
