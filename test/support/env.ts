/** The Kafka and PostgreSQL that global-setup started (or that the environment named). */
export function testBrokers(): string[] {
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers) throw new Error('KAFKA_BROKERS is not set: run integration tests through jest (global setup starts Kafka)');
  return brokers.split(',');
}

export function testDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: run integration tests through jest (global setup starts PostgreSQL)');
  return url;
}
