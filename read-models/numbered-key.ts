/**
 * Row keys of the form `${id}:${number}` (a message's `roomId:seq`, an event's
 * `aggregateId:version`): the number follows the LAST colon, so ids may contain colons.
 */
import { InternalError } from '../platform/errors';

const NUMBERED_KEY = /^(.*):(\d{1,15})$/s;

/** Throws InternalError when `key` is not `id:number`; `shape` names the expected form in the message. */
export function splitNumberedKey(key: string, shape: string): { readonly id: string; readonly number: number } {
  const match = NUMBERED_KEY.exec(key);
  if (!match) throw new InternalError(`"${key}" is not a ${shape} key`);
  return { id: match[1]!, number: Number(match[2]) };
}
