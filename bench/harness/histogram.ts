/**
 * Latency histograms (HdrHistogram): constant-cost recording at any rate, exact enough
 * percentiles up to the max, and a compact encoding so load-generator processes can send
 * theirs to the runner, which adds them up.
 */
import { build, decodeFromCompressedBase64, encodeIntoCompressedBase64, type Histogram } from 'hdr-histogram-js';

export type { Histogram };

/** Values are microseconds: 1 µs resolution up to 60 s, 3 significant digits. */
const MICROS_PER_MS = 1_000;
const HIGHEST_MICROS = 60_000_000;

export function latencyHistogram(): Histogram {
  return build({ lowestDiscernibleValue: 1, highestTrackableValue: HIGHEST_MICROS, numberOfSignificantValueDigits: 3 });
}

/** Records a latency given in milliseconds (performance.now() differences). */
export function recordMs(histogram: Histogram, ms: number): void {
  histogram.recordValue(Math.min(HIGHEST_MICROS, Math.max(1, Math.round(ms * MICROS_PER_MS))));
}

export const encodeHistogram = (histogram: Histogram): string => encodeIntoCompressedBase64(histogram);

/** The sum of encoded histograms (one per load-generator process). */
export function mergeHistograms(encoded: readonly string[]): Histogram {
  const total = latencyHistogram();
  for (const one of encoded) total.add(decodeFromCompressedBase64(one));
  return total;
}

export interface LatencySummary {
  readonly count: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export function summarize(histogram: Histogram): LatencySummary {
  const ms = (micros: number): number => micros / MICROS_PER_MS;
  return {
    count: histogram.totalCount,
    p50Ms: ms(histogram.getValueAtPercentile(50)),
    p90Ms: ms(histogram.getValueAtPercentile(90)),
    p99Ms: ms(histogram.getValueAtPercentile(99)),
    maxMs: ms(histogram.maxValue),
  };
}
