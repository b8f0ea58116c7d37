import { describe, expect, it } from '@jest/globals';
import type { KafkaMessage } from 'kafkajs';
import { deadLetterJson, deadLetterOf, replayOf, selectDeadLetters, withoutDeadLetterHeaders } from '../../../cli/dead-letters';
import { BadRequestError, DecodeError, NotFoundError } from '../../../platform/errors';
import { deadLetter } from '../../../platform/kafka';

const source: KafkaMessage = {
  key: Buffer.from('order-9'),
  value: Buffer.from('{"not":"avro"}'),
  offset: '56',
  timestamp: '1735732800000',
  attributes: 0,
  headers: { 'eventline-type': Buffer.from('PlaceOrder') },
} as KafkaMessage;

/** A dead letter as a consumer writes it, read back from the dead-letter topic at `partition`:`offset`. */
function stored(partition: number, offset: string): ReturnType<typeof deadLetterOf> {
  const written = deadLetter({ topic: 'orders.commands', partition: 2, message: source }, new DecodeError('wrong magic byte 123'), 'eventline-command-handler');
  return deadLetterOf(partition, { ...source, offset, headers: written.headers } as KafkaMessage);
}

describe('dead letters', () => {
  it('reads the reason and the source coordinates back from the headers', () => {
    expect(deadLetterJson(stored(1, '0'))).toMatchObject({
      partition: 1,
      offset: '0',
      key: 'order-9',
      error: 'wrong magic byte 123',
      code: 'SCHEMA_DECODE_FAILED',
      consumer: 'eventline-command-handler',
      source: { topic: 'orders.commands', partition: 2, offset: '56' },
    });
  });

  it('replays the original key, bytes and headers to the source partition, without the dead-letter headers', () => {
    const replay = replayOf('orders.deadletters', stored(1, '0'));
    expect(replay.topic).toBe('orders.commands');
    expect(replay.message).toEqual({ key: source.key, value: source.value, partition: 2, headers: { 'eventline-type': Buffer.from('PlaceOrder') } });
    expect(withoutDeadLetterHeaders({ a: 'x', 'eventline-dlq-error': 'y' })).toEqual({ a: 'x' });
  });

  it('refuses to replay a record that carries no source', () => {
    expect(() => replayOf('orders.deadletters', deadLetterOf(0, source))).toThrow(NotFoundError);
  });

  it('selects by <partition>:<offset>, and by bare offset only on a single-partition topic', () => {
    const letters = [stored(0, '3'), stored(1, '3'), stored(1, '5')];
    expect(selectDeadLetters('dlq', letters, [{ partition: 1, offset: 5n }, { partition: 0, offset: 3n }], 2).map((l) => `${l.partition}:${l.offset}`)).toEqual(['1:5', '0:3']);
    expect(() => selectDeadLetters('dlq', letters, [{ partition: undefined, offset: 3n }], 2)).toThrow(BadRequestError);
    expect(() => selectDeadLetters('dlq', letters, [{ partition: undefined, offset: 3n }], 2)).toThrow('give it as <partition>:3');
    expect(selectDeadLetters('dlq', [stored(0, '3')], [{ partition: undefined, offset: 3n }], 1)).toHaveLength(1);
    expect(() => selectDeadLetters('dlq', letters, [{ partition: 1, offset: 4n }], 2)).toThrow('dlq has no record at 1:4');
  });
});
