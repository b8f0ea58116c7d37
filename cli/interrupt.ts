/**
 * Ctrl-C for long-running commands (follow, replay): the first SIGINT aborts the signal so the
 * command can stop cleanly (disconnect, drop shadow tables); a second one exits at once.
 */
export const EXIT_INTERRUPTED = 130;

export interface Interrupt {
  readonly signal: AbortSignal;
  /** Removes the handler: Ctrl-C behaves as before. */
  dispose(): void;
}

export function onInterrupt(): Interrupt {
  const controller = new AbortController();
  const handler = (): void => {
    if (controller.signal.aborted) process.exit(EXIT_INTERRUPTED);
    controller.abort();
  };
  process.on('SIGINT', handler);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', handler) };
}
