// Generated from schemas/catalog.json by schemas/tools/generate-types.ts (`npm run schemas:generate`). Do not edit.
// Avro namespace eventline.chat.

/** Add a user to a private room; only a member may. */
export interface AddMember {
  /** Client-chosen unique id of this command; the idempotency key (a command id seen before gets its first outcome again). */
  commandId: string;
  /** Room id (the aggregate key). */
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
  data: AddMemberData;
}

/** Who joins. */
export interface AddMemberData {
  /** The user to add (a token `sub`). */
  userId: string;
}

/** Latest state of one room, on the compacted `chat.snapshots` topic (key = room id). */
export interface ChatRoomSnapshot {
  /** Room id (the aggregate key). */
  aggregateId: string;
  /** Aggregate version the state reflects (0 = no events yet). */
  version: number;
  /** The aggregate state. */
  state: RoomState;
  /** Outcomes of the most recent commands, oldest first. */
  recentCommands: RecentCommand[];
  /** When the snapshot was written. */
  updatedAt: Date;
}

/** Whether the command was accepted (events written) or rejected. */
export type CommandStatus = 'ACCEPTED' | 'REJECTED';

/** Create a chat room. */
export interface CreateRoom {
  /** Client-chosen unique id of this command; the idempotency key (a command id seen before gets its first outcome again). */
  commandId: string;
  /** Room id (the aggregate key). */
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
  data: CreateRoomData;
}

/** The room. */
export interface CreateRoomData {
  /** Room title. */
  title: string;
  /** A private room is open only to its members (the creator, and users added with AddMember); a public one to every user who may use chat. */
  private: boolean;
}

/** Replace the text of a message (author only). */
export interface EditMessage {
  /** Client-chosen unique id of this command; the idempotency key (a command id seen before gets its first outcome again). */
  commandId: string;
  /** Room id (the aggregate key). */
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
  data: EditMessageData;
}

/** The edit. */
export interface EditMessageData {
  /** Id of the message to edit. */
  messageId: string;
  /** New message text. */
  text: string;
}

/** A user became a member of a private room. */
export interface MemberAdded {
  /** Room id (the aggregate key). */
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
  data: MemberAddedData;
}

/** The new member. */
export interface MemberAddedData {
  /** The user added. */
  userId: string;
  /** The member who added them. */
  addedBy: string;
}

/** A message was edited by its author. */
export interface MessageEdited {
  /** Room id (the aggregate key). */
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
  data: MessageEditedData;
}

/** The message. */
export interface MessageEditedData {
  /** Id of the message. */
  messageId: string;
  /** Sequence number of the message in the room (1, 2, 3 …). */
  seq: number;
  /** User who posted the message. */
  author: string;
  /** New message text. */
  text: string;
}

/** A message was posted to a room. */
export interface MessagePosted {
  /** Room id (the aggregate key). */
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
  data: MessagePostedData;
}

/** The message. */
export interface MessagePostedData {
  /** Id of the message. */
  messageId: string;
  /** Sequence number of the message in the room (1, 2, 3 …). */
  seq: number;
  /** User who posted the message. */
  author: string;
  /** Message text. */
  text: string;
}

/** What deciding an edit needs to know about a message. */
export interface MessageRef {
  /** Sequence number of the message. */
  seq: number;
  /** User who posted the message. */
  author: string;
}

/** Post a message to a room. */
export interface PostMessage {
  /** Client-chosen unique id of this command; the idempotency key (a command id seen before gets its first outcome again). */
  commandId: string;
  /** Room id (the aggregate key). */
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
  data: PostMessageData;
}

/** The message. */
export interface PostMessageData {
  /** Client-chosen unique id of the message in the room. */
  messageId: string;
  /** Message text. */
  text: string;
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

/** A chat room was created. */
export interface RoomCreated {
  /** Room id (the aggregate key). */
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
  data: RoomCreatedData;
}

/** The room. */
export interface RoomCreatedData {
  /** Room title. */
  title: string;
  /** User who created the room. */
  createdBy: string;
  /** Whether the room is open only to its members. */
  private: boolean;
}

/** Decision state of a room. */
export interface RoomState {
  /** Whether RoomCreated happened. */
  created: boolean;
  /** Room title; null before creation. */
  title: string | null;
  /** Creator; null before creation. */
  createdBy: string | null;
  /** Whether the room is open only to its members. */
  private: boolean;
  /** Members of a private room (its creator first); empty for a public room. */
  members: string[];
  /** Seq of the last posted message (0 = none). */
  lastSeq: number;
  /** Messages of the room by message id. */
  messages: Record<string, MessageRef>;
}
