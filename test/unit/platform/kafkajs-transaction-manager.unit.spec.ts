/**
 * patches/kafkajs+2.2.4.patch: kafkajs's transaction manager caches the transaction and group
 * coordinators instead of sending a FindCoordinator before every transactional request, and
 * looks a coordinator up again once it answers NOT_COORDINATOR or its connection fails; it
 * retries a producer id request that met a dead broker, and an AddPartitionsToTxn answered
 * CONCURRENT_TRANSACTIONS (the previous commit's markers still being written) by itself. These
 * tests drive the installed kafkajs module against a scripted cluster, so they also fail when
 * the patch was not applied at install time.
 */

interface FakeBroker {
  nodeId: number;
  requests: string[];
  initProducerId(): Promise<{ producerId: number; producerEpoch: number }>;
  addPartitionsToTxn(): Promise<void>;
  addOffsetsToTxn(): Promise<void>;
  txnOffsetCommit(): Promise<void>;
  endTxn(): Promise<void>;
}

interface EosManager {
  initProducerId(): Promise<void>;
  beginTransaction(): void;
  addPartitionsToTransaction(topics: { topic: string; partitions: { partition: number }[] }[]): Promise<void>;
  sendOffsets(options: { consumerGroupId: string; topics: { topic: string; partitions: { partition: number; offset: string }[] }[] }): Promise<void>;
  commit(): Promise<void>;
}

// kafkajs ships no types for its internals.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const createEosManager = require('kafkajs/src/producer/eosManager') as (options: object) => EosManager;

type Lookup = { groupId: string; coordinatorType: number };

function protocolError(type: string): Error {
  return Object.assign(new Error(type), { type, retriable: true });
}

/**
 * A cluster of brokers whose requests succeed unless `failNext` scripts an error for them.
 * Every coordinator lives on node 1 until `moveCoordinators` moves them.
 */
function scriptedCluster() {
  let coordinatorNodeId = 1;
  const lookups: Lookup[] = [];
  /** Errors the next requests of a name get, one each, before they succeed again. */
  const failures = new Map<string, Error[]>();
  const failNext = (name: string, ...errors: Error[]): void => void failures.set(name, [...(failures.get(name) ?? []), ...errors]);
  let metadataRefreshes = 0;
  /** Brokers that left the cluster: findBroker no longer knows them. */
  const gone = new Set<number>();
  const brokers = new Map<number, FakeBroker>();
  const broker = (nodeId: number): FakeBroker => {
    let existing = brokers.get(nodeId);
    if (!existing) {
      const requests: string[] = [];
      const request = <T>(name: string, result: T) => async (): Promise<T> => {
        requests.push(name);
        const error = failures.get(name)?.shift();
        if (error) throw error;
        return result;
      };
      existing = {
        nodeId,
        requests,
        initProducerId: request('initProducerId', { producerId: 7, producerEpoch: 0 }),
        addPartitionsToTxn: request('addPartitionsToTxn', undefined),
        addOffsetsToTxn: request('addOffsetsToTxn', undefined),
        txnOffsetCommit: request('txnOffsetCommit', undefined),
        endTxn: request('endTxn', undefined),
      };
      brokers.set(nodeId, existing);
    }
    return existing;
  };
  const cluster = {
    retry: { retries: 3, initialRetryTime: 1, maxRetryTime: 5 },
    refreshMetadataIfNecessary: async () => undefined,
    refreshMetadata: async () => void (metadataRefreshes += 1),
    findGroupCoordinator: async (lookup: Lookup) => {
      lookups.push(lookup);
      return broker(coordinatorNodeId);
    },
    findBroker: async ({ nodeId }: { nodeId: number }) => {
      if (gone.has(nodeId)) throw Object.assign(new Error(`Broker ${nodeId} not found in the cached metadata`), { name: 'KafkaJSBrokerNotFound' });
      return broker(nodeId);
    },
  };
  return {
    cluster,
    failNext,
    gone,
    broker,
    lookupsOf: (coordinatorType: number) => lookups.filter((lookup) => lookup.coordinatorType === coordinatorType),
    allLookups: () => lookups,
    moveCoordinators: (nodeId: number) => (coordinatorNodeId = nodeId),
    metadataRefreshes: () => metadataRefreshes,
  };
}

const silentLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** A transactional manager with its producer id initialized. */
async function initializedManager(cluster: object): Promise<EosManager> {
  const manager = createEosManager({ logger: silentLogger, cluster, transactional: true, transactionalId: 'handler-p0' });
  await manager.initProducerId();
  return manager;
}

const EVENTS_PARTITION = [{ topic: 'orders.events', partitions: [{ partition: 0 }] }];

async function runTransaction(manager: EosManager): Promise<void> {
  manager.beginTransaction();
  await manager.addPartitionsToTransaction(EVENTS_PARTITION);
  await manager.sendOffsets({ consumerGroupId: 'handler', topics: [{ topic: 'orders.commands', partitions: [{ partition: 0, offset: '1' }] }] });
  await manager.commit();
}

const TRANSACTION = 1;
const GROUP = 0;

describe('kafkajs transaction manager (patched): coordinator lookups', () => {
  it('looks each coordinator up once, not before every transactional request', async () => {
    const { cluster, allLookups, broker } = scriptedCluster();
    const manager = await initializedManager(cluster);
    for (let i = 0; i < 5; i += 1) await runTransaction(manager);

    expect(allLookups()).toEqual([
      { groupId: 'handler-p0', coordinatorType: TRANSACTION },
      { groupId: 'handler', coordinatorType: GROUP },
    ]);
    expect(broker(1).requests.filter((name) => name === 'endTxn')).toHaveLength(5);
  });

  it('retries on the new transaction coordinator after the old one answered NOT_COORDINATOR', async () => {
    const { cluster, lookupsOf, failNext, broker, moveCoordinators } = scriptedCluster();
    const manager = await initializedManager(cluster);
    await runTransaction(manager);

    moveCoordinators(2);
    failNext('initProducerId', protocolError('NOT_COORDINATOR_FOR_GROUP'));
    await manager.initProducerId();
    await runTransaction(manager);

    expect(lookupsOf(TRANSACTION)).toHaveLength(2);
    expect(broker(2).requests).toEqual(['initProducerId', 'addPartitionsToTxn', 'addOffsetsToTxn', 'endTxn']);
  });

  it('keeps the cached coordinator after an error that says nothing about it', async () => {
    const { cluster, allLookups, failNext, broker } = scriptedCluster();
    const manager = await initializedManager(cluster);
    failNext('initProducerId', protocolError('CONCURRENT_TRANSACTIONS'));
    await manager.initProducerId();

    expect(broker(1).requests).toEqual(['initProducerId', 'initProducerId', 'initProducerId']);
    expect(allLookups()).toHaveLength(1);
  });

  it('retries a transactional offset commit on the new group coordinator after the old one moved', async () => {
    const { cluster, lookupsOf, failNext, broker, moveCoordinators } = scriptedCluster();
    const manager = await initializedManager(cluster);
    await runTransaction(manager);

    moveCoordinators(2);
    failNext('txnOffsetCommit', protocolError('NOT_COORDINATOR_FOR_GROUP'));
    await runTransaction(manager);

    expect(lookupsOf(GROUP)).toHaveLength(2);
    expect(broker(2).requests).toEqual(['txnOffsetCommit']);
  });

  it('looks a coordinator up again after its connection failed', async () => {
    const { cluster, allLookups, failNext, broker, moveCoordinators } = scriptedCluster();
    const manager = await initializedManager(cluster);

    moveCoordinators(2);
    failNext('addPartitionsToTxn', Object.assign(new Error('Connection closed'), { name: 'KafkaJSConnectionError' }));
    manager.beginTransaction();
    await expect(manager.addPartitionsToTransaction(EVENTS_PARTITION)).rejects.toThrow('Connection closed');
    await manager.addPartitionsToTransaction(EVENTS_PARTITION);

    expect(allLookups()).toHaveLength(2);
    expect(broker(2).requests).toEqual(['addPartitionsToTxn']);
  });

  it('looks a coordinator up again when its broker left the cluster', async () => {
    const { cluster, lookupsOf, gone, broker, moveCoordinators } = scriptedCluster();
    const manager = await initializedManager(cluster);

    moveCoordinators(2);
    gone.add(1);
    await runTransaction(manager);

    expect(lookupsOf(TRANSACTION)).toHaveLength(2);
    expect(broker(2).requests).toEqual(['addPartitionsToTxn', 'addOffsetsToTxn', 'txnOffsetCommit', 'endTxn']);
  });
});

describe('kafkajs transaction manager (patched): retries', () => {
  const connectionRefused = (): Error => Object.assign(new Error('connect ECONNREFUSED'), { name: 'KafkaJSConnectionError' });

  it('asks for a producer id again, on fresh metadata, after the broker it asked died', async () => {
    const { cluster, failNext, broker, metadataRefreshes } = scriptedCluster();
    failNext('initProducerId', connectionRefused(), connectionRefused());
    const manager = createEosManager({ logger: silentLogger, cluster, transactional: true, transactionalId: 'handler-p0' });
    await manager.initProducerId();

    expect(broker(1).requests).toEqual(['initProducerId', 'initProducerId', 'initProducerId']);
    expect(metadataRefreshes()).toBe(2);
  });

  it('retries an AddPartitionsToTxn answered CONCURRENT_TRANSACTIONS itself, without failing the send', async () => {
    const { cluster, failNext, broker } = scriptedCluster();
    const manager = await initializedManager(cluster);
    manager.beginTransaction();
    failNext('addPartitionsToTxn', ...Array.from({ length: 5 }, () => protocolError('CONCURRENT_TRANSACTIONS')));
    await manager.addPartitionsToTransaction(EVENTS_PARTITION);
    await manager.commit();

    expect(broker(1).requests).toEqual(['initProducerId', ...Array<string>(6).fill('addPartitionsToTxn'), 'endTxn']);
  });

  it('passes any other AddPartitionsToTxn error on at once', async () => {
    const { cluster, failNext, broker } = scriptedCluster();
    const manager = await initializedManager(cluster);
    manager.beginTransaction();
    failNext('addPartitionsToTxn', protocolError('INVALID_TXN_STATE'));

    await expect(manager.addPartitionsToTransaction(EVENTS_PARTITION)).rejects.toThrow('INVALID_TXN_STATE');
    expect(broker(1).requests).toEqual(['initProducerId', 'addPartitionsToTxn']);
  });
});
