/**
 * Follows one chat room and posts to it. History comes from the REST read model; live
 * messages from `chat.events`, subscribed from the room row's version so that nothing
 * between the read and the subscription is missed. A room that does not exist yet cannot be
 * followed (the gateway says so as it would for a private room): the panel offers to create
 * it, and follows it once the creation is projected. The two overlap a little (the row's
 * version does not count edits), so messages are kept by `seq` and an overlap just writes a
 * message again. After a reconnect the SDK resumes after the last event it delivered.
 */
import { randomUuid, type EventlineClient, type EventlineSchema, type StreamEvent } from '../../../client/index.js';
import type { CommandFeedback } from './command-feedback.js';
import { element, part } from './dom.js';
import { formatClock } from './format.js';
import { getJson } from './http.js';
import type { MessagePage, MessageRow, RoomRow } from './rest-types.js';

type ChatEvent = StreamEvent<EventlineSchema, 'chat.events'>;
/** Messages read on open and kept on screen. */
const HISTORY = 100;

interface Line {
  readonly seq: number;
  readonly author: string;
  readonly text: string;
  readonly at: string;
  readonly edited: boolean;
}

export interface ChatPanelOptions {
  readonly client: EventlineClient<EventlineSchema>;
  readonly token: string;
  readonly roomId: string;
  readonly feedback: CommandFeedback;
  /** Problems with no better place on the page (a failed history read). */
  readonly report: (error: unknown) => void;
}

export class ChatPanel {
  private readonly lines = new Map<number, Line>();
  private readonly list = part<HTMLOListElement>('chat-messages');
  private readonly missing = part('chat-room-missing');
  private renderQueued = false;

  constructor(private readonly options: ChatPanelOptions) {}

  async start(): Promise<void> {
    const { token, roomId, report } = this.options;
    part('chat-room-name').textContent = roomId;
    const form = part<HTMLFormElement>('chat-form');
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.post(form);
    });
    part('chat-create-room').addEventListener('click', () => void this.createRoom());

    const path = `/api/chat/rooms/${encodeURIComponent(roomId)}`;
    try {
      const room = await getJson<RoomRow>(path, token);
      this.missing.hidden = room !== null;
      if (room === null) return;
      this.follow(room.version);
      const page = await getJson<MessagePage>(`${path}/messages?afterSeq=${Math.max(0, room.lastSeq - HISTORY)}&limit=${HISTORY}`, token);
      for (const row of page?.messages ?? []) if (!this.lines.has(row.seq)) this.lines.set(row.seq, lineOf(row));
      this.queueRender();
    } catch (error) {
      report(error);
    }
  }

  private follow(fromVersion: number): void {
    this.options.client.subscribe('chat.events', this.options.roomId, { onEvent: (event) => this.apply(event), onUnsubscribed: ({ error }) => error && this.options.report(error) }, { fromVersion });
  }

  private apply(event: ChatEvent): void {
    switch (event.name) {
      case 'RoomCreated':
        this.missing.hidden = true;
        return;
      case 'MessagePosted':
      case 'MessageEdited': {
        const { seq, author, text } = event.data;
        this.lines.set(seq, { seq, author, text, at: this.lines.get(seq)?.at ?? event.ts, edited: event.name === 'MessageEdited' });
        this.queueRender();
        return;
      }
      case 'MemberAdded':
        return;
    }
  }

  private async post(form: HTMLFormElement): Promise<void> {
    const input = form.elements.namedItem('text') as HTMLInputElement;
    const data = { messageId: randomUuid(), text: input.value };
    const accepted = await this.options.feedback.track('PostMessage', this.options.client.command({ domain: 'chat', name: 'PostMessage', key: this.options.roomId, data }));
    // Kept on failure, so the user can fix and resend it.
    if (accepted) input.value = '';
  }

  private async createRoom(): Promise<void> {
    const { client, roomId, feedback } = this.options;
    const data = { title: roomId, private: false };
    // Projected before it is followed: a room must exist before it can be subscribed.
    if (!(await feedback.track('CreateRoom', client.command({ domain: 'chat', name: 'CreateRoom', key: roomId, data, await: 'projected' })))) return;
    this.missing.hidden = true;
    this.follow(0);
  }

  private queueRender(): void {
    if (this.renderQueued) return;
    this.renderQueued = true;
    requestAnimationFrame(() => {
      this.renderQueued = false;
      this.render();
    });
  }

  private render(): void {
    const all = [...this.lines.values()].sort((a, b) => a.seq - b.seq);
    for (const { seq } of all.slice(0, -HISTORY)) this.lines.delete(seq);
    const latest = all.slice(-HISTORY);
    const stickToBottom = this.list.scrollTop + this.list.clientHeight >= this.list.scrollHeight - 8;
    this.list.replaceChildren(
      ...latest.map((line) =>
        element('li', { 'data-testid': 'chat-message', 'data-seq': String(line.seq) }, [
          element('span', { class: 'author' }, line.author),
          element('time', { datetime: line.at }, formatClock(line.at) + (line.edited ? ' (edited)' : '')),
          element('p', { class: 'text', 'data-testid': 'chat-message-text' }, line.text),
        ]),
      ),
    );
    if (stickToBottom) this.list.scrollTop = this.list.scrollHeight;
  }
}

function lineOf(row: MessageRow): Line {
  return { seq: row.seq, author: row.author, text: row.text, at: row.postedAt, edited: row.editedAt !== null };
}
