/**
 * Coalesces what the gateway sends a socket within one event-loop turn into one frame (a
 * JSON array when there are several, which the wire protocol allows). Under load, frames,
 * not bytes, are what a WebSocket server runs out of. One setImmediate per turn serves
 * every socket that has something to send.
 */
export interface Flushable {
  flush(): void;
}

export class TickFlusher {
  private due: Flushable[] = [];

  /** Flushes `target` after this turn's I/O; call once per turn per target. */
  schedule(target: Flushable): void {
    if (this.due.push(target) === 1) setImmediate(this.run);
  }

  private readonly run = (): void => {
    const due = this.due;
    this.due = [];
    for (const target of due) target.flush();
  };
}
