/**
 * What benchmarks are built from: the contract, Kafka / PostgreSQL / process helpers, load
 * processes, latency summaries. Load-generator scripts import load-child.ts and
 * histogram.ts directly instead, so the processes they run in stay small.
 */
export { measured, notAvailable, type BenchContext, type Benchmark, type Figure, type MissingFigure, type Outcome, type Parameters, type Reference, type Service } from './benchmark';
export { mergeHistograms, summarize, type LatencySummary } from './histogram';
export { benchAdmin, benchKafka, benchProducer, committedRecords, createBenchTopics, topicPrefix, topicRecords } from './kafka';
export { benchDatabase, benchPgClient, migrateReadModels, seedPublicRooms } from './postgres';
export { clientProcessCount, LoadProcess, measureWindow, splitEvenly, type Window } from './load-process';
export { monotonicMs } from './load-protocol';
export { childFileLimit, residentBytes } from './node-process';
export { ServiceProcess, type ServiceName } from './service-process';
export { HOPS, startSpanSink, type Hop, type SpanSink } from './span-hops';
export { measureLoop, waitForCount } from './timing';
export { runTool, type ToolContext } from './tool';
