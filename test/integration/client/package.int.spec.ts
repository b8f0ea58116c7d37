/**
 * The client SDK as a package, installed from the repository the way an application would:
 * `npm pack client` (after the build), installed into a fresh project, then loaded with
 * `require` and with `import`, and type-checked under node16 resolution with no DOM or Node
 * types — the typed schema narrowing as it does in the repository.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

jest.setTimeout(120_000);

describe('@eventline/client, packed and installed', () => {
  let project: string;
  const run = (command: string, args: string[]): string => execFileSync(command, args, { cwd: project, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

  beforeAll(() => {
    if (!fs.existsSync(path.join(ROOT, 'client', 'dist', 'index.cjs'))) throw new Error('client/dist is missing: run `npm run build` (npm test does it first)');
    project = fs.mkdtempSync(path.join(os.tmpdir(), 'eventline-client-consumer-'));
    const [packed] = JSON.parse(execFileSync('npm', ['pack', path.join(ROOT, 'client'), '--pack-destination', project, '--json'], { encoding: 'utf8' })) as { filename: string; files: { path: string }[] }[];
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
    run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', path.join(project, (packed as { filename: string }).filename)]);
  });

  afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

  it('ships the modules, declarations and browser bundle, and nothing else', () => {
    const shipped = fs.readdirSync(path.join(project, 'node_modules', '@eventline', 'client', 'dist')).sort();
    expect(shipped).toEqual(['eventline-client.browser.js', 'eventline-client.browser.js.map', 'index.cjs', 'index.d.cts', 'index.d.mts', 'index.mjs']);
  });

  it('loads with require and with import', () => {
    const probe = `
      const loaded = %LOAD%;
      const client = new loaded.EventlineClient({ url: 'ws://127.0.0.1:1/ws', token: 't', WebSocket: class {} });
      console.log(JSON.stringify({ state: client.state, error: new loaded.UpgradeRefusedError(401, 'UNAUTHORIZED', 'no', undefined).code, exp: loaded.tokenExpiry('x.' + Buffer.from('{"exp":42}').toString('base64url') + '.') }));`;
    const expected = { state: 'disconnected', error: 'UNAUTHORIZED', exp: 42_000 };
    expect(JSON.parse(run(process.execPath, ['-e', probe.replace('%LOAD%', "require('@eventline/client')")]))).toEqual(expected);
    expect(JSON.parse(run(process.execPath, ['--input-type=module', '-e', probe.replace('%LOAD%', "await import('@eventline/client')")]))).toEqual(expected);
    // The minified browser bundle keeps class names: errors say what they are.
    const browser = `const { ServerError } = await import('@eventline/client/browser'); console.log(new ServerError({ id: null, code: 'FORBIDDEN', message: 'no' }).name);`;
    expect(run(process.execPath, ['--input-type=module', '-e', browser]).trim()).toBe('ServerError');
  });

  it('type-checks from ES modules and CommonJS, narrowing events by name, without DOM or Node types', () => {
    const consumer = `
      import { EventlineClient, type EventlineSchema, type WebSocketConstructor } from '@eventline/client';
      declare const WebSocket: WebSocketConstructor;
      const client = new EventlineClient<EventlineSchema>({ url: 'ws://gateway/ws', getToken: async () => 'jwt', WebSocket });
      const shown: string[] = [];
      client.subscribe('chat.events', 'room-1', {
        onEvent: (event) => {
          if (event.name === 'MessagePosted') shown.push(event.data.text.toUpperCase());
          // @ts-expect-error MemberAdded carries no text
          if (event.name === 'MemberAdded') shown.push(event.data.text);
        },
      });
      client.subscribe('views.store_stats', 'store-1', { onSnapshot: ({ data }) => void shown.push(data?.updatedAt.slice(0, 10) ?? 'no row') });
      // @ts-expect-error PlaceOrder needs its items
      client.send({ domain: 'orders', name: 'PlaceOrder', key: 'o-1', data: { storeId: 's', customerId: 'c', currency: 'EUR' } });
      export {};
    `;
    fs.writeFileSync(path.join(project, 'consumer.mts'), consumer);
    fs.writeFileSync(path.join(project, 'consumer.cts'), consumer);
    const compilerOptions = { noEmit: true, strict: true, module: 'node16', moduleResolution: 'node16', target: 'es2022', lib: ['es2022'], types: [] };
    fs.writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['consumer.mts', 'consumer.cts'] }));
    let output = '';
    try {
      output = run(process.execPath, [TSC, '-p', '.']);
    } catch (error) {
      output = String((error as { stdout?: string }).stdout ?? error);
    }
    expect(output).toBe('');
  });
});
