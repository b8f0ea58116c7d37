/** No credential reaches a log line: secret-looking keys at any depth, and credentials inside text, messages and errors. */
import { Writable } from 'node:stream';
import { createAuditLog } from '../../../platform/audit';
import { createLogger, REDACTED, scrubText } from '../../../platform/logger';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1In0.c2lnbmF0dXJl';

function capture(): { lines: () => Record<string, unknown>[]; text: () => string; stream: Writable } {
  let text = '';
  const stream = new Writable({ write: (chunk: Buffer, _encoding, done) => ((text += chunk.toString()), done()) });
  return { stream, text: () => text, lines: () => text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('log redaction', () => {
  it('replaces values of secret-looking keys at any depth, and keeps the rest', () => {
    const out = capture();
    createLogger('test', 'info', out.stream).info(
      { token: JWT, user: 'alice', request: { headers: { Authorization: `Bearer ${JWT}`, 'sec-websocket-protocol': `eventline, bearer.${JWT}`, host: 'gw' } }, kafka: { sasl: { password: 'hunter2' } } },
      'upgrade',
    );
    const [line] = out.lines();
    expect(line).toMatchObject({ token: REDACTED, user: 'alice', request: { headers: { Authorization: REDACTED, 'sec-websocket-protocol': REDACTED, host: 'gw' } }, kafka: { sasl: { password: REDACTED } } });
    expect(out.text()).not.toContain(JWT);
    expect(out.text()).not.toContain('hunter2');
  });

  it('scrubs credentials inside text: ?token=, a URL password, Bearer and bearer. values', () => {
    expect(scrubText(`GET /ws?stores=a&token=${JWT}&room=b`)).toBe(`GET /ws?stores=a&token=${REDACTED}&room=b`);
    expect(scrubText('postgres://postgres:s3cret@db:5432/eventline')).toBe(`postgres://postgres:${REDACTED}@db:5432/eventline`);
    expect(scrubText(`Authorization: Bearer ${JWT}`)).toBe(`Authorization: Bearer ${REDACTED}`);
    expect(scrubText(`eventline, bearer.${JWT}`)).toBe(`eventline, bearer.${REDACTED}`);
    expect(scrubText(`https://idp/cb#access_token=${JWT}&state=1`)).toBe(`https://idp/cb#access_token=${REDACTED}&state=1`);
    expect(scrubText('nothing secret here: token expired, developmentToken')).toBe('nothing secret here: token expired, developmentToken');
  });

  it('scrubs messages, interpolated arguments, string fields, child bindings and errors', () => {
    const out = capture();
    const logger = createLogger('test', 'info', out.stream).child({ url: `/ws?token=${JWT}` });
    logger.info(`opened ws://gw/ws?token=${JWT}`);
    logger.info({ url: `wss://gw/ws?token=${JWT}` }, 'connecting to %s', `https://u:hunter2@registry/`);
    logger.error({ err: new Error(`cannot reach postgres://u:hunter2@db/e (token=${JWT})`) }, 'failed');
    expect(out.text()).not.toContain(JWT);
    expect(out.text()).not.toContain('hunter2');
    const [opened, connecting, failed] = out.lines();
    expect(opened).toMatchObject({ msg: `opened ws://gw/ws?token=${REDACTED}`, url: `/ws?token=${REDACTED}` });
    expect(connecting).toMatchObject({ msg: `connecting to https://u:${REDACTED}@registry/` });
    expect((failed!.err as { message: string }).message).toBe(`cannot reach postgres://u:${REDACTED}@db/e (token=${REDACTED})`);
  });
});

describe('audit log', () => {
  it('writes one line per event, with `audit` naming it, whatever the log level, all of them on disk once closed', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eventline-audit-'));
    try {
      const file = path.join(dir, 'nested', 'audit.log');
      const trail = createAuditLog('gateway', file);
      const audit = trail.write;
      audit('auth.refused', { remote: '10.0.0.7', transport: 'websocket', code: 'UNAUTHORIZED', reason: 'token signature is invalid' });
      audit('command.forbidden', { user: 'alice', command: { id: 'c-1', domain: 'orders', name: 'ShipOrder', aggregate: 'order-1' }, code: 'FORBIDDEN', reason: `see ?token=${JWT}` });
      await trail.close();
      audit('token.expired', { user: 'alice' });
      const lines = fs.readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines).toEqual([
        expect.objectContaining({ level: 30, service: 'gateway', audit: 'auth.refused', remote: '10.0.0.7', transport: 'websocket', code: 'UNAUTHORIZED', reason: 'token signature is invalid' }),
        expect.objectContaining({ audit: 'command.forbidden', user: 'alice', command: { id: 'c-1', domain: 'orders', name: 'ShipOrder', aggregate: 'order-1' }, reason: `see ?token=${REDACTED}` }),
      ]);
      expect(typeof lines[0]!.time).toBe('number');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
