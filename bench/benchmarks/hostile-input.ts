/**
 * hostile-input: what hostile requests cost everyone else. A bystander socket pings the
 * gateway every 10 ms, first alone, then while one user's 20 HTTP clients send oversized
 * commands (a 64 KiB PlaceOrder of 21,000 empty lines) back to back and one of their sockets
 * sends the same as frames as fast as the gateway answers (load/hostile-clients.ts, a process
 * of its own) — under the gateway's default limits (the harness raises the per-user ones).
 * Figures: the bystander's ping p99 under attack (reference: its p99 alone), the gateway's
 * resident memory growth, and the gateway's own event-loop delay p99 (alone and its CPU share in the
 * details), which tells a gateway that blocked apart from a machine whose cores
 * the attacking process took. The largest error reply is in the details (each must stay a few
 * KiB, invariant 10).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { gatewayMetric, startGatewayUnderTest, type GatewayUnderTest } from '../gateway-under-test';
import { benchAdmin, benchKafka, LoadProcess, measured, notAvailable, summarize, type Benchmark } from '../harness';
import { latencyHistogram, recordMs, type Histogram } from '../harness/histogram';
import type { HostileClientsParams } from '../load/hostile-clients';
import { TARGETS } from '../targets';

const PING_EVERY_MS = 10;
const HTTP_ATTACKERS = 20;
const MIB = 1024 * 1024;

/**
 * The gateway's own view of a phase, from its /metrics: CPU seconds used and its event loop's
 * p99 delay (prom-client resets that histogram at each scrape, so a scrape at the start of the
 * phase and one at its end frame it).
 */
async function gatewayPhase<T>(gateway: GatewayUnderTest, phase: () => Promise<T>): Promise<{ result: T; cpuShare: number; eventLoopDelayP99Ms: number }> {
  const started = performance.now();
  const cpuBefore = await gatewayMetric(gateway, 'process_cpu_seconds_total');
  const result = await phase();
  const cpuAfter = await gatewayMetric(gateway, 'process_cpu_seconds_total');
  const eventLoopDelayP99Ms = (await gatewayMetric(gateway, 'nodejs_eventloop_lag_p99_seconds')) * 1000;
  return { result, cpuShare: (cpuAfter - cpuBefore) / ((performance.now() - started) / 1000), eventLoopDelayP99Ms };
}

function open(url: string): Promise<WebSocket> {
  const socket = new WebSocket(url);
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Pings over `socket` every PING_EVERY_MS for `durationMs`; the round trips in a histogram. */
async function pingRoundTrips(socket: WebSocket, durationMs: number): Promise<Histogram> {
  const histogram = latencyHistogram();
  const sent = new Map<string, number>();
  const onMessage = (data: WebSocket.RawData): void => {
    for (const message of [JSON.parse(String(data))].flat() as { op: string; id: string }[]) {
      const at = sent.get(message.id);
      if (message.op === 'pong' && at !== undefined) recordMs(histogram, performance.now() - at);
    }
  };
  socket.on('message', onMessage);
  const end = performance.now() + durationMs;
  for (let n = 0; performance.now() < end; n += 1) {
    sent.set(`p${n}`, performance.now());
    socket.send(JSON.stringify({ op: 'ping', id: `p${n}` }));
    await sleep(PING_EVERY_MS);
  }
  // The last pongs.
  await sleep(200);
  socket.off('message', onMessage);
  return histogram;
}

export const hostileInputBenchmark: Benchmark = {
  name: 'hostile-input',
  summary: "a bystander's ping while one user's 20 HTTP clients and a socket send oversized commands (reference: the same ping alone)",
  needs: ['kafka', 'postgres'],
  targets: [TARGETS.hostilePing],
  budgetMs: 120_000,
  async run(context) {
    const parameters = { phaseMs: context.scaled(10_000, 2_000), httpAttackers: HTTP_ATTACKERS, pingEveryMs: PING_EVERY_MS };
    // The gateway's own defaults, which the bench harness raises for its load sockets.
    const gateway = await startGatewayUnderTest(context, await benchAdmin(context, benchKafka(context)), 'websocket', { HTTP_RATE_PER_SEC: '50', HTTP_RATE_BURST: '100' });
    if ('missing' in gateway) return notAvailable(gateway.missing, parameters);
    const bystander = await open(`${gateway.wsUrl}?token=${gateway.token}`);
    context.defer(() => bystander.terminate());

    context.log('bystander alone');
    const { result: aloneHistogram, ...gatewayAlone } = await gatewayPhase(gateway, () => pingRoundTrips(bystander, parameters.phaseMs));
    const alone = summarize(aloneHistogram);
    const rssBefore = gateway.process.rssBytes();

    context.log(`bystander while ${HTTP_ATTACKERS} HTTP clients and a socket send oversized commands`);
    const params: HostileClientsParams = { httpUrl: gateway.wsUrl.replace(/^ws/, 'http').replace(/\/ws$/, ''), wsUrl: gateway.wsUrl, token: gateway.token, httpClients: HTTP_ATTACKERS };
    const attack = await LoadProcess.start(context, { script: 'bench/load/hostile-clients.js', label: 'attack', params });
    const { result: attackHistogram, ...gatewayUnderAttack } = await gatewayPhase(gateway, () => pingRoundTrips(bystander, parameters.phaseMs));
    const underAttack = summarize(attackHistogram);
    const rssUnderAttack = gateway.process.rssBytes();
    const { counters } = await attack.snapshot();
    await attack.stop();
    await gateway.process.stop();

    return measured(
      [
        {
          label: 'bystander ping p99 under attack',
          value: underAttack.p99Ms,
          unit: 'ms',
          reference: { label: 'the same ping alone', value: alone.p99Ms, unit: 'ms' },
          target: TARGETS.hostilePing,
        },
        { label: 'gateway memory growth under attack', value: (rssUnderAttack - rssBefore) / MIB, unit: 'MiB' },
        // No reference: alone, the loop is idle and its delay rounds to nothing (details: gatewayAlone).
        { label: 'gateway event-loop delay p99 under attack', value: gatewayUnderAttack.eventLoopDelayP99Ms, unit: 'ms' },
      ],
      parameters,
      { alone, underAttack, gatewayAlone, gatewayUnderAttack, ...counters, gatewayRssBeforeMiB: rssBefore / MIB, gatewayRssUnderAttackMiB: rssUnderAttack / MIB },
    );
  },
};
