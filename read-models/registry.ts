/**
 * Every read model with its table mapping, found by read-model name (= projection name), by
 * view, or (event history) by domain. The projector, the REST reads, the gateway's
 * subscriptions and the replay CLI look definitions up here.
 */
import { chatEventHistoryReadModel, ordersEventHistoryReadModel, type EventHistoryReadModel } from './entities/event-history';
import { messagesReadModel } from './entities/messages';
import { ordersReadModel } from './entities/orders';
import { roomMembersReadModel } from './entities/room-members';
import { roomsReadModel } from './entities/rooms';
import { storeStatsReadModel } from './entities/store-stats';
import type { AnyReadModel } from './read-model';

/** In the order of the domains' projections. */
export const readModels: readonly AnyReadModel[] = Object.freeze([
  ordersReadModel,
  storeStatsReadModel,
  ordersEventHistoryReadModel,
  roomsReadModel,
  roomMembersReadModel,
  messagesReadModel,
  chatEventHistoryReadModel,
]);

const eventHistories: ReadonlyMap<string, EventHistoryReadModel> = new Map([
  ['orders', ordersEventHistoryReadModel],
  ['chat', chatEventHistoryReadModel],
]);

export function findReadModel(name: string): AnyReadModel | undefined {
  return readModels.find((model) => model.name === name);
}

export function findReadModelByView(view: string): AnyReadModel | undefined {
  return readModels.find((model) => model.view === view);
}

/** The event history of a domain: what `<domain>.events` subscribers resume from. */
export function findEventHistory(domain: string): EventHistoryReadModel | undefined {
  return eventHistories.get(domain);
}
