/** One timer pings every socket; a socket that has not answered the previous ping is dropped. */
export interface HeartbeatTarget {
  /** Terminates when the last ping got no pong; otherwise pings again. */
  heartbeat(): void;
}

/** Starts the heartbeat; returns its stop function. */
export function startHeartbeat(targets: Iterable<HeartbeatTarget>, intervalMs: number): () => void {
  const timer = setInterval(() => {
    for (const target of targets) target.heartbeat();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
