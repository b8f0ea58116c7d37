/**
 * A reproducible stream of orders commands over many aggregates, interleaved across them
 * but in order per aggregate, with a realistic share of commands the decider rejects.
 */
import { randomUUID } from 'node:crypto';
import { cancelOrder, payOrder, placeOrder, shipOrder, type TestCommand } from './commands';

/** Deterministic PRNG (mulberry32) so a failing run can be reproduced. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function ordersWorkload(aggregates: number, total: number, seed: number, idPrefix = randomUUID().slice(0, 8)): (TestCommand & { commandId: string })[] {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const perOrder = Math.floor(total / aggregates);
  const queues = Array.from({ length: aggregates }, (_, i) => {
    const orderId = `${idPrefix}-order-${i}`;
    const qty = 1 + (i % 3);
    const total = qty * 250;
    const steps: TestCommand[] = [placeOrder(orderId, `store-${i % 5}`, 250, qty)];
    while (steps.length < perOrder + (i < total % aggregates ? 1 : 0)) {
      steps.push(pick([payOrder(orderId, total), payOrder(orderId, total + 1), shipOrder(orderId), cancelOrder(orderId), placeOrder(orderId)]));
    }
    return steps;
  });
  const out: (TestCommand & { commandId: string })[] = [];
  const open = queues.map((_, i) => i);
  while (open.length > 0) {
    const slot = Math.floor(random() * open.length);
    const queue = queues[open[slot]!]!;
    out.push({ ...queue.shift()!, commandId: randomUUID() });
    if (queue.length === 0) open.splice(slot, 1);
  }
  return out;
}
