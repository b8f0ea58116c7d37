/** The tick-flusher: every scheduled socket flushed once, at most FLUSHES_PER_CALLBACK per event-loop callback. */
import { FLUSHES_PER_CALLBACK, TickFlusher } from '../../../gateway/ws/tick-flusher';

const nextCallback = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('TickFlusher', () => {
  it('flushes many sockets a slice per callback, each once, and one scheduled meanwhile in the same round', async () => {
    const flusher = new TickFlusher();
    const flushes: number[] = [];
    const target = (id: number) => ({ flush: () => void flushes.push(id) });
    const count = FLUSHES_PER_CALLBACK * 2 + 10;
    for (let id = 0; id < count; id += 1) flusher.schedule(target(id));
    await nextCallback();
    expect(flushes).toHaveLength(FLUSHES_PER_CALLBACK);
    flusher.schedule(target(count));
    await nextCallback();
    await nextCallback();
    await nextCallback();
    expect(flushes).toEqual(Array.from({ length: count + 1 }, (_, id) => id));
  });

  it('starts a new round once one is done', async () => {
    const flusher = new TickFlusher();
    const flushes: string[] = [];
    flusher.schedule({ flush: () => void flushes.push('a') });
    await nextCallback();
    flusher.schedule({ flush: () => void flushes.push('b') });
    await nextCallback();
    expect(flushes).toEqual(['a', 'b']);
  });
});
