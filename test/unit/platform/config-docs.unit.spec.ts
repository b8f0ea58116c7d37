/** The configuration table and docker-compose.yml cannot drift from what platform/config.ts reads. */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../../platform/config';

const ROOT = path.resolve(__dirname, '..', '..', '..');

function variablesRead(): string[] {
  const names = new Set<string>();
  loadConfig(new Proxy({}, { get: (_target, name) => (typeof name === 'string' && names.add(name), undefined) }));
  return [...names].sort();
}

describe('configuration documentation', () => {
  const variables = variablesRead();

  it('reads a sensible set of variables', () => {
    expect(variables).toEqual(expect.arrayContaining(['KAFKA_BROKERS', 'DATABASE_URL', 'PORT', 'JWT_SECRET', 'TOPIC_PARTITIONS']));
  });

  it('documents every variable in docs/configuration.md', () => {
    const documented = fs.readFileSync(path.join(ROOT, 'docs', 'configuration.md'), 'utf8');
    expect(variables.filter((name) => !documented.includes(`| \`${name}\` |`))).toEqual([]);
  });

  it('uses only known variables in docker-compose.yml for the Eventline services', () => {
    const compose = fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8');
    const eventlinePart = compose.slice(0, compose.indexOf('services:')) + compose.slice(compose.indexOf('  gateway:'));
    const used = [...eventlinePart.matchAll(/^\s{4,6}([A-Z][A-Z0-9_]+):/gm)].map((match) => match[1]!);
    expect(used.length).toBeGreaterThan(5);
    // GLIBC_TUNABLES is the C library's, NODE_OPTIONS Node's (services/command-handler/process-env.ts).
    const others = ['NODE_ENV', 'GLIBC_TUNABLES', 'NODE_OPTIONS'];
    expect(used.filter((name) => !variables.includes(name) && !others.includes(name))).toEqual([]);
  });
});
