/**
 * `eventline schemas check` and CI in one function: every catalogued version is locked
 * (its file still has the digest recorded at release) and every new version is FULL
 * compatible with the one before it.
 */
import type { Catalog } from './catalog';
import { checkCompatibility, type CompatibilityResult } from './compatibility';

export interface LockProblem {
  readonly subject: string;
  readonly version: number;
  readonly file: string;
  /** Digest of the file as it is now, to record in catalog.json for a new version. */
  readonly digest: string;
  readonly problem: string;
}

export interface SchemaCheckReport {
  readonly ok: boolean;
  /** Number of catalogued schema versions. */
  readonly versions: number;
  readonly locks: readonly LockProblem[];
  readonly compatibility: readonly CompatibilityResult[];
}

export function checkSchemas(catalog: Catalog): SchemaCheckReport {
  const locks = checkLocks(catalog);
  const compatibility = checkCompatibility(catalog);
  const ok = locks.length === 0 && compatibility.every((result) => result.problems.length === 0);
  return { ok, versions: catalog.versions.length, locks, compatibility };
}

/** Released versions are immutable: a file whose digest moved was edited after release. */
export function checkLocks(catalog: Catalog): LockProblem[] {
  return catalog.versions.flatMap(({ subject, version, file, sha256, digest }) => {
    if (sha256 === digest) return [];
    const problem =
      sha256 === undefined
        ? `not locked yet: add "sha256": "${digest}" to its catalog entry`
        : `changed after release (catalog has ${sha256}); add a new version instead of editing this one`;
    return [{ subject, version, file, digest, problem }];
  });
}
