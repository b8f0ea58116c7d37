/**
 * Deterministic command ids: a UUIDv5 (RFC 9562, SHA-1 name-based) of the workflow, the
 * source event (domain, aggregate, version) and the command's index in the reaction. Reacting
 * to the same event again yields the same ids, so the command handler's dedupe by command id
 * turns a retried send into the outcome of the first.
 */
import { createHash } from 'node:crypto';

/** The UUIDv5 namespace of workflow command ids (a random v4 UUID, fixed forever). */
const WORKFLOW_NAMESPACE = Buffer.from('6f1a3f52c1e44e0c9b5e0a7d2c8e4b11', 'hex');

export function uuidV5(name: string, namespace: Buffer = WORKFLOW_NAMESPACE): string {
  const bytes = createHash('sha1').update(namespace).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function workflowCommandId(workflow: string, source: { domain: string; aggregateId: string; version: number }, index: number): string {
  // JSON keeps the parts apart whatever characters an aggregate id holds.
  return uuidV5(JSON.stringify([workflow, source.domain, source.aggregateId, source.version, index]));
}
