/**
 * /healthz, /readyz and /metrics, mounted on every process's express app (the gateway's
 * public one, and the small internal one of each service).
 */
import type { Express, Request, Response } from 'express';
import type { Registry } from 'prom-client';

/** A named dependency check for /readyz; resolves when the dependency answers. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

const READINESS_TIMEOUT_MS = 2_000;

async function runCheck(check: ReadinessCheck): Promise<{ name: string; ok: boolean; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check.check(),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${READINESS_TIMEOUT_MS} ms`)), READINESS_TIMEOUT_MS))),
    ]);
    return { name: check.name, ok: true };
  } catch (error) {
    return { name: check.name, ok: false, error: error instanceof Error ? error.message : String(error) };
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
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks: results });
  });
  app.get('/metrics', async (_req: Request, res: Response) => {
    res.set('Content-Type', registry.contentType).send(await registry.metrics());
  });
}
