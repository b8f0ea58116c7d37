/**
 * Notices a dead or frozen connection. The gateway's own heartbeat uses WebSocket-level pings,
 * which browsers answer but never show to scripts, so the client sends the protocol's
 * `{"op":"ping"}` every `intervalMs` and expects to hear something — the pong, or any other
 * message — within `timeoutMs` of each. A connection that goes silent is therefore noticed
 * within intervalMs + timeoutMs (later only if the runtime delays timers, as browsers do in
 * background tabs). Per message the cost is one assignment.
 */
export class Liveness {
  private heard = true;
  private tick: ReturnType<typeof setTimeout> | undefined;
  private check: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly timeoutMs: number,
    private readonly sendPing: () => void,
    private readonly onSilent: () => void,
  ) {}

  start(): void {
    this.stop();
    this.heard = true;
    this.tick = setTimeout(this.ping, this.intervalMs);
  }

  /** Something arrived on the connection. */
  heardFrom(): void {
    this.heard = true;
  }

  stop(): void {
    clearTimeout(this.tick);
    clearTimeout(this.check);
    this.tick = undefined;
    this.check = undefined;
  }

  private readonly ping = (): void => {
    this.heard = false;
    this.tick = setTimeout(this.ping, this.intervalMs);
    this.check = setTimeout(() => {
      if (this.heard) return;
      this.stop();
      this.onSilent();
    }, this.timeoutMs);
    this.sendPing();
  };
}
