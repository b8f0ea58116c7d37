/** Server frames: one message, or under load a JSON array of messages in order; and the size of a client frame. */
import { MalformedFrameError } from './errors.js';
import type { ServerMessage } from './protocol.js';

function isMessage(value: unknown): value is ServerMessage {
  return typeof value === 'object' && value !== null && typeof (value as { op?: unknown }).op === 'string';
}

/** The messages of one frame, in order; throws MalformedFrameError for anything else. */
export function decodeFrame(data: unknown): readonly ServerMessage[] {
  // Browsers hand binary frames over as Blob / ArrayBuffer, `ws` as Buffer: the gateway sends none.
  if (typeof data !== 'string') throw new MalformedFrameError('binary frame: the gateway sends JSON text frames');
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    throw new MalformedFrameError('frame is not valid JSON');
  }
  const messages: unknown[] = Array.isArray(parsed) ? parsed : [parsed];
  if (!messages.every(isMessage)) throw new MalformedFrameError('frame holds something that is not a message with an "op"');
  return messages;
}

/**
 * The UTF-8 size of a frame's `text` as sent. A text of n UTF-16 units is n to 3n bytes, so it
 * is counted exactly only when it could be over `limit`.
 */
export function textBytes(text: string, limit: number): number {
  return text.length * 3 <= limit ? text.length : new TextEncoder().encode(text).length;
}
