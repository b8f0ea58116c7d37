/**
 * What the outcomes of a command sequence must be: the pure decider folded over each
 * aggregate's commands in the order they were produced (one key = one partition = order kept).
 */
import { commandFromRecord, findDomain, type Decider } from '../../domains';
import { decodedCommandRecord, type TestCommand } from './commands';

export interface ExpectedOutcome {
  status: 'ACCEPTED' | 'REJECTED';
  version: number;
  events: string[];
}

export function expectedOutcomes(commands: readonly (TestCommand & { commandId: string })[]): Map<string, ExpectedOutcome> {
  const states = new Map<string, { state: unknown; version: number }>();
  const expected = new Map<string, ExpectedOutcome>();
  for (const command of commands) {
    const decider = findDomain(command.domain)!.decider as Decider<unknown, never, never>;
    const key = `${command.domain}/${command.aggregateId}`;
    const before = states.get(key) ?? { state: decider.initialState(), version: 0 };
    const decision = decider.decide(commandFromRecord(command.name, decodedCommandRecord(command) as never) as never, before.state);
    if (decision.status === 'accepted') {
      const state = decision.events.reduce((s, e) => decider.evolve(s, e), before.state);
      states.set(key, { state, version: before.version + decision.events.length });
      expected.set(command.commandId, { status: 'ACCEPTED', version: before.version + decision.events.length, events: decision.events.map((e: { type: string }) => e.type) });
    } else {
      expected.set(command.commandId, { status: 'REJECTED', version: before.version, events: [] });
    }
  }
  return expected;
}
