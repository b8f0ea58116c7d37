// Generated from schemas/catalog.json by schemas/tools/generate-types.ts (`npm run schemas:generate`). Do not edit.
// Avro namespace eventline.inventory.

/** Whether the command was accepted (events written) or rejected. */
export type CommandStatus = 'ACCEPTED' | 'REJECTED';

/** Latest stock of one store, on the compacted `inventory.snapshots` topic (key = store id). */
export interface InventorySnapshot {
  /** Store whose stock this is (the aggregate key). */
  aggregateId: string;
  /** Aggregate version the state reflects (0 = no events yet). */
  version: number;
  /** The aggregate state. */
  state: InventoryState;
  /** Outcomes of the most recent commands, oldest first. */
  recentCommands: RecentCommand[];
  /** When the snapshot was written. */
  updatedAt: Date;
}

/** Decision state of a store's stock. */
export interface InventoryState {
  /** Every sku ever received, by sku. */
  skus: SkuStock[];
  /** Open reservations, oldest first. */
  reservations: Reservation[];
}

/** Add received units of a sku to a store's stock. */
export interface ReceiveStock {
  /** Client-chosen unique id of this command; the idempotency key (a command id seen before gets its first outcome again). */
  commandId: string;
  /** Store whose stock this is (the aggregate key). */
  aggregateId: string;
  /** Acting user: the `sub` claim of the token, stamped by the gateway (clients cannot set it). */
  userId: string;
  /** Business roles of the acting user (the token's roles claim, e.g. `staff`), stamped by the gateway; deciders use them for ownership rules. */
  roles: string[];
  /** Id tying this command to a wider workflow or request, when the client gave one. */
  correlationId: string | null;
  /** When the gateway accepted the command. */
  issuedAt: Date;
  /** The business payload. */
  data: ReceiveStockData;
}

/** What arrived. */
export interface ReceiveStockData {
  /** Stock-keeping unit of the product. */
  sku: string;
  /** Units received. */
  qty: number;
}

/** Outcome of a recently decided command, kept in the snapshot so a redelivered or retried command id gets its first outcome again. */
export interface RecentCommand {
  /** Id of the decided command. */
  commandId: string;
  /** Record name of the command, e.g. `PlaceOrder`. */
  commandName: string;
  /** Outcome of the command. */
  status: CommandStatus;
  /** Why the command was rejected; null when accepted. */
  reason: string | null;
  /** Aggregate version after the command. */
  version: number;
  /** Names of the events the command produced, in order (empty when rejected). */
  events: string[];
  /** Partition of the events topic the events were written to; null when none. */
  eventsPartition: number | null;
  /** Offset of the first event written; null when none. */
  firstEventOffset: number | null;
  /** Offset of the last event written; null when none. */
  lastEventOffset: number | null;
}

/** Release the reservation an order holds. */
export interface ReleaseStock {
  /** Client-chosen unique id of this command; the idempotency key (a command id seen before gets its first outcome again). */
  commandId: string;
  /** Store whose stock this is (the aggregate key). */
  aggregateId: string;
  /** Acting user: the `sub` claim of the token, stamped by the gateway (clients cannot set it). */
  userId: string;
  /** Business roles of the acting user (the token's roles claim, e.g. `staff`), stamped by the gateway; deciders use them for ownership rules. */
  roles: string[];
  /** Id tying this command to a wider workflow or request, when the client gave one. */
  correlationId: string | null;
  /** When the gateway accepted the command. */
  issuedAt: Date;
  /** The business payload. */
  data: ReleaseStockData;
}

/** The order whose reservation ends. */
export interface ReleaseStockData {
  /** Order the reservation is for. */
  orderId: string;
}

/** An open reservation. */
export interface Reservation {
  /** Order the reservation is for. */
  orderId: string;
  /** Lines reserved. */
  lines: StockLine[];
}

/** Reserve the lines of an order: all of them or none. */
export interface ReserveStock {
  /** Client-chosen unique id of this command; the idempotency key (a command id seen before gets its first outcome again). */
  commandId: string;
  /** Store whose stock this is (the aggregate key). */
  aggregateId: string;
  /** Acting user: the `sub` claim of the token, stamped by the gateway (clients cannot set it). */
  userId: string;
  /** Business roles of the acting user (the token's roles claim, e.g. `staff`), stamped by the gateway; deciders use them for ownership rules. */
  roles: string[];
  /** Id tying this command to a wider workflow or request, when the client gave one. */
  correlationId: string | null;
  /** When the gateway accepted the command. */
  issuedAt: Date;
  /** The business payload. */
  data: ReserveStockData;
}

/** The order and what it needs. */
export interface ReserveStockData {
  /** Order the reservation is for. */
  orderId: string;
  /** Lines to reserve: 1 to 100. */
  lines: StockLine[];
}

/** Stock of one sku. */
export interface SkuLevel {
  /** Stock-keeping unit of the product. */
  sku: string;
  /** Units received. */
  onHand: number;
  /** Units held by open reservations. */
  reserved: number;
  /** onHand − reserved: what a reservation may take. */
  available: number;
}

/** Stock of one sku. */
export interface SkuStock {
  /** Stock-keeping unit of the product. */
  sku: string;
  /** Units received. */
  onHand: number;
  /** Units reserved by open reservations. */
  reserved: number;
}

/** One row of the `stock_levels` view (key = storeId), on `views.stock_levels`. */
export interface StockLevels {
  /** Store the row describes (the view key). */
  storeId: string;
  /** View version of this row: increases by one per change. */
  version: number;
  /** Every sku of the store, by sku. */
  skus: SkuLevel[];
  /** Orders holding a reservation. */
  openReservations: number;
  /** Reservations refused for lack of stock. */
  refusedReservations: number;
  /** When the row last changed. */
  updatedAt: Date;
}

/** Units of one sku. */
export interface StockLine {
  /** Stock-keeping unit of the product. */
  sku: string;
  /** Units. */
  qty: number;
}

/** Units of a sku arrived. */
export interface StockReceived {
  /** Store whose stock this is (the aggregate key). */
  aggregateId: string;
  /** Aggregate version this event creates: 1, 2, 3 … per aggregate, no gaps. */
  version: number;
  /** Id of the command that caused this event. */
  commandId: string;
  /** User who issued that command (token `sub`). */
  userId: string;
  /** When the command handler decided the command. */
  occurredAt: Date;
  /** The business payload. */
  data: StockReceivedData;
}

/** What arrived. */
export interface StockReceivedData {
  /** Stock-keeping unit of the product. */
  sku: string;
  /** Units received. */
  qty: number;
}

/** An order's reservation was released. */
export interface StockReleased {
  /** Store whose stock this is (the aggregate key). */
  aggregateId: string;
  /** Aggregate version this event creates: 1, 2, 3 … per aggregate, no gaps. */
  version: number;
  /** Id of the command that caused this event. */
  commandId: string;
  /** User who issued that command (token `sub`). */
  userId: string;
  /** When the command handler decided the command. */
  occurredAt: Date;
  /** The business payload. */
  data: StockReleasedData;
}

/** The released reservation. */
export interface StockReleasedData {
  /** Order the reservation is for. */
  orderId: string;
  /** Lines released. */
  lines: StockLine[];
}

/** An order's lines could not all be reserved, so none were. */
export interface StockReservationRefused {
  /** Store whose stock this is (the aggregate key). */
  aggregateId: string;
  /** Aggregate version this event creates: 1, 2, 3 … per aggregate, no gaps. */
  version: number;
  /** Id of the command that caused this event. */
  commandId: string;
  /** User who issued that command (token `sub`). */
  userId: string;
  /** When the command handler decided the command. */
  occurredAt: Date;
  /** The business payload. */
  data: StockReservationRefusedData;
}

/** The refused reservation. */
export interface StockReservationRefusedData {
  /** Order the reservation is for. */
  orderId: string;
  /** Lines asked for. */
  lines: StockLine[];
  /** Skus with fewer units available than asked for. */
  shortSkus: string[];
}

/** An order's lines were reserved, all of them. */
export interface StockReserved {
  /** Store whose stock this is (the aggregate key). */
  aggregateId: string;
  /** Aggregate version this event creates: 1, 2, 3 … per aggregate, no gaps. */
  version: number;
  /** Id of the command that caused this event. */
  commandId: string;
  /** User who issued that command (token `sub`). */
  userId: string;
  /** When the command handler decided the command. */
  occurredAt: Date;
  /** The business payload. */
  data: StockReservedData;
}

/** The reservation. */
export interface StockReservedData {
  /** Order the reservation is for. */
  orderId: string;
  /** Lines reserved. */
  lines: StockLine[];
}
