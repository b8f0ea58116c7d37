/**
 * kafka-reference: what the Kafka broker on this machine does with its own tools, alone —
 * the ceiling of every Kafka-bound figure. ProducerPerformance writes records the size of an
 * Eventline event as Eventline produces (acks=-1, idempotent); ConsumerPerformance then reads
 * them back with a fresh group.
 */
import { benchAdmin, benchKafka, createBenchTopics, measured, topicPrefix, type Benchmark } from '../harness';
import { consumerPerformance, producerPerformance } from '../references/kafka-perf';

export const kafkaReferenceBenchmark: Benchmark = {
  name: 'kafka-reference',
  summary: "Kafka's ProducerPerformance and ConsumerPerformance alone, records/s and MB/s",
  needs: ['kafka'],
  targets: [],
  budgetMs: 150_000,
  async run(context) {
    const parameters = {
      records: context.scaled(1_000_000, 50_000),
      recordSize: 200,
      partitions: context.config.topicPartitions,
      producerProps: 'acks=-1 enable.idempotence=true',
    };
    const topic = `${topicPrefix(context)}perf`;
    await createBenchTopics(context, await benchAdmin(context, benchKafka(context)), [{ topic, numPartitions: parameters.partitions, configEntries: [] }]);
    context.log(`producing ${parameters.records.toLocaleString('en-US')} records of ${parameters.recordSize} bytes`);
    const produced = await producerPerformance(context, { topic, records: parameters.records, recordSize: parameters.recordSize });
    context.log('consuming them');
    const consumed = await consumerPerformance(context, { topic, records: parameters.records, group: `${topicPrefix(context)}group` });
    return measured(
      [
        { label: 'produce', value: produced.recordsPerSec, unit: 'records/s' },
        { label: 'produce', value: produced.mbPerSec, unit: 'MB/s' },
        { label: 'consume', value: consumed.recordsPerSec, unit: 'records/s' },
        { label: 'consume', value: consumed.mbPerSec, unit: 'MB/s' },
      ],
      parameters,
      { producer: produced, consumer: consumed },
    );
  },
};
