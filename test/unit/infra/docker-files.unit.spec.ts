/**
 * docker-compose.yml and the Dockerfile as a Docker user would run them. No Docker engine runs
 * here, so the files are parsed (YAML with merge keys, as Compose reads it; the Dockerfile's
 * instructions) and each property that matters is checked.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DockerfileParser, Env } from 'dockerfile-ast';
import { parse } from 'yaml';
import { HANDLER_GLIBC_TUNABLES, HANDLER_NODE_OPTIONS } from '../../../services/command-handler/process-env';

const ROOT = path.resolve(__dirname, '..', '..', '..');

interface ComposeService {
  image?: string;
  healthcheck?: { test?: string[] };
  environment?: Record<string, string | number>;
  ports?: (string | { target: number; published?: string | number; host_ip?: string })[];
  volumes?: string[];
}

const compose = parse(fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };
const service = (name: string): ComposeService => {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
};
const env = (name: string): Record<string, string> => Object.fromEntries(Object.entries(service(name).environment ?? {}).map(([key, value]) => [key, String(value)]));

/** host_ip:published:target of each published port, long syntax included. */
function publishedPorts(name: string): { hostIp: string | undefined; published: string; target: string }[] {
  return (service(name).ports ?? []).map((port) => {
    if (typeof port !== 'string') return { hostIp: port.host_ip, published: String(port.published ?? port.target), target: String(port.target) };
    const parts = port.split(':');
    return parts.length === 3 ? { hostIp: parts[0], published: parts[1]!, target: parts[2]! } : { hostIp: undefined, published: parts[0]!, target: parts[parts.length - 1]! };
  });
}

/** The ENV of the Dockerfile's last stage: what every container starts with. */
const runtimeEnv: Map<string, string | null> = (() => {
  const instructions = DockerfileParser.parse(fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8')).getInstructions();
  const lastFrom = instructions.map((instruction) => instruction.getKeyword()).lastIndexOf('FROM');
  return new Map(
    instructions
      .slice(lastFrom)
      .filter((instruction): instruction is Env => instruction instanceof Env)
      .flatMap((instruction) => instruction.getProperties())
      .map((property) => [property.getName(), property.getValue()]),
  );
})();

/** Listener name → `host:port` of a KAFKA_LISTENERS / KAFKA_ADVERTISED_LISTENERS value. */
function listeners(value: string | undefined): Map<string, string> {
  return new Map((value ?? '').split(',').map((entry) => entry.trim().split('://') as [string, string]));
}

describe('docker-compose.yml', () => {
  it("keeps Kafka's log in its volume, so down/up keeps the events as it keeps the read models", () => {
    const kafka = service('kafka');
    const logDirs = env('kafka').KAFKA_LOG_DIRS;
    expect(logDirs).toBeDefined();
    const mountTargets = (kafka.volumes ?? []).filter((volume) => !volume.startsWith('.') && !volume.startsWith('/')).map((volume) => volume.split(':')[1]);
    expect(logDirs!.split(',').every((dir) => mountTargets.some((target) => dir === target || dir.startsWith(`${target}/`)))).toBe(true);
    const postgresTargets = (service('postgres').volumes ?? []).map((volume) => volume.split(':')[1]);
    expect(postgresTargets).toContain('/var/lib/postgresql/data');
  });

  it('lets host tools reach Kafka at localhost:9094 through a second listener', () => {
    const kafka = env('kafka');
    const bound = listeners(kafka.KAFKA_LISTENERS);
    const advertised = listeners(kafka.KAFKA_ADVERTISED_LISTENERS);
    const hostListener = [...advertised].find(([, address]) => address === 'localhost:9094')?.[0];
    expect(hostListener).toBeDefined();
    expect(bound.get(hostListener!)).toMatch(/:9094$/);
    expect(listeners(kafka.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP?.replace(/:/g, '://')).get(hostListener!)).toBe('PLAINTEXT');
    // The containers keep their own listener, and brokers talk over it.
    expect(advertised.get('PLAINTEXT')).toBe('kafka:9092');
    expect(env('gateway').KAFKA_BROKERS).toBe('kafka:9092');
    expect(publishedPorts('kafka')).toContainEqual({ hostIp: '127.0.0.1', published: '9094', target: '9094' });
  });

  it('publishes Kafka and PostgreSQL on 127.0.0.1 only', () => {
    for (const name of ['kafka', 'postgres']) {
      const ports = publishedPorts(name);
      expect(ports.length).toBeGreaterThan(0);
      expect(ports.filter((port) => port.hostIp !== '127.0.0.1')).toEqual([]);
    }
  });

  it('runs every Eventline service in production mode, refusing to start without JWT_SECRET, plaintext only said out loud', () => {
    for (const name of ['gateway', 'command-handler', 'projector']) {
      const variables = env(name);
      expect({ name, mode: variables.EVENTLINE_ENV, insecure: variables.INSECURE_PLAINTEXT }).toEqual({ name, mode: 'production', insecure: 'true' });
      // ${VAR:?message}: Compose stops with the message when the variable is unset or empty.
      expect(variables.JWT_SECRET).toMatch(/^\$\{JWT_SECRET:\?[^}]+\}$/);
    }
    // Production refuses a gateway without an origin allow-list: the dashboard it serves, unless the user names others.
    expect(env('gateway').WS_ALLOWED_ORIGINS).toBe('${WS_ALLOWED_ORIGINS:-http://localhost:8080}');
  });

  it("checks each service's readiness on its operations port inside the container, and never publishes that port", () => {
    for (const name of ['gateway', 'command-handler', 'projector']) {
      expect(service(name).healthcheck?.test?.join(' ')).toContain(`http://127.0.0.1:${runtimeEnv.get('OPS_PORT')}/readyz`);
      expect(publishedPorts(name).filter((port) => port.target === runtimeEnv.get('OPS_PORT'))).toEqual([]);
    }
    expect(publishedPorts('gateway')).toEqual([{ hostIp: undefined, published: '8080', target: '8080' }]);
  });

  it("starts the command handler with the malloc and V8 heap settings every launcher gives it", () => {
    expect(env('command-handler').GLIBC_TUNABLES).toBe(HANDLER_GLIBC_TUNABLES);
    expect(env('command-handler').NODE_OPTIONS).toBe(HANDLER_NODE_OPTIONS);
  });
});

describe('Dockerfile', () => {
  it('sets EVENTLINE_ENV=production and one operations port in the image that runs', () => {
    expect(runtimeEnv.get('EVENTLINE_ENV')).toBe('production');
    expect(runtimeEnv.get('OPS_PORT')).toMatch(/^\d+$/);
  });
});
