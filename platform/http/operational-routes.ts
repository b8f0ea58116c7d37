/**
 * /healthz, /readyz and /metrics, mounted on every process's express app (the gateway's
 * public one, and the small internal one of each service).
 */
import type { Express, Request, Response } from 'express';
import type { Registry } from 'prom-client';
import { RETRY_AFTER_SECONDS } from '../errors';

/** A named dependency check for /readyz; resolves when the dependency answers. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

const READINESS_TIMEOUT_MS = 2_000;

interface CheckResult {
  name: string;
  ok: boolean;
  /** Why it failed: the dependency's own error (`connect ECONNREFUSED …`, `no answer within 2000 ms`). */
  error?: string;
  /** When it started failing, as far as this process has seen (ISO-8601). */
  failingSince?: string;
}

/** The first failure of each check since it last passed. */
const failingSince = new Map<string, string>();

async function runCheck(check: ReadinessCheck): Promise<CheckResult> {
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

export function mountOperationalRoutes(app: Express, registry: Registry, checks: readonly ReadinessCheck[], isStopping: () => boolean): void {
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
