/**
 * pino logging shared by every process. One root logger per process, named for the
 * service; components take a child bound to what they work on (socket id, partition).
 *
 * Credentials never reach a log line: values under secret-looking keys (`token`, `password`,
 * `authorization`…) at any depth of a logged object are replaced, and so are credentials inside
 * the finished line's text — a `token=` URL parameter, a URL's password, a `Bearer …` or
 * `bearer.…` value — in messages, fields, child bindings and errors alike.
 */
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

export const REDACTED = '[REDACTED]';

/** Keys (lower case) whose values are credentials wherever they appear. */
const SECRET_KEYS: ReadonlySet<string> = new Set([
  'token',
  'password',
  'passphrase',
  'secret',
  'jwtsecret',
  'keypassword',
  'authorization',
  'cookie',
  'sec-websocket-protocol',
]);

/** Credentials inside text: `token=…` (and OAuth's `access_token=`…), `user:password@` in a URL, `Bearer …`, the `bearer.…` WebSocket subprotocol. */
const SECRET_TEXT: readonly [RegExp, string][] = [
  [/(\b(?:access_|refresh_|id_)?token=)[^&#\s"',;)]+/gi, `$1${REDACTED}`],
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^:@/\s]*:)[^@/\s]+@/gi, `$1${REDACTED}@`],
  [/(\bBearer[ \t]+)[A-Za-z0-9._~+/=-]+/g, `$1${REDACTED}`],
  [/(\bbearer\.)[A-Za-z0-9._~-]+/g, `$1${REDACTED}`],
];
/** One pass that finds whether any of them may be there: most lines hold none, and cost this scan only. */
const MAY_HOLD_SECRET_TEXT = /token=|:\/\/[^\s"]*@|bearer/i;

/** How deep objects are searched; deeper values are logged as they are. */
const REDACT_DEPTH = 5;

export function scrubText(text: string): string {
  if (!MAY_HOLD_SECRET_TEXT.test(text)) return text;
  let scrubbed = text;
  for (const [pattern, replacement] of SECRET_TEXT) scrubbed = scrubbed.replace(pattern, replacement);
  return scrubbed;
}

/**
 * `value`, or a copy of it with the values of secret-looking keys replaced (plain objects and
 * arrays; the rest as it is). One walk: a level is copied only once something under it changed.
 */
export function redactKeys(value: unknown, depth = 0): unknown {
  if (typeof value !== 'object' || value === null || depth >= REDACT_DEPTH) return value;
  if (Array.isArray(value)) {
    let copied: unknown[] | undefined;
    value.forEach((item: unknown, index) => {
      const redacted = redactKeys(item, depth + 1);
      if (redacted !== item) (copied ??= [...value])[index] = redacted;
    });
    return copied ?? value;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  let copied: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const redacted = SECRET_KEYS.has(key.toLowerCase()) && item !== undefined ? REDACTED : redactKeys(item, depth + 1);
    if (redacted !== item) (copied ??= { ...(value as Record<string, unknown>) })[key] = redacted;
  }
  return copied ?? value;
}

/**
 * pino options and destination that redact every line: secret keys in the logged object,
 * then credentials in the finished line's text — message, fields, child bindings and
 * serialized errors alike (pino hands a destination one whole line per write).
 */
export function redacting(destination: DestinationStream): { options: Pick<LoggerOptions, 'formatters'>; destination: DestinationStream } {
  return {
    options: { formatters: { log: (object) => redactKeys(object) as Record<string, unknown> } },
    destination: { write: (line: string) => destination.write(scrubText(line)) },
  };
}

/** `destination`: stdout unless given (tests capture lines). */
export function createLogger(service: string, level: string = process.env.LOG_LEVEL ?? 'info', destination: DestinationStream = pino.destination({ dest: 1, sync: true })): Logger {
  const redacted = redacting(destination);
  return pino({ name: service, level, base: { service, pid: process.pid }, ...redacted.options }, redacted.destination);
}
