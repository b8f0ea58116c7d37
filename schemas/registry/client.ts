/**
 * The part of the Confluent Schema Registry REST API that Eventline uses: registering a
 * schema under a subject and getting its global id back. Karapace, Redpanda and Apicurio's
 * compatibility API answer the same requests.
 *
 * Credentials may be given in the URL (`https://user:secret@registry:8081`): they are sent
 * as HTTP Basic auth and kept out of every message and log line (fetch refuses URLs that
 * carry credentials, and they must not leak into logs anyway).
 */
import { InternalError, SchemaIncompatibleError, UnavailableError, type EventlineError } from '../../platform/errors';

export interface SchemaRegistryClientOptions {
  /** Per request; a registry that does not answer in time counts as unavailable. */
  timeoutMs?: number;
  /** Tries per request while the registry is unavailable (5xx, timeout, refused connection). */
  attempts?: number;
  /** Wait before the second try; doubles after each. */
  retryDelayMs?: number;
}

const DEFAULTS: Required<SchemaRegistryClientOptions> = { timeoutMs: 10_000, attempts: 5, retryDelayMs: 250 };
const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

export class SchemaRegistryClient {
  /** The registry URL without credentials: safe to log. */
  readonly url: string;
  private readonly authorization: string | undefined;
  private readonly options: Required<SchemaRegistryClientOptions>;

  constructor(url: string, options: SchemaRegistryClientOptions = {}) {
    const parsed = new URL(url);
    this.authorization = parsed.username
      ? `Basic ${Buffer.from(`${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`).toString('base64')}`
      : undefined;
    parsed.username = '';
    parsed.password = '';
    // Keep a base path (Apicurio serves the API under /apis/ccompat/v7); paths are appended to it.
    this.url = parsed.toString().replace(/\/+$/, '');
    this.options = { ...DEFAULTS, ...options };
  }

  /**
   * Registers an Avro schema under `subject` and returns its global id. Idempotent: a schema
   * the subject already has keeps its id. SchemaIncompatibleError when the registry's
   * compatibility rule refuses it.
   */
  async register(subject: string, schema: string): Promise<number> {
    const body = await this.request('POST', `/subjects/${encodeURIComponent(subject)}/versions`, { schema, schemaType: 'AVRO' }, subject);
    const id = (body as { id?: unknown } | undefined)?.id;
    if (!Number.isSafeInteger(id)) {
      throw new InternalError(`schema registry ${this.url} answered the registration of ${subject} without an id`, { context: { subject, body } });
    }
    return id as number;
  }

  private async request(method: string, path: string, payload: unknown, subject: string): Promise<unknown> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.send(method, path, payload, subject);
      } catch (error) {
        if (!(error as EventlineError).retriable || attempt >= this.options.attempts) throw error;
        await new Promise((resolve) => setTimeout(resolve, this.options.retryDelayMs * 2 ** (attempt - 1)));
      }
    }
  }

  private async send(method: string, path: string, payload: unknown, subject: string): Promise<unknown> {
    const target = `${this.url}${path}`;
    const headers: Record<string, string> = { 'content-type': CONTENT_TYPE, accept: `${CONTENT_TYPE}, application/json` };
    if (this.authorization) headers.authorization = this.authorization;
    let response: Response;
    let text: string;
    try {
      response = await fetch(target, { method, headers, body: JSON.stringify(payload), signal: AbortSignal.timeout(this.options.timeoutMs) });
      text = await response.text();
    } catch (cause) {
      throw new UnavailableError(`schema registry ${this.url} did not answer ${method} ${path}: ${describe(cause)}`, {
        cause,
        context: { url: this.url, subject },
      });
    }
    const body = parseJson(text);
    if (response.ok) return body;
    // Error bodies are {error_code, message}; error_code refines the HTTP status (e.g. 40401 unknown subject).
    const { error_code: code, message = text.slice(0, 200) } = (body ?? {}) as { error_code?: number; message?: string };
    const what = `schema registry ${this.url} refused ${method} ${path} (HTTP ${response.status}${code ? `, error ${code}` : ''}): ${message}`;
    const context = { url: this.url, subject, status: response.status, errorCode: code };
    if (response.status === 409) throw new SchemaIncompatibleError(what, { context });
    if (response.status >= 500 || response.status === 408 || response.status === 429) throw new UnavailableError(what, { context });
    // 401/403/404/422: a wrong URL or credentials, or a schema the registry cannot parse.
    throw new InternalError(what, { context });
  }
}

/** fetch reports every network failure as "fetch failed"; the reason (ECONNREFUSED, a timeout) is in its cause. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message} (${error.cause.message})` : error.message;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
