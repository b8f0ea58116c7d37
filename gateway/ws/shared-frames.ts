/**
 * Builds a socket's frame from its queued messages, and hands the next socket whose queue
 * holds the same messages the same bytes. The subscribers of one key are queued its messages
 * in the same turn and order and flushed one after the other, so a frame is joined and encoded
 * once per key rather than once per socket; the bytes are written to each socket as they are
 * (a Buffer given to `ws` is framed and written without a copy). One frame is kept: memory
 * stays one frame whatever the socket count.
 */
export class SharedFrames {
  private messages: readonly string[] | undefined;
  private frame: Buffer | undefined;

  /** The messages as one frame: the message itself, or a JSON array of them (the wire protocol allows both). */
  frameOf(messages: readonly string[]): Buffer {
    if (this.frame !== undefined && sameMessages(this.messages as readonly string[], messages)) return this.frame;
    const frame = Buffer.from(messages.length === 1 ? (messages[0] as string) : `[${messages.join(',')}]`);
    this.messages = messages;
    this.frame = frame;
    return frame;
  }
}

/** Equal strings in order: most are the very same string (serialized once per record), compared by reference. */
function sameMessages(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index += 1) if (a[index] !== b[index]) return false;
  return true;
}
