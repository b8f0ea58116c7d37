/**
 * Renders the TypeScript types of schemas/generated/ from the catalog, in memory, so the
 * generator can write them and a unit test can prove the committed files are not stale.
 *
 * One module per Avro namespace (named after its last segment), types following each
 * subject's latest version: records → interfaces, enums → string-literal unions,
 * `["null", T]` → `T | null`, arrays → `T[]`, maps → `Record<string, T>`,
 * timestamp-millis → `Date`, int/long → number. A named type used by several subjects
 * must be defined identically in each, or there would be no single interface to emit.
 */
import { InternalError } from '../../platform/errors';
import type { Catalog } from '../catalog';
import { namedTypes, type FieldNode, type NamedSchemaNode, type SchemaNode } from '../model';

const HEADER = '// Generated from schemas/catalog.json by schemas/tools/generate-types.ts (`npm run schemas:generate`). Do not edit.\n';

/** How Avro types become TypeScript: as avsc decodes them (here) or as JSON carries them (render-client-types.ts). */
export interface TypeStyle {
  readonly timestamp: string;
  /** Undefined where bytes have no form (JSON). */
  readonly bytes: string | undefined;
  /** `readonly` fields and arrays. */
  readonly readonly: boolean;
}

/** As avsc decodes records: Dates, Buffers, mutable. */
export const DECODED_STYLE: TypeStyle = { timestamp: 'Date', bytes: 'Buffer', readonly: false };

const PRIMITIVE_TS: Readonly<Record<string, string>> = {
  null: 'null',
  boolean: 'boolean',
  int: 'number',
  long: 'number',
  float: 'number',
  double: 'number',
  string: 'string',
};

/** Renders a reference to a named type from where it is used (`Name`, or `module.Name` across modules). */
export type RefName = (ref: NamedSchemaNode) => string;

/** File name (inside schemas/generated/) → file content. */
export function renderTypes(catalog: Catalog): Map<string, string> {
  const modules = new Map<string, { namespace: string; declarations: Map<string, string>; imports: Set<string> }>();
  const moduleOf = (namespace: string): string => {
    const name = namespace.slice(namespace.lastIndexOf('.') + 1);
    const taken = modules.get(name);
    if (taken && taken.namespace !== namespace) {
      throw new InternalError(`namespaces ${taken.namespace} and ${namespace} would both generate ${name}.ts`);
    }
    if (!taken) modules.set(name, { namespace, declarations: new Map(), imports: new Set() });
    return name;
  };

  const subjectTypes: string[] = [];
  for (const subject of catalog.subjects) {
    const { model } = catalog.latest(subject);
    subjectTypes.push(`  '${subject}': ${moduleOf(model.namespace)}.${model.name};`);
    for (const node of namedTypes(model)) {
      const module = modules.get(moduleOf(node.namespace))!;
      const declaration = renderDeclaration(node, DECODED_STYLE, (ref) => {
        const refModule = moduleOf(ref.namespace);
        if (refModule === moduleOf(node.namespace)) return ref.name;
        module.imports.add(refModule);
        return `${refModule}.${ref.name}`;
      });
      const existing = module.declarations.get(node.name);
      if (existing !== undefined && existing !== declaration) {
        throw new InternalError(`${node.fullName} is defined differently in two latest schemas (seen again in ${subject})`);
      }
      module.declarations.set(node.name, declaration);
    }
  }

  const files = new Map<string, string>();
  const moduleNames = [...modules.keys()].sort();
  for (const name of moduleNames) {
    const { namespace, declarations, imports } = modules.get(name)!;
    const importLines = [...imports].sort().map((other) => `import type * as ${other} from './${other}';\n`);
    const body = [...declarations.keys()].sort().map((key) => declarations.get(key));
    files.set(`${name}.ts`, `${HEADER}// Avro namespace ${namespace}.\n${importLines.length ? `\n${importLines.join('')}` : ''}\n${body.join('\n')}`);
  }
  files.set(
    'subjects.ts',
    `${HEADER}\n${moduleNames.map((name) => `import type * as ${name} from './${name}';\n`).join('')}\n` +
      '/** The TypeScript type of each subject (record full name), following its latest version. */\n' +
      `export interface SubjectTypes {\n${subjectTypes.sort().join('\n')}\n}\n\nexport type Subject = keyof SubjectTypes;\n`,
  );
  files.set(
    'index.ts',
    `${HEADER}\n${moduleNames.map((name) => `export * as ${name} from './${name}';\n`).join('')}export type { Subject, SubjectTypes } from './subjects';\n`,
  );
  return files;
}

/** An enum's union, or a record's interface (with only `fields` when given, in that order). */
export function renderDeclaration(node: NamedSchemaNode, style: TypeStyle, refName: RefName, fields: readonly FieldNode[] = node.kind === 'record' ? node.fields : []): string {
  const doc = jsDoc(node.doc, '');
  if (node.kind === 'enum') {
    return `${doc}export type ${node.name} = ${node.symbols.map((symbol) => `'${symbol}'`).join(' | ')};\n`;
  }
  const modifier = style.readonly ? 'readonly ' : '';
  const lines = fields.map((field) => `${jsDoc(field.doc, '  ')}  ${modifier}${field.name}: ${renderType(field.type, style, refName)};\n`);
  return `${doc}export interface ${node.name} {\n${lines.join('')}}\n`;
}

export function renderType(node: SchemaNode, style: TypeStyle, refName: RefName): string {
  switch (node.kind) {
    case 'primitive':
      if (node.name !== 'bytes') return PRIMITIVE_TS[node.name] as string;
      if (style.bytes === undefined) throw new InternalError('a bytes field has no JSON form on the wire');
      return style.bytes;
    case 'timestamp-millis':
      return style.timestamp;
    case 'record':
    case 'enum':
      return refName(node);
    case 'array': {
      const items = renderType(node.items, style, refName);
      const element = node.items.kind === 'nullable' ? `(${items})` : items;
      return style.readonly ? `readonly ${element}[]` : `${element}[]`;
    }
    case 'map':
      return `${style.readonly ? 'Readonly<Record' : 'Record'}<string, ${renderType(node.values, style, refName)}>${style.readonly ? '>' : ''}`;
    case 'nullable':
      return `${renderType(node.type, style, refName)} | null`;
  }
}

export function jsDoc(doc: string | undefined, indent: string): string {
  return doc ? `${indent}/** ${doc.replace(/\*\//g, '*\\/')} */\n` : '';
}
