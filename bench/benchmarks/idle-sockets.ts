/**
 * idle-sockets: resident memory the gateway adds per idle socket (authenticated, no
 * subscription, no traffic), from its RSS before and after 10,000 sockets connect; the
 * sockets are held by client processes of their own. Reference: a bare `ws` server holding
 * as many idle sockets. RSS also counts garbage not yet collected, in both.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { startGatewayUnderTest } from '../gateway-under-test';
import { benchAdmin, benchKafka, childFileLimit, measured, notAvailable, type Benchmark } from '../harness';
import { startSocketClients } from '../load';
import { bareIdleSocketBytes } from '../references/ws-broadcast';
import { TARGETS } from '../targets';

/** File descriptors a gateway needs beyond its sockets (Kafka, Postgres, logs, node itself). */
const SPARE_FILES = 200;
const KIB = 1024;

export const idleSocketsBenchmark: Benchmark = {
  name: 'idle-sockets',
  summary: 'gateway resident memory per idle socket at 10,000 sockets (reference: bare ws)',
  needs: ['kafka', 'postgres'],
  targets: [TARGETS.idleSocket],
  budgetMs: 150_000,
  async run(context) {
    const wanted = context.scaled(10_000, 1_000);
    const fileLimit = childFileLimit();
    const sockets = Math.min(wanted, fileLimit - SPARE_FILES);
    const parameters = {
      sockets,
      ...(sockets < wanted ? { lowered: `from ${wanted} to ${sockets}: the open-file limit is ${fileLimit} (raise it with ulimit -n)` } : {}),
      settleMs: context.scaled(5_000, 1_000),
    };
    if (sockets < wanted) context.log(`sockets lowered ${parameters.lowered}`);
    const gateway = await startGatewayUnderTest(context, await benchAdmin(context, benchKafka(context)), 'websocket');
    if ('missing' in gateway) return notAvailable(gateway.missing, parameters);

    await sleep(parameters.settleMs);
    const before = gateway.process.rssBytes();
    context.log(`opening ${sockets.toLocaleString('en-US')} idle sockets`);
    const clients = await startSocketClients(context, 'idle', { url: gateway.wsUrl, token: gateway.token, sockets });
    await sleep(parameters.settleMs);
    const after = gateway.process.rssBytes();
    await Promise.all(clients.map((client) => client.stop()));
    await gateway.process.stop();

    context.log('reference: bare ws');
    const bare = await bareIdleSocketBytes(context, { sockets, settleMs: parameters.settleMs });
    return measured(
      [
        {
          label: `${sockets.toLocaleString('en-US')} sockets`,
          value: (after - before) / sockets / KIB,
          unit: 'KiB/socket',
          reference: { label: 'bare ws', value: bare / KIB, unit: 'KiB/socket' },
          target: TARGETS.idleSocket,
        },
      ],
      parameters,
      { gatewayRssBeforeMiB: before / KIB / KIB, gatewayRssAfterMiB: after / KIB / KIB },
    );
  },
};
