/**
 * Who may act on and see which aggregate: ownership as pure rules over the caller's identity
 * and roles (invariant 9 in docs/invariants.md). The same rules govern commands, REST reads
 * and subscriptions:
 *
 * - Before a command reaches Kafka, the gateway fills in the fields that default to the
 *   caller (`callerDefaults`) and lets the domain refuse what the command alone shows is not the caller's to do
 *   (`deny`, answered FORBIDDEN). The decider applies `deny` again (a rejected outcome), and
 *   decides the rules only the aggregate's state can tell (the owner of an order, the members
 *   of a room).
 * - Reads and subscriptions of an aggregate are decided by `canSee` over facts the gateway
 *   loads from the read models (undefined when the aggregate is not there), so a denial
 *   never says whether the aggregate exists.
 */
import type { Command } from './decider';

/** The caller as domain rules see it. */
export interface Actor {
  /** The token's `sub`. */
  readonly userId: string;
  /** The token's business roles, e.g. `staff`. */
  readonly roles: readonly string[];
}

/** The role that may act on and see every customer's orders and the store views. */
export const STAFF = 'staff';

export function isStaff(actor: Actor): boolean {
  return actor.roles.includes(STAFF);
}

/** The actor a command was sent by. */
export function actorOf(command: Pick<Command, 'metadata'>): Actor {
  return command.metadata;
}

/** A command's name and data, as the gateway has them before the record exists; narrows by `type`. */
export type CommandBody<C extends Command> = C extends Command ? Pick<C, 'type' | 'data'> : never;

export interface DomainAccess<C extends Command = Command, Facts = unknown> {
  /**
   * Data fields of a command that default to the caller's user id when the client leaves them
   * out (PlaceOrder's `customerId`): the gateway fills them in before validation, and the
   * client SDK's typings make them optional.
   */
  readonly callerDefaults: Readonly<Partial<Record<C['type'], readonly string[]>>>;
  /** Why the actor may not send this command, judged from the command alone; undefined when it may. */
  deny(command: CommandBody<C>, actor: Actor): string | undefined;
  /** Whether the actor may read and follow the aggregate the facts describe (undefined: not found). */
  canSee(actor: Actor, facts: Facts | undefined): boolean;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The client's data (anything, not validated yet) with the caller's user id wherever `callerDefaults` says and the client left the field out. */
export function withCallerDefaults(access: Pick<DomainAccess, 'callerDefaults'>, name: string, data: unknown, actor: Actor): unknown {
  const fields = (access.callerDefaults as Readonly<Record<string, readonly string[] | undefined>>)[name];
  if (fields === undefined || !isPlainObject(data)) return data;
  const missing = fields.filter((field) => data[field] === undefined);
  return missing.length === 0 ? data : { ...data, ...Object.fromEntries(missing.map((field) => [field, actor.userId])) };
}

/** For projections that are not one aggregate's rows (store views): who may read them at all. */
export type ViewAccess = (actor: Actor) => boolean;
