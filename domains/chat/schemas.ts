/**
 * The chat domain's Avro records in compact form (schemas/domain-schemas.ts): each command's
 * and event's payload, the snapshot state. The envelopes are added from
 * schemas/envelopes.ts; `npm run schemas:generate` writes a changed record as its next version.
 */
import { defineDomainSchemas } from '../../schemas/domain-schemas';

/** The room's title, as CreateRoom asks for it and RoomCreated records it. */
const roomTitle = { name: 'title', type: 'string', doc: 'Room title.', 'eventline.minLength': 1, 'eventline.maxLength': 200 };

/** What both message events say of the message they concern. */
const messageFields = [
  { name: 'messageId', type: 'string', doc: 'Id of the message.', 'eventline.minLength': 1 },
  { name: 'seq', type: 'long', doc: 'Sequence number of the message in the room (1, 2, 3 …).', 'eventline.minimum': 1 },
  { name: 'author', type: 'string', doc: 'User who posted the message.', 'eventline.minLength': 1 },
];

export const chatSchemas = defineDomainSchemas({
  aggregateDoc: 'Room id (the aggregate key).',
  commands: {
    CreateRoom: {
      doc: 'Create a chat room.',
      data: {
        doc: 'The room.',
        fields: [
          roomTitle,
          {
            name: 'private',
            type: 'boolean',
            default: false,
            doc: 'A private room is open only to its members (the creator, and users added with AddMember); a public one to every user who may use chat.',
          },
        ],
      },
    },
    AddMember: {
      doc: 'Add a user to a private room; only a member may.',
      data: {
        doc: 'Who joins.',
        fields: [
          {
            name: 'userId',
            type: 'string',
            doc: 'The user to add (a token `sub`).',
            'eventline.minLength': 1,
            'eventline.maxLength': 128,
          },
        ],
      },
    },
    PostMessage: {
      doc: 'Post a message to a room.',
      data: {
        doc: 'The message.',
        fields: [
          {
            name: 'messageId',
            type: 'string',
            doc: 'Client-chosen unique id of the message in the room.',
            'eventline.minLength': 1,
            'eventline.maxLength': 128,
          },
          {
            name: 'text',
            type: 'string',
            doc: 'Message text.',
            'eventline.minLength': 1,
            'eventline.maxLength': 4000,
          },
        ],
      },
    },
    EditMessage: {
      doc: 'Replace the text of a message (author only).',
      data: {
        doc: 'The edit.',
        fields: [
          {
            name: 'messageId',
            type: 'string',
            doc: 'Id of the message to edit.',
            'eventline.minLength': 1,
            'eventline.maxLength': 128,
          },
          {
            name: 'text',
            type: 'string',
            doc: 'New message text.',
            'eventline.minLength': 1,
            'eventline.maxLength': 4000,
          },
        ],
      },
    },
  },
  events: {
    RoomCreated: {
      doc: 'A chat room was created.',
      data: {
        doc: 'The room.',
        fields: [
          roomTitle,
          { name: 'createdBy', type: 'string', doc: 'User who created the room.', 'eventline.minLength': 1 },
          {
            name: 'private',
            type: 'boolean',
            default: false,
            doc: 'Whether the room is open only to its members.',
          },
        ],
      },
    },
    MemberAdded: {
      doc: 'A user became a member of a private room.',
      data: {
        doc: 'The new member.',
        fields: [
          { name: 'userId', type: 'string', doc: 'The user added.', 'eventline.minLength': 1 },
          { name: 'addedBy', type: 'string', doc: 'The member who added them.', 'eventline.minLength': 1 },
        ],
      },
    },
    MessagePosted: {
      doc: 'A message was posted to a room.',
      data: {
        doc: 'The message.',
        fields: [
          ...messageFields,
          {
            name: 'text',
            type: 'string',
            doc: 'Message text.',
            'eventline.minLength': 1,
            'eventline.maxLength': 4000,
          },
        ],
      },
    },
    MessageEdited: {
      doc: 'A message was edited by its author.',
      data: {
        doc: 'The message.',
        fields: [
          ...messageFields,
          {
            name: 'text',
            type: 'string',
            doc: 'New message text.',
            'eventline.minLength': 1,
            'eventline.maxLength': 4000,
          },
        ],
      },
    },
  },
  snapshot: {
    name: 'ChatRoomSnapshot',
    doc: 'Latest state of one room, on the compacted `chat.snapshots` topic (key = room id).',
    state: {
      type: 'record',
      name: 'RoomState',
      doc: 'Decision state of a room.',
      fields: [
        { name: 'created', type: 'boolean', doc: 'Whether RoomCreated happened.' },
        { name: 'title', type: ['null', 'string'], default: null, doc: 'Room title; null before creation.' },
        { name: 'createdBy', type: ['null', 'string'], default: null, doc: 'Creator; null before creation.' },
        {
          name: 'private',
          type: 'boolean',
          default: false,
          doc: 'Whether the room is open only to its members.',
        },
        {
          name: 'members',
          type: { type: 'array', items: 'string' },
          default: [],
          doc: 'Members of a private room (its creator first); empty for a public room.',
        },
        {
          name: 'lastSeq',
          type: 'long',
          doc: 'Seq of the last posted message (0 = none).',
          'eventline.minimum': 0,
        },
        {
          name: 'messages',
          type: {
            type: 'map',
            values: {
              type: 'record',
              name: 'MessageRef',
              doc: 'What deciding an edit needs to know about a message.',
              fields: [
                { name: 'seq', type: 'long', doc: 'Sequence number of the message.', 'eventline.minimum': 1 },
                {
                  name: 'author',
                  type: 'string',
                  doc: 'User who posted the message.',
                  'eventline.minLength': 1,
                },
              ],
            },
          },
          doc: 'Messages of the room by message id.',
        },
      ],
    },
  },
});
