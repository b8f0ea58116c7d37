/**
 * The size of command records on `<domain>.commands`, so that Kafka's producer perf tool
 * (the reference of ingest and command-handler) writes records as big as Eventline's.
 */
import { commandRecord, type TestCommand } from '../../test/support/commands';
import { codec } from '../../test/support/kafka';

/** Mean framed-Avro value bytes of `commands`, rounded up (keys are not counted: the perf tool sends none). */
export function meanCommandRecordBytes(commands: readonly TestCommand[]): number {
  const total = commands.reduce((sum, command) => sum + codec.encode(`eventline.${command.domain}.${command.name}`, commandRecord(command)).length, 0);
  return Math.ceil(total / Math.max(1, commands.length));
}
