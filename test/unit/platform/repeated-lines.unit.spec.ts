/** A burst of the same log line (a broker gone away) is one line, then a count; other lines pass untouched. */
import { Writable } from 'node:stream';
import { createLogger } from '../../../platform/logger';
import { collapsingRepeats } from '../../../platform/repeated-lines';

function capture(): { lines: () => Record<string, unknown>[]; stream: Writable } {
  let text = '';
  const stream = new Writable({ write: (chunk: Buffer, _encoding, done) => ((text += chunk.toString()), done()) });
  return { stream, lines: () => text.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('collapsingRepeats', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('writes the first of a kind, counts its repeats within the window and says how many at its end', () => {
    const out = capture();
    const write = collapsingRepeats(createLogger('test', 'debug', out.stream), 10_000);
    for (let attempt = 0; attempt < 50; attempt++) write('error', { broker: 'localhost:9092', attempt }, 'Connection error: connect ECONNREFUSED');
    write('warn', {}, 'Connection error: connect ECONNREFUSED');
    write('info', { group: 'g' }, 'Consumer has joined the group');
    expect(out.lines().map((line) => [line.level, line.msg, line.attempt])).toEqual([
      [50, 'Connection error: connect ECONNREFUSED', 0],
      [40, 'Connection error: connect ECONNREFUSED', undefined],
      [30, 'Consumer has joined the group', undefined],
    ]);
    jest.advanceTimersByTime(10_000);
    expect(out.lines().slice(3)).toEqual([expect.objectContaining({ level: 50, repeated: 49, msg: 'Connection error: connect ECONNREFUSED (49 more like this in 10 s)' })]);
    // A new window starts with the next one.
    write('error', {}, 'Connection error: connect ECONNREFUSED');
    expect(out.lines()).toHaveLength(5);
  });

  it('writes debug lines as they come, and no summary for a line that did not repeat', () => {
    const out = capture();
    const write = collapsingRepeats(createLogger('test', 'debug', out.stream), 1_000);
    write('debug', {}, 'Response Metadata');
    write('debug', {}, 'Response Metadata');
    write('warn', {}, 'once');
    jest.advanceTimersByTime(1_000);
    expect(out.lines().map((line) => line.msg)).toEqual(['Response Metadata', 'Response Metadata', 'once']);
  });
});
