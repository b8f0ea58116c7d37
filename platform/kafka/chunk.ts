/**
 * Splits messages into chunks small enough for one record batch. A broker refuses a record
 * batch over `message.max.bytes` (1 MiB by default), and kafkajs sends everything for one
 * partition in one batch, so large transactions must be produced in several sends.
 */
import type { ProducedRecord } from './records';

/** Well under the broker default of 1 MiB, leaving room for record and batch overhead. */
export const MAX_PRODUCE_CHUNK_BYTES = 512 * 1024;

function approximateSize(message: ProducedRecord): number {
  const value = message.value === null || message.value === undefined ? 0 : typeof message.value === 'string' ? Buffer.byteLength(message.value) : message.value.length;
  const key = message.key === null || message.key === undefined ? 0 : typeof message.key === 'string' ? Buffer.byteLength(message.key) : message.key.length;
  let headers = 0;
  // for…in, not Object.entries: an array per header of every record produced was measurable.
  for (const name in message.headers) {
    const header = message.headers[name];
    headers += name.length + (header === undefined ? 0 : String(header).length);
  }
  return value + key + headers + 32;
}

export function chunkMessages<R extends ProducedRecord>(messages: readonly R[], maxBytes = MAX_PRODUCE_CHUNK_BYTES): R[][] {
  const chunks: R[][] = [];
  let current: R[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = approximateSize(message);
    if (current.length > 0 && bytes + size > maxBytes) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(message);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
