/** What a fault of the suite is: given the running stack under load, it breaks something and says when and how recovery shows. */
import type { ChaosStack } from './stack';

export interface Options {
  rate: number;
  soakSeconds: number;
  postgresSeconds: number;
  sessionTimeoutMs: number;
}

export interface FaultOutcome {
  /** performance.now() when the fault was over (the kill, or the restart of a server). */
  over: number;
  /** How recovery shows: outcomes flowing again, or the read model moving again. */
  recovery: 'outcomes' | 'read-model' | 'none';
  notes?: Record<string, unknown>;
  /** Puts the stack back as it was, once the fault is measured. */
  restore?: () => Promise<void>;
}

export interface FaultContext {
  stack: ChaosStack;
  options: Options;
  token: string;
  prefix: string;
  /** The first gateway's WebSocket endpoint. */
  wsUrl: string;
  /** Every gateway's WebSocket endpoint, the first one first: the steady load spreads over them. */
  wsUrls: string[];
  httpUrl: string;
  /** The gateway's operations port: /readyz. */
  opsUrl: string;
}

export type Fault = (context: FaultContext) => Promise<FaultOutcome>;
