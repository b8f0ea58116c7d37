/**
 * Certificates made at test time with openssl (on every machine the tests run on): a CA of
 * the test's own, and certificates it signs for 127.0.0.1 and localhost, with EC P-256
 * keys (instant to generate) in PEM, PKCS#8 — what node, PostgreSQL and Kafka's PEM key stores
 * all read. Nothing here is a secret worth keeping: each test makes its own and deletes it.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestCa {
  readonly dir: string;
  /** PEM: what clients trust. */
  readonly certFile: string;
  readonly keyFile: string;
}

export interface TestCertificate {
  readonly certFile: string;
  /** Unencrypted PKCS#8 PEM. */
  readonly keyFile: string;
}

const VALID_DAYS = '2';

async function openssl(dir: string, ...args: string[]): Promise<void> {
  try {
    await run('openssl', args, { cwd: dir });
  } catch (error) {
    throw new Error(`openssl ${args.slice(0, 2).join(' ')} failed (openssl must be on PATH): ${(error as { stderr?: string }).stderr ?? String(error)}`);
  }
}

export async function createTestCa(dir: string, name = 'Eventline test CA'): Promise<TestCa> {
  fs.mkdirSync(dir, { recursive: true });
  const ca = { dir, certFile: path.join(dir, 'ca.pem'), keyFile: path.join(dir, 'ca.key') };
  await openssl(dir, 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', ca.keyFile, '-out', ca.certFile, '-days', VALID_DAYS,
    '-subj', `/CN=${name}`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  return ca;
}

/** A certificate for 127.0.0.1 and localhost, as a server or a client, signed by `ca`, written as `<name>.pem` / `<name>.key` in the CA's directory. */
export async function issueCertificate(ca: TestCa, name: string, commonName = name): Promise<TestCertificate> {
  const certFile = path.join(ca.dir, `${name}.pem`);
  const keyFile = path.join(ca.dir, `${name}.key`);
  const request = path.join(ca.dir, `${name}.csr`);
  const extensions = path.join(ca.dir, `${name}.ext`);
  fs.writeFileSync(extensions, 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\nbasicConstraints=CA:FALSE\n');
  await openssl(ca.dir, 'req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyFile, '-out', request, '-subj', `/CN=${commonName}`);
  await openssl(ca.dir, 'x509', '-req', '-in', request, '-CA', ca.certFile, '-CAkey', ca.keyFile, '-CAcreateserial', '-out', certFile, '-days', VALID_DAYS, '-extfile', extensions);
  return { certFile, keyFile };
}
