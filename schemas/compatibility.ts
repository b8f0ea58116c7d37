/**
 * Schema evolution rule: every new version of a subject is FULL compatible with the one
 * before it. Backward (the new version reads data the old one wrote) lets consumers
 * upgrade first; forward (the old version reads data the new one writes) lets producers
 * upgrade first. Both hold exactly when avsc can build a resolver in each direction,
 * which already requires a default for every field one side has and the other lacks.
 */
import type { Catalog, SchemaVersion } from './catalog';

export interface CompatibilityResult {
  readonly subject: string;
  readonly fromVersion: number;
  readonly toVersion: number;
  /** Why the pair is not FULL compatible; empty when it is. */
  readonly problems: readonly string[];
}

/** One result per consecutive pair of versions of every subject. */
export function checkCompatibility(catalog: Catalog): CompatibilityResult[] {
  return catalog.subjects.flatMap((subject) => {
    const history = catalog.history(subject);
    return history.slice(1).map((newer, index) => compareVersions(history[index] as SchemaVersion, newer));
  });
}

function compareVersions(older: SchemaVersion, newer: SchemaVersion): CompatibilityResult {
  const problems = [
    resolveProblem(`backward: v${newer.version} cannot read v${older.version} data`, newer, older),
    resolveProblem(`forward: v${older.version} cannot read v${newer.version} data`, older, newer),
  ].filter((problem): problem is string => problem !== undefined);
  return { subject: newer.subject, fromVersion: older.version, toVersion: newer.version, problems };
}

function resolveProblem(label: string, reader: SchemaVersion, writer: SchemaVersion): string | undefined {
  try {
    reader.type.createResolver(writer.type);
    return undefined;
  } catch (error) {
    return `${label} (${error instanceof Error ? error.message : String(error)})`;
  }
}
