/**
 * The layering docs/architecture.md promises, read from the imports: platform/ is plumbing that
 * knows no application code (a service hands it its tables), the Kafka client library is
 * known to platform/kafka/ only (the rest names Eventline's interfaces), and the client SDK
 * carries no server code (the gateway uses the SDK's wire types, never the other way round).
 */
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { describe, expect, it } from '@jest/globals';

const ROOT = path.resolve(__dirname, '../..');
const RELATIVE_IMPORT = /(?:from\s+|require\(\s*|import\(\s*)'(\.{1,2}\/[^']+)'/g;
const KAFKAJS_IMPORT = /(?:from\s+|require\(\s*|import\(\s*)'kafkajs(?:\/[^']*)?'/;

function sourceFiles(dir: string, skip: readonly string[] = []): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (skip.includes(relative)) return [];
    if (entry.isDirectory()) return sourceFiles(relative, skip);
    return entry.name.endsWith('.ts') ? [relative] : [];
  });
}

/** Each relative import of the files under `dir` that leaves `allowedRoots`, as `file → target`. */
function importsLeaving(dir: string, allowedRoots: readonly string[], skip: readonly string[] = []): string[] {
  return sourceFiles(dir, skip).flatMap((file) =>
    [...readFileSync(path.join(ROOT, file), 'utf8').matchAll(RELATIVE_IMPORT)]
      .map((match) => path.join(path.dirname(file), match[1] ?? ''))
      .filter((target) => !allowedRoots.some((root) => target === root || target.startsWith(`${root}${path.sep}`)))
      .map((target) => `${file} → ${target}`),
  );
}

describe('layering', () => {
  it('platform/ imports nothing outside platform/', () => {
    expect(sourceFiles('platform').length).toBeGreaterThan(10);
    expect(importsLeaving('platform', ['platform'])).toEqual([]);
  });

  it('only platform/kafka/ imports kafkajs', () => {
    const appFiles = ['gateway', 'services', 'platform', 'cli', 'infra', 'domains', 'schemas', 'read-models', 'client'].flatMap((dir) =>
      sourceFiles(dir, [path.join('platform', 'kafka'), path.join('client', 'dist')]),
    );
    expect(appFiles.length).toBeGreaterThan(100);
    expect(sourceFiles(path.join('platform', 'kafka')).filter((file) => KAFKAJS_IMPORT.test(readFileSync(path.join(ROOT, file), 'utf8'))).length).toBeGreaterThan(0);
    expect(appFiles.filter((file) => KAFKAJS_IMPORT.test(readFileSync(path.join(ROOT, file), 'utf8')))).toEqual([]);
  });

  it('the client SDK imports nothing outside client/ (its build tool aside)', () => {
    expect(sourceFiles('client', [path.join('client', 'tools'), path.join('client', 'dist')]).length).toBeGreaterThan(10);
    expect(importsLeaving('client', ['client'], [path.join('client', 'tools'), path.join('client', 'dist')])).toEqual([]);
  });

  it('the server side takes only the wire types from client/ (the dashboard page, a browser client of the SDK, aside)', () => {
    const intoClient = ['gateway', 'services', 'platform', 'cli', 'domains', 'schemas', 'read-models']
      .flatMap((dir) => importsLeaving(dir, [dir], [path.join('gateway', 'dashboard', 'page')]))
      .filter((edge) => edge.includes(`→ client${path.sep}`) || edge.endsWith('→ client'));
    expect(intoClient.length).toBeGreaterThan(0);
    expect(intoClient.filter((edge) => !edge.endsWith(`→ ${path.join('client', 'protocol')}`))).toEqual([]);
  });
});
