/**
 * The orders domain's Avro records in compact form (schemas/domain-schemas.ts): each command's
 * and event's payload, the snapshot state and the view rows. The envelopes are added from
 * schemas/envelopes.ts; `npm run schemas:generate` writes a changed record as its next version.
 */
import { defineDomainSchemas } from '../../schemas/domain-schemas';

/** The order's store, as every order event names it. */
const storeId = { name: 'storeId', type: 'string', doc: 'Store the order belongs to.', 'eventline.minLength': 1 };

/** An order's lifecycle, in the cancellation and in the decider state. */
const orderStatus = {
  type: 'enum',
  name: 'OrderStatus',
  doc: 'Lifecycle status of an order; NONE before it is placed.',
  symbols: ['NONE', 'PLACED', 'PAID', 'SHIPPED', 'CANCELLED'],
};

export const ordersSchemas = defineDomainSchemas({
  aggregateDoc: 'Order id (the aggregate key).',
  commands: {
    PlaceOrder: {
      doc: 'Place a new order.',
      data: {
        doc: 'What is ordered, where and by whom.',
        fields: [
          {
            name: 'storeId',
            type: 'string',
            doc: 'Store the order belongs to.',
            'eventline.minLength': 1,
            'eventline.maxLength': 128,
          },
          {
            name: 'customerId',
            type: 'string',
            doc: 'Customer placing the order.',
            'eventline.minLength': 1,
            'eventline.maxLength': 128,
          },
          {
            name: 'items',
            type: {
              type: 'array',
              items: {
                type: 'record',
                name: 'OrderLine',
                doc: 'One line of an order.',
                fields: [
                  {
                    name: 'sku',
                    type: 'string',
                    doc: 'Stock-keeping unit of the product.',
                    'eventline.minLength': 1,
                    'eventline.maxLength': 128,
                  },
                  { name: 'qty', type: 'int', doc: 'Units ordered.', 'eventline.minimum': 1 },
                  {
                    name: 'priceCents',
                    type: 'long',
                    doc: 'Unit price in cents of `currency`.',
                    'eventline.minimum': 0,
                  },
                ],
              },
            },
            doc: 'Ordered lines: 1 to 100.',
            'eventline.minItems': 1,
            'eventline.maxItems': 100,
          },
          {
            name: 'currency',
            type: 'string',
            doc: 'ISO 4217 currency code of all prices.',
            'eventline.minLength': 3,
            'eventline.maxLength': 3,
          },
        ],
      },
    },
    PayOrder: {
      doc: 'Pay a placed order in full.',
      data: {
        doc: 'The payment.',
        fields: [
          {
            name: 'amountCents',
            type: 'long',
            doc: 'Amount paid in cents; must equal the order total.',
            'eventline.minimum': 1,
          },
        ],
      },
    },
    ShipOrder: {
      doc: 'Ship a paid order.',
      data: {
        doc: 'The shipment.',
        fields: [
          {
            name: 'carrier',
            type: 'string',
            doc: 'Carrier handling the shipment.',
            'eventline.minLength': 1,
            'eventline.maxLength': 128,
          },
          {
            name: 'trackingNumber',
            type: ['null', 'string'],
            default: null,
            doc: 'Carrier\'s tracking number, when known.',
            'eventline.minLength': 1,
            'eventline.maxLength': 128,
          },
        ],
      },
    },
    CancelOrder: {
      doc: 'Cancel an order that has not shipped.',
      data: {
        doc: 'The cancellation.',
        fields: [
          {
            name: 'reason',
            type: 'string',
            doc: 'Why the order is cancelled.',
            'eventline.minLength': 1,
            'eventline.maxLength': 500,
          },
        ],
      },
    },
  },
  events: {
    OrderPlaced: {
      doc: 'An order was placed.',
      data: {
        doc: 'The placed order.',
        fields: [
          storeId,
          {
            name: 'customerId',
            type: 'string',
            doc: 'Customer who placed the order.',
            'eventline.minLength': 1,
          },
          {
            name: 'items',
            type: {
              type: 'array',
              items: {
                type: 'record',
                name: 'OrderLine',
                doc: 'One line of an order.',
                fields: [
                  {
                    name: 'sku',
                    type: 'string',
                    doc: 'Stock-keeping unit of the product.',
                    'eventline.minLength': 1,
                  },
                  { name: 'qty', type: 'int', doc: 'Units ordered.', 'eventline.minimum': 1 },
                  {
                    name: 'priceCents',
                    type: 'long',
                    doc: 'Unit price in cents of `currency`.',
                    'eventline.minimum': 0,
                  },
                ],
              },
            },
            doc: 'Ordered lines, at least one.',
            'eventline.minItems': 1,
          },
          {
            name: 'currency',
            type: 'string',
            doc: 'ISO 4217 currency code of all amounts.',
            'eventline.minLength': 3,
            'eventline.maxLength': 3,
          },
          {
            name: 'totalCents',
            type: 'long',
            doc: 'Sum of qty × priceCents over all lines.',
            'eventline.minimum': 0,
          },
        ],
      },
    },
    OrderPaid: {
      doc: 'An order was paid in full.',
      data: {
        doc: 'The payment.',
        fields: [
          storeId,
          { name: 'amountCents', type: 'long', doc: 'Amount paid in cents.', 'eventline.minimum': 1 },
          {
            name: 'currency',
            type: 'string',
            doc: 'ISO 4217 currency code of the amount.',
            'eventline.minLength': 3,
            'eventline.maxLength': 3,
          },
        ],
      },
    },
    OrderShipped: {
      doc: 'An order was handed to a carrier.',
      data: {
        doc: 'The shipment.',
        fields: [
          storeId,
          {
            name: 'carrier',
            type: 'string',
            doc: 'Carrier handling the shipment.',
            'eventline.minLength': 1,
          },
          {
            name: 'trackingNumber',
            type: ['null', 'string'],
            default: null,
            doc: 'Carrier\'s tracking number, when known (added in v2; null when read from v1).',
            'eventline.minLength': 1,
          },
        ],
      },
    },
    OrderCancelled: {
      doc: 'An order was cancelled.',
      data: {
        doc: 'The cancellation.',
        fields: [
          storeId,
          { name: 'reason', type: 'string', doc: 'Why the order was cancelled.', 'eventline.minLength': 1 },
          {
            name: 'previousStatus',
            type: orderStatus,
            doc: 'Status the order had before the cancellation.',
          },
          {
            name: 'refundCents',
            type: 'long',
            doc: 'Amount refunded in cents of `currency` (0 when the order was unpaid).',
            'eventline.minimum': 0,
          },
          {
            name: 'currency',
            type: ['null', 'string'],
            default: null,
            doc: 'ISO 4217 currency code of the order (added in v2; null when read from v1, whose refunds count under `XXX`, no currency).',
            'eventline.minLength': 3,
            'eventline.maxLength': 3,
          },
        ],
      },
    },
  },
  snapshot: {
    name: 'OrderSnapshot',
    doc: 'Latest state of one order, on the compacted `orders.snapshots` topic (key = order id).',
    state: {
      type: 'record',
      name: 'OrderState',
      doc: 'Decision state of an order.',
      fields: [
        {
          name: 'status',
          type: orderStatus,
          doc: 'Current status.',
        },
        {
          name: 'storeId',
          type: ['null', 'string'],
          default: null,
          doc: 'Store of the order; null before it is placed.',
        },
        {
          name: 'customerId',
          type: ['null', 'string'],
          default: null,
          doc: 'Customer of the order; null before it is placed.',
        },
        {
          name: 'currency',
          type: ['null', 'string'],
          default: null,
          doc: 'Currency of the order; null before it is placed.',
        },
        { name: 'totalCents', type: 'long', doc: 'Order total in cents.', 'eventline.minimum': 0 },
        { name: 'paidCents', type: 'long', doc: 'Amount paid so far in cents.', 'eventline.minimum': 0 },
      ],
    },
  },
  records: {
    StoreStats: {
      doc: 'One row of the `store_stats` view (key = storeId), on `views.store_stats`.',
      fields: [
        {
          name: 'storeId',
          type: 'string',
          doc: 'Store the row describes (the view key).',
          'eventline.minLength': 1,
        },
        {
          name: 'version',
          type: 'long',
          doc: 'View version of this row: increases by one per change.',
          'eventline.minimum': 1,
        },
        {
          name: 'ordersPlaced',
          type: 'long',
          doc: 'Store\'s orders currently PLACED.',
          'eventline.minimum': 0,
        },
        { name: 'ordersPaid', type: 'long', doc: 'Store\'s orders currently PAID.', 'eventline.minimum': 0 },
        {
          name: 'ordersShipped',
          type: 'long',
          doc: 'Store\'s orders currently SHIPPED.',
          'eventline.minimum': 0,
        },
        {
          name: 'ordersCancelled',
          type: 'long',
          doc: 'Store\'s orders currently CANCELLED.',
          'eventline.minimum': 0,
        },
        {
          name: 'openOrders',
          type: 'long',
          doc: 'Orders placed or paid, not yet shipped or cancelled.',
          'eventline.minimum': 0,
        },
        {
          name: 'revenueByCurrency',
          type: {
            type: 'array',
            items: {
              type: 'record',
              name: 'CurrencyRevenue',
              doc: 'The store\'s money in one currency, since its first order.',
              fields: [
                {
                  name: 'currency',
                  type: 'string',
                  doc: 'ISO 4217 currency code; `XXX` (no currency) for refunds of OrderCancelled v1, which did not say.',
                  'eventline.minLength': 3,
                  'eventline.maxLength': 3,
                },
                { name: 'grossCents', type: 'long', doc: 'Payments received, in cents of `currency`.', 'eventline.minimum': 0 },
                { name: 'refundedCents', type: 'long', doc: 'Refunds of cancelled paid orders, in cents of `currency`.', 'eventline.minimum': 0 },
                { name: 'netCents', type: 'long', doc: 'grossCents − refundedCents.' },
              ],
            },
          },
          default: [],
          doc: 'Revenue per currency, sorted by currency (replaces paidRevenueCents, which summed currencies; its net is netCents).',
        },
        {
          name: 'grossRevenueByMinute',
          type: {
            type: 'array',
            items: {
              type: 'record',
              name: 'MinuteGrossRevenue',
              doc: 'Payments of one minute in one currency (refunds not deducted).',
              fields: [
                {
                  name: 'minute',
                  type: { type: 'long', logicalType: 'timestamp-millis' },
                  doc: 'Start of the minute.',
                },
                {
                  name: 'currency',
                  type: 'string',
                  doc: 'ISO 4217 currency code.',
                  'eventline.minLength': 3,
                  'eventline.maxLength': 3,
                },
                { name: 'grossCents', type: 'long', doc: 'Payments received during that minute, in cents of `currency`.' },
              ],
            },
          },
          default: [],
          doc: 'Payments per minute and currency over the last hour up to the newest payment, oldest first (replaces revenueByMinute).',
        },
        {
          name: 'updatedAt',
          type: { type: 'long', logicalType: 'timestamp-millis' },
          doc: 'When the row last changed.',
        },
      ],
    },
  },
});
