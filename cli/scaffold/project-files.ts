/**
 * What both scaffolds (`eventline new domain|workflow`) do to a project: check that nothing
 * they would write exists, write their files and add one registration to domains/index.ts.
 * Every check runs before the first write, so a refused scaffold leaves the project as it was.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { BadRequestError } from '../../platform/errors';

export const REGISTRY_FILE = 'domains/index.ts';

/** One entry of a registry list in domains/index.ts and the module it is imported from. */
export interface Registration {
  /** The list: `domains` or `workflows`. */
  readonly list: string;
  /** The exported module, e.g. `widgetsDomain`. */
  readonly entry: string;
  /** Its import path from domains/, e.g. `./widgets`. */
  readonly from: string;
}

/**
 * Writes `files` (path relative to the project root → content) into `root` and registers the
 * new module; refuses when `root` is not an Eventline project or any of `taken` exists.
 */
export function writeScaffold(root: string, files: ReadonlyMap<string, string>, taken: readonly string[], registration: Registration): string[] {
  const registryPath = path.join(root, REGISTRY_FILE);
  if (!existsSync(registryPath)) throw new BadRequestError(`${registryPath} not found: run this in an Eventline project (or give --dir)`);
  const existing = [...files.keys(), ...taken].filter((file) => existsSync(path.join(root, file)));
  if (existing.length > 0) throw new BadRequestError(`${existing.join(', ')} exists already`);
  const registry = registerIn(readFileSync(registryPath, 'utf8'), registration);

  for (const [file, content] of files) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
  writeFileSync(registryPath, registry);
  return [...files.keys(), REGISTRY_FILE];
}

/** domains/index.ts with the module imported and appended to its registry list. */
export function registerIn(registry: string, { list, entry, from }: Registration): string {
  const pattern = new RegExp(`(export const ${list}: readonly \\w+\\[\\] = Object\\.freeze\\(\\[)([^\\]]*)(\\]\\);)`);
  const found = pattern.exec(registry);
  if (found === null) throw new BadRequestError(`${REGISTRY_FILE} has no "export const ${list}: readonly …[] = Object.freeze([…]);" to register ${entry} in`);
  const entries = found[2]!.trim();
  const withEntry = registry.replace(pattern, `$1${entries === '' ? '' : `${entries}, `}${entry}$3`);
  const imports = [...withEntry.matchAll(/^import .*;$/gm)];
  const last = imports[imports.length - 1];
  const at = last === undefined ? 0 : last.index + last[0].length + 1;
  return `${withEntry.slice(0, at)}import { ${entry} } from '${from}';\n${withEntry.slice(at)}`;
}
