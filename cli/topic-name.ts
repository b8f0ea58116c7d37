/**
 * Topic names as operators type them: `orders.events` finds `<TOPIC_PREFIX>orders.events`
 * when a prefix is configured, and a full name works too, so the same command line works
 * against every installation on a shared cluster.
 */
import { NotFoundError } from '../platform/errors';

/** The existing topic `name` refers to; NotFoundError naming every name that was tried. */
export function resolveTopicName(name: string, prefix: string, existing: ReadonlySet<string>): string {
  const candidates = prefix !== '' && !name.startsWith(prefix) ? [`${prefix}${name}`, name] : [name];
  const found = candidates.find((candidate) => existing.has(candidate));
  if (found !== undefined) return found;
  const tried = candidates.map((candidate) => `"${candidate}"`).join(' or ');
  throw new NotFoundError(`unknown topic ${tried}`, { context: { topic: name } });
}

/** Topics whose name is internal to Kafka (`__consumer_offsets`, `__transaction_state`). */
export function isInternalTopic(name: string): boolean {
  return name.startsWith('__');
}
