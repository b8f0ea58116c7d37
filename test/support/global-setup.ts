/**
 * Starts one real Kafka broker and one real PostgreSQL for the whole integration run (unless
 * KAFKA_BROKERS / DATABASE_URL already point at some) and exports their addresses to the
 * test workers through the environment.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalStack, type LocalStack } from '../../infra/local-stack';

declare global {
  // eslint-disable-next-line no-var
  var __EVENTLINE_STACK__: LocalStack | undefined;
}

export default async function globalSetup(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'eventline-test-'));
  const stack = await startLocalStack({
    dataDir,
    kafkaBrokers: process.env.KAFKA_BROKERS ? process.env.KAFKA_BROKERS.split(',') : undefined,
    databaseUrl: process.env.DATABASE_URL || undefined,
    ephemeral: true,
  });
  globalThis.__EVENTLINE_STACK__ = stack;
  process.env.KAFKA_BROKERS = stack.kafkaBrokers.join(',');
  process.env.DATABASE_URL = stack.databaseUrl;
  process.env.EVENTLINE_TEST_DATA_DIR = dataDir;
  process.env.LOG_LEVEL ??= 'warn';
}
