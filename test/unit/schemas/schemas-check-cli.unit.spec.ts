import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, run } from '../../../cli/main';

async function eventline(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(['node', 'eventline', ...args], { out: (text) => (out += text), err: (text) => (err += text) });
  return { code, out, err };
}

/** A schemas directory whose Thing v2 adds a field without a default. */
function incompatibleSchemasDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'eventline-schemas-'));
  mkdirSync(path.join(dir, 'avro'));
  const thing = (fields: unknown[]) => JSON.stringify({ type: 'record', name: 'Thing', namespace: 'test', fields });
  writeFileSync(path.join(dir, 'avro', 'Thing.v1.avsc'), thing([{ name: 'a', type: 'string' }]));
  writeFileSync(path.join(dir, 'avro', 'Thing.v2.avsc'), thing([{ name: 'a', type: 'string' }, { name: 'b', type: 'int' }]));
  const entry = (version: number) => ({ id: version, subject: 'test.Thing', version, file: `avro/Thing.v${version}.avsc` });
  writeFileSync(path.join(dir, 'catalog.json'), JSON.stringify({ schemas: [entry(1), entry(2)] }));
  return dir;
}

describe('eventline schemas check', () => {
  const dir = incompatibleSchemasDir();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 0 and says ok for the committed schemas', async () => {
    const { code, out } = await eventline('schemas', 'check');
    expect(code).toBe(EXIT_OK);
    expect(out).toContain('eventline.orders.OrderShipped v1 -> v2: FULL compatible');
    expect(out.trimEnd().endsWith('ok')).toBe(true);
  });

  it('prints the report as JSON with --json', async () => {
    const { code, out } = await eventline('--json', 'schemas', 'check');
    expect(code).toBe(EXIT_OK);
    expect(JSON.parse(out)).toMatchObject({ ok: true, locks: [] });
  });

  it('exits 1 with the report and a one-line error when a version is incompatible or unlocked', async () => {
    const { code, out, err } = await eventline('schemas', 'check', '--dir', dir);
    expect(code).toBe(EXIT_FAILURE);
    expect(out).toContain('FAIL test.Thing v1 -> v2');
    expect(out).toContain('not locked yet');
    expect(err).toMatch(/^eventline: schemas check failed: 2 lock problem\(s\), 1 incompatible version pair\(s\)\n$/);
  });

  it('prints the stack only with --verbose', async () => {
    const { code, err } = await eventline('--verbose', 'schemas', 'check', '--dir', path.join(dir, 'missing'));
    expect(code).toBe(EXIT_FAILURE);
    expect(err).toContain('InternalError');
    expect(err).toContain('    at ');
  });

  it('exits 2 on a usage error', async () => {
    expect((await eventline('schemas', 'chek')).code).toBe(EXIT_USAGE);
    expect((await eventline('--nope')).code).toBe(EXIT_USAGE);
  });

  it('exits 0 for --help and --version', async () => {
    expect((await eventline('--help')).code).toBe(EXIT_OK);
    const version = await eventline('--version');
    expect(version.code).toBe(EXIT_OK);
    expect(version.out).toMatch(/^\d+\.\d+\.\d+/);
  });
});
