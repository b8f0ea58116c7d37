/** Who sent a request, as command ingress and the audit log need it: a WebSocket session, or one HTTP request. */
import type { AuditEvent, AuditFields, AuditLog } from '../../platform/audit';
import type { Principal } from './tokens';

export interface Caller {
  readonly principal: Principal;
  /** Writes an audit line with the caller's user, address and transport (and connection id) added. */
  audit(event: AuditEvent, fields?: AuditFields): void;
}

/** The caller of one HTTP request. */
export function httpCaller(principal: Principal, remote: string | undefined, audit: AuditLog): Caller {
  return { principal, audit: (event, fields = {}) => audit(event, { user: principal.userId, remote, transport: 'http', ...fields }) };
}
