/** The gateway's REST reads, with the same bearer token as the socket. */

/** A non-2xx answer; `code` is the problem body's (e.g. UNAUTHORIZED). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** GET `path` as JSON; null for 404 (the row does not exist yet). */
export async function getJson<T>(path: string, token: string): Promise<T | null> {
  const response = await fetch(path, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
  if (response.status === 404) return null;
  const body = (await response.json().catch(() => undefined)) as { error?: { code?: string; message?: string } } | undefined;
  if (!response.ok) throw new HttpError(response.status, body?.error?.code ?? 'HTTP_ERROR', body?.error?.message ?? `${path}: HTTP ${response.status}`);
  return body as T;
}
