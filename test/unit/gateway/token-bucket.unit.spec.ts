import { TokenBucket, UserBuckets } from '../../../gateway/limits';

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

  it('takes several tokens at once (bytes), all or none', () => {
    const bucket = new TokenBucket(1000, 4096, 0);
    expect(bucket.take(0, 4096)).toBe(true);
    expect(bucket.take(0, 1)).toBe(false);
    expect(bucket.take(1000, 1001)).toBe(false); // 1,000 bytes refilled in one second
    expect(bucket.take(1000, 1000)).toBe(true);
    expect(bucket.take(1000, 4097 - 4096)).toBe(false);
  });

  it('never takes more than the burst, however long it waited', () => {
    const bucket = new TokenBucket(1000, 100, 0);
    expect(bucket.take(1_000_000, 101)).toBe(false);
    expect(bucket.take(1_000_000, 100)).toBe(true);
  });

  it('says how long until a cost fits again', () => {
    const bucket = new TokenBucket(10, 10, 0);
    for (let n = 0; n < 10; n += 1) bucket.take(0);
    expect(bucket.secondsUntil(0)).toBe(1);
    expect(bucket.secondsUntil(0, 10)).toBe(1);
    const slow = new TokenBucket(1, 1, 0);
    slow.take(0);
    expect(slow.secondsUntil(0)).toBe(1);
  });
});

describe('UserBuckets', () => {
  it('limits each user on their own, and says when to come back', () => {
    const users = new UserBuckets(1, 2, 'requests');
    users.take('alice', 0);
    users.take('alice', 0);
    expect(() => users.take('alice', 0)).toThrow(expect.objectContaining({ code: 'RATE_LIMITED', retryAfterSeconds: 1 }));
    expect(() => users.take('bob', 0)).not.toThrow();
    expect(() => users.take('alice', 1000)).not.toThrow();
  });

  it('keeps at most maxUsers buckets, forgetting the least recently used', () => {
    const users = new UserBuckets(1, 1, 'requests', 2);
    users.take('alice', 0);
    users.take('bob', 0);
    expect(() => users.take('alice', 0)).toThrow(); // refused, and now the most recently used
    users.take('carol', 0); // forgets bob, not alice
    expect(() => users.take('alice', 0)).toThrow();
    expect(() => users.take('bob', 0)).not.toThrow();
  });
});
