/**
 * A gateway killed with SIGKILL cannot delete its feed consumer group; the other gateways
 * delete such groups once they are Empty, and never a live gateway's.
 */
import { sweepDeadGatewayGroups } from '../../../gateway/fanout';
import { createLogger } from '../../../platform/logger';
import { connectedKafkaClients, testKafka, waitFor } from '../../support/kafka';
import { uniqueName } from '../../support/names';

jest.setTimeout(60_000);

describe('gateway group sweeper', () => {
  const kafka = testKafka();
  const clients = connectedKafkaClients(kafka);
  const logger = createLogger('test', 'silent');

  it('deletes the Empty groups of its prefix and leaves a live one alone', async () => {
    const prefix = `${uniqueName('gw')}-gateway-`;
    const topic = uniqueName('sweep');
    await clients.admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await clients.producer.send({ topic, messages: [{ value: 'x' }] });
    const join = async (groupId: string) => {
      const consumer = kafka.consumer({ groupId });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      let seen!: () => void;
      const consumed = new Promise<void>((resolve) => (seen = resolve));
      await consumer.run({ eachMessage: async () => seen() });
      await consumed;
      return consumer;
    };
    const dead = await join(`${prefix}dead`);
    await dead.disconnect(); // left with committed offsets: Empty, as after a killed gateway's session expired
    const live = await join(`${prefix}live`);

    await waitFor(async () => ((await clients.admin.describeGroups([`${prefix}dead`])).groups[0]?.state === 'Empty' ? true : undefined), 20_000, 'the dead group to be Empty');
    expect(await sweepDeadGatewayGroups(clients.admin, prefix, logger)).toEqual([`${prefix}dead`]);
    const remaining = (await clients.admin.listGroups()).groups.map((group) => group.groupId);
    expect(remaining).toContain(`${prefix}live`);
    expect(remaining).not.toContain(`${prefix}dead`);
    await live.disconnect();
  });
});
