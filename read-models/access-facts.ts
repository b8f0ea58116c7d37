/**
 * The facts each domain's access rule (`DomainAccess.canSee`) is decided on, read from its
 * read models: an order's customer; a room's privacy and whether the reader is a member.
 * One indexed lookup per question; `undefined` when the aggregate has no row (yet).
 */
import type { OrderFacts } from '../domains/orders';
import type { RoomFacts } from '../domains/chat';
import type { DomainName } from '../domains';
import type { Orm } from '../platform/db';
import { ordersReadModel } from './entities/orders';
import { roomMembersReadModel } from './entities/room-members';
import { roomsReadModel } from './entities/rooms';
import { withSession, type Statement } from './sql';

interface FactsQuery<Facts> {
  statement(aggregateId: string, userId: string): Statement;
  decode(row: Record<string, unknown>): Facts;
}

const orders: FactsQuery<OrderFacts> = {
  statement: (orderId) => ({
    text: `SELECT ${ordersReadModel.columns.customerId.name} AS customer_id FROM ${ordersReadModel.table} WHERE ${ordersReadModel.columns.orderId.name} = $1`,
    values: [orderId],
  }),
  decode: (row) => ({ customerId: String(row.customer_id) }),
};

const rooms = roomsReadModel.columns;
const members = roomMembersReadModel.columns;
const chat: FactsQuery<RoomFacts> = {
  statement: (roomId, userId) => ({
    text:
      `SELECT r.${rooms.private.name} AS private, EXISTS (SELECT 1 FROM ${roomMembersReadModel.table} m ` +
      `WHERE m.${members.roomId.name} = r.${rooms.roomId.name} AND m.${members.userId.name} = $2) AS member ` +
      `FROM ${roomsReadModel.table} r WHERE r.${rooms.roomId.name} = $1`,
    values: [roomId, userId],
  }),
  decode: (row) => ({ private: row.private === true, member: row.member === true }),
};

const QUERIES: Readonly<Record<DomainName, FactsQuery<unknown>>> = { orders, chat };

export type AccessFactsReader = (domain: DomainName, aggregateId: string, userId: string) => Promise<unknown>;

export function postgresAccessFacts(orm: Orm): AccessFactsReader {
  return (domain, aggregateId, userId) =>
    withSession(orm, async (session) => {
      const query = QUERIES[domain];
      const [row] = (await session.query(query.statement(aggregateId, userId))).rows;
      return row === undefined ? undefined : query.decode(row);
    });
}
