/**
 * Wire-protocol text (docs/protocol.md) as the load generators send and count it.
 * Messages are counted without parsing: parsing every message would make the load
 * generator, not the server, the bottleneck.
 */
/** An `event` message of typical size (~250 bytes), as the gateway fans out. */
export function sampleEventMessage(): string {
  return JSON.stringify({
    op: 'event',
    stream: 'orders.events',
    key: 'order-7d1c2a4e',
    version: 3,
    name: 'OrderPlaced',
    data: { storeId: 'store-7', customerId: 'customer-42', items: [{ sku: 'sku-1', qty: 2, priceCents: 1250 }], currency: 'EUR', totalCents: 2500 },
    ts: new Date().toISOString(),
  });
}

const MESSAGE_START = Buffer.from('{"op":');
const ARRAY_START = 0x5b; // '['

/** Messages in one frame: a frame is one message object or a JSON array of them (docs/protocol.md). */
export function countMessages(frame: Buffer): number {
  if (frame[0] !== ARRAY_START) return 1;
  let count = 0;
  for (let at = frame.indexOf(MESSAGE_START); at >= 0; at = frame.indexOf(MESSAGE_START, at + MESSAGE_START.length)) count += 1;
  return count;
}
