import { describe, expect, it } from '@jest/globals';
import { NotFoundError } from '../../../platform/errors';
import type { Position } from '../../../cli/arguments';
import { offsetIn, type PartitionExtent } from '../../../platform/kafka';
import { rangeOf, selectPartitions, type RangeSelection } from '../../../cli/ranges';
import { isComplete } from '../../../platform/kafka';
import { isInternalTopic, resolveDeadLetterTopicName, resolveTopicName } from '../../../cli/topic-name';

const extent: PartitionExtent = { partition: 2, low: 10n, high: 50n };
const offset = (value: number): Position => ({ kind: 'offset', offset: BigInt(value) });
const timestamp: Position = { kind: 'timestamp', ms: Date.UTC(2025, 0, 1) };

describe('offsetIn', () => {
  it('clamps offsets into what the partition holds', () => {
    expect(offsetIn(extent, offset(5), undefined)).toBe(10n);
    expect(offsetIn(extent, offset(20), undefined)).toBe(20n);
    expect(offsetIn(extent, offset(99), undefined)).toBe(50n);
    expect(offsetIn(extent, { kind: 'earliest' }, undefined)).toBe(10n);
    expect(offsetIn(extent, { kind: 'latest' }, undefined)).toBe(50n);
  });

  it("takes the broker's answer for a timestamp, or the end when there is none", () => {
    expect(offsetIn(extent, timestamp, 30n)).toBe(30n);
    expect(offsetIn(extent, timestamp, undefined)).toBe(50n);
  });
});

describe('rangeOf', () => {
  const dump: RangeSelection = { from: { kind: 'earliest' }, follow: false };
  const follow: RangeSelection = { from: { kind: 'latest' }, follow: true };

  it('stops a dump at the end the partition has now, or earlier at --to', () => {
    expect(rangeOf(extent, dump, 10n, undefined)).toEqual({ partition: 2, from: 10n, to: 50n });
    expect(rangeOf(extent, { ...dump, to: offset(30) }, 10n, 30n)).toEqual({ partition: 2, from: 10n, to: 30n });
  });

  it('follows without end, or up to an offset beyond the current end', () => {
    expect(rangeOf(extent, follow, 50n, undefined)).toEqual({ partition: 2, from: 50n, to: undefined });
    expect(rangeOf(extent, { ...follow, to: offset(80) }, 50n, 50n)).toEqual({ partition: 2, from: 50n, to: 80n });
  });

  it('follows up to a timestamp: an offset once records reach it, a per-record cut-off before', () => {
    expect(rangeOf(extent, { ...follow, to: timestamp }, 10n, 40n)).toEqual({ partition: 2, from: 10n, to: 40n });
    expect(rangeOf(extent, { ...follow, to: timestamp }, 10n, 50n)).toEqual({ partition: 2, from: 10n, to: undefined, untilTimestamp: timestamp.ms });
  });

  it('knows an empty range is complete', () => {
    expect(isComplete({ partition: 0, from: 5n, to: 5n })).toBe(true);
    expect(isComplete({ partition: 0, from: 5n, to: undefined })).toBe(false);
  });
});

describe('selectPartitions', () => {
  const extents: PartitionExtent[] = [0, 1, 2].map((partition) => ({ partition, low: 0n, high: 1n }));

  it('selects every partition by default, or the ones asked for', () => {
    expect(selectPartitions('t', extents, undefined)).toHaveLength(3);
    expect(selectPartitions('t', extents, [2, 0]).map((e) => e.partition)).toEqual([0, 2]);
  });

  it('names partitions the topic does not have', () => {
    expect(() => selectPartitions('orders.events', extents, [1, 7])).toThrow(new NotFoundError('topic orders.events has no partition 7 (it has 3: 0..2)'));
  });
});

describe('resolveTopicName', () => {
  const existing = new Set(['test.orders.events', 'orders.events', 'views.store_stats']);

  it('prefers the installation topic when TOPIC_PREFIX is set, and accepts full names', () => {
    expect(resolveTopicName('orders.events', 'test.', existing)).toBe('test.orders.events');
    expect(resolveTopicName('test.orders.events', 'test.', existing)).toBe('test.orders.events');
    expect(resolveTopicName('views.store_stats', 'test.', existing)).toBe('views.store_stats');
    expect(resolveTopicName('orders.events', '', existing)).toBe('orders.events');
  });

  it('names every name it tried', () => {
    expect(() => resolveTopicName('chat.events', 'test.', existing)).toThrow('unknown topic "test.chat.events" or "chat.events"');
    expect(() => resolveTopicName('chat.events', '', existing)).toThrow(NotFoundError);
  });

  it('takes a domain for its dead-letter topic, and a dead-letter topic by name', () => {
    const topics = new Set(['test.orders.deadletters', 'orders.deadletters', 'orders']);
    expect(resolveDeadLetterTopicName('orders', 'test.', topics)).toBe('orders');
    expect(resolveDeadLetterTopicName('orders', 'test.', new Set(['test.orders.deadletters']))).toBe('test.orders.deadletters');
    expect(resolveDeadLetterTopicName('orders.deadletters', 'test.', topics)).toBe('test.orders.deadletters');
    expect(() => resolveDeadLetterTopicName('chat', 'test.', topics)).toThrow('unknown topic or domain "chat": neither a topic of that name nor test.chat.deadletters exists');
    expect(() => resolveDeadLetterTopicName('chat.deadletters', '', topics)).toThrow('unknown topic "chat.deadletters"');
  });

  it("recognises Kafka's internal topics", () => {
    expect(isInternalTopic('__consumer_offsets')).toBe(true);
    expect(isInternalTopic('orders.events')).toBe(false);
  });
});
