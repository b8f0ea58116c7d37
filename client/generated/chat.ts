// Generated from schemas/catalog.json and the read models by schemas/tools/generate-types.ts (`npm run schemas:generate`). Do not edit.
// Avro namespace eventline.chat, as JSON carries it on the wire: timestamps are ISO-8601 strings.

/** Who joins. */
export interface AddMemberData {
  /** The user to add (a token `sub`). */
  readonly userId: string;
}

/** The room. */
export interface CreateRoomData {
  /** Room title. */
  readonly title: string;
  /** A private room is open only to its members (the creator, and users added with AddMember); a public one to every user who may use chat. */
  readonly private: boolean;
}

/** The edit. */
export interface EditMessageData {
  /** Id of the message to edit. */
  readonly messageId: string;
  /** New message text. */
  readonly text: string;
}

/** The new member. */
export interface MemberAddedData {
  /** The user added. */
  readonly userId: string;
  /** The member who added them. */
  readonly addedBy: string;
}

/** The message. */
export interface MessageEditedData {
  /** Id of the message. */
  readonly messageId: string;
  /** Sequence number of the message in the room (1, 2, 3 …). */
  readonly seq: number;
  /** User who posted the message. */
  readonly author: string;
  /** New message text. */
  readonly text: string;
}

/** The message. */
export interface MessagePostedData {
  /** Id of the message. */
  readonly messageId: string;
  /** Sequence number of the message in the room (1, 2, 3 …). */
  readonly seq: number;
  /** User who posted the message. */
  readonly author: string;
  /** Message text. */
  readonly text: string;
}

/** The message. */
export interface PostMessageData {
  /** Client-chosen unique id of the message in the room. */
  readonly messageId: string;
  /** Message text. */
  readonly text: string;
}

/** The room. */
export interface RoomCreatedData {
  /** Room title. */
  readonly title: string;
  /** User who created the room. */
  readonly createdBy: string;
  /** Whether the room is open only to its members. */
  readonly private: boolean;
}

/** Commands of chat: name → data (fields with a default, or that default to the caller, may be left out). */
export type Commands = {
  readonly AddMember: AddMemberData;
  readonly CreateRoom: Omit<CreateRoomData, 'private'> & Partial<Pick<CreateRoomData, 'private'>>;
  readonly EditMessage: EditMessageData;
  readonly PostMessage: PostMessageData;
};

/** Events of `chat.events`: name → data. */
export type Events = {
  readonly MemberAdded: MemberAddedData;
  readonly MessageEdited: MessageEditedData;
  readonly MessagePosted: MessagePostedData;
  readonly RoomCreated: RoomCreatedData;
};
