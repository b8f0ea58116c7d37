/**
 * The command record the gateway writes: the client's id, key, correlation id and data,
 * plus what only the gateway may set — `userId` and `roles` from the token, and `issuedAt`.
 *
 * Validation paths are reported relative to what the client sent: the record's
 * `commandId` and `aggregateId` are the client's `id` and `key`, and data fields keep their
 * full path from the frame (`data.items.0.qty`), so a client can point at the field it sent.
 */
import type { Actor } from '../../domains';
import type { FieldIssue } from '../../platform/errors';
import type { CommandRequest } from '../protocol';

export interface CommandRecord {
  readonly commandId: string;
  readonly aggregateId: unknown;
  readonly userId: string;
  readonly roles: readonly string[];
  readonly correlationId: unknown;
  readonly issuedAt: Date;
  readonly data: unknown;
}

/** `data` is the request's, as the domain completed it (e.g. PlaceOrder's customerId defaults to the caller). */
export function buildCommandRecord(request: CommandRequest, actor: Actor, data: unknown, issuedAt: Date): CommandRecord {
  return {
    commandId: request.id,
    aggregateId: request.key,
    userId: actor.userId,
    roles: actor.roles,
    correlationId: request.correlationId === undefined ? null : request.correlationId,
    issuedAt,
    data,
  };
}

/** Record field → the name the client used for it. */
const CLIENT_NAMES: Readonly<Record<string, string>> = { commandId: 'id', aggregateId: 'key' };

/** The validator's issue with its path (and the path that starts its message) in client terms. */
export function toClientIssue(issue: FieldIssue): FieldIssue {
  const [head = '', ...rest] = issue.path.split('.');
  const renamed = CLIENT_NAMES[head];
  if (renamed === undefined) return issue;
  const path = [renamed, ...rest].join('.');
  const message = issue.message.startsWith(issue.path) ? path + issue.message.slice(issue.path.length) : issue.message;
  return { ...issue, path, message };
}
