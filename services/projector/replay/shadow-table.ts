/**
 * The shadow table a replay rebuilds into (`<table>__rebuild`) and the swap that puts it in the
 * live table's place. The shadow is created LIKE the live table (columns, defaults, constraints,
 * indexes) plus its storage parameters (fillfactor), which LIKE leaves out. After the swap its
 * indexes get the live table's index names back, so constraint names stay what the migrations
 * created and a later migration can still refer to them.
 */
import type { AnyReadModel, SqlSession } from '../../../read-models';
import { query } from './sql';

const SHADOW_SUFFIX = '__rebuild';
/** The live table's name during the swap transaction, before it is dropped. */
const REPLACED_SUFFIX = '__replaced';

export function shadowTableName(table: string): string {
  return `${table}${SHADOW_SUFFIX}`;
}

/**
 * The read model with its rows in the shadow table. The read model's SQL builders take the table
 * from the model, so the rebuild writes the shadow with exactly the statements the projector
 * uses on the live table.
 */
export function shadowModel(model: AnyReadModel): AnyReadModel {
  return { ...model, table: shadowTableName(model.table) };
}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export async function tableExists(session: SqlSession, table: string): Promise<boolean> {
  const { rows } = await query<{ oid: string | null }>(session, 'SELECT to_regclass($1)::text AS oid', [table]);
  return rows[0]?.oid != null;
}

/** Creates an empty shadow of `table`; resolves to true when a leftover shadow had to be dropped first. */
export async function createShadow(session: SqlSession, table: string): Promise<boolean> {
  const shadow = shadowTableName(table);
  // Only a replay killed before it could clean up leaves one; the caller holds the replay lock.
  const leftover = await tableExists(session, shadow);
  await query(session, `DROP TABLE IF EXISTS ${quoteIdentifier(shadow)}`);
  await query(session, `CREATE TABLE ${quoteIdentifier(shadow)} (LIKE ${quoteIdentifier(table)} INCLUDING ALL)`);
  const { rows } = await query<{ reloptions: string[] | null }>(session, 'SELECT reloptions FROM pg_class WHERE oid = $1::regclass', [table]);
  const options = rows[0]?.reloptions ?? [];
  if (options.length > 0) await query(session, `ALTER TABLE ${quoteIdentifier(shadow)} SET (${options.join(', ')})`);
  return leftover;
}

export async function dropShadow(session: SqlSession, table: string): Promise<void> {
  await query(session, `DROP TABLE IF EXISTS ${quoteIdentifier(shadowTableName(table))}`);
}

export interface IndexDefinition {
  readonly name: string;
  /** pg_get_indexdef(): `CREATE [UNIQUE] INDEX <name> ON <table> USING …`. */
  readonly definition: string;
}

/** What an index does, without its name and table: `UNIQUE USING btree (order_id)`. */
export function indexShape(definition: string): string {
  return definition.replace(/^CREATE (UNIQUE )?INDEX \S+ ON (ONLY )?\S+ /, (_match, unique: string | undefined) => unique ?? '');
}

/** Pairs each shadow index with the live index of the same shape: [shadow name, live name]. */
export function matchIndexes(live: readonly IndexDefinition[], shadow: readonly IndexDefinition[]): [string, string][] {
  const unmatched = [...live];
  const pairs: [string, string][] = [];
  for (const index of shadow) {
    const at = unmatched.findIndex((candidate) => indexShape(candidate.definition) === indexShape(index.definition));
    if (at < 0) continue;
    const [twin] = unmatched.splice(at, 1);
    if (twin !== undefined && twin.name !== index.name) pairs.push([index.name, twin.name]);
  }
  return pairs;
}

async function indexesOf(session: SqlSession, table: string): Promise<IndexDefinition[]> {
  const { rows } = await query<IndexDefinition>(session, 
    `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition
      FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = $1::regclass ORDER BY c.relname`,
    [table],
  );
  return rows;
}

/**
 * Inside the caller's transaction (which holds the table lock): the shadow becomes the live
 * table, the old one is dropped, index and constraint names are restored. Renames are catalog
 * changes only, so this takes milliseconds whatever the table size.
 */
export async function swapInShadow(session: SqlSession, table: string): Promise<void> {
  const shadow = shadowTableName(table);
  const renames = matchIndexes(await indexesOf(session, table), await indexesOf(session, shadow));
  await query(session, `ALTER TABLE ${quoteIdentifier(table)} RENAME TO ${quoteIdentifier(`${table}${REPLACED_SUFFIX}`)}`);
  await query(session, `ALTER TABLE ${quoteIdentifier(shadow)} RENAME TO ${quoteIdentifier(table)}`);
  await query(session, `DROP TABLE ${quoteIdentifier(`${table}${REPLACED_SUFFIX}`)}`);
  // Renaming an index that backs a constraint renames the constraint too.
  for (const [from, to] of renames) await query(session, `ALTER INDEX ${quoteIdentifier(from)} RENAME TO ${quoteIdentifier(to)}`);
}
