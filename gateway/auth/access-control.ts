/**
 * Whether a principal may read or follow a key, by the same rules everywhere (REST reads and
 * subscriptions; commands go through ingress with the domain's `deny`):
 *
 * 1. token not expired, scope held, key not excluded by `eventline_keys` — no I/O, so a
 *    refusal costs nothing (FORBIDDEN / TOKEN_EXPIRED thrown);
 * 2. the rule of the domain (`access.canSee`) over facts read from the read models, or the
 *    view's own rule (`readableBy`) — answered as `undefined` when it says no, so that the
 *    caller refuses without saying whether the key exists (REST: 404, subscribe: FORBIDDEN).
 *
 * A granted decision is returned as a function that takes it again for a renewed token
 * (`auth` op), synchronously: the facts it rests on do not change for the same user (an order
 * keeps its customer, a room its privacy, and members are never removed).
 */
import type { DomainModule, ViewAccess } from '../../domains';
import { UnavailableError } from '../../platform/errors';
import type { AccessFactsReader } from '../../read-models';
import { aggregateStream, authorize, hasExpired, holdsScope, keyAllowed, requireKeyAllowed } from './scopes';
import type { Principal } from './tokens';

/** The same decision for a renewed token: false when it no longer holds. */
export type Grant = (principal: Principal) => boolean;

export class AccessControl {
  constructor(private readonly readFacts: AccessFactsReader | undefined) {}

  /** Aggregate `key` of `domain`, under `scope` (`read:<model>` or `subscribe:<domain>.events`). */
  async aggregate(principal: Principal, scope: string, domain: DomainModule, key: string): Promise<Grant | undefined> {
    const stream = aggregateStream(domain.name);
    authorize(principal, scope);
    requireKeyAllowed(principal, stream, key);
    if (this.readFacts === undefined) throw new UnavailableError('deciding who may see an aggregate needs the gateway database');
    const facts = await this.readFacts(domain, key, principal.userId);
    const grant: Grant = (renewed) =>
      !hasExpired(renewed) && holdsScope(renewed, scope) && keyAllowed(renewed, stream, key) && domain.access.canSee(renewed, facts);
    return domain.access.canSee(principal, facts) ? grant : undefined;
  }

  /** Key `key` of a view (`stream` = `views.<view>`) whose rows are not one aggregate's. */
  view(principal: Principal, scope: string, stream: string, key: string, readableBy: ViewAccess | undefined): Grant | undefined {
    authorize(principal, scope);
    requireKeyAllowed(principal, stream, key);
    const grant: Grant = (renewed) => !hasExpired(renewed) && holdsScope(renewed, scope) && keyAllowed(renewed, stream, key) && (readableBy?.(renewed) ?? true);
    return (readableBy?.(principal) ?? true) ? grant : undefined;
  }
}
