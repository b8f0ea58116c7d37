/**
 * What the gateway answers a command client (`ack`, `outcome`, `error`), read from its frames.
 * Command clients parse every frame: they must match answers to command ids.
 */
import type WebSocket from 'ws';

export interface Reply {
  readonly op?: string;
  readonly id?: string | null;
  readonly code?: string;
  readonly message?: string;
}

/** Calls `receive` with each message of each frame `socket` gets; a frame may pack several (a JSON array). */
export function onReplies(socket: WebSocket, receive: (reply: Reply) => void): void {
  socket.on('message', (data: Buffer) => {
    const parsed = JSON.parse(data.toString('utf8')) as Reply | Reply[];
    for (const reply of Array.isArray(parsed) ? parsed : [parsed]) receive(reply);
  });
}

/** Counts an error reply under `errors` and `errors.<code>`. */
export function countError(counters: Record<string, number>, reply: Reply): void {
  counters.errors = (counters.errors ?? 0) + 1;
  const key = `errors.${reply.code ?? 'unknown'}`;
  counters[key] = (counters[key] ?? 0) + 1;
}
