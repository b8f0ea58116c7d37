/**
 * The schema catalog: every (subject, version) with its default schema id, its `.avsc`
 * file and the digest that locks it (schemas/catalog.json). Loaded once at start-up;
 * each version is parsed once into an avsc `Type` (for the codec) and a `RecordNode`
 * (for validation and type generation).
 *
 * A catalog that breaks its own rules (duplicate id, gap in versions, subject not equal to
 * the record's full name, unparsable file) is a bug in the repository, so loading it
 * throws InternalError rather than letting a codec run on it.
 */
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import type { Type } from 'avsc';
import { InternalError, UnknownSchemaError } from '../platform/errors';
import { toAvroType } from './avro-type';
import { schemaDigest } from './digest';
import { buildModel, type RecordNode } from './model';

export const CATALOG_FILE = 'catalog.json';

/** One row of catalog.json. */
export interface CatalogEntry {
  /** Default schema id on the wire; never reused, even for a retired version. */
  readonly id: number;
  /** Full name of the record, e.g. `eventline.orders.OrderPlaced`. */
  readonly subject: string;
  /** 1, 2, 3 … per subject. */
  readonly version: number;
  /** Path of the `.avsc` file, relative to the catalog directory. */
  readonly file: string;
  /** Digest of the released schema (see digest.ts); absent only before its first release. */
  readonly sha256?: string;
}

/** A catalog entry plus its parsed schema. */
export interface SchemaVersion extends CatalogEntry {
  /** Short record name, e.g. `OrderPlaced`. */
  readonly name: string;
  /** The `.avsc` JSON as written. */
  readonly schema: unknown;
  /** Digest of `schema` as it is now; differs from `sha256` when a released file was edited. */
  readonly digest: string;
  readonly type: Type;
  readonly model: RecordNode;
}

/** A catalog entry with its schema JSON, for building a catalog without files. */
export interface CatalogSource extends CatalogEntry {
  readonly schema: unknown;
}

export class Catalog {
  readonly versions: readonly SchemaVersion[];
  readonly subjects: readonly string[];
  private readonly histories: ReadonlyMap<string, readonly SchemaVersion[]>;

  constructor(versions: readonly SchemaVersion[]) {
    this.histories = historiesOf(versions);
    this.versions = versions;
    this.subjects = [...this.histories.keys()];
  }

  /** Every version of `subject`, oldest first. */
  history(subject: string): readonly SchemaVersion[] {
    const history = this.histories.get(subject);
    if (!history) throw new UnknownSchemaError(`unknown schema subject "${subject}"`, { context: { subject } });
    return history;
  }

  latest(subject: string): SchemaVersion {
    const history = this.history(subject);
    return history[history.length - 1] as SchemaVersion;
  }

  version(subject: string, version: number): SchemaVersion {
    const found = this.history(subject)[version - 1];
    if (!found) throw new UnknownSchemaError(`unknown version ${version} of schema subject "${subject}"`, { context: { subject, version } });
    return found;
  }
}

/** The directory holding catalog.json: this module's own in the source tree, `../../schemas` from `dist/schemas`. */
export function defaultSchemasDir(): string {
  const candidates = [__dirname, path.resolve(__dirname, '..', '..', 'schemas')];
  return candidates.find((dir) => existsSync(path.join(dir, CATALOG_FILE))) ?? __dirname;
}

export function loadCatalog(dir: string = defaultSchemasDir()): Catalog {
  const catalogPath = path.join(dir, CATALOG_FILE);
  const { schemas } = readJson(catalogPath) as { schemas?: CatalogEntry[] };
  if (!Array.isArray(schemas)) throw new InternalError(`${catalogPath}: expected a "schemas" array`);
  return createCatalog(schemas.map((entry) => ({ ...entry, schema: readJson(path.join(dir, entry.file)) })));
}

export function createCatalog(sources: readonly CatalogSource[]): Catalog {
  const ids = new Set<number>();
  const versions = sources.map((source) => {
    if (!Number.isInteger(source.id) || source.id < 1 || source.id > 0x7fffffff) {
      throw new InternalError(`${source.file}: schema id ${source.id} is not a positive int32`, { context: { file: source.file } });
    }
    if (ids.has(source.id)) throw new InternalError(`${source.file}: schema id ${source.id} is used twice`, { context: { file: source.file } });
    ids.add(source.id);
    return parseVersion(source);
  });
  return new Catalog(versions);
}

function parseVersion(source: CatalogSource): SchemaVersion {
  try {
    const model = buildModel(source.schema);
    if (model.fullName !== source.subject) throw new InternalError(`subject "${source.subject}" is not the record's full name "${model.fullName}"`);
    const { schema, ...entry } = source;
    return { ...entry, schema, name: model.name, digest: schemaDigest(schema), type: toAvroType(schema), model };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new InternalError(`${source.file}: ${message}`, { cause: error, context: { file: source.file } });
  }
}

function historiesOf(versions: readonly SchemaVersion[]): Map<string, SchemaVersion[]> {
  const histories = new Map<string, SchemaVersion[]>();
  for (const version of versions) {
    const history = histories.get(version.subject) ?? [];
    history.push(version);
    histories.set(version.subject, history);
  }
  for (const [subject, history] of histories) {
    history.sort((a, b) => a.version - b.version);
    // Versions are 1..n with no gap, so `history[version - 1]` finds any of them.
    history.forEach((entry, index) => {
      if (entry.version !== index + 1) {
        throw new InternalError(`${subject}: versions must be 1..${history.length} without gaps or repeats`, { context: { subject } });
      }
    });
  }
  return histories;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new InternalError(`${file}: ${message}`, { cause: error, context: { file } });
  }
}
