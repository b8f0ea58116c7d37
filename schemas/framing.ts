/**
 * The Confluent wire framing every Eventline record uses, so that any Kafka tool that
 * speaks Confluent Avro can read our topics:
 *
 *   byte 0      magic byte, always 0
 *   bytes 1..4  schema id, big-endian int32
 *   bytes 5..   Avro binary of the record
 */
import { DecodeError } from '../platform/errors';

export const MAGIC_BYTE = 0;
export const HEADER_SIZE = 5;

export function writeHeader(target: Buffer, schemaId: number): void {
  target[0] = MAGIC_BYTE;
  target.writeInt32BE(schemaId, 1);
}

/** The schema id of a framed record; DecodeError when the bytes cannot be one. */
export function readSchemaId(buffer: Buffer): number {
  if (buffer.length < HEADER_SIZE) {
    throw new DecodeError(`record of ${buffer.length} bytes is shorter than the ${HEADER_SIZE}-byte header`, { context: { length: buffer.length } });
  }
  if (buffer[0] !== MAGIC_BYTE) {
    throw new DecodeError(`wrong magic byte ${buffer[0]} (expected ${MAGIC_BYTE}): not a Confluent-framed Avro record`, {
      context: { magicByte: buffer[0] },
    });
  }
  return buffer.readInt32BE(1);
}
