/**
 * Every read model with its table mapping, found by read-model name (= projection name) or by
 * view (a domain's event history is its `eventHistory`). The projector, the REST reads, the gateway's
 * subscriptions and the replay CLI look definitions up here. Derived from the registered
 * domains (domains/index.ts): each domain brings its read models and its event history.
 */
import { domains } from '../domains';
import type { AnyReadModel } from './read-model';

/** In the order of the domains and their projections. */
export const readModels: readonly AnyReadModel[] = Object.freeze(domains.flatMap((domain) => domain.readModels));

export function findReadModel(name: string): AnyReadModel | undefined {
  return readModels.find((model) => model.name === name);
}

export function findReadModelByView(view: string): AnyReadModel | undefined {
  return readModels.find((model) => model.view === view);
}

