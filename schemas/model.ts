/**
 * A resolved, typed view of one `.avsc` file: named references replaced by their
 * definitions, namespaces qualified, and the `eventline.*` constraint attributes (which
 * Avro itself ignores) attached to their fields.
 *
 * avsc's parsed `Type` drops custom field attributes, so the validator, the type
 * generator and the test generators all walk this model instead of the raw JSON.
 * Only what the contract uses is accepted; anything else fails loudly at load time so a
 * schema author learns about it before the codec or the generated types disagree.
 */
import { InternalError } from '../platform/errors';

type PrimitiveName = 'null' | 'boolean' | 'int' | 'long' | 'float' | 'double' | 'bytes' | 'string';

export interface Constraints {
  /** `eventline.minLength` / `eventline.maxLength`: string length in UTF-16 units. */
  readonly minLength?: number;
  readonly maxLength?: number;
  /** `eventline.minimum`: smallest allowed number. */
  readonly minimum?: number;
  /** `eventline.minItems` / `eventline.maxItems`: fewest and most array items. */
  readonly minItems?: number;
  readonly maxItems?: number;
  /** `eventline.itemMaxLength`: longest item of an array of strings, in UTF-16 units. */
  readonly itemMaxLength?: number;
}

interface PrimitiveNode {
  readonly kind: 'primitive';
  readonly name: PrimitiveName;
}
/** `{"type": "long", "logicalType": "timestamp-millis"}`: a `Date` in JavaScript. */
interface TimestampNode {
  readonly kind: 'timestamp-millis';
}
interface NamedNode {
  readonly name: string;
  readonly namespace: string;
  readonly fullName: string;
  readonly doc: string | undefined;
}
export interface RecordNode extends NamedNode {
  readonly kind: 'record';
  readonly fields: readonly FieldNode[];
}
interface EnumNode extends NamedNode {
  readonly kind: 'enum';
  readonly symbols: readonly string[];
}
interface ArrayNode {
  readonly kind: 'array';
  readonly items: SchemaNode;
}
interface MapNode {
  readonly kind: 'map';
  readonly values: SchemaNode;
}
/** `["null", T]`, the only union the contract allows (it maps to `T | null`). */
interface NullableNode {
  readonly kind: 'nullable';
  readonly type: SchemaNode;
}
export type SchemaNode = PrimitiveNode | TimestampNode | RecordNode | EnumNode | ArrayNode | MapNode | NullableNode;
export type NamedSchemaNode = RecordNode | EnumNode;

export interface FieldNode {
  readonly name: string;
  readonly doc: string | undefined;
  readonly type: SchemaNode;
  readonly constraints: Constraints;
  /** The field has a `default`: a writer (a client's JSON, an older record) may leave it out. */
  readonly hasDefault: boolean;
}

const PRIMITIVES: ReadonlySet<string> = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']);
const NUMBERS: ReadonlySet<string> = new Set(['int', 'long', 'float', 'double']);

/** Which node kind each constraint attribute may sit on (after unwrapping `["null", T]`). */
const CONSTRAINT_ATTRIBUTES: Readonly<Record<string, { key: keyof Constraints; appliesTo: (node: SchemaNode) => boolean }>> = {
  'eventline.minLength': { key: 'minLength', appliesTo: (n) => n.kind === 'primitive' && n.name === 'string' },
  'eventline.maxLength': { key: 'maxLength', appliesTo: (n) => n.kind === 'primitive' && n.name === 'string' },
  'eventline.minimum': { key: 'minimum', appliesTo: (n) => n.kind === 'primitive' && NUMBERS.has(n.name) },
  'eventline.minItems': { key: 'minItems', appliesTo: (n) => n.kind === 'array' },
  'eventline.maxItems': { key: 'maxItems', appliesTo: (n) => n.kind === 'array' },
  'eventline.itemMaxLength': { key: 'itemMaxLength', appliesTo: (n) => n.kind === 'array' && n.items.kind === 'primitive' && n.items.name === 'string' },
};

type Json = Record<string, unknown>;

export function buildModel(schema: unknown): RecordNode {
  const named = new Map<string, NamedSchemaNode>();
  const root = parseNode(schema, '', named, '$');
  if (root.kind !== 'record') throw new InternalError('$: a catalogued schema must be a record');
  return root;
}

/** Every named type reachable from `root`, each once, in definition order. */
export function namedTypes(root: RecordNode): NamedSchemaNode[] {
  const seen = new Map<string, NamedSchemaNode>();
  const visit = (node: SchemaNode): void => {
    switch (node.kind) {
      case 'record':
        if (seen.has(node.fullName)) return;
        seen.set(node.fullName, node);
        node.fields.forEach((field) => visit(field.type));
        return;
      case 'enum':
        seen.set(node.fullName, node);
        return;
      case 'array':
        return visit(node.items);
      case 'map':
        return visit(node.values);
      case 'nullable':
        return visit(node.type);
      default:
        return;
    }
  };
  visit(root);
  return [...seen.values()];
}

function qualify(name: string, namespace: string): { name: string; namespace: string; fullName: string } {
  const dot = name.lastIndexOf('.');
  if (dot >= 0) return { name: name.slice(dot + 1), namespace: name.slice(0, dot), fullName: name };
  return { name, namespace, fullName: namespace ? `${namespace}.${name}` : name };
}

function parseNode(schema: unknown, namespace: string, named: Map<string, NamedSchemaNode>, at: string): SchemaNode {
  if (typeof schema === 'string') {
    if (PRIMITIVES.has(schema)) return { kind: 'primitive', name: schema as PrimitiveName };
    const ref = named.get(qualify(schema, namespace).fullName) ?? named.get(schema);
    if (!ref) throw new InternalError(`${at}: undefined type name "${schema}"`);
    return ref;
  }
  if (Array.isArray(schema)) return parseUnion(schema, namespace, named, at);
  if (typeof schema !== 'object' || schema === null) throw new InternalError(`${at}: not a schema`);
  const json = schema as Json;
  if (json.logicalType !== undefined) {
    if (json.logicalType === 'timestamp-millis' && json.type === 'long') return { kind: 'timestamp-millis' };
    throw new InternalError(`${at}: unsupported logical type ${JSON.stringify(json.logicalType)} (only timestamp-millis on long)`);
  }
  switch (json.type) {
    case 'record':
      return parseRecord(json, namespace, named, at);
    case 'enum': {
      const node: EnumNode = { kind: 'enum', ...namedHeader(json, namespace, named, at), symbols: json.symbols as string[] };
      named.set(node.fullName, node);
      return node;
    }
    case 'array':
      return { kind: 'array', items: nonEmptyOnTheWire(parseNode(json.items, namespace, named, `${at}.items`), `${at}.items`) };
    case 'map':
      return { kind: 'map', values: nonEmptyOnTheWire(parseNode(json.values, namespace, named, `${at}.values`), `${at}.values`) };
    default:
      if (typeof json.type === 'string' && PRIMITIVES.has(json.type)) return { kind: 'primitive', name: json.type as PrimitiveName };
      throw new InternalError(`${at}: unsupported type ${JSON.stringify(json.type)}`);
  }
}

/**
 * Array items and map values must take at least one byte on the wire: the decoder relies
 * on it to reject a corrupt block count before allocating (avro-type.ts).
 */
function nonEmptyOnTheWire(items: SchemaNode, at: string): SchemaNode {
  if (!takesBytes(items)) throw new InternalError(`${at}: items that encode to zero bytes (null, records of nulls) are not supported`);
  return items;
}

function takesBytes(node: SchemaNode): boolean {
  if (node.kind === 'primitive') return node.name !== 'null';
  if (node.kind === 'record') return node.fields.some((field) => takesBytes(field.type));
  return true;
}

function namedHeader(json: Json, namespace: string, named: Map<string, NamedSchemaNode>, at: string): NamedNode {
  if (typeof json.name !== 'string') throw new InternalError(`${at}: named type without a name`);
  const ns = typeof json.namespace === 'string' ? json.namespace : namespace;
  const names = qualify(json.name, ns);
  if (named.has(names.fullName)) throw new InternalError(`${at}: ${names.fullName} is defined twice`);
  return { ...names, doc: typeof json.doc === 'string' ? json.doc : undefined };
}

function parseRecord(json: Json, namespace: string, named: Map<string, NamedSchemaNode>, at: string): RecordNode {
  const header = namedHeader(json, namespace, named, at);
  const fields: FieldNode[] = [];
  // Registered before its fields are parsed so that a field may refer back to the record.
  const node: RecordNode = { kind: 'record', ...header, fields };
  named.set(node.fullName, node);
  if (!Array.isArray(json.fields)) throw new InternalError(`${at}: a record needs a fields array`);
  for (const raw of json.fields as Json[]) {
    const fieldAt = `${header.fullName}.${String(raw.name)}`;
    const type = parseNode(raw.type, header.namespace, named, fieldAt);
    fields.push({
      name: raw.name as string,
      doc: typeof raw.doc === 'string' ? raw.doc : undefined,
      type,
      constraints: parseConstraints(raw, type, fieldAt),
      hasDefault: Object.hasOwn(raw, 'default'),
    });
  }
  return node;
}

function parseUnion(branches: unknown[], namespace: string, named: Map<string, NamedSchemaNode>, at: string): NullableNode {
  if (branches.length !== 2 || branches[0] !== 'null') {
    throw new InternalError(`${at}: only ["null", T] unions are supported (they map to T | null)`);
  }
  return { kind: 'nullable', type: parseNode(branches[1], namespace, named, at) };
}

function parseConstraints(field: Json, type: SchemaNode, at: string): Constraints {
  const target = type.kind === 'nullable' ? type.type : type;
  const constraints: Record<string, number> = {};
  for (const [attribute, value] of Object.entries(field)) {
    if (!attribute.startsWith('eventline.')) continue;
    const spec = CONSTRAINT_ATTRIBUTES[attribute];
    if (!spec) throw new InternalError(`${at}: unknown attribute "${attribute}" (known: ${Object.keys(CONSTRAINT_ATTRIBUTES).join(', ')})`);
    if (!spec.appliesTo(target)) throw new InternalError(`${at}: "${attribute}" does not apply to this field's type`);
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new InternalError(`${at}: "${attribute}" must be a number`);
    constraints[spec.key] = value;
  }
  return constraints;
}
