/**
 * Invariant 5 under failure, with a real projector process: it is SIGKILLed again and again
 * while it projects 20,000 events, and restarted. Afterwards every row of every read model
 * equals the pure fold of the same events, versions included (a version counts the events
 * that changed the row, so an event applied twice or skipped would show), and the view stream
 * is in version order per key, ending at the stored row (a view change redelivered after a
 * crash carries the same version and row).
 */
import { domains } from '../../domains';
import { checkpointsOf } from '../integration/projector/support/database';
import { produceEvents, workloadEvents } from '../integration/projector/support/events';
import { createWorld, PARTITIONS, type World } from '../integration/projector/support/harness';
import { connectedKafkaClients, testKafka } from '../support/kafka';
import { spawnService, type ServiceProcess } from '../support/services';

jest.setTimeout(600_000);

const TOTAL = 20_000;
/** Produced before the first start: the first kill lands while catching up a backlog. */
const BACKLOG = 5_000;
/**
 * The rest is produced live, for longer than the restarts take (a killed member keeps its
 * partitions until its 30 s session expires), so later kills land between small live batches.
 */
const LIVE_CHUNK = 100;
const LIVE_EVERY_MS = 1_000;
/** Fractions of the stream at which the running projector is killed. */
const KILL_AT = [0.2, 0.4, 0.6, 0.8];

/** Events applied so far, counting per partition the projection that is furthest behind. */
async function applied(world: World): Promise<number> {
  let sum = 0;
  for (const domain of domains) {
    const checkpoints = await checkpointsOf(world.db.orm, world.topics.domain(domain.name, 'events'));
    for (let partition = 0; partition < PARTITIONS; partition += 1) {
      const own = checkpoints.filter((checkpoint) => checkpoint.partition === partition);
      if (own.length === domain.projections.length) sum += Math.min(...own.map((checkpoint) => checkpoint.lastOffset + 1));
    }
  }
  return sum;
}

describe('projector under SIGKILL', () => {
  const kafka = testKafka();
  let world: World | undefined;
  const clients = connectedKafkaClients(kafka, async () => world?.close());

  it('never applies an event twice nor skips one while killed repeatedly during 20,000 events', async () => {
    world = await createWorld(kafka, clients.admin, 'proj-kill');
    const env = {
      TOPIC_PREFIX: world.topics.prefix,
      KAFKA_CLIENT_ID: world.appId,
      DATABASE_URL: world.db.url,
      TOPIC_PARTITIONS: String(PARTITIONS),
    };
    const events = workloadEvents(TOTAL, 13, 'kill');
    await produceEvents(clients.producer, world.topics, events.slice(0, BACKLOG));
    let projector: ServiceProcess = spawnService('projector', env);
    const producing = (async () => {
      for (let start = BACKLOG; start < TOTAL; start += LIVE_CHUNK) {
        await produceEvents(clients.producer, world!.topics, events.slice(start, start + LIVE_CHUNK));
        await new Promise((resolve) => setTimeout(resolve, LIVE_EVERY_MS));
      }
    })();
    for (const fraction of KILL_AT) {
      for (;;) {
        if ((await applied(world)) >= fraction * TOTAL) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await projector.kill('SIGKILL');
      projector = spawnService('projector', env);
    }
    await producing;
    await world.caughtUp(240_000);
    await projector.kill('SIGTERM');

    await world.expectRowsToEqualFold(events);
    await world.expectViewStream('store_stats', { allowRedelivery: true });
  });
});
