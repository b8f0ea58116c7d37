/**
 * Every read model with its table mapping, found by read-model name (= projection name), by
 * view, or (event history) by domain. The projector, the REST reads, the gateway's
 * subscriptions and the replay CLI look definitions up here. Derived from the registered
 * domains (domains/index.ts): each domain brings its read models and its event history.
 */
import { domains, type DomainModule } from '../domains';
import type { EventHistoryReadModel } from './event-history';
import type { AnyReadModel } from './read-model';

/** In the order of the domains and their projections. */
export const readModels: readonly AnyReadModel[] = Object.freeze(domains.flatMap((domain) => domain.readModels));

export function findReadModel(name: string): AnyReadModel | undefined {
  return readModels.find((model) => model.name === name);
}

export function findReadModelByView(view: string): AnyReadModel | undefined {
  return readModels.find((model) => model.view === view);
}

/** The event history of a domain: what `<domain>.events` subscribers resume from. */
export function findEventHistory(domain: string): EventHistoryReadModel | undefined {
  return domains.find((candidate) => candidate.name === domain)?.eventHistory;
}

/** The domain whose projection fills `model`. */
export function domainOfReadModel(model: AnyReadModel): DomainModule | undefined {
  return domains.find((domain) => domain.readModels.includes(model));
}
