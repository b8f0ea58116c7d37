/**
 * The operations port of every process: /healthz, /readyz and /metrics on a small express app
 * of their own, bound to OPS_HOST (localhost by default), never on the gateway's client port —
 * they tell a stranger the Node version, connection and command counts, and what is failing.
 */
import http from 'node:http';
import express, { type Express, type Request, type Response } from 'express';
import type { Registry } from 'prom-client';
import { RETRY_AFTER_SECONDS } from '../errors';
import { listen } from './listen';

/** A named dependency check for /readyz; resolves when the dependency answers. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

const READINESS_TIMEOUT_MS = 2_000;

export interface CheckResult {
  name: string;
  ok: boolean;
  /** Why it failed: the dependency's own error (`connect ECONNREFUSED …`, `no answer within 2000 ms`). */
  error?: string;
  /** When it started failing, as far as this process has seen (ISO-8601). */
  failingSince?: string;
}

/** The first failure of each check since it last passed. */
const failingSince = new Map<string, string>();

/** Runs one readiness check (/readyz, and each service's published status). */
export async function runCheck(check: ReadinessCheck): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check.check(),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${check.name} did not answer within ${READINESS_TIMEOUT_MS} ms`)), READINESS_TIMEOUT_MS))),
    ]);
    failingSince.delete(check.name);
    return { name: check.name, ok: true };
  } catch (error) {
    if (!failingSince.has(check.name)) failingSince.set(check.name, new Date().toISOString());
    return { name: check.name, ok: false, error: error instanceof Error ? error.message : String(error), failingSince: failingSince.get(check.name) };
  } finally {
    clearTimeout(timer);
  }
}

function mountOperationalRoutes(app: Express, registry: Registry, checks: readonly ReadinessCheck[], isStopping: () => boolean): void {
  app.get('/healthz', (_req: Request, res: Response) => {
    res.status(isStopping() ? 503 : 200).json({ status: isStopping() ? 'stopping' : 'ok' });
  });
  app.get('/readyz', async (_req: Request, res: Response) => {
    const results = await Promise.all(checks.map(runCheck));
    const ready = !isStopping() && results.every((result) => result.ok);
    if (!ready) res.set('Retry-After', String(RETRY_AFTER_SECONDS));
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : isStopping() ? 'stopping' : 'not ready', checks: results });
  });
  app.get('/metrics', async (_req: Request, res: Response) => {
    res.set('Content-Type', registry.contentType).send(await registry.metrics());
  });
}

export interface OperationsServerOptions {
  readonly host: string;
  /** 0: any free port (the process logs which). */
  readonly port: number;
  readonly metrics: Registry;
  /** /readyz's checks; the caller may add to the array later. */
  readonly checks: readonly ReadinessCheck[];
  readonly isStopping: () => boolean;
}

export interface OperationsServer {
  readonly server: http.Server;
  /** The port it listens on (the one the OS chose for 0). */
  readonly port: number;
}

/** Listens on `host:port`; resolves once it does. */
export async function startOperationsServer(options: OperationsServerOptions): Promise<OperationsServer> {
  const app = express();
  app.disable('x-powered-by');
  mountOperationalRoutes(app, options.metrics, options.checks, options.isStopping);
  const server = http.createServer(app);
  return { server, port: await listen(server, options.port, options.host, 'OPS_PORT') };
}
