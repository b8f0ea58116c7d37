/**
 * What the runner and a load-generator process say to each other over the IPC channel.
 * The runner starts the generator with its parameters, asks for snapshots of its counters
 * to compute rates over a window, then stops it.
 */

/** Counters only grow; histograms are interval histograms: each snapshot returns and resets them. */
export interface Snapshot {
  /** process.hrtime in ms: CLOCK_MONOTONIC, so comparable between processes of one machine. */
  readonly at: number;
  readonly counters: Readonly<Record<string, number>>;
  /** HdrHistogram, compressed base64 (harness/histogram.ts). */
  readonly histograms: Readonly<Record<string, string>>;
}

export type RunnerMessage = { readonly type: 'start'; readonly params: unknown } | { readonly type: 'snapshot' } | { readonly type: 'stop' };

export type GeneratorMessage =
  | { readonly type: 'ready'; readonly info: unknown }
  | { readonly type: 'snapshot'; readonly snapshot: Snapshot }
  | { readonly type: 'stopped' }
  | { readonly type: 'failed'; readonly message: string };

export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
