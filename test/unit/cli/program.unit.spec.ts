/** The program's contract without a broker: usage errors exit 2 before connecting, every command explains itself. */
import { describe, expect, it } from '@jest/globals';
import { EXIT_OK, EXIT_USAGE, run } from '../../../cli/main';

async function eventline(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(['node', 'eventline', ...args], { out: (text) => (out += text), err: (text) => (err += text) });
  return { code, out, err };
}

describe('eventline usage errors', () => {
  it.each([
    [['events', 'dump'], "missing required argument 'topic'"],
    [['events', 'dump', 'orders.events', '--from', 'yesterday'], 'bad position "yesterday"'],
    [['events', 'tail', 'orders.events', '--limit', '0'], 'expected an integer 1 or more'],
    [['events', 'dump', 'orders.events', '--raw', 'octal'], 'Allowed choices are hex, base64'],
    [['--brokers', 'localhost', 'topics'], '--brokers: expected host:port'],
    [['dlq', 'replay', 'orders.deadletters'], 'give either --offset <partition:offset>… or --all'],
    [['dlq', 'replay', 'orders.deadletters', '--all', '--offset', '1:2'], 'give either --offset'],
    [['offsets', 'reset', 'analytics'], "required option '--to <position>' not specified"],
    [['offsets', 'reset', 'analytics', '--to', '12'], 'expected earliest, latest or an ISO 8601 timestamp'],
    [['lag', 'a', 'b'], 'too many arguments'],
    [['replay', 'order'], 'Allowed choices are orders, store_stats, orders_event_history, rooms, room_members, messages, chat_event_history'],
    [['replay', 'orders', '--until', '2025-01-01'], '--until needs --dry-run'],
    [['topics', 'describe'], "missing required argument 'topic'"],
  ])('%j exits 2 and says why', async (args, why) => {
    const { code, err } = await eventline(...args);
    expect(code).toBe(EXIT_USAGE);
    expect(err).toContain(why);
    expect(err).not.toContain('    at ');
  });
});

describe('eventline --help', () => {
  it.each([
    [['events', 'dump'], '--key <key>'],
    [['events', 'tail'], 'Examples:'],
    [['dlq', 'list'], 'Examples:'],
    [['dlq', 'replay'], '--dry-run'],
    [['lag'], 'projector (db)'],
    [['offsets', 'reset'], 'Examples:'],
    [['topics'], 'Examples:'],
    [['topics', 'describe'], '--all-configs'],
    [['replay'], 'Examples:'],
    [['schemas', 'check'], '--dir <path>'],
  ])('%j explains its options', async (args, expected) => {
    const { code, out } = await eventline(...args, '--help');
    expect(code).toBe(EXIT_OK);
    expect(out).toContain(expected);
  });

  it('lists every command group and the connection flags', async () => {
    const { out } = await eventline('--help');
    for (const name of ['events', 'dlq', 'lag', 'offsets', 'topics', 'replay', 'schemas', '--brokers', '--database-url', '--json']) expect(out).toContain(name);
  });
});
