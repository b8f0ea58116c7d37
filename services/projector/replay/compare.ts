/**
 * Comparing the rebuilt shadow table with the live one, in SQL (a FULL JOIN on the primary key,
 * so a million-row table is compared without loading it): counts of rows only in live, only in
 * the rebuild and different (any column or the version), the first differences column by
 * column, and, at the swap of a view's table, which keys subscribers must hear about.
 */
import { insertedKeys, VERSION_COLUMN, type AnyReadModel, type SqlSession } from '../../../read-models';
import { query } from './sql';
import { quoteIdentifier, shadowTableName } from './shadow-table';

export interface DiffCounts {
  liveRows: number;
  rebuiltRows: number;
  onlyLive: number;
  onlyRebuilt: number;
  /** Rows whose columns differ. */
  different: number;
  /**
   * Rows equal but for the version. After a swap that corrected a view row the live version is
   * above the rebuilt one on purpose: subscribers must never see a version twice.
   */
  versionOnly: number;
}

export interface ColumnDifference {
  column: string;
  live: unknown;
  rebuilt: unknown;
}

export interface RowDifference {
  key: string;
  kind: 'only-live' | 'only-rebuilt' | 'different';
  /** For `different`: the columns (and version) whose values differ. */
  columns: ColumnDifference[];
}

export interface Diff {
  counts: DiffCounts;
  /** The first differences in primary-key order. */
  first: RowDifference[];
}

/** SQL pieces of the statements below, for live `l` and shadow `r` joined on the primary key. */
function sqlOf(model: AnyReadModel) {
  const q = quoteIdentifier;
  const columnOf = new Map<string, string>(model.columnList.map(([property, column]) => [property, column.name]));
  const key = (model.primaryKey as readonly string[]).map((property) => columnOf.get(property) as string);
  const content = [...columnOf.values()].filter((name) => !key.includes(name));
  const tuple = (alias: string, names: readonly string[]): string => `ROW(${names.map((name) => `${alias}.${q(name)}`).join(', ')})`;
  const withVersion = [...content, VERSION_COLUMN.name];
  const first = q(key[0] as string);
  return {
    live: q(model.table),
    shadow: q(shadowTableName(model.table)),
    join: key.map((name) => `l.${q(name)} = r.${q(name)}`).join(' AND '),
    keyColumns: key.map((name) => `r.${q(name)}`).join(', '),
    /** Any column or the version differs (both sides present). */
    differs: `${tuple('l', withVersion)} IS DISTINCT FROM ${tuple('r', withVersion)}`,
    version: q(VERSION_COLUMN.name),
    /** A column other than the version differs. */
    contentDiffers: `${tuple('l', content)} IS DISTINCT FROM ${tuple('r', content)}`,
    onlyLive: `r.${first} IS NULL`,
    onlyRebuilt: `l.${first} IS NULL`,
    orderBy: key.map((name) => `coalesce(l.${q(name)}, r.${q(name)})`).join(', '),
  };
}

export async function diffShadow(session: SqlSession, model: AnyReadModel, limit: number): Promise<Diff> {
  const { live, shadow, join, differs, contentDiffers, version, onlyLive, onlyRebuilt, orderBy } = sqlOf(model);
  const both = `NOT (${onlyLive}) AND NOT (${onlyRebuilt})`;
  const from = `${live} l FULL JOIN ${shadow} r ON ${join}`;
  const [counts] = (
    await query<Record<keyof DiffCounts, string>>(session, 
      `SELECT count(*) FILTER (WHERE NOT (${onlyRebuilt})) AS "liveRows", count(*) FILTER (WHERE NOT (${onlyLive})) AS "rebuiltRows",
        count(*) FILTER (WHERE ${onlyLive}) AS "onlyLive", count(*) FILTER (WHERE ${onlyRebuilt}) AS "onlyRebuilt",
        count(*) FILTER (WHERE ${both} AND ${contentDiffers}) AS different,
        count(*) FILTER (WHERE ${both} AND NOT (${contentDiffers}) AND l.${version} <> r.${version}) AS "versionOnly"
      FROM ${from}`,
    )
  ).rows;
  const { rows } = await query<{ live: Record<string, unknown> | null; rebuilt: Record<string, unknown> | null }>(session, 
    `SELECT row_to_json(l) AS live, row_to_json(r) AS rebuilt FROM ${from}
      WHERE ${onlyLive} OR ${onlyRebuilt} OR ${differs} ORDER BY ${orderBy} LIMIT $1`,
    [limit],
  );
  return {
    counts: Object.fromEntries(Object.entries(counts ?? {}).map(([name, value]) => [name, Number(value)])) as unknown as DiffCounts,
    first: rows.map(({ live, rebuilt }) => rowDifference(model, live, rebuilt)),
  };
}

/** One difference from the two sides as row_to_json gave them (null: the row is missing there). */
export function rowDifference(model: AnyReadModel, live: Record<string, unknown> | null, rebuilt: Record<string, unknown> | null): RowDifference {
  const present = (live ?? rebuilt) as Record<string, unknown>;
  const [key] = insertedKeys(model, [present]);
  if (live === null) return { key: key as string, kind: 'only-rebuilt', columns: [] };
  if (rebuilt === null) return { key: key as string, kind: 'only-live', columns: [] };
  const columns = Object.keys({ ...live, ...rebuilt })
    .filter((column) => JSON.stringify(live[column]) !== JSON.stringify(rebuilt[column]))
    .map((column) => ({ column, live: live[column], rebuilt: rebuilt[column] }));
  return { key: key as string, kind: 'different', columns };
}

/**
 * Before a view's table is swapped in: every rebuilt row whose content differs from the live
 * one gets a version above the live row's, and a row with the same content never a lower one,
 * because subscribers drop versions they have already seen. Resolves to the keys whose change
 * must be published (changed and new rows); keys only in live are not published (a view has
 * no deletion record).
 */
export async function prepareViewVersions(session: SqlSession, model: AnyReadModel): Promise<string[]> {
  const { live, shadow, version, join, keyColumns, contentDiffers } = sqlOf(model);
  const changed = await query(session, 
    `UPDATE ${shadow} r SET ${version} = GREATEST(r.${version}, l.${version} + 1) FROM ${live} l WHERE ${join} AND ${contentDiffers} RETURNING ${keyColumns}`,
  );
  await query(session, `UPDATE ${shadow} r SET ${version} = l.${version} FROM ${live} l WHERE ${join} AND NOT (${contentDiffers}) AND r.${version} < l.${version}`);
  const created = await query(session, `SELECT ${keyColumns} FROM ${shadow} r WHERE NOT EXISTS (SELECT 1 FROM ${live} l WHERE ${join})`);
  return [...insertedKeys(model, [...changed.rows, ...created.rows])].sort();
}
