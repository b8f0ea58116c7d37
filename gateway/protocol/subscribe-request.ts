/**
 * What a client asks to follow: `subscribe` and `unsubscribe` frames. Only their shape is
 * checked here; whether the stream exists and the caller may follow the key is the
 * subscriptions' business (NOT_FOUND, FORBIDDEN).
 */
import { BadRequestError } from '../../platform/errors';
import type { ClientFrame } from './client-frames';
import { boundedKey, nonEmptyString, rejectUnknownFields } from './frame-fields';

export interface UnsubscribeRequest {
  readonly id: string;
  /** A topic name without TOPIC_PREFIX: `<domain>.events` or `views.<view>`. */
  readonly stream: string;
  /** The aggregate id (event streams) or the view key. */
  readonly key: string;
}

export interface SubscribeRequest extends UnsubscribeRequest {
  /** The version the client already has: an event stream resumes after it. */
  readonly fromVersion: number | undefined;
}

const SUBSCRIBE_FIELDS: ReadonlySet<string> = new Set(['op', 'id', 'stream', 'key', 'fromVersion']);
const UNSUBSCRIBE_FIELDS: ReadonlySet<string> = new Set(['op', 'id', 'stream', 'key']);

/** `{"op":"subscribe","id","stream","key","fromVersion"?}`. */
export function subscribeFromFrame(frame: ClientFrame): SubscribeRequest {
  rejectUnknownFields(frame.fields, SUBSCRIBE_FIELDS, 'a subscribe frame');
  const { fromVersion } = frame.fields;
  if (fromVersion !== undefined && !(Number.isSafeInteger(fromVersion) && (fromVersion as number) >= 0)) {
    throw new BadRequestError('"fromVersion" must be a non-negative integer when given');
  }
  return { ...streamKey(frame), fromVersion: fromVersion as number | undefined };
}

/** `{"op":"unsubscribe","id","stream","key"}`. */
export function unsubscribeFromFrame(frame: ClientFrame): UnsubscribeRequest {
  rejectUnknownFields(frame.fields, UNSUBSCRIBE_FIELDS, 'an unsubscribe frame');
  return streamKey(frame);
}

function streamKey(frame: ClientFrame): UnsubscribeRequest {
  return { id: frame.id, stream: nonEmptyString(frame.fields.stream, 'stream'), key: boundedKey(frame.fields.key, 'key') };
}
