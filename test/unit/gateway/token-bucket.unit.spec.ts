import { TokenBucket } from '../../../gateway/ws';

describe('TokenBucket', () => {
  it('allows a full burst at once, then refuses', () => {
    const bucket = new TokenBucket(10, 3, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([true, true, true, false]);
  });

  it('refills at the rate, in fractions of a token', () => {
    const bucket = new TokenBucket(10, 1, 0);
    expect(bucket.take(0)).toBe(true);
    expect(bucket.take(50)).toBe(false); // half a token after 50 ms at 10/s
    expect(bucket.take(100)).toBe(true); // 0.5 + 0.5
    expect(bucket.take(100)).toBe(false);
  });

  it('never saves up more than the burst', () => {
    const bucket = new TokenBucket(1000, 2, 0);
    const taken = Array.from({ length: 5 }, () => bucket.take(60_000)).filter(Boolean).length;
    expect(taken).toBe(2);
  });

  it('sustains exactly the rate over time', () => {
    const bucket = new TokenBucket(100, 1, 0);
    let taken = 0;
    for (let ms = 0; ms <= 1000; ms += 1) if (bucket.take(ms)) taken += 1;
    expect(taken).toBe(101); // the initial token plus 100 refilled in one second
  });
});
