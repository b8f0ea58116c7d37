/**
 * pino logging shared by every process. One root logger per process, named for the
 * service; components take a child bound to what they work on (socket id, partition).
 */
import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(service: string, level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ name: service, level, base: { service, pid: process.pid } });
}
