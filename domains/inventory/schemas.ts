/**
 * The inventory domain's Avro records in compact form (docs/schemas.md): each command's and
 * event's payload, the snapshot state and the `stock_levels` view row; the envelopes come
 * from schemas/envelopes.ts. After a change, `npm run schemas:generate` releases the changed
 * records as new versions.
 */
import { defineDomainSchemas } from '../../schemas/domain-schemas';

/** Longest sku and order id a command may carry (UTF-16 units, as the schema counts). */
export const ID_MAX = 128;
/** Most lines one reservation may hold, as an order's items. */
export const LINES_MAX = 100;

/** A sku field; commands bound its length, events carry what was accepted. */
const sku = (bounded: boolean) => ({
  name: 'sku',
  type: 'string',
  doc: 'Stock-keeping unit of the product.',
  'eventline.minLength': 1,
  ...(bounded ? { 'eventline.maxLength': ID_MAX } : {}),
});

const orderId = (bounded: boolean) => ({
  name: 'orderId',
  type: 'string',
  doc: 'Order the reservation is for.',
  'eventline.minLength': 1,
  ...(bounded ? { 'eventline.maxLength': ID_MAX } : {}),
});

/** One sku and quantity of a reservation: its own record in each file that uses it. */
const lines = (bounded: boolean, doc: string) => ({
  name: 'lines',
  type: {
    type: 'array',
    items: {
      type: 'record',
      name: 'StockLine',
      doc: 'Units of one sku.',
      fields: [sku(bounded), { name: 'qty', type: 'int', doc: 'Units.', 'eventline.minimum': 1 }],
    },
  },
  doc,
  'eventline.minItems': 1,
  ...(bounded ? { 'eventline.maxItems': LINES_MAX } : {}),
});

export const inventorySchemas = defineDomainSchemas({
  aggregateDoc: 'Store whose stock this is (the aggregate key).',
  commands: {
    ReceiveStock: {
      doc: 'Add received units of a sku to a store\'s stock.',
      data: {
        doc: 'What arrived.',
        fields: [sku(true), { name: 'qty', type: 'int', doc: 'Units received.', 'eventline.minimum': 1 }],
      },
    },
    ReserveStock: {
      doc: 'Reserve the lines of an order: all of them or none.',
      data: { doc: 'The order and what it needs.', fields: [orderId(true), lines(true, 'Lines to reserve: 1 to 100.')] },
    },
    ReleaseStock: {
      doc: 'Release the reservation an order holds.',
      data: { doc: 'The order whose reservation ends.', fields: [orderId(true)] },
    },
  },
  events: {
    StockReceived: {
      doc: 'Units of a sku arrived.',
      data: {
        doc: 'What arrived.',
        fields: [sku(false), { name: 'qty', type: 'int', doc: 'Units received.', 'eventline.minimum': 1 }],
      },
    },
    StockReserved: {
      doc: 'An order\'s lines were reserved, all of them.',
      data: { doc: 'The reservation.', fields: [orderId(false), lines(false, 'Lines reserved.')] },
    },
    StockReservationRefused: {
      doc: 'An order\'s lines could not all be reserved, so none were.',
      data: {
        doc: 'The refused reservation.',
        fields: [
          orderId(false),
          lines(false, 'Lines asked for.'),
          {
            name: 'shortSkus',
            type: { type: 'array', items: 'string' },
            doc: 'Skus with fewer units available than asked for.',
            'eventline.minItems': 1,
          },
        ],
      },
    },
    StockReleased: {
      doc: 'An order\'s reservation was released.',
      data: { doc: 'The released reservation.', fields: [orderId(false), lines(false, 'Lines released.')] },
    },
  },
  snapshot: {
    name: 'InventorySnapshot',
    doc: 'Latest stock of one store, on the compacted `inventory.snapshots` topic (key = store id).',
    state: {
      type: 'record',
      name: 'InventoryState',
      doc: 'Decision state of a store\'s stock.',
      fields: [
        {
          name: 'skus',
          type: {
            type: 'array',
            items: {
              type: 'record',
              name: 'SkuStock',
              doc: 'Stock of one sku.',
              fields: [
                sku(false),
                { name: 'onHand', type: 'long', doc: 'Units received.', 'eventline.minimum': 0 },
                { name: 'reserved', type: 'long', doc: 'Units reserved by open reservations.', 'eventline.minimum': 0 },
              ],
            },
          },
          doc: 'Every sku ever received, by sku.',
        },
        {
          name: 'reservations',
          type: {
            type: 'array',
            items: {
              type: 'record',
              name: 'Reservation',
              doc: 'An open reservation.',
              fields: [orderId(false), lines(false, 'Lines reserved.')],
            },
          },
          doc: 'Open reservations, oldest first.',
        },
      ],
    },
  },
  records: {
    StockLevels: {
      doc: 'One row of the `stock_levels` view (key = storeId), on `views.stock_levels`.',
      fields: [
        { name: 'storeId', type: 'string', doc: 'Store the row describes (the view key).', 'eventline.minLength': 1 },
        { name: 'version', type: 'long', doc: 'View version of this row: increases by one per change.', 'eventline.minimum': 1 },
        {
          name: 'skus',
          type: {
            type: 'array',
            items: {
              type: 'record',
              name: 'SkuLevel',
              doc: 'Stock of one sku.',
              fields: [
                sku(false),
                { name: 'onHand', type: 'long', doc: 'Units received.', 'eventline.minimum': 0 },
                { name: 'reserved', type: 'long', doc: 'Units held by open reservations.', 'eventline.minimum': 0 },
                { name: 'available', type: 'long', doc: 'onHand − reserved: what a reservation may take.', 'eventline.minimum': 0 },
              ],
            },
          },
          doc: 'Every sku of the store, by sku.',
        },
        { name: 'openReservations', type: 'long', doc: 'Orders holding a reservation.', 'eventline.minimum': 0 },
        { name: 'refusedReservations', type: 'long', doc: 'Reservations refused for lack of stock.', 'eventline.minimum': 0 },
        { name: 'updatedAt', type: { type: 'long', logicalType: 'timestamp-millis' }, doc: 'When the row last changed.' },
      ],
    },
  },
});
