// Generated from schemas/catalog.json and the read models by schemas/tools/generate-types.ts (`npm run schemas:generate`). Do not edit.
// Avro namespace eventline.inventory, as JSON carries it on the wire: timestamps are ISO-8601 strings.

/** What arrived. */
export interface ReceiveStockData {
  /** Stock-keeping unit of the product. */
  readonly sku: string;
  /** Units received. */
  readonly qty: number;
}

/** The order whose reservation ends. */
export interface ReleaseStockData {
  /** Order the reservation is for. */
  readonly orderId: string;
}

/** The order and what it needs. */
export interface ReserveStockData {
  /** Order the reservation is for. */
  readonly orderId: string;
  /** Lines to reserve: 1 to 100. */
  readonly lines: readonly StockLine[];
}

/** Stock of one sku. */
export interface SkuLevel {
  /** Stock-keeping unit of the product. */
  readonly sku: string;
  /** Units received. */
  readonly onHand: number;
  /** Units held by open reservations. */
  readonly reserved: number;
  /** onHand − reserved: what a reservation may take. */
  readonly available: number;
}

/** One row of the `stock_levels` view (key = storeId), on `views.stock_levels`. As `views.stock_levels` sends it: without `version`. */
export interface StockLevels {
  /** Store the row describes (the view key). */
  readonly storeId: string;
  /** Every sku of the store, by sku. */
  readonly skus: readonly SkuLevel[];
  /** Orders holding a reservation. */
  readonly openReservations: number;
  /** Reservations refused for lack of stock. */
  readonly refusedReservations: number;
  /** When the row last changed. */
  readonly updatedAt: string;
}

/** Units of one sku. */
export interface StockLine {
  /** Stock-keeping unit of the product. */
  readonly sku: string;
  /** Units. */
  readonly qty: number;
}

/** What arrived. */
export interface StockReceivedData {
  /** Stock-keeping unit of the product. */
  readonly sku: string;
  /** Units received. */
  readonly qty: number;
}

/** The released reservation. */
export interface StockReleasedData {
  /** Order the reservation is for. */
  readonly orderId: string;
  /** Lines released. */
  readonly lines: readonly StockLine[];
}

/** The refused reservation. */
export interface StockReservationRefusedData {
  /** Order the reservation is for. */
  readonly orderId: string;
  /** Lines asked for. */
  readonly lines: readonly StockLine[];
  /** Skus with fewer units available than asked for. */
  readonly shortSkus: readonly string[];
}

/** The reservation. */
export interface StockReservedData {
  /** Order the reservation is for. */
  readonly orderId: string;
  /** Lines reserved. */
  readonly lines: readonly StockLine[];
}

/** Commands of inventory: name → data (fields with a default, or that default to the caller, may be left out). */
export type Commands = {
  readonly ReceiveStock: ReceiveStockData;
  readonly ReleaseStock: ReleaseStockData;
  readonly ReserveStock: ReserveStockData;
};

/** Events of `inventory.events`: name → data. */
export type Events = {
  readonly StockReceived: StockReceivedData;
  readonly StockReleased: StockReleasedData;
  readonly StockReservationRefused: StockReservationRefusedData;
  readonly StockReserved: StockReservedData;
};
