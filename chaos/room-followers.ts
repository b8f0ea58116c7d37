/**
 * Subscribers that must see every event of a chat room exactly once across a gateway's death:
 * a poster (on the first gateway) posts to a few rooms at a steady pace, and one follower per
 * room subscribes on another gateway from version 0. A follower whose socket closes subscribes
 * again on the next gateway with `fromVersion` = the last version it received, as a client
 * resumes. Afterwards each room's received versions are compared with 1..n, n being the last
 * version the poster's outcomes reported.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { onReplies } from '../bench/load/replies';

const POST_EVERY_MS = 100;
const RECONNECT_MS = 200;

export interface FollowerReport {
  rooms: number;
  eventsReceived: number;
  duplicates: number;
  gaps: number;
  /** Events the poster's outcomes reported that no follower received. */
  missingAtEnd: number;
  resubscribes: number;
  /** The poster's outcomes by status, and the error codes the followers were sent. */
  posterOutcomes: Record<string, number>;
  followerErrors: Record<string, number>;
  /** The longest time from a socket's close to the next event it received after subscribing again (over the followers), seconds. */
  longestResumeSeconds: number | null;
}

function open(url: string, token: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false, headers: { authorization: `Bearer ${token}` } });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

const count = (counts: Record<string, number>, key: string): void => void (counts[key] = (counts[key] ?? 0) + 1);

class Follower {
  readonly versions: number[] = [];
  readonly errors: Record<string, number> = {};
  resubscribes = 0;
  private closedAt: number | undefined;
  resumeMs: number | undefined;
  private socket: WebSocket | undefined;
  private stopped = false;

  constructor(
    private readonly room: string,
    private readonly urls: readonly string[],
    private readonly token: string,
  ) {}

  start(gateway = 0): void {
    if (this.stopped) return;
    const socket = new WebSocket(this.urls[gateway % this.urls.length]!, { perMessageDeflate: false, headers: { authorization: `Bearer ${this.token}` } });
    this.socket = socket;
    socket.on('error', () => undefined);
    socket.once('open', () => socket.send(JSON.stringify({ op: 'subscribe', id: randomUUID(), stream: 'chat.events', key: this.room, fromVersion: this.versions.at(-1) ?? 0 })));
    onReplies(socket, (reply) => {
      const message = reply as { op: string; key?: string; version?: number; code?: string; message?: string };
      // A subscription the gateway could not make whole (history behind): subscribe again from the last version.
      if (message.op === 'error') {
        count(this.errors, `${message.code ?? 'error'}: ${message.message ?? ''}`.slice(0, 160));
        socket.close();
      }
      if (message.op !== 'event' || message.key !== this.room || message.version === undefined) return;
      if (this.closedAt !== undefined) {
        this.resumeMs = Math.max(this.resumeMs ?? 0, performance.now() - this.closedAt);
        this.closedAt = undefined;
      }
      this.versions.push(message.version);
    });
    socket.once('close', () => {
      if (this.stopped) return;
      this.closedAt ??= performance.now();
      this.resubscribes += 1;
      setTimeout(() => this.start(gateway + 1), RECONNECT_MS);
    });
  }

  stop(): void {
    this.stopped = true;
    this.socket?.close();
  }
}

export class RoomFollowers {
  private readonly rooms: string[];
  private readonly followers: Follower[];
  /** The highest version the poster's outcomes reported, per room. */
  private readonly lastVersion = new Map<string, number>();
  private readonly posterOutcomes: Record<string, number> = {};
  private poster: WebSocket | undefined;
  private posting: NodeJS.Timeout | undefined;

  /** `posterUrl`: where the rooms are written; `followerUrls`: where followers subscribe first, then fail over to in turn. */
  constructor(
    prefix: string,
    private readonly posterUrl: string,
    followerUrls: readonly string[],
    private readonly token: string,
    rooms = 4,
  ) {
    this.rooms = Array.from({ length: rooms }, (_, index) => `${prefix}-room-${index}`);
    this.followers = this.rooms.map((room) => new Follower(room, followerUrls, token));
  }

  async start(): Promise<void> {
    const poster = await open(this.posterUrl, this.token);
    this.poster = poster;
    poster.on('error', () => undefined);
    onReplies(poster, (answer) => {
      const reply = answer as { op: string; id?: string; status?: string; version?: number; code?: string };
      if (reply.op === 'outcome' || reply.op === 'error') count(this.posterOutcomes, reply.op === 'outcome' ? (reply.status ?? 'outcome') : `error ${reply.code ?? ''}`);
      const room = reply.id === undefined ? undefined : this.roomOf.get(reply.id);
      if (reply.op === 'outcome' && reply.status === 'accepted' && room !== undefined && reply.version !== undefined) {
        this.lastVersion.set(room, Math.max(this.lastVersion.get(room) ?? 0, reply.version));
      }
    });
    for (const room of this.rooms) this.send(room, 'CreateRoom', { title: room, private: false });
    await sleep(2_000);
    for (const follower of this.followers) follower.start();
    await sleep(1_000);
    this.posting = setInterval(() => {
      for (const room of this.rooms) {
        const messageId = randomUUID();
        this.send(room, 'PostMessage', { messageId, text: `message ${messageId}` });
      }
    }, POST_EVERY_MS);
  }

  private readonly roomOf = new Map<string, string>();

  private send(room: string, name: string, data: object): void {
    if (this.poster?.readyState !== WebSocket.OPEN) return;
    const id = randomUUID();
    this.roomOf.set(id, room);
    this.poster.send(JSON.stringify({ op: 'command', id, domain: 'chat', name, key: room, data }));
  }

  /** Stops posting, lets the followers catch up for `settleMs`, and reports what they saw. */
  async finish(settleMs = 5_000): Promise<FollowerReport> {
    clearInterval(this.posting);
    await sleep(settleMs);
    this.poster?.close();
    for (const follower of this.followers) follower.stop();
    let duplicates = 0;
    let gaps = 0;
    let missingAtEnd = 0;
    let eventsReceived = 0;
    this.followers.forEach((follower, index) => {
      const { versions } = follower;
      eventsReceived += versions.length;
      for (let at = 1; at < versions.length; at += 1) {
        if (versions[at]! <= versions[at - 1]!) duplicates += 1;
        else gaps += versions[at]! - versions[at - 1]! - 1;
      }
      if (versions.length > 0) gaps += versions[0]! - 1;
      missingAtEnd += Math.max(0, (this.lastVersion.get(this.rooms[index]!) ?? 0) - (versions.at(-1) ?? 0));
    });
    const resumes = this.followers.flatMap((follower) => (follower.resumeMs === undefined ? [] : [follower.resumeMs]));
    return {
      rooms: this.rooms.length,
      eventsReceived,
      duplicates,
      gaps,
      missingAtEnd,
      resubscribes: this.followers.reduce((sum, follower) => sum + follower.resubscribes, 0),
      posterOutcomes: this.posterOutcomes,
      followerErrors: this.followers.reduce<Record<string, number>>((all, follower) => {
        for (const [code, times] of Object.entries(follower.errors)) all[code] = (all[code] ?? 0) + times;
        return all;
      }, {}),
      longestResumeSeconds: resumes.length === 0 ? null : Math.max(...resumes) / 1000,
    };
  }
}
