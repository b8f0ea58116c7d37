/**
 * Every benchmark, in the order `npm run bench` runs them: references first (they are the
 * yardsticks), then the in-process codec, then the services from the way in to the way out.
 */
import type { Benchmark } from '../harness';
import { clusterBenchmark } from './cluster';
import { codecBenchmark } from './codec';
import { commandHandlerBenchmark } from './command-handler';
import { fanoutBenchmark } from './fanout';
import { handlerStateBenchmark } from './handler-state';
import { hostileInputBenchmark } from './hostile-input';
import { idleSocketsBenchmark } from './idle-sockets';
import { ingestBenchmark } from './ingest';
import { kafkaReferenceBenchmark } from './kafka-reference';
import { latencyBenchmark } from './latency';
import { postgresReferenceBenchmark } from './postgres-reference';
import { projectionBenchmark } from './projection';
import { replayBenchmark } from './replay';
import { tracingBenchmark } from './tracing';
import { wsReferenceBenchmark } from './ws-reference';

export const benchmarks: readonly Benchmark[] = [
  kafkaReferenceBenchmark,
  postgresReferenceBenchmark,
  wsReferenceBenchmark,
  codecBenchmark,
  ingestBenchmark,
  commandHandlerBenchmark,
  handlerStateBenchmark,
  latencyBenchmark,
  tracingBenchmark,
  fanoutBenchmark,
  projectionBenchmark,
  replayBenchmark,
  idleSocketsBenchmark,
  hostileInputBenchmark,
  clusterBenchmark,
];
