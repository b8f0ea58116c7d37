/**
 * Why the gateway refused a WebSocket upgrade (401 UNAUTHORIZED, 403, 429 RATE_LIMITED with
 * Retry-After, 503, …). Browsers never show a refused upgrade's status to scripts: there it
 * is a failed connection like any other. Node's `ws` hands the HTTP response to an
 * 'unexpected-response' listener; the client reads its problem body (bounded) and then closes
 * the socket, which reports the attempt as failed.
 */
import { UpgradeRefusedError } from './errors.js';
import type { WebSocketLike } from './options.js';
import { SERVER_ERROR_CODES, type ServerErrorCode } from './protocol.js';

/** The part of Node's IncomingMessage that `ws` passes along; no Node types in the SDK. */
interface UpgradeResponse {
  readonly statusCode?: number;
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  on(event: 'data', listener: (chunk: { toString(): string }) => void): unknown;
  on(event: 'end' | 'error' | 'close', listener: () => void): unknown;
  destroy(): void;
}

interface NodeWebSocket {
  on(event: 'unexpected-response', listener: (request: unknown, response: UpgradeResponse) => void): unknown;
}

/** Far above the gateway's problem bodies (a few hundred bytes); anything longer is cut. */
const MAX_BODY_CHARS = 8 * 1024;

const WIRE_CODES: ReadonlySet<string> = new Set(SERVER_ERROR_CODES);

/** Calls `onRefused` (then closes the socket) when the upgrade is answered with anything but 101; does nothing where that is invisible. */
export function watchUpgradeRefusal(socket: WebSocketLike, onRefused: (error: UpgradeRefusedError) => void): void {
  const node = socket as Partial<NodeWebSocket>;
  if (typeof node.on !== 'function') return;
  node.on.call(socket, 'unexpected-response', (_request, response) => {
    let body = '';
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      response.destroy();
      onRefused(refusal(response.statusCode ?? 0, response.headers, body));
      socket.close();
    };
    response.on('data', (chunk) => {
      body += chunk.toString();
      if (body.length > MAX_BODY_CHARS) finish();
    });
    response.on('end', finish);
    response.on('error', finish);
    response.on('close', finish);
  });
}

function refusal(status: number, headers: UpgradeResponse['headers'], body: string): UpgradeRefusedError {
  let problem: { code?: unknown; message?: unknown } | undefined;
  try {
    problem = (JSON.parse(body) as { error?: { code?: unknown; message?: unknown } }).error;
  } catch {
    problem = undefined;
  }
  const code = typeof problem?.code === 'string' && WIRE_CODES.has(problem.code) ? (problem.code as ServerErrorCode) : undefined;
  const message = typeof problem?.message === 'string' ? problem.message.slice(0, 1_000) : `the gateway refused the WebSocket upgrade with HTTP ${status}`;
  return new UpgradeRefusedError(status, code, message, retryAfterMs(headers['retry-after']));
}

/** `Retry-After`: delay-seconds or an HTTP date. */
function retryAfterMs(header: string | readonly string[] | undefined): number | undefined {
  const value = typeof header === 'string' ? header.trim() : undefined;
  if (value === undefined || value === '') return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
