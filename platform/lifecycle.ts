/**
 * Graceful shutdown: on SIGINT/SIGTERM run the registered steps in reverse order of
 * registration (stop accepting, drain, close clients), each bounded in time, then exit.
 */
import type { Logger } from './logger';

export interface ShutdownStep {
  name: string;
  run(): Promise<void>;
}

const STEP_TIMEOUT_MS = 15_000;

export class Lifecycle {
  private readonly steps: ShutdownStep[] = [];
  private stopping: Promise<void> | undefined;

  constructor(private readonly logger: Logger) {}

  get isStopping(): boolean {
    return this.stopping !== undefined;
  }

  /** Registers a step; steps run last-registered first. */
  onShutdown(name: string, run: () => Promise<void>): void {
    this.steps.push({ name, run });
  }

  /** Runs every step once; later calls return the same promise. */
  shutdown(reason: string): Promise<void> {
    this.stopping ??= this.runSteps(reason);
    return this.stopping;
  }

  /** Exits the process after shutdown on the first SIGINT/SIGTERM; a second one exits at once. */
  handleSignals(): void {
    const onSignal = (signal: NodeJS.Signals): void => {
      if (this.isStopping) {
        this.logger.warn({ signal }, 'second signal: exiting now');
        process.exit(1);
      }
      void this.shutdown(signal).then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }

  private async runSteps(reason: string): Promise<void> {
    this.logger.info({ reason }, 'shutting down');
    let failed = false;
    for (const step of [...this.steps].reverse()) {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          step.run(),
          new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${STEP_TIMEOUT_MS} ms`)), STEP_TIMEOUT_MS))),
        ]);
      } catch (error) {
        failed = true;
        this.logger.error({ step: step.name, err: error }, 'shutdown step failed');
      } finally {
        clearTimeout(timer);
      }
    }
    this.logger.info('stopped');
    if (failed) throw new Error('shutdown incomplete');
  }
}
