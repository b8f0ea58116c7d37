/**
 * Every read model with its table mapping, found by read-model name (= projection name) or by
 * view. The projector, the REST reads and the replay CLI look definitions up here.
 */
import { messagesReadModel } from './entities/messages';
import { ordersReadModel } from './entities/orders';
import { roomsReadModel } from './entities/rooms';
import { storeStatsReadModel } from './entities/store-stats';
import type { AnyReadModel } from './read-model';

export const readModels: readonly AnyReadModel[] = Object.freeze([ordersReadModel, storeStatsReadModel, roomsReadModel, messagesReadModel]);

export function findReadModel(name: string): AnyReadModel | undefined {
  return readModels.find((model) => model.name === name);
}

export function findReadModelByView(view: string): AnyReadModel | undefined {
  return readModels.find((model) => model.view === view);
}
