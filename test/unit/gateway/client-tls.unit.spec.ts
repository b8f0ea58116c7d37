/**
 * The gateway's client port over TLS (gateway/listener/): https:// with the certificate of
 * TLS_CERT_FILE / TLS_KEY_FILE, reloaded in place when the files change or on SIGHUP, and a
 * renewal that does not load (a key of another certificate) logged while the old one is
 * served on. Certificates come from a CA made here with openssl.
 */
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import express from 'express';
import { createClientServer, loadCertificate, type ClientServer } from '../../../gateway/listener';
import { ConfigError } from '../../../platform/errors';
import { createLogger } from '../../../platform/logger';
import { createTestCa, issueCertificate, type TestCa, type TestCertificate } from '../../support/certificates';

const FAST_POLL_MS = 50;
/** Never, within a test: only SIGHUP reloads. */
const NO_POLL_MS = 3_600_000;

/** The common name of the certificate the server presents to a new connection. */
function servedName(port: number, ca: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = https.get(`https://127.0.0.1:${port}/`, { ca, agent: false }, (response) => {
      resolve(String((response.socket as TLSSocket).getPeerCertificate().subject?.CN ?? ''));
      response.resume();
    });
    request.on('error', reject);
  });
}

async function eventually(probe: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('TLS on the client port', () => {
  let dir: string;
  let ca: TestCa;
  let trusted: Buffer;
  const servers: ClientServer[] = [];
  let log = '';
  const logger = createLogger('test', 'info', new Writable({ write: (chunk: Buffer, _encoding, done) => ((log += chunk.toString()), done()) }));

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eventline-tls-'));
    ca = await createTestCa(path.join(dir, 'ca'));
    trusted = fs.readFileSync(ca.certFile);
  });

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Files of its own per server: the watcher looks at paths. */
  async function serving(name: string, pollMs: number): Promise<{ port: number; files: TestCertificate }> {
    const issued = await issueCertificate(ca, `${name}-v1`);
    const files = { certFile: path.join(dir, `${name}.pem`), keyFile: path.join(dir, `${name}.key`) };
    fs.copyFileSync(issued.certFile, files.certFile);
    fs.copyFileSync(issued.keyFile, files.keyFile);
    const app = express().get('/', (_req, res) => void res.send('ok'));
    const server = createClientServer(app, { clientTls: { ...files, passphrase: undefined }, host: '127.0.0.1', port: 0 }, logger, pollMs);
    servers.push(server);
    expect(server.secure).toBe(true);
    return { port: await server.listen(), files };
  }

  async function renew(files: TestCertificate, name: string): Promise<void> {
    const issued = await issueCertificate(ca, name);
    fs.writeFileSync(files.certFile, fs.readFileSync(issued.certFile));
    fs.writeFileSync(files.keyFile, fs.readFileSync(issued.keyFile));
  }

  it('serves the certificate of TLS_CERT_FILE, and a renewed one once the files change', async () => {
    const { port, files } = await serving('watched', FAST_POLL_MS);
    expect(await servedName(port, trusted)).toBe('watched-v1');
    await renew(files, 'watched-v2');
    await eventually(async () => (await servedName(port, trusted)) === 'watched-v2', 'the renewed certificate');
    expect(log).toMatch(/"trigger":"file change","subject":"CN=watched-v2".*"msg":"TLS certificate reloaded"/);
  });

  it('reloads on SIGHUP, and keeps serving the old certificate when the new pair does not load', async () => {
    const { port, files } = await serving('signalled', NO_POLL_MS);
    await renew(files, 'signalled-v2');
    expect(await servedName(port, trusted)).toBe('signalled-v1');
    process.emit('SIGHUP', 'SIGHUP');
    expect(await servedName(port, trusted)).toBe('signalled-v2');
    expect(log).toMatch(/"trigger":"SIGHUP","subject":"CN=signalled-v2"/);

    // A certificate whose key is another certificate's: refused, the old pair stays.
    const other = await issueCertificate(ca, 'signalled-v3');
    fs.copyFileSync(other.certFile, files.certFile);
    process.emit('SIGHUP', 'SIGHUP');
    expect(await servedName(port, trusted)).toBe('signalled-v2');
    expect(log).toMatch(/"trigger":"SIGHUP".*"msg":"TLS certificate not reloaded: still serving the previous one"/);
  });

  it('refuses at start-up a key that is not the certificate’s, naming TLS_KEY_FILE', async () => {
    const first = await issueCertificate(ca, 'first');
    const second = await issueCertificate(ca, 'second');
    expect(() => loadCertificate({ certFile: first.certFile, keyFile: second.keyFile, passphrase: undefined })).toThrow(ConfigError);
    expect(() => loadCertificate({ certFile: first.certFile, keyFile: second.keyFile, passphrase: undefined })).toThrow(/^TLS_KEY_FILE: /);
    expect(() => loadCertificate({ certFile: first.keyFile, keyFile: first.keyFile, passphrase: undefined })).toThrow(/^TLS_CERT_FILE: /);
  });
});
