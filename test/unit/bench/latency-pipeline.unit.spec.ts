import { InternalError } from '../../../platform/errors';
import { parsePipelineReport } from '../../../bench/references/latency-pipeline';

const line = (fields: Record<string, unknown>): string => JSON.stringify(fields);
const complete = { ratePerSec: 500, expected: 10_000, count: 9_998, p50Ms: 1.8, p90Ms: 2.7, p99Ms: 22.9, maxMs: 44.7 };

describe('parsePipelineReport', () => {
  it('reads the report lines, in order, and skips whatever else the JVM printed', () => {
    const stdout = ['[main] INFO org.apache.kafka.clients.producer.KafkaProducer - started', line(complete), '', line({ ...complete, ratePerSec: 2_000 }), 'done'].join('\n');
    expect(parsePipelineReport(stdout)).toEqual([complete, { ...complete, ratePerSec: 2_000 }]);
  });

  it('rejects a report line that lacks a figure, naming it', () => {
    const withoutP99 = Object.fromEntries(Object.entries(complete).filter(([field]) => field !== 'p99Ms'));
    expect(() => parsePipelineReport(line(withoutP99))).toThrow(InternalError);
    expect(() => parsePipelineReport(line(withoutP99))).toThrow(/p99Ms/);
    expect(() => parsePipelineReport(line({ ...complete, count: '9998' }))).toThrow(/count/);
  });

  it('finds nothing in output without report lines', () => {
    expect(parsePipelineReport('Exception in thread "main" java.lang.IllegalArgumentException: missing option rates=...\n')).toEqual([]);
  });
});
