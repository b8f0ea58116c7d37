/**
 * `eventline new domain` and `eventline new workflow` on a copy of this project: the scaffolded
 * domain and workflows type-check with the whole project and pass their own given/when/then
 * tests, and the domain's schema source matches the Avro records the scaffold released.
 */
import { spawnSync } from 'child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { scaffoldDomain } from '../../cli/scaffold/scaffold-domain';
import { scaffoldWorkflow } from '../../cli/scaffold/scaffold-workflow';

jest.setTimeout(300_000);

const REPO = path.resolve(__dirname, '..', '..');
/** What a checkout holds beside the sources; node_modules is linked, not copied. */
const LEFT_OUT = new Set(['node_modules', 'dist', '.git', '.eventline', path.join('client', 'dist')]);

function run(cwd: string, script: string, args: readonly string[]): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [require.resolve(script), ...args], { cwd, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('eventline new domain and new workflow (a copy of the project)', () => {
  let project: string;

  beforeAll(() => {
    project = mkdtempSync(path.join(tmpdir(), 'eventline-scaffold-'));
    cpSync(REPO, project, { recursive: true, filter: (source) => !LEFT_OUT.has(path.relative(REPO, source)) });
    symlinkSync(path.join(REPO, 'node_modules'), path.join(project, 'node_modules'), 'dir');
  });

  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it('scaffolds a registered domain and workflows that compile and pass their own tests', () => {
    const { files, released } = scaffoldDomain(project, 'widgets');
    expect(files).toContain('domains/widgets/index.ts');
    // Appended after whatever the project registers already.
    expect(readFileSync(path.join(project, 'domains/index.ts'), 'utf8')).toMatch(/Object\.freeze\(\[ordersDomain, chatDomain(, \w+Domain)*, widgetsDomain\]\)/);
    expect(released.map(({ entry }) => `${entry.subject} v${entry.version}`)).toEqual([
      'eventline.widgets.CreateWidgets v1',
      'eventline.widgets.RenameWidgets v1',
      'eventline.widgets.WidgetsCreated v1',
      'eventline.widgets.WidgetsRenamed v1',
      'eventline.widgets.WidgetsSnapshot v1',
    ]);

    expect(scaffoldWorkflow(project, 'order-rooms')).toEqual({
      files: ['domains/workflows/order-rooms/index.ts', 'domains/workflows/order-rooms/react.ts', 'test/unit/workflows/order-rooms.unit.spec.ts', 'domains/index.ts'],
      wiring: { source: 'orders', event: 'OrderPlaced', target: 'chat', command: 'CreateRoom' },
    });
    scaffoldWorkflow(project, 'restock', { source: 'inventory', event: 'StockReservationRefused', target: 'orders', command: 'CancelOrder' });
    expect(readFileSync(path.join(project, 'domains/index.ts'), 'utf8')).toMatch(/Object\.freeze\(\[orderFulfilmentWorkflow(, \w+Workflow)*, orderRoomsWorkflow, restockWorkflow\]\)/);

    const typecheck = run(project, 'typescript/bin/tsc', ['-p', 'tsconfig.json', '--noEmit']);
    expect(typecheck.output).toBe('');
    expect(typecheck.status).toBe(0);

    const tests = run(project, 'jest/bin/jest', ['--selectProjects', 'unit', '--', 'test/unit/domains/widgets/', 'test/unit/workflows/', 'test/unit/schemas/domain-schemas.unit.spec.ts']);
    expect(tests.output).toContain('test/unit/domains/widgets/widgets.unit.spec.ts');
    expect(tests.output).toContain('test/unit/workflows/order-rooms.unit.spec.ts');
    expect(tests.output).toContain('test/unit/workflows/restock.unit.spec.ts');
    expect(tests.output).toMatch(/Tests: +\d+ passed, \d+ total/);
    expect(tests.status).toBe(0);
  });
});
