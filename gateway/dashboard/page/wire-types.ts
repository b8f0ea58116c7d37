/**
 * What the page receives, as JSON carries it. Derived from the generated Avro types
 * (schemas/generated) so the page follows the contract; type-only imports, nothing loads.
 */
import type * as chat from '../../../schemas/generated/chat.js';
import type * as orders from '../../../schemas/generated/orders.js';

/** A record after JSON.stringify: timestamps become ISO-8601 strings. */
type Json<T> = T extends Date ? string : T extends readonly (infer Item)[] ? Json<Item>[] : T extends object ? { [K in keyof T]: Json<T[K]> } : T;

/** A `views.store_stats` snapshot or event. */
export type StoreStatsRow = Json<orders.StoreStats>;

/** A `chat.events` event: RoomCreated, MessagePosted or MessageEdited. */
export type ChatEventData = Json<chat.RoomCreatedData> | Json<chat.MessagePostedData> | Json<chat.MessageEditedData>;

export type PostMessageData = chat.PostMessageData;
export type CreateRoomData = chat.CreateRoomData;

/** `GET /api/chat/rooms/:roomId` (the `rooms` read model; its version counts RoomCreated and posts, not edits). */
export interface RoomRow {
  readonly roomId: string;
  readonly title: string;
  readonly lastSeq: number;
  readonly version: number;
}

/** One row of `GET /api/chat/rooms/:roomId/messages` (the fields the page shows). */
export interface MessageRow {
  readonly seq: number;
  readonly messageId: string;
  readonly author: string;
  readonly text: string;
  readonly postedAt: string;
  readonly editedAt: string | null;
}

export interface MessagePage {
  readonly messages: readonly MessageRow[];
  readonly nextAfterSeq: number | null;
}
