/**
 * A command's way in, shared by WebSocket and HTTP: find it, check the caller's scope and key
 * restriction, let the domain complete the data from the caller, build and validate the
 * record, let the domain refuse what is not the caller's to do, encode it, remember who waits
 * for its outcome, publish. Nothing that fails a check reaches Kafka (invariant 7); an ack
 * means the record is durably in Kafka (invariant 1).
 */
import { withCallerDefaults } from '../../domains';
import { ForbiddenError, InvalidCommandError, MAX_REPORTED_ISSUES, TokenExpiredError } from '../../platform/errors';
import { traceCommandReceived } from '../../platform/tracing';
import type { Codec } from '../../schemas';
import { authorize, requireKeyAllowed, TOKEN_LIMITS, type Caller } from '../auth';
import type { GatewayMetrics } from '../metrics';
import { UNWAITED, type OutcomeTarget, type PendingCommands } from '../outcomes';
import { ackMessage, toWireError, type AckMessage, type CommandRequest } from '../protocol';
import { buildCommandRecord, toClientIssue, type CommandRecord } from './command-record';
import type { CommandPublisher } from './command-publisher';
import type { CommandRoute, CommandTable } from './command-table';

export class CommandIngress {
  constructor(
    private readonly table: CommandTable,
    private readonly codec: Codec,
    private readonly publisher: Pick<CommandPublisher, 'publish'>,
    private readonly pending: Pick<PendingCommands, 'register'>,
    private readonly metrics: Pick<GatewayMetrics, 'ackLatency'>,
  ) {}

  /**
   * Resolves with the ack; rejects NOT_FOUND, TOKEN_EXPIRED/FORBIDDEN (scope, key, ownership),
   * INVALID_COMMAND (at most MAX_REPORTED_ISSUES bad fields, and their count), BAD_REQUEST or
   * UNAVAILABLE. With a `target`, the command's outcome is delivered to it; it is registered
   * before the record is produced, so an outcome that arrives before the ack still finds it.
   * A refusal of who may do this (FORBIDDEN, TOKEN_EXPIRED) is an audit line.
   */
  async submit(request: CommandRequest, caller: Caller, target?: OutcomeTarget): Promise<AckMessage> {
    const startedAt = performance.now();
    const route = this.table.resolve(request.domain, request.name);
    route.received.inc();
    const record = this.permittedRecord(request, caller, route);
    const value = this.codec.encode(route.subject, record);
    // Registered even if publishing then fails: a timed-out flush may still be written,
    // and its outcome should still find the sender. Unused entries expire. A command nobody
    // waits for is registered too, so that its outcome is still audited (outcome-router.ts).
    this.pending.register(request.id, target ?? UNWAITED);
    // Validation passed, so the aggregate id is a non-empty string.
    const key = record.aggregateId as string;
    const trace = traceCommandReceived(request, route.topic, key, route.headers, startedAt);
    let position: Awaited<ReturnType<CommandPublisher['publish']>>;
    try {
      position = await this.publisher.publish({ topic: route.topic, key, value, headers: trace?.headers ?? route.headers });
    } catch (error) {
      trace?.failed(error);
      throw error;
    }
    trace?.acked(position.partition, position.offset);
    route.acked.inc();
    this.metrics.ackLatency.observe((performance.now() - startedAt) / 1000);
    return ackMessage(request.id, position.partition, position.offset);
  }

  /** The command's record once the caller may send it and it is valid; a refusal of who may do this is audited here, the one place it is decided. */
  private permittedRecord(request: CommandRequest, caller: Caller, route: CommandRoute): CommandRecord {
    const { principal } = caller;
    try {
      authorize(principal, route.scope);
      if (typeof request.key === 'string') requireKeyAllowed(principal, route.keyStream, request.key);
      const record = buildCommandRecord(request, principal, withCallerDefaults(route.access, route.name, request.data, principal), new Date());
      const { issues, total } = this.codec.check(route.subject, record, MAX_REPORTED_ISSUES);
      if (issues.length > 0) {
        route.invalid.inc();
        const clientIssues = issues.map(toClientIssue);
        const listed = clientIssues.map((issue) => issue.path).join(', ');
        throw new InvalidCommandError(`invalid ${route.name}: ${listed}${total > issues.length ? ` and ${total - issues.length} more` : ''}`, clientIssues, { total });
      }
      const denied = route.access.deny({ type: route.name, data: record.data }, principal);
      if (denied !== undefined) throw new ForbiddenError(denied);
      return record;
    } catch (error) {
      this.auditRefusal(caller, request, route.name, error);
      throw error;
    }
  }

  private auditRefusal(caller: Caller, request: CommandRequest, name: string, error: unknown): void {
    if (!(error instanceof ForbiddenError || error instanceof TokenExpiredError)) return;
    const { code, message } = toWireError(error);
    // Not validated yet: a stranger's key is cut to the length a valid one has at most.
    const aggregate = typeof request.key === 'string' ? request.key.slice(0, TOKEN_LIMITS.idChars) : undefined;
    caller.audit('command.forbidden', { command: { id: request.id, domain: request.domain, name, aggregate }, code, reason: message });
  }
}
