/**
 * The generator side of a load process: waits for its parameters, starts the generator,
 * answers snapshot requests, stops on request — and exits by itself when the runner goes
 * away, so a crashed or interrupted bench never leaves load running.
 */
import { monotonicMs, type GeneratorMessage, type RunnerMessage } from './load-protocol';

export interface LoadGenerator {
  /** Sent to the runner with `ready`, e.g. the port a server listens on. */
  readonly info?: unknown;
  counters(): Readonly<Record<string, number>>;
  /** Interval histograms, encoded; reset by the call. */
  histograms?(): Readonly<Record<string, string>>;
  stop(): Promise<void>;
}

function send(message: GeneratorMessage): void {
  process.send?.(message);
}

export function serveLoad<P>(start: (params: P) => Promise<LoadGenerator>): void {
  let generator: LoadGenerator | undefined;
  process.on('disconnect', () => process.exit());
  process.on('message', (message: RunnerMessage) => {
    switch (message.type) {
      case 'start':
        start(message.params as P).then(
          (started) => {
            generator = started;
            send({ type: 'ready', info: started.info ?? null });
          },
          (error: unknown) => {
            send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
            process.exitCode = 1;
            process.disconnect();
          },
        );
        break;
      case 'snapshot':
        if (generator) send({ type: 'snapshot', snapshot: { at: monotonicMs(), counters: generator.counters(), histograms: generator.histograms?.() ?? {} } });
        break;
      case 'stop':
        void (generator?.stop() ?? Promise.resolve()).finally(() => {
          send({ type: 'stopped' });
          process.disconnect();
        });
        break;
    }
  });
}
