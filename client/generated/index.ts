// Generated from schemas/catalog.json and the read models by schemas/tools/generate-types.ts (`npm run schemas:generate`). Do not edit.

import type * as chat from './chat.js';
import type * as inventory from './inventory.js';
import type * as orders from './orders.js';

export type { chat, inventory, orders };

/** Eventline's commands and streams: `new EventlineClient<EventlineSchema>(…)` checks command data and narrows each stream's events. */
export type EventlineSchema = {
  readonly commands: {
    readonly chat: chat.Commands;
    readonly inventory: inventory.Commands;
    readonly orders: orders.Commands;
  };
  readonly streams: {
    readonly 'chat.events': { readonly kind: 'events'; readonly events: chat.Events };
    readonly 'inventory.events': { readonly kind: 'events'; readonly events: inventory.Events };
    readonly 'orders.events': { readonly kind: 'events'; readonly events: orders.Events };
    readonly 'views.stock_levels': { readonly kind: 'view'; readonly name: 'StockLevels'; readonly row: inventory.StockLevels };
    readonly 'views.store_stats': { readonly kind: 'view'; readonly name: 'StoreStats'; readonly row: orders.StoreStats };
  };
};
