/**
 * tracing: what OpenTelemetry tracing costs (docs/operations.md, "Traces"). The latency
 * benchmark's path — gateway, command handler and projector as processes, chat messages posted
 * on an open-loop schedule into rooms each followed by a subscriber — is run twice at the same
 * rate, first with tracing off, then with every service exporting its spans over OTLP/HTTP to
 * a sink in this process (which counts and drops them): command→event and command→ack
 * percentiles side by side. Each run has its own topics, database and services.
 *
 * The traced run also says where the time goes: the sink keeps every trace's stage times
 * (harness/span-hops.ts), and the result file has each hop's percentiles over the measured window.
 */
import { randomUUID } from 'node:crypto';
import { awaitFirstOutcome, gatewayMetricReaches, startBesideGateway, startGatewayUnderTest } from '../gateway-under-test';
import { benchAdmin, benchKafka, HOPS, measured, measureWindow, mergeHistograms, notAvailable, seedPublicRooms, startSpanSink, summarize, type Benchmark, type Figure, type LatencySummary, type SpanSink } from '../harness';
import { startPacedCommands } from '../load';

const HANDLER_READY_MS = 60_000;
const SUBSCRIPTIONS_LIVE_MS = 120_000;
/** OTEL_BSP_SCHEDULE_DELAY of the traced run: how often each service exports its spans. */
const SPAN_EXPORT_DELAY_MS = 1_000;

export const tracingBenchmark: Benchmark = {
  name: 'tracing',
  summary: 'command→event and →ack p50/p99 at 1,000 commands/s with OpenTelemetry tracing off, then on (spans exported over OTLP to a local sink)',
  needs: ['kafka', 'postgres'],
  targets: [],
  budgetMs: 360_000,
  async run(context) {
    const parameters = {
      ratePerSec: 1_000,
      command: 'chat PostMessage, round-robin over the rooms',
      sockets: 10,
      rooms: 2_000,
      warmupMs: context.scaled(10_000, 2_000),
      durationMs: context.scaled(20_000, 3_000),
      tracingOn: 'OTEL_EXPORTER_OTLP_ENDPOINT = a sink in the bench process, OTEL_BSP_SCHEDULE_DELAY = 1000, every span kept',
    };
    const sink = await startSpanSink();
    context.defer(() => sink.close());
    const runs: { tracing: 'off' | 'on'; event: LatencySummary; ack: LatencySummary; outcome: LatencySummary; spansExported: number; hops?: ReturnType<SpanSink['hops']> }[] = [];
    for (const tracing of ['off', 'on'] as const) {
      const env: Record<string, string> = tracing === 'on' ? { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url, OTEL_BSP_SCHEDULE_DELAY: String(SPAN_EXPORT_DELAY_MS) } : {};
      // Its own topics, database and log files per run.
      const part = { ...context, name: `${context.name}-${tracing}` };
      const admin = await benchAdmin(part, benchKafka(part));
      const gateway = await startGatewayUnderTest(part, admin, 'commands', env);
      if ('missing' in gateway) return notAvailable(gateway.missing, parameters);
      const handler = startBesideGateway(part, gateway, 'command-handler', env);
      const projector = startBesideGateway(part, gateway, 'projector', env);
      await awaitFirstOutcome(gateway, HANDLER_READY_MS);
      const rooms = Array.from({ length: parameters.rooms }, () => randomUUID());
      await seedPublicRooms(part, gateway.databaseUrl, rooms);
      context.log(`tracing ${tracing}: ${parameters.ratePerSec} commands/s`);
      const spansBefore = sink.spans();
      const sender = await startPacedCommands(part, `paced-${tracing}`, {
        url: gateway.wsUrl,
        token: gateway.token,
        sockets: parameters.sockets,
        ratePerSec: parameters.ratePerSec,
        rooms,
        subscriptionsPerSocket: context.config.wsMaxSubscriptions,
      });
      await gatewayMetricReaches(gateway, 'eventline_gateway_subscriptions_catching_up', (catchingUp) => catchingUp === 0, 'every subscription live', SUBSCRIPTIONS_LIVE_MS);
      // The hops count the traces of the measured window only.
      const warmedUp = setTimeout(() => sink.reset(), parameters.warmupMs);
      const window = await measureWindow([sender], parameters.warmupMs, parameters.durationMs);
      clearTimeout(warmedUp);
      await sender.stop();
      // Spans are exported every OTEL_BSP_SCHEDULE_DELAY: wait for the window's last ones.
      if (tracing === 'on') await new Promise((resolve) => setTimeout(resolve, 2 * SPAN_EXPORT_DELAY_MS));
      const hops = tracing === 'on' ? sink.hops() : undefined;
      const [event, ack, outcome] = (['event', 'ack', 'outcome'] as const).map((name) => summarize(mergeHistograms(window.histograms[name] ?? [])));
      await Promise.all([handler.stop(), projector.stop(), gateway.process.stop()]);
      runs.push({ tracing, event: event!, ack: ack!, outcome: outcome!, spansExported: sink.spans() - spansBefore, ...(hops ? { hops } : {}) });
      context.log(`tracing ${tracing}: command→event p50 ${event!.p50Ms.toPrecision(3)} ms, p99 ${event!.p99Ms.toPrecision(3)} ms; ${sink.spans() - spansBefore} spans exported`);
      if (hops) context.log(`where the time goes (p50 / p99 ms over ${hops.traces} traces): ${HOPS.map((hop) => `${hop} ${hops[hop].p50Ms.toPrecision(2)} / ${hops[hop].p99Ms.toPrecision(2)}`).join('; ')}`);
    }
    const off = runs.find((run) => run.tracing === 'off')!;
    const figures: Figure[] = runs.flatMap(({ tracing, event, ack }) => {
      const beside = (value: number) => (tracing === 'on' ? { reference: { label: 'tracing off', value, unit: 'ms' } } : {});
      return [
        { label: `tracing ${tracing} command→event p50`, value: event.p50Ms, unit: 'ms', ...beside(off.event.p50Ms) },
        { label: `tracing ${tracing} command→event p99`, value: event.p99Ms, unit: 'ms', ...beside(off.event.p99Ms) },
        { label: `tracing ${tracing} command→ack p50`, value: ack.p50Ms, unit: 'ms', ...beside(off.ack.p50Ms) },
        { label: `tracing ${tracing} command→ack p99`, value: ack.p99Ms, unit: 'ms', ...beside(off.ack.p99Ms) },
      ];
    });
    return measured(figures, parameters, { runs });
  },
};
