/**
 * Renders client/generated/: the client SDK's typings of Eventline's commands and streams,
 * as JSON carries them on the wire (timestamps ISO-8601 strings, `readonly` throughout), so
 * that `new EventlineClient<EventlineSchema>(…)` checks command data and narrows events by
 * name. Written from what the gateway serializes, so the two cannot drift:
 *
 * - a command's `data` and an event's `data`: the `data` field of the latest Avro schema of
 *   `<namespace>.<name>` (the gateway sends an event's `data` as decoded, JSON-stringified);
 * - a view row: the view's Avro record restricted to the read model's columns (the gateway
 *   sends `rowProperties(model, row)`: no `version`);
 * - stream names: the topic names without TOPIC_PREFIX, as the gateway's stream catalog has them.
 *
 * One module per Avro namespace (named after its last segment): its types, and for a domain
 * `Commands` (name → data) and `Events` (name → data); index.ts ties them into `EventlineSchema`.
 */
import { domains } from '../../domains';
import { InternalError } from '../../platform/errors';
import { TopicNames } from '../../platform/kafka/topics';
import { readModels } from '../../read-models/registry';
import type { Catalog } from '../catalog';
import { namedTypes, type FieldNode, type NamedSchemaNode, type RecordNode, type SchemaNode } from '../model';
import { jsDoc, renderDeclaration, renderType, type RefName, type TypeStyle } from './render-types';

const HEADER =
  '// Generated from schemas/catalog.json and the read models by schemas/tools/generate-types.ts (`npm run schemas:generate`). Do not edit.\n';

/** As JSON carries records on the wire. */
const WIRE_STYLE: TypeStyle = { timestamp: 'string', bytes: undefined, readonly: true };

export interface ClientDomain {
  readonly name: string;
  /** Avro namespace of its records, e.g. `eventline.orders`. */
  readonly namespace: string;
  readonly commandNames: readonly string[];
  readonly eventNames: readonly string[];
  /** Wire name of its event stream, e.g. `orders.events`. */
  readonly eventStream: string;
  /** Command data fields the gateway fills in with the caller's user id when left out. */
  readonly callerDefaults: Readonly<Partial<Record<string, readonly string[]>>>;
}

export interface ClientView {
  /** Wire name, e.g. `views.store_stats`. */
  readonly stream: string;
  /** The Avro record published to it, e.g. `eventline.orders.StoreStats`. */
  readonly subject: string;
  /** The row properties the gateway sends, in order (the read model's columns). */
  readonly columns: readonly string[];
}

export interface ClientTypesSource {
  readonly domains: readonly ClientDomain[];
  readonly views: readonly ClientView[];
}

/** Eventline's domains and views, as the gateway's stream catalog builds them. */
export function eventlineClientTypesSource(): ClientTypesSource {
  const wire = new TopicNames();
  return {
    domains: domains.map(({ name, namespace, commandNames, eventNames, access }) => ({
      name,
      namespace,
      commandNames,
      eventNames,
      eventStream: wire.domain(name, 'events'),
      callerDefaults: access.callerDefaults,
    })),
    views: readModels.flatMap((model) =>
      model.view === undefined || model.viewSubject === undefined
        ? []
        : [{ stream: wire.view(model.view), subject: model.viewSubject, columns: model.columnList.map(([property]) => property) }],
    ),
  };
}

interface Module {
  readonly namespace: string;
  readonly declarations: Map<string, string>;
  readonly imports: Set<string>;
  readonly maps: string[];
}

/** File name (inside client/generated/) → file content. */
export function renderClientTypes(catalog: Catalog, source: ClientTypesSource): Map<string, string> {
  const modules = new Map<string, Module>();
  const moduleOf = (namespace: string): Module & { name: string } => {
    const name = namespace.slice(namespace.lastIndexOf('.') + 1);
    let module = modules.get(name);
    if (module !== undefined && module.namespace !== namespace) throw new InternalError(`namespaces ${module.namespace} and ${namespace} would both generate ${name}.ts`);
    if (module === undefined) modules.set(name, (module = { namespace, declarations: new Map(), imports: new Set(), maps: [] }));
    return { ...module, name };
  };
  const refFrom =
    (module: Module & { name: string }): RefName =>
    (ref) => {
      const target = moduleOf(ref.namespace).name;
      if (target === module.name) return ref.name;
      module.imports.add(target);
      return `${target}.${ref.name}`;
    };
  const declare = (node: NamedSchemaNode, fields?: readonly FieldNode[]): void => {
    const module = moduleOf(node.namespace);
    const declaration = renderDeclaration(node, WIRE_STYLE, refFrom(module), fields);
    const existing = module.declarations.get(node.name);
    if (existing !== undefined && existing !== declaration) throw new InternalError(`${node.fullName} would be declared differently twice in client/generated/${module.name}.ts`);
    module.declarations.set(node.name, declaration);
  };
  /** Declares every named type `node` uses, and renders a reference to it from `module`. */
  const typeOf = (node: SchemaNode, module: Module & { name: string }): string => {
    for (const named of reachable(node)) declare(named);
    return renderType(node, WIRE_STYLE, refFrom(module));
  };
  const dataOf = (subject: string): SchemaNode => {
    const data = catalog.latest(subject).model.fields.find((field) => field.name === 'data');
    if (data === undefined) throw new InternalError(`${subject} has no data field`);
    return data.type;
  };
  /**
   * What a client sends as a command's data: the record, with the fields it may leave out
   * optional — those with an Avro default, and those the gateway fills in from the caller.
   */
  const commandDataOf = (domain: ClientDomain, name: string, module: Module & { name: string }): string => {
    const data = dataOf(`${domain.namespace}.${name}`);
    const rendered = typeOf(data, module);
    const fromCaller = domain.callerDefaults[name] ?? [];
    const optional = data.kind === 'record' ? data.fields.filter((field) => field.hasDefault || fromCaller.includes(field.name)).map((field) => `'${field.name}'`) : [];
    return optional.length === 0 ? rendered : `Omit<${rendered}, ${optional.join(' | ')}> & Partial<Pick<${rendered}, ${optional.join(' | ')}>>`;
  };

  const streams: string[] = [];
  const schemaCommands: string[] = [];
  for (const domain of [...source.domains].sort((a, b) => a.name.localeCompare(b.name))) {
    const module = moduleOf(domain.namespace);
    const entries = (names: readonly string[], render: (name: string) => string): string => [...names].sort().map((name) => `  readonly ${name}: ${render(name)};\n`).join('');
    const commands = entries(domain.commandNames, (name) => commandDataOf(domain, name, module));
    const events = entries(domain.eventNames, (name) => typeOf(dataOf(`${domain.namespace}.${name}`), module));
    module.maps.push(`/** Commands of ${domain.name}: name → data (fields with a default, or that default to the caller, may be left out). */\nexport type Commands = {\n${commands}};\n`);
    module.maps.push(`/** Events of \`${domain.eventStream}\`: name → data. */\nexport type Events = {\n${events}};\n`);
    schemaCommands.push(`    readonly ${domain.name}: ${module.name}.Commands;\n`);
    streams.push(`    readonly '${domain.eventStream}': { readonly kind: 'events'; readonly events: ${module.name}.Events };\n`);
  }
  for (const view of source.views) {
    const record = catalog.latest(view.subject).model;
    const fields = view.columns.map((column) => {
      const field = record.fields.find((candidate) => candidate.name === column);
      if (field === undefined) throw new InternalError(`${view.subject} has no field ${column}, a column of the ${view.stream} read model`);
      return field;
    });
    const row: RecordNode = { ...record, doc: `${record.doc ?? record.name} As \`${view.stream}\` sends it: without \`version\`.` };
    for (const field of fields) for (const named of reachable(field.type)) declare(named);
    declare(row, fields);
    streams.push(`    readonly '${view.stream}': { readonly kind: 'view'; readonly name: '${record.name}'; readonly row: ${moduleOf(record.namespace).name}.${record.name} };\n`);
  }

  const files = new Map<string, string>();
  const moduleNames = [...modules.keys()].sort();
  for (const name of moduleNames) {
    const { namespace, declarations, imports, maps } = modules.get(name) as Module;
    const importLines = [...imports].sort().map((other) => `import type * as ${other} from './${other}.js';\n`);
    const body = [...[...declarations.keys()].sort().map((key) => declarations.get(key) as string), ...maps];
    files.set(
      `${name}.ts`,
      `${HEADER}// Avro namespace ${namespace}, as JSON carries it on the wire: timestamps are ISO-8601 strings.\n${importLines.length ? `\n${importLines.join('')}` : ''}\n${body.join('\n')}`,
    );
  }
  files.set(
    'index.ts',
    `${HEADER}\n${moduleNames.map((name) => `import type * as ${name} from './${name}.js';\n`).join('')}\n` +
      `export type { ${moduleNames.join(', ')} };\n\n` +
      `${jsDoc("Eventline's commands and streams: `new EventlineClient<EventlineSchema>(…)` checks command data and narrows each stream's events.", '')}` +
      `export type EventlineSchema = {\n  readonly commands: {\n${schemaCommands.join('')}  };\n  readonly streams: {\n${streams.sort().join('')}  };\n};\n`,
  );
  return files;
}

/** The named types `node` uses, itself included. */
function reachable(node: SchemaNode): NamedSchemaNode[] {
  if (node.kind === 'record') return namedTypes(node);
  if (node.kind === 'enum') return [node];
  if (node.kind === 'array') return reachable(node.items);
  if (node.kind === 'map') return reachable(node.values);
  if (node.kind === 'nullable') return reachable(node.type);
  return [];
}
