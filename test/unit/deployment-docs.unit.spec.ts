/**
 * docs/deployment.md's Kubernetes example cannot drift from the code: its YAML parses, there is
 * one Deployment per service running that service's entry point, every variable it sets is one
 * platform/config.ts reads, the configuration it gives each container loads in production mode
 * (secrets as files), and its ports and probes are the ones that configuration serves.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { loadConfig, requireSafeClientPort } from '../../platform/config';
import { HANDLER_GLIBC_TUNABLES } from '../../services/command-handler/process-env';

const ROOT = path.resolve(__dirname, '..', '..');
const SERVICES = ['gateway', 'command-handler', 'projector', 'workflow'];

interface Container {
  name: string;
  command: string[];
  envFrom?: { configMapRef: { name: string } }[];
  env?: { name: string; value: string }[];
  ports: { name: string; containerPort: number }[];
  readinessProbe: { httpGet: { path: string; port: string } };
  livenessProbe: { httpGet: { path: string; port: string } };
  volumeMounts?: { name: string; mountPath: string }[];
}
interface Manifest {
  kind: string;
  metadata: { name: string };
  data?: Record<string, string>;
  spec: {
    template: { spec: { terminationGracePeriodSeconds: number; containers: Container[] } };
    ports?: { targetPort: string }[];
  };
}

function manifests(): Manifest[] {
  const doc = fs.readFileSync(path.join(ROOT, 'docs', 'deployment.md'), 'utf8');
  const blocks = [...doc.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);
  return blocks.flatMap((block) =>
    parseAllDocuments(block).map((document) => {
      expect(document.errors).toEqual([]);
      return document.toJS() as Manifest;
    }),
  );
}

function variablesRead(): Set<string> {
  const names = new Set<string>();
  loadConfig(new Proxy({}, { get: (_target, name) => (typeof name === 'string' && names.add(name), undefined) }));
  return names;
}

describe('docs/deployment.md', () => {
  const all = manifests();
  const deployments = all.filter((manifest) => manifest.kind === 'Deployment');
  const configMaps = new Map(all.filter((manifest) => manifest.kind === 'ConfigMap').map((manifest) => [manifest.metadata.name, manifest.data ?? {}]));
  const secretsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'eventline-deployment-'));
  afterAll(() => fs.rmSync(secretsDir, { recursive: true, force: true }));

  /** The container's environment, with the secret files it names written to a temporary directory. */
  function environment(container: Container): Record<string, string> {
    const env: Record<string, string> = {};
    for (const { configMapRef } of container.envFrom ?? []) Object.assign(env, configMaps.get(configMapRef.name));
    for (const { name, value } of container.env ?? []) env[name] = value;
    for (const [name, value] of Object.entries(env)) {
      if (!value.startsWith('/etc/eventline/secrets/')) continue;
      const file = path.join(secretsDir, path.basename(value));
      fs.writeFileSync(file, path.basename(value) === 'database-url' ? 'postgres://eventline:secret@postgres:5432/eventline?sslmode=verify-full' : 'secret-'.repeat(8));
      env[name] = file;
    }
    return env;
  }

  it('has one Deployment per service, each running its entry point', () => {
    expect(deployments.map((deployment) => deployment.metadata.name).sort()).toEqual(SERVICES.map((service) => `eventline-${service}`).sort());
    for (const deployment of deployments) {
      const [container] = deployment.spec.template.spec.containers;
      const script = container!.command.at(-1)!;
      expect(script).toMatch(/^dist\/.+\/main\.js$/);
      expect(fs.existsSync(path.join(ROOT, script.replace(/^dist\//, '').replace(/\.js$/, '.ts')))).toBe(true);
      expect(`eventline-${container!.name}`).toBe(deployment.metadata.name);
    }
  });

  it('sets only variables the configuration reads, and each container loads in production mode', () => {
    const known = variablesRead();
    for (const deployment of deployments) {
      const [container] = deployment.spec.template.spec.containers;
      const env = environment(container!);
      // GLIBC_TUNABLES is the C library's, set as launchers set it for the handler.
      expect(Object.keys(env).filter((name) => !known.has(name) && name !== 'GLIBC_TUNABLES')).toEqual([]);
      if (env.GLIBC_TUNABLES !== undefined) expect(env.GLIBC_TUNABLES).toBe(HANDLER_GLIBC_TUNABLES);
      const config = loadConfig(env);
      expect(config.mode).toBe('production');
      expect({ replicas: config.topicReplicationFactor, minInsync: config.topicMinInsyncReplicas }).toEqual({ replicas: 3, minInsync: 2 });
      if (container!.name === 'gateway') expect(() => requireSafeClientPort(config)).not.toThrow();
      // Probes reach the operations port from the pod's address.
      expect(config.opsHost).toBe('0.0.0.0');
      const ports = new Map(container!.ports.map(({ name, containerPort }) => [name, containerPort]));
      expect(ports.get('ops')).toBe(config.opsPort);
      if (container!.name === 'gateway') expect(ports.get('client')).toBe(config.port);
      expect(container!.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'ops' });
      expect(container!.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'ops' });
      // Every directory it writes to is a mounted volume.
      const mounts = (container!.volumeMounts ?? []).map(({ mountPath }) => mountPath);
      for (const dir of [config.dataDir, env.HANDLER_STATE_DIR].filter((value): value is string => value !== undefined)) {
        expect(mounts.some((mount) => dir === mount || dir.startsWith(`${mount}/`))).toBe(true);
      }
      // Each shutdown step may take 15 s; a drain needs more than one of them.
      expect(deployment.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(30);
    }
  });

  it("routes the gateway Service to the gateway's client port", () => {
    const service = all.find((manifest) => manifest.kind === 'Service' && manifest.metadata.name === 'eventline-gateway');
    const gateway = deployments.find((deployment) => deployment.metadata.name === 'eventline-gateway')!.spec.template.spec.containers[0]!;
    expect(service?.spec.ports?.map(({ targetPort }) => targetPort)).toEqual(['client']);
    expect(gateway.ports.map(({ name }) => name)).toContain('client');
  });
});
