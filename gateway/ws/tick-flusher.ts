/**
 * Coalesces what the gateway sends a socket within one event-loop turn into one frame (a
 * JSON array when there are several, which the wire protocol allows). Under load, frames,
 * not bytes, are what a WebSocket server runs out of. One setImmediate per turn serves
 * every socket that has something to send, FLUSHES_PER_CALLBACK sockets at a time.
 */
export interface Flushable {
  flush(): void;
}

/**
 * Sockets flushed per callback. Between two callbacks the event loop runs timers and I/O
 * (acks, pings, other sockets' frames), so a record fanned out to 10,000 sockets does not hold
 * it for 10,000 socket writes (over a second on a loaded 2-core machine). A socket queued more
 * while it waited goes out with it in the same frame.
 */
export const FLUSHES_PER_CALLBACK = 1_000;

export class TickFlusher {
  private due: Flushable[] = [];
  /** How far the current round of `due` has been flushed. */
  private flushed = 0;

  /** Flushes `target` after this turn's I/O; call once per turn per target. */
  schedule(target: Flushable): void {
    if (this.due.push(target) === 1) setImmediate(this.run);
  }

  private readonly run = (): void => {
    const due = this.due;
    const end = Math.min(due.length, this.flushed + FLUSHES_PER_CALLBACK);
    for (let index = this.flushed; index < end; index += 1) (due[index] as Flushable).flush();
    if (end < due.length) {
      this.flushed = end;
      setImmediate(this.run);
      return;
    }
    this.due = [];
    this.flushed = 0;
  };
}
