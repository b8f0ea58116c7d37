/**
 * Encodes and decodes Eventline records: Confluent framing (framing.ts) around Avro
 * binary, written with a subject's latest version (or a chosen older one during a rolling
 * upgrade) and always read as the latest version, whatever catalogued version wrote it.
 *
 * Everything that can be prepared is prepared at construction: one writer per version,
 * one reader (reader type + resolver) per schema id, so the hot path is a map lookup plus
 * avsc's compiled reader/writer. Encoding writes into one growing scratch buffer that
 * already has room for the header, then copies out once.
 *
 * The wire id of each version comes from `schemaIds`, the catalog's ids by default, so a
 * schema registry can supply its own ids later without touching the codec.
 */
import type { Type } from 'avsc';
import { DecodeError, InternalError, InvalidCommandError, MAX_REPORTED_ISSUES, SchemaIncompatibleError, UnknownSchemaError } from '../platform/errors';
import type { FieldIssue } from '../platform/errors';
import { loadCatalog, type Catalog, type SchemaVersion } from './catalog';
import { checkSchemas } from './check';
import { HEADER_SIZE, readSchemaId, writeHeader } from './framing';
import type { Subject, SubjectTypes } from './generated';
import { createValidator, type ValidationReport, type Validator } from './validation';

/** The value type of a subject: its generated interface for a known subject literal, else unknown. */
export type SubjectValue<S extends string> = S extends Subject ? SubjectTypes[S] : unknown;

export interface DecodedRecord<S extends string = string, V = unknown> {
  readonly schemaId: number;
  /** Record full name, e.g. `eventline.orders.OrderPlaced`. */
  readonly subject: S;
  /** Version the record was written with; `value` always has the latest version's shape. */
  readonly version: number;
  /** Short record name, e.g. `OrderPlaced`. */
  readonly name: string;
  readonly value: V;
}

/** A decoded record of any committed subject; narrow it by `subject`. */
export type AnyDecodedRecord = { [S in Subject]: DecodedRecord<S, SubjectTypes[S]> }[Subject];

export interface CodecOptions {
  /** Wire id of each schema version; defaults to the catalog's `id`. Called once per version. */
  readonly schemaIds?: (version: SchemaVersion) => number;
}

export interface EncodeOptions {
  /** Write this older version instead of the latest (e.g. while consumers still run the old one). */
  readonly version?: number;
}

interface Writer {
  readonly schemaId: number;
  readonly schema: SchemaVersion;
}

interface Reader {
  readonly schema: SchemaVersion;
  readonly type: Type;
  /** Absent when the writer is the latest version itself. */
  readonly resolver: ReturnType<Type['createResolver']> | undefined;
}

const INITIAL_SCRATCH_BYTES = 16 * 1024;

export class Codec {
  private readonly writers = new Map<string, readonly Writer[]>();
  private readonly readers = new Map<number, Reader>();
  private readonly validators = new Map<SchemaVersion, Validator>();
  private scratch = Buffer.allocUnsafe(INITIAL_SCRATCH_BYTES);

  constructor(
    readonly catalog: Catalog,
    options: CodecOptions = {},
  ) {
    refuseUncheckedCatalog(catalog);
    const schemaIdOf = options.schemaIds ?? ((version: SchemaVersion) => version.id);
    for (const subject of catalog.subjects) {
      const history = catalog.history(subject);
      const latest = history[history.length - 1] as SchemaVersion;
      const writers = history.map((schema) => ({ schemaId: schemaIdOf(schema), schema }));
      for (const { schemaId, schema } of writers) {
        if (this.readers.has(schemaId)) throw new InternalError(`schema id ${schemaId} is assigned to two schema versions`, { context: { schemaId } });
        this.readers.set(schemaId, { schema, type: latest.type, resolver: schema === latest ? undefined : resolverFor(latest, schema) });
      }
      this.writers.set(subject, writers);
    }
  }

  /** Framed Avro bytes of `value`; InternalError naming every bad field when it does not match the schema. */
  encode<S extends string>(subject: S, value: SubjectValue<S>, options: EncodeOptions = {}): Buffer {
    const writer = this.writer(subject, options.version);
    const { type } = writer.schema;
    let end: number;
    try {
      end = type.encode(value, this.scratch, HEADER_SIZE);
      if (end < 0) {
        // avsc returns minus the bytes missing; grow once and write again.
        this.scratch = Buffer.allocUnsafe(Math.max(this.scratch.length * 2, this.scratch.length - end));
        end = type.encode(value, this.scratch, HEADER_SIZE);
      }
    } catch (cause) {
      const { issues } = this.validatorFor(writer.schema)(value, MAX_REPORTED_ISSUES);
      const detail = issues.length ? issues.map((issue) => issue.message).join('; ') : String(cause);
      throw new InternalError(`cannot encode ${subject} v${writer.schema.version}: ${detail}`, {
        cause,
        context: { subject, version: writer.schema.version, issues },
      });
    }
    writeHeader(this.scratch, writer.schemaId);
    const framed = Buffer.allocUnsafe(end);
    this.scratch.copy(framed, 0, 0, end);
    return framed;
  }

  /** UnknownSchemaError for an id the catalog does not know; DecodeError for anything else unreadable. */
  decode(buffer: Buffer): AnyDecodedRecord {
    const schemaId = readSchemaId(buffer);
    const reader = this.readers.get(schemaId);
    if (!reader) throw new UnknownSchemaError(`unknown schema id ${schemaId}`, { context: { schemaId } });
    const { subject, version, name } = reader.schema;
    let decoded: { value: unknown; offset: number };
    try {
      decoded = reader.type.decode(buffer, HEADER_SIZE, reader.resolver);
    } catch (cause) {
      throw new DecodeError(`corrupt ${subject} v${version} record: ${cause instanceof Error ? cause.message : String(cause)}`, {
        cause,
        context: { schemaId, subject, version },
      });
    }
    if (decoded.offset < 0) throw new DecodeError(`truncated ${subject} v${version} record`, { context: { schemaId, subject, version } });
    if (decoded.offset !== buffer.length) {
      throw new DecodeError(`${buffer.length - decoded.offset} unexpected bytes after a ${subject} v${version} record`, {
        context: { schemaId, subject, version },
      });
    }
    return { schemaId, subject, version, name, value: decoded.value } as AnyDecodedRecord;
  }

  /** Every field of `value` that the subject's latest version rejects; empty when valid. */
  validate(subject: string, value: unknown): FieldIssue[] {
    return this.check(subject, value).issues;
  }

  /** Like `validate`, keeping only the first `limit` issues (and counting them all): for untrusted input. */
  check(subject: string, value: unknown, limit = Infinity): ValidationReport {
    return this.validatorFor(this.catalog.latest(subject))(value, limit);
  }

  /** `value`, typed, when valid; otherwise InvalidCommandError listing every bad field. */
  assertValid<S extends string>(subject: S, value: unknown): SubjectValue<S> {
    const { issues, total } = this.check(subject, value, MAX_REPORTED_ISSUES);
    if (issues.length > 0) {
      const { name } = this.catalog.latest(subject);
      const first = issues[0] as FieldIssue;
      const more = total > 1 ? ` (and ${total - 1} more)` : '';
      throw new InvalidCommandError(`invalid ${name}: ${first.message}${more}`, issues, { total, context: { subject } });
    }
    return value as SubjectValue<S>;
  }

  private writer(subject: string, version: number | undefined): Writer {
    const writers = this.writers.get(subject);
    const writer = writers && (version === undefined ? writers[writers.length - 1] : writers[version - 1]);
    if (!writer) {
      throw new UnknownSchemaError(`unknown schema ${subject}${version === undefined ? '' : ` v${version}`}`, { context: { subject, version } });
    }
    return writer;
  }

  private validatorFor(schema: SchemaVersion): Validator {
    let validator = this.validators.get(schema);
    if (!validator) {
      validator = createValidator(schema.type, schema.model);
      this.validators.set(schema, validator);
    }
    return validator;
  }
}

/** Consecutive versions are checked below; this also covers the latest reading a version several releases back. */
function resolverFor(reader: SchemaVersion, writer: SchemaVersion): ReturnType<Type['createResolver']> {
  try {
    return reader.type.createResolver(writer.type);
  } catch (cause) {
    throw new SchemaIncompatibleError(`${reader.subject} v${reader.version} cannot read v${writer.version}: ${String(cause)}`, {
      cause,
      context: { subject: reader.subject, readerVersion: reader.version, writerVersion: writer.version },
    });
  }
}

/**
 * A process runs only on a catalog `eventline schemas check` accepts (the same function):
 * every version locked to its released digest and FULL compatible with the one before, so a
 * consumer on the previous catalog can still read what this process writes.
 */
function refuseUncheckedCatalog(catalog: Catalog): void {
  const report = checkSchemas(catalog);
  if (report.ok) return;
  const incompatible = report.compatibility.filter((result) => result.problems.length > 0);
  if (incompatible.length > 0) {
    const problems = incompatible.map(({ subject, fromVersion, toVersion, problems }) => `${subject} v${fromVersion} → v${toVersion}: ${problems.join('; ')}`);
    throw new SchemaIncompatibleError(`schema catalog refused (eventline schemas check): ${problems.join(' | ')}`, {
      context: { subjects: incompatible.map((result) => result.subject) },
    });
  }
  const locks = report.locks.map(({ subject, version, problem }) => `${subject} v${version}: ${problem}`);
  throw new InternalError(`schema catalog refused (eventline schemas check): ${locks.join(' | ')}`, { context: { files: report.locks.map((lock) => lock.file) } });
}

/** A codec over the committed catalog (schemas/catalog.json) unless another is given. */
export function createCodec(catalog: Catalog = loadCatalog(), options: CodecOptions = {}): Codec {
  return new Codec(catalog, options);
}
