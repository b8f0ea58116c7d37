/** `npm run kafka`: just the local Kafka broker, until Ctrl-C. */
import path from 'node:path';
import { loadConfig } from '../platform/config';
import { runMain } from '../platform/runtime';
import { startKafka } from './kafka';
import { localDataDir } from './repo-root';

runMain('kafka', async () => {
  const config = loadConfig();
  const kafka = await startKafka({ dataDir: path.join(localDataDir(config.dataDir), 'kafka'), port: 9092 });
  process.stdout.write(`Kafka is running: KAFKA_BROKERS=${kafka.brokers.join(',')}\nLog: ${kafka.logFile}\nCtrl-C stops it.\n`);
  const stop = (): void => void kafka.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
});
