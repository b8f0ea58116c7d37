/**
 * Collapses a burst of the same log line. A client whose broker went away logs the same
 * connection error for every connection and retry — hundreds of lines in the seconds before
 * the broker is back, burying the one line that says what happened. The first line of a kind
 * is written at once; repeats within `windowMs` are counted, and one line at the window's end
 * says how many there were.
 */
import type { Logger } from './logger';

type Level = 'error' | 'warn' | 'info' | 'debug';

export const REPEAT_WINDOW_MS = 10_000;
/** Kinds of line remembered at once; beyond it, lines are written as they come (never unbounded memory). */
const MAX_KINDS = 256;

export type LineWriter = (level: Level, fields: Record<string, unknown>, message: string) => void;

export function collapsingRepeats(logger: Logger, windowMs = REPEAT_WINDOW_MS): LineWriter {
  const repeats = new Map<string, number>();
  return (level, fields, message) => {
    if (level === 'debug') return logger.debug(fields, message);
    const kind = `${level}\u0000${message}`;
    const seen = repeats.get(kind);
    if (seen !== undefined) return void repeats.set(kind, seen + 1);
    logger[level](fields, message);
    if (repeats.size >= MAX_KINDS) return;
    repeats.set(kind, 0);
    setTimeout(() => {
      const count = repeats.get(kind) ?? 0;
      repeats.delete(kind);
      if (count > 0) logger[level]({ repeated: count, windowMs }, `${message} (${count} more like this in ${windowMs / 1000} s)`);
    }, windowMs).unref();
  };
}
