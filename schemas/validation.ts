/**
 * Field-level validation of a record value against one schema version: avsc's type check
 * (through its errorHook, so every bad field is reported, not just the first) plus the
 * `eventline.*` constraints Avro cannot express, plus fields the schema does not declare
 * (a misspelt field would otherwise be dropped silently by the encoder), plus one rule for
 * every string: no U+0000, which PostgreSQL text cannot store (a read model would refuse
 * the row).
 *
 * Each issue names its dotted path (`data.items.0.qty`) and what the schema expects
 * there (`int >= 1`); a path is reported once, type problems first.
 *
 * The work is bounded by the schema, not by the input: an array longer than its
 * `eventline.maxItems` is reported as one issue and its items are not looked at (avsc's
 * per-item check is skipped then), path segments an input chose (unknown field names) are
 * clipped, and only the first `limit` issues are kept; `total` counts them all.
 */
import type { Type } from 'avsc';
import { clip } from '../platform/text';
import type { FieldIssue } from '../platform/errors';
import type { Constraints, FieldNode, RecordNode, SchemaNode } from './model';

export interface ValidationReport {
  /** The first `limit` issues. */
  readonly issues: FieldIssue[];
  /** How many issues were found in all. */
  readonly total: number;
}

export type Validator = (value: unknown, limit?: number) => ValidationReport;

const NO_CONSTRAINTS: Constraints = {};

/** Longest field name an issue repeats from the input (unknown fields are the input's own names). */
const MAX_SEGMENT_CHARS = 64;

export function createValidator(type: Type, model: RecordNode): Validator {
  return (value, limit = Infinity) => {
    const typeIssues: FieldIssue[] = [];
    const constraintIssues: FieldIssue[] = [];
    const collect =
      (into: FieldIssue[]): Report =>
      (path, expected, problem) => {
        const dotted = path.map((segment) => clip(segment, MAX_SEGMENT_CHARS)).join('.');
        into.push({ path: dotted, expected, message: `${dotted || 'record'} ${problem}` });
      };
    const oversized = checkConstraints(model, NO_CONSTRAINTS, value, [], collect(constraintIssues));
    // The hook-less check is the fast path; the hook only runs for a value that fails, and
    // never over an array past its bound (it would visit every item).
    if (!oversized && !type.isValid(value)) {
      type.isValid(value, {
        errorHook: (path, got) => {
          const expected = describe(...nodeAt(model, path));
          collect(typeIssues)(path, expected, got === undefined ? `is required (${expected})` : mismatch(expected, describeValue(got)));
        },
      });
    }
    const reported = new Set<string>();
    const issues: FieldIssue[] = [];
    let total = 0;
    for (const issue of [...typeIssues, ...constraintIssues]) {
      if (reported.has(issue.path)) continue;
      reported.add(issue.path);
      total += 1;
      if (issues.length < limit) issues.push(issue);
    }
    return { issues, total };
  };
}

type Report = (path: readonly string[], expected: string, problem: string) => void;

function mismatch(expected: string, got: string): string {
  return `must be ${expected}, got ${got}`;
}

/**
 * Walks a value by its schema; values of the wrong JavaScript type are left to avsc's report.
 * Returns true when an array was longer than its bound (its items were not visited).
 */
function checkConstraints(node: SchemaNode, constraints: Constraints, value: unknown, path: string[], report: Report): boolean {
  switch (node.kind) {
    case 'nullable':
      return value !== null && checkConstraints(node.type, constraints, value, path, report);
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
      } else if (typeof value === 'string' && value.includes(NUL)) {
        report(path, describe(node, constraints), 'must not contain U+0000 (NUL)');
      }
      return false;
    }
    case 'array': {
      if (!Array.isArray(value)) return false;
      const { minItems, maxItems, itemMaxLength } = constraints;
      if ((minItems !== undefined && value.length < minItems) || (maxItems !== undefined && value.length > maxItems)) {
        const expected = describe(node, constraints);
        report(path, expected, mismatch(expected, `${value.length} items`));
        if (maxItems !== undefined && value.length > maxItems) return true;
      }
      const itemConstraints = itemMaxLength === undefined ? NO_CONSTRAINTS : { maxLength: itemMaxLength };
      let oversized = false;
      value.forEach((item, index) => {
        oversized = checkConstraints(node.items, itemConstraints, item, [...path, String(index)], report) || oversized;
      });
      return oversized;
    }
    case 'map': {
      if (!isPlainObject(value)) return false;
      let oversized = false;
      for (const [key, item] of Object.entries(value)) oversized = checkConstraints(node.values, NO_CONSTRAINTS, item, [...path, key], report) || oversized;
      return oversized;
    }
    case 'record': {
      if (!isPlainObject(value)) return false;
      const declared = node.fields.map((field) => field.name);
      for (const key of Object.keys(value)) {
        if (!declared.includes(key)) report([...path, key], 'no such field', `is not a field of ${node.name} (fields: ${declared.join(', ')})`);
      }
      let oversized = false;
      for (const field of node.fields) oversized = checkConstraints(field.type, field.constraints, value[field.name], [...path, field.name], report) || oversized;
      return oversized;
    }
    default:
      return false;
  }
}

const NUL = '\u0000';

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

function describeConstraints(kind: string, { minLength, maxLength, minimum, minItems, maxItems }: Constraints): string {
  if (kind === 'string') {
    if (minLength !== undefined && minLength === maxLength) return ` of exactly ${minLength} chars`;
    if (minLength !== undefined && maxLength !== undefined) return ` of ${minLength}..${maxLength} chars`;
    if (minLength !== undefined) return ` of at least ${minLength} char${minLength === 1 ? '' : 's'}`;
    if (maxLength !== undefined) return ` of at most ${maxLength} chars`;
  }
  if (minimum !== undefined) return ` >= ${minimum}`;
  if (minItems !== undefined && maxItems !== undefined) return ` (${minItems}..${maxItems} items)`;
  if (minItems !== undefined) return ` (at least ${minItems})`;
  if (maxItems !== undefined) return ` (at most ${maxItems})`;
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
