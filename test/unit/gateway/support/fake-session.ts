/** A ClientSession that records what it is sent, for tests of subscriptions without sockets. */
import type { Grant, Principal } from '../../../../gateway/auth';
import type { AuditEvent, AuditFields } from '../../../../platform/audit';
import type { ServerMessage } from '../../../../gateway/protocol';
import type { ClientSession, ConflationSlot } from '../../../../gateway/ws';
import { createLogger } from '../../../../platform/logger';

export class FakeSession implements ClientSession {
  principal: Principal = { userId: 'u-1', roles: ['staff'], scopes: new Set(['*']), allowedKeys: undefined, expiresAt: 4_102_444_800 };
  open = true;
  readonly logger = createLogger('test', 'silent');
  readonly sent: string[] = [];
  readonly failures: { id: string | null; error: unknown }[] = [];
  readonly audits: { event: AuditEvent; fields: AuditFields }[] = [];
  closed: { code: number; reason: string } | undefined;

  get messages(): ServerMessage[] {
    return this.sent.map((text) => JSON.parse(text) as ServerMessage);
  }

  /** Versions of the events sent, in order. */
  get versions(): number[] {
    return this.messages.flatMap((message) => (message.op === 'event' ? [message.version] : []));
  }

  send(message: ServerMessage): void {
    this.sent.push(JSON.stringify(message));
  }
  sendText(text: string): void {
    this.sent.push(text);
  }
  sendLatest(_slot: ConflationSlot, text: string): void {
    this.sent.push(text);
  }
  fail(id: string | null, error: unknown): void {
    this.failures.push({ id, error });
  }
  close(code: number, reason: string): void {
    this.closed = { code, reason };
  }
  renew(principal: Principal): void {
    this.principal = principal;
  }
  audit(event: AuditEvent, fields: AuditFields = {}): void {
    this.audits.push({ event, fields });
  }
  deliverOutcome(): void {}
  outcomeUnavailable(): void {}
}

/** A subscription's access decision that always holds. */
export const GRANTED: Grant = () => true;
