import { backoffDelay, CLIENT_DEFAULTS } from '../../../client';

const OPTIONS = { initialDelayMs: CLIENT_DEFAULTS.reconnectInitialDelayMs, maxDelayMs: CLIENT_DEFAULTS.reconnectMaxDelayMs };

describe('backoffDelay', () => {
  it('doubles its ceiling per attempt up to the maximum', () => {
    const ceilings = [0, 1, 2, 3, 4, 5, 6, 7, 20, 1_000].map((attempt) => backoffDelay(attempt, OPTIONS, () => 1));
    expect(ceilings).toEqual([250, 500, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000, 10_000, 10_000]);
  });

  it('is uniform over the whole range below the ceiling (full jitter)', () => {
    expect(backoffDelay(3, OPTIONS, () => 0)).toBe(0);
    expect(backoffDelay(3, OPTIONS, () => 0.5)).toBe(1_000);
    const delays = Array.from({ length: 500 }, () => backoffDelay(2, OPTIONS));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThanOrEqual(1_000);
    // Spread over the range, not bunched at its top as with "equal jitter".
    expect(delays.filter((delay) => delay < 500).length).toBeGreaterThan(100);
    expect(delays.filter((delay) => delay >= 500).length).toBeGreaterThan(100);
  });
});
