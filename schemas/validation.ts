/**
 * Field-level validation of a record value against one schema version: avsc's type check
 * (through its errorHook, so every bad field is reported, not just the first) plus the
 * `eventline.*` constraints Avro cannot express, plus fields the schema does not declare
 * (a misspelt field would otherwise be dropped silently by the encoder).
 *
 * Each issue names its dotted path (`data.items.0.qty`) and what the schema expects
 * there (`int >= 1`); a path is reported once, type problems first.
 */
import type { Type } from 'avsc';
import type { FieldIssue } from '../platform/errors';
import type { Constraints, FieldNode, RecordNode, SchemaNode } from './model';

export type Validator = (value: unknown) => FieldIssue[];

const NO_CONSTRAINTS: Constraints = {};

export function createValidator(type: Type, model: RecordNode): Validator {
  return (value) => {
    const issues: FieldIssue[] = [];
    const reported = new Set<string>();
    const report: Report = (path, expected, problem) => {
      const dotted = path.join('.');
      if (reported.has(dotted)) return;
      reported.add(dotted);
      issues.push({ path: dotted, expected, message: `${dotted || 'record'} ${problem}` });
    };

    // The hook-less check is the fast path; the hook only runs for a value that fails.
    if (!type.isValid(value)) {
      type.isValid(value, {
        errorHook: (path, got) => {
          const expected = describe(...nodeAt(model, path));
          report(path, expected, got === undefined ? `is required (${expected})` : mismatch(expected, describeValue(got)));
        },
      });
    }
    checkConstraints(model, NO_CONSTRAINTS, value, [], report);
    return issues;
  };
}

type Report = (path: readonly string[], expected: string, problem: string) => void;

function mismatch(expected: string, got: string): string {
  return `must be ${expected}, got ${got}`;
}

/** Walks a value by its schema; values of the wrong JavaScript type are left to avsc's report. */
function checkConstraints(node: SchemaNode, constraints: Constraints, value: unknown, path: string[], report: Report): void {
  switch (node.kind) {
    case 'nullable':
      if (value !== null) checkConstraints(node.type, constraints, value, path, report);
      return;
    case 'primitive': {
      const got =
        typeof value === 'string' && !lengthOk(value.length, constraints)
          ? `${value.length} chars`
          : typeof value === 'number' && constraints.minimum !== undefined && value < constraints.minimum
            ? String(value)
            : undefined;
      if (got !== undefined) {
        const expected = describe(node, constraints);
        report(path, expected, mismatch(expected, got));
      }
      return;
    }
    case 'array':
      if (!Array.isArray(value)) return;
      if (constraints.minItems !== undefined && value.length < constraints.minItems) {
        const expected = describe(node, constraints);
        report(path, expected, mismatch(expected, `${value.length} items`));
      }
      value.forEach((item, index) => checkConstraints(node.items, NO_CONSTRAINTS, item, [...path, String(index)], report));
      return;
    case 'map':
      if (!isPlainObject(value)) return;
      for (const [key, item] of Object.entries(value)) checkConstraints(node.values, NO_CONSTRAINTS, item, [...path, key], report);
      return;
    case 'record': {
      if (!isPlainObject(value)) return;
      const declared = node.fields.map((field) => field.name);
      for (const key of Object.keys(value)) {
        if (!declared.includes(key)) report([...path, key], 'no such field', `is not a field of ${node.name} (fields: ${declared.join(', ')})`);
      }
      for (const field of node.fields) checkConstraints(field.type, field.constraints, value[field.name], [...path, field.name], report);
      return;
    }
    default:
      return;
  }
}

function lengthOk(length: number, { minLength, maxLength }: Constraints): boolean {
  return (minLength === undefined || length >= minLength) && (maxLength === undefined || length <= maxLength);
}

/** The schema node (and its field's constraints) an avsc errorHook path points at. */
function nodeAt(root: RecordNode, path: readonly string[]): [SchemaNode, Constraints] {
  let node: SchemaNode = root;
  let constraints = NO_CONSTRAINTS;
  for (const segment of path) {
    if (node.kind === 'nullable') node = node.type;
    if (node.kind === 'record') {
      const field: FieldNode | undefined = node.fields.find((candidate) => candidate.name === segment);
      if (!field) break;
      node = field.type;
      constraints = field.constraints;
    } else if (node.kind === 'array' || node.kind === 'map') {
      node = node.kind === 'array' ? node.items : node.values;
      constraints = NO_CONSTRAINTS;
    }
  }
  return [node, constraints];
}

/** What a schema node accepts, in words a client can act on, e.g. `string of 1..4000 chars`. */
function describe(node: SchemaNode, constraints: Constraints = NO_CONSTRAINTS): string {
  switch (node.kind) {
    case 'primitive':
      return node.name + describeConstraints(node.name, constraints);
    case 'timestamp-millis':
      return 'timestamp-millis (Date)';
    case 'record':
      return `record ${node.name}`;
    case 'enum':
      return `one of ${node.symbols.join(', ')}`;
    case 'array':
      return `array of ${describe(node.items)}${describeConstraints('array', constraints)}`;
    case 'map':
      return `map of ${describe(node.values)}`;
    case 'nullable':
      return `${describe(node.type, constraints)} or null`;
  }
}

function describeConstraints(kind: string, { minLength, maxLength, minimum, minItems }: Constraints): string {
  if (kind === 'string') {
    if (minLength !== undefined && minLength === maxLength) return ` of exactly ${minLength} chars`;
    if (minLength !== undefined && maxLength !== undefined) return ` of ${minLength}..${maxLength} chars`;
    if (minLength !== undefined) return ` of at least ${minLength} char${minLength === 1 ? '' : 's'}`;
    if (maxLength !== undefined) return ` of at most ${maxLength} chars`;
  }
  if (minimum !== undefined) return ` >= ${minimum}`;
  if (minItems !== undefined) return ` (at least ${minItems})`;
  return '';
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'an invalid Date' : 'a Date';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  return `${typeof value} ${String(value)}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
