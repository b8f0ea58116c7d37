/**
 * The latency benchmark's reference (bench/references/LatencyPipeline.java, Kafka's own Java
 * client) against the test broker, at rates small enough for CI: it compiles against the jars
 * infra/pom.xml resolves, every command it schedules in a window comes back as an event read
 * committed, and it reports each rate's percentiles.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Admin } from 'kafkajs';
import { latencyPipelineTopics, runLatencyPipeline } from '../../../bench/references/latency-pipeline';
import { testBrokers } from '../../support/env';
import { testKafka } from '../../support/kafka';
import { uniqueName } from '../../support/names';

jest.setTimeout(120_000);

describe('LatencyPipeline (the latency reference)', () => {
  const kafka = testKafka();
  let admin: Admin;
  let logDir: string;

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
    logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'latency-pipeline-'));
  });
  afterAll(async () => {
    await admin.disconnect();
    fs.rmSync(logDir, { recursive: true, force: true });
  });

  it('delivers every command of each window as an event and reports its latencies', async () => {
    const topicPrefix = `${uniqueName('latency-pipeline')}.`;
    const partitions = 2;
    await admin.createTopics({
      waitForLeaders: true,
      topics: latencyPipelineTopics(topicPrefix).map((topic) => ({ topic, numPartitions: partitions })),
    });
    const ratesPerSec = [100, 200];
    const durationMs = 1_500;

    const reports = await runLatencyPipeline(
      { name: 'latency-pipeline-test', logDir },
      { brokers: testBrokers(), topicPrefix, partitions, ratesPerSec, keys: 50, recordBytes: 64, firstWarmupMs: 1_000, warmupMs: 500, durationMs },
    );

    expect(reports.map((report) => report.ratePerSec)).toEqual(ratesPerSec);
    for (const report of reports) {
      expect(report.expected).toBe((report.ratePerSec * durationMs) / 1_000);
      expect(report.count).toBe(report.expected);
      expect(report.p50Ms).toBeGreaterThan(0);
      expect(report.p50Ms).toBeLessThanOrEqual(report.p90Ms);
      expect(report.p90Ms).toBeLessThanOrEqual(report.p99Ms);
      expect(report.p99Ms).toBeLessThanOrEqual(report.maxMs);
    }
  });
});
