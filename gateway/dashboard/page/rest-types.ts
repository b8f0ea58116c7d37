/**
 * What the page reads over REST, as JSON carries it (timestamps ISO-8601). The streams and
 * commands are typed by the SDK's generated EventlineSchema; these rows are the REST reads'.
 */

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
