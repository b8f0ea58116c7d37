/**
 * The exactly-once check of the kill tests (invariants 2–4): every command has its one
 * outcome (a redelivered command repeats the identical outcome), the outcomes are those of the
 * pure decider, and every aggregate's events carry versions 1..n, each accepted command's
 * events once. Returns the events it read, for checks of what was built from them.
 */
import type { Kafka } from 'kafkajs';
import type { TopicNames } from '../../platform/kafka';
import type { eventline } from '../../schemas';
import type { TestCommand } from './commands';
import { expectedOutcomes } from './expected';
import { readDecoded, waitFor } from './kafka';

export async function expectExactlyOnce(kafka: Kafka, topics: TopicNames, commands: readonly (TestCommand & { commandId: string })[], timeoutMs = 240_000): Promise<Awaited<ReturnType<typeof readDecoded>>> {
  const expected = expectedOutcomes(commands);
  const outcomes = await waitFor(
    async () => {
      const records = await readDecoded(kafka, topics.domain('orders', 'outcomes'));
      const ids = new Set(records.map((r) => (r.decoded.value as eventline.CommandOutcome).commandId));
      return ids.size >= commands.length ? records.map((r) => r.decoded.value as eventline.CommandOutcome) : undefined;
    },
    timeoutMs,
    `${commands.length} outcomes`,
    2_000,
  );
  const byId = new Map<string, eventline.CommandOutcome>();
  for (const outcome of outcomes) {
    const first = byId.get(outcome.commandId);
    if (first) {
      expect({ ...outcome, decidedAt: first.decidedAt }).toEqual(first);
    } else byId.set(outcome.commandId, outcome);
  }
  expect(byId.size).toBe(commands.length);
  for (const command of commands) {
    const outcome = byId.get(command.commandId)!;
    expect({ id: command.commandId, status: outcome.status, version: outcome.version, events: outcome.events }).toEqual({ id: command.commandId, ...expected.get(command.commandId) });
  }

  const events = await readDecoded(kafka, topics.domain('orders', 'events'));
  const versions = new Map<string, number[]>();
  const causes = new Map<string, number>();
  for (const { decoded } of events) {
    const event = decoded.value as { aggregateId: string; version: number; commandId: string };
    versions.set(event.aggregateId, [...(versions.get(event.aggregateId) ?? []), event.version]);
    causes.set(event.commandId, (causes.get(event.commandId) ?? 0) + 1);
  }
  for (const [aggregateId, list] of versions) {
    expect({ aggregateId, versions: list }).toEqual({ aggregateId, versions: list.map((_, i) => i + 1) });
  }
  const accepted = commands.filter((c) => expected.get(c.commandId)!.status === 'ACCEPTED');
  expect(events.length).toBe(accepted.length);
  for (const command of accepted) expect(causes.get(command.commandId)).toBe(1);
  return events;
}
