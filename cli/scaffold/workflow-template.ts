/**
 * The files `eventline new workflow <name>` writes: a workflow that reacts to one event of a
 * registered domain with one command of a registered domain, in the shape of order
 * fulfilment, meant to be edited into the real one. The command's data copies what the event
 * has under the same name (and the source's aggregate id for a field named as its key); every
 * other field is a placeholder its schema's bounds accept.
 */
import type { DomainModule } from '../../domains/domain-module';
import { BadRequestError } from '../../platform/errors';
import { capitalized } from '../../platform/text';
import { tsLiteral } from './ts-literal';

export interface WorkflowNames {
  /** Lower-case words joined by dashes, e.g. `stock-alerts`. */
  readonly name: string;
  /** `stockAlerts`: prefix of the module's exports. */
  readonly camel: string;
  /** `StockAlerts`: prefix of its types. */
  readonly pascal: string;
}

export function workflowNames(name: string): WorkflowNames {
  const camel = name.replace(/-([a-z0-9])/g, (_dash, letter: string) => letter.toUpperCase());
  return { name, camel, pascal: capitalized(camel) };
}

/** What the scaffolded workflow reacts to and what it sends. */
export interface WorkflowWiring {
  readonly source: DomainModule;
  readonly event: string;
  readonly target: DomainModule;
  readonly command: string;
}

type AvroJson = Readonly<Record<string, unknown>>;

/** A command data field: copied from the event (`event.<path>`) or a placeholder value. */
interface CommandField {
  readonly name: string;
  readonly copied?: string;
  readonly value: unknown;
}

/** Path (relative to the project root) → content. */
export function workflowFiles(names: WorkflowNames, wiring: WorkflowWiring): ReadonlyMap<string, string> {
  const eventFields = wiring.source.schemas.events[wiring.event]?.data.fields;
  const commandFields = wiring.target.schemas.commands[wiring.command]?.data.fields;
  if (eventFields === undefined) throw new BadRequestError(`the ${wiring.source.name} domain has no event ${wiring.event}`);
  if (commandFields === undefined) throw new BadRequestError(`the ${wiring.target.name} domain has no command ${wiring.command}`);
  const eventData = recordPlaceholder(eventFields, names.name, `${wiring.event}.data`);
  const command = commandFields.map((field) => commandField(field, eventFields, wiring.source.aggregateKey, names.name, wiring.command));
  return new Map([
    [`domains/workflows/${names.name}/index.ts`, indexFile(names, wiring)],
    [`domains/workflows/${names.name}/react.ts`, reactFile(names, wiring, command)],
    [`test/unit/workflows/${names.name}.unit.spec.ts`, specFile(names, wiring, eventData, command)],
  ]);
}

function commandField(field: AvroJson, eventFields: readonly AvroJson[], sourceKey: string, text: string, command: string): CommandField {
  const name = String(field.name);
  const same = eventFields.find((candidate) => candidate.name === name && JSON.stringify(candidate.type) === JSON.stringify(field.type));
  const value = placeholder(field.type, field, text, `${command}.data.${name}`);
  if (same !== undefined) return { name, copied: `data.${name}`, value };
  if (name === sourceKey && field.type === 'string') return { name, copied: 'aggregateId', value };
  return { name, value };
}

function recordPlaceholder(fields: readonly AvroJson[], text: string, where: string): Record<string, unknown> {
  return Object.fromEntries(fields.map((field) => [field.name, placeholder(field.type, field, text, `${where}.${String(field.name)}`)]));
}

/** A value of an Avro type that the field's `eventline.*` bounds accept. */
function placeholder(type: unknown, bounds: AvroJson, text: string, where: string): unknown {
  if (Array.isArray(type)) return type.includes('null') ? null : placeholder(type[0], bounds, text, where);
  if (typeof type === 'object' && type !== null && !('logicalType' in type)) {
    const complex = type as AvroJson;
    if (complex.type === 'record') return recordPlaceholder(complex.fields as AvroJson[], text, where);
    if (complex.type === 'enum') return (complex.symbols as string[])[0];
    if (complex.type === 'array') {
      const itemBounds = { 'eventline.maxLength': bounds['eventline.itemMaxLength'] };
      return Array.from({ length: Number(bounds['eventline.minItems'] ?? 0) }, () => placeholder(complex.items, itemBounds, text, `${where}[]`));
    }
  }
  switch (type) {
    case 'string':
      return text.slice(0, Number(bounds['eventline.maxLength'] ?? text.length)).padEnd(Number(bounds['eventline.minLength'] ?? 0), 'x');
    case 'int':
    case 'long':
    case 'float':
    case 'double':
      return bounds['eventline.minimum'] ?? 1;
    case 'boolean':
      return false;
    default:
      throw new BadRequestError(`the scaffold cannot fill ${where} (Avro type ${JSON.stringify(type)}): choose another event or command`);
  }
}

function indexFile({ name, camel, pascal }: WorkflowNames, { source, event, target, command }: WorkflowWiring): string {
  return `/** The ${name} workflow: ${source.name} ${event} → ${target.name} ${command} (react.ts). */
import { defineWorkflow, type WorkflowModule } from '../../workflow';
import { initial${pascal}State, react, type ${pascal}Event, type ${pascal}State } from './react';

export { react as reactTo${pascal}Event, type ${pascal}Event, type ${pascal}State } from './react';

export const ${camel}Workflow: WorkflowModule<${pascal}State, ${pascal}Event> = defineWorkflow<${pascal}State, ${pascal}Event>({
  name: '${name}',
  sources: ['${source.name}'],
  initialState: initial${pascal}State,
  react,
});
`;
}

function reactFile({ name, pascal }: WorkflowNames, { source, event, target, command }: WorkflowWiring, fields: readonly CommandField[]): string {
  const data = fields.map((field) => `${field.name}: ${field.copied === undefined ? tsLiteral(field.value, 3) : `event.${field.copied}`}`);
  return `/**
 * The ${name} workflow: ${source.name} ${event} → ${target.name} ${command}, addressed to
 * the source aggregate's id. Scaffolded by \`eventline new workflow ${name}\`: the command's data
 * copies the event's fields of the same name; the rest are placeholders to replace
 * (docs/extending.md, "Adding a workflow"). Pure: no Kafka, no clock.
 *
 * The state is kept per ${source.name} aggregate: how many commands it was sent for.
 */
import type { ${target.name} } from '../../../schemas/generated';
import type { ${source.name}Domain } from '../../${source.name}';
import { noReaction, type Reaction, type SourceEventOf } from '../../workflow';

export type ${pascal}Event = SourceEventOf<typeof ${source.name}Domain>;

export interface ${pascal}State {
  readonly commandsSent: number;
}

export function initial${pascal}State(): ${pascal}State {
  return { commandsSent: 0 };
}

export function react(event: ${pascal}Event, state: ${pascal}State): Reaction<${pascal}State> {
  switch (event.type) {
    case '${event}': {
      const data: ${target.name}.${command}Data = { ${data.join(', ')} };
      return {
        commands: [{ domain: '${target.name}', name: '${command}', aggregateId: event.aggregateId, data }],
        state: { commandsSent: state.commandsSent + 1 },
      };
    }
    default:
      return noReaction(state);
  }
}
`;
}

function specFile(
  { name, camel, pascal }: WorkflowNames,
  { source, event, target, command }: WorkflowWiring,
  eventData: Record<string, unknown>,
  fields: readonly CommandField[],
): string {
  const builder = `${event.charAt(0).toLowerCase()}${event.slice(1)}`;
  const expected = fields.map(({ name: field, copied, value }) => {
    if (copied === 'aggregateId') return `${field}: ID`;
    return `${field}: ${tsLiteral(copied === undefined ? value : eventData[field], 3)}`;
  });
  return `/** The ${name} workflow as given(events) / when(event) / then(commands). */
import { describe, expect, it } from '@jest/globals';
import { workflows } from '../../../domains';
import { ${camel}Workflow, type ${pascal}Event } from '../../../domains/workflows/${name}';
import { workflowSpec } from './support/workflow-spec';

const ID = '${source.name}-1';
const spec = workflowSpec(${camel}Workflow);

/** ${event} of aggregate ID as the command handler records it. */
const ${builder} = (version: number): ${pascal}Event => ({
  type: '${event}',
  domain: '${source.name}',
  aggregateId: ID,
  version,
  commandId: \`cmd-\${version}\`,
  userId: 'user-1',
  occurredAt: new Date('2025-01-01T12:00:00Z'),
  data: ${tsLiteral(eventData, 1)},
});

describe('the ${name} workflow', () => {
  it('sends ${command} to ${target.name} when ${source.name} records ${event}', () => {
    spec.given([]).when(${builder}(1)).then([{ domain: '${target.name}', name: '${command}', aggregateId: ID, data: { ${expected.join(', ')} } }]);
  });

  it('counts the commands it sent per aggregate', () => {
    spec.given([${builder}(1)]).when(${builder}(2)).thenState({ commandsSent: 2 });
  });

  it('is registered, reacting to ${source.name} and acting as staff under its own user id', () => {
    expect(workflows).toContain(${camel}Workflow);
    expect(${camel}Workflow).toMatchObject({ sources: ['${source.name}'], actor: { userId: 'workflow:${name}', roles: ['staff'] } });
  });
});
`;
}
