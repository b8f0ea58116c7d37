/**
 * latency: how long a command takes end to end at a fixed rate (2,000 commands/s), as
 * p50/p90/p99/max from HDR histograms. The gateway and a command handler run in their own
 * processes; a load process sends PlaceOrder commands on an open-loop schedule over a few
 * sockets and times, from each command's scheduled send time, its outcome (gateway → Kafka
 * → handler transaction → Kafka → gateway → the same socket).
 *
 * DESIGN.md's target is command → *subscriber* event. Until the gateway has subscriptions
 * that figure is reported as not available; to add it, let the load process subscribe one
 * more socket to the stream its commands' events go to and time the `event` messages the
 * same way (one process, one clock). Mind that a chat room's snapshot holds every message
 * id of the room, so PostMessage into few rooms grows every snapshot the handler writes.
 */
import { UnavailableError } from '../../platform/errors';
import { awaitFirstOutcome, startGatewayUnderTest } from '../gateway-under-test';
import {
  benchAdmin,
  benchKafka,
  measured,
  measureWindow,
  mergeHistograms,
  notAvailable,
  ServiceProcess,
  summarize,
  topicPrefix,
  type Benchmark,
  type Figure,
  type LatencySummary,
} from '../harness';
import { startPacedCommands } from '../load';
import { TARGETS } from '../targets';

/** Handler start-up (group join, partition restore) included. */
const HANDLER_READY_MS = 60_000;

function percentileFigures(label: string, summary: LatencySummary): Figure[] {
  return [
    { label: `${label} p50`, value: summary.p50Ms, unit: 'ms' },
    { label: `${label} p90`, value: summary.p90Ms, unit: 'ms' },
    { label: `${label} p99`, value: summary.p99Ms, unit: 'ms' },
    { label: `${label} max`, value: summary.maxMs, unit: 'ms' },
  ];
}

export const latencyBenchmark: Benchmark = {
  name: 'latency',
  summary: 'command→outcome (and command→subscriber event) p50/p90/p99/max at 2,000 commands/s',
  needs: ['kafka', 'postgres'],
  targets: [TARGETS.endToEndP50, TARGETS.endToEndP99],
  budgetMs: 150_000,
  async run(context) {
    const parameters = {
      ratesPerSec: [2_000],
      command: 'orders PlaceOrder, a new order each',
      sockets: 10,
      warmupMs: context.scaled(5_000, 2_000),
      durationMs: context.scaled(30_000, 3_000),
      histogram: 'HDR, 1 µs .. 60 s, 3 significant digits, from the scheduled send time',
    };
    const admin = await benchAdmin(context, benchKafka(context));
    const gateway = await startGatewayUnderTest(context, admin, 'commands');
    if ('missing' in gateway) return notAvailable(gateway.missing, parameters);
    const handler = ServiceProcess.start(context, 'command-handler', {
      KAFKA_BROKERS: context.stack.kafkaBrokers.join(','),
      TOPIC_PREFIX: topicPrefix(context),
      TOPIC_PARTITIONS: String(context.config.topicPartitions),
      KAFKA_CLIENT_ID: `${topicPrefix(context)}app`,
      COMMAND_HANDLER_PORT: '0',
    });
    await awaitFirstOutcome(gateway, HANDLER_READY_MS).catch((error: unknown) => {
      throw new UnavailableError(`${error instanceof Error ? error.message : String(error)}; ${handler.explain()}`, { cause: error });
    });

    const figures: Figure[] = [];
    const runs: Record<string, unknown>[] = [];
    for (const ratePerSec of parameters.ratesPerSec) {
      context.log(`${ratePerSec.toLocaleString('en-US')} commands/s`);
      const sender = await startPacedCommands(context, `paced-${ratePerSec}`, { url: gateway.wsUrl, token: gateway.token, sockets: parameters.sockets, ratePerSec });
      const window = await measureWindow([sender], parameters.warmupMs, parameters.durationMs);
      await sender.stop();
      const outcome = summarize(mergeHistograms(window.histograms.outcome ?? []));
      const ack = summarize(mergeHistograms(window.histograms.ack ?? []));
      const label = `${ratePerSec / 1000}k/s`;
      figures.push(...percentileFigures(`${label} command→outcome`, outcome));
      runs.push({ ratePerSec, outcomesPerSec: window.rates.outcomes ?? 0, errorsPerSec: window.rates.errors ?? 0, outcome, ack });
    }
    const missing = [
      { label: 'command→event p50', reason: 'needs gateway subscriptions (subscribe op, fan-out)', target: TARGETS.endToEndP50 },
      { label: 'command→event p99', reason: 'needs gateway subscriptions (subscribe op, fan-out)', target: TARGETS.endToEndP99 },
    ];
    return measured(figures, parameters, { runs }, missing);
  },
};
