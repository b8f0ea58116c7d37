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

/**
 * The dead-letter topic `name` refers to: a topic name as resolveTopicName takes it, or a
 * domain (`orders` → `<TOPIC_PREFIX>orders.deadletters`), which is how operators think of them.
 */
export function resolveDeadLetterTopicName(name: string, prefix: string, existing: ReadonlySet<string>): string {
  try {
    return resolveTopicName(name, prefix, existing);
  } catch (error) {
    if (!(error instanceof NotFoundError) || name.endsWith(DEAD_LETTER_SUFFIX)) throw error;
  }
  try {
    return resolveTopicName(`${name}${DEAD_LETTER_SUFFIX}`, prefix, existing);
  } catch {
    throw new NotFoundError(`unknown topic or domain "${name}": neither a topic of that name nor ${prefix}${name}${DEAD_LETTER_SUFFIX} exists`, { context: { topic: name } });
  }
}

const DEAD_LETTER_SUFFIX = '.deadletters';

/** Topics whose name is internal to Kafka (`__consumer_offsets`, `__transaction_state`). */
export function isInternalTopic(name: string): boolean {
  return name.startsWith('__');
}
