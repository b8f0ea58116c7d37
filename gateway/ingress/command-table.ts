/**
 * Every command a client may send, looked up by (domain, name): its Avro subject, its
 * commands topic, the scope it needs and its metric series, all prepared at start-up from
 * the domain registry so a command costs two map lookups here.
 */
import type { RecordHeaders } from '../../platform/kafka';
import type { Counter } from 'prom-client';
import type { DomainAccess, DomainModule } from '../../domains';
import { NotFoundError } from '../../platform/errors';
import { quoted } from '../../platform/text';
import type { TopicNames } from '../../platform/kafka';
import type { Codec } from '../../schemas';
import { aggregateStream, commandScope } from '../auth';
import type { GatewayMetrics } from '../metrics';

/** Kafka header naming the record type: a routing hint duplicated from the record (docs/architecture.md). */
export const RECORD_TYPE_HEADER = 'eventline-type';

export interface CommandRoute {
  readonly domain: string;
  readonly name: string;
  /** Avro full name, e.g. `eventline.orders.PlaceOrder`. */
  readonly subject: string;
  /** `<prefix><domain>.commands`. */
  readonly topic: string;
  /** `commands:<domain>`. */
  readonly scope: string;
  /** `<domain>.events`: whose `eventline_keys` restriction covers the aggregates. */
  readonly keyStream: string;
  /** The domain's ownership rules. */
  readonly access: DomainAccess;
  /** Shared by every record of this command; kafkajs only reads it. */
  readonly headers: RecordHeaders;
  readonly received: Counter.Internal;
  readonly acked: Counter.Internal;
  readonly invalid: Counter.Internal;
}

export class CommandTable {
  /** The commands topic of every domain, in registry order. */
  readonly topics: readonly string[];
  private readonly routes = new Map<string, ReadonlyMap<string, CommandRoute>>();

  /** Fails at start-up (UnknownSchemaError) when a registered command has no schema in the catalog. */
  constructor(domains: readonly DomainModule[], topics: TopicNames, codec: Codec, metrics: GatewayMetrics) {
    this.topics = domains.map((domain) => topics.domain(domain.name, 'commands'));
    for (const domain of domains) {
      const topic = topics.domain(domain.name, 'commands');
      const labels = { domain: domain.name };
      const series = { received: metrics.commandsReceived.labels(labels), acked: metrics.commandsAcked.labels(labels), invalid: metrics.commandsInvalid.labels(labels) };
      const commands = new Map<string, CommandRoute>();
      for (const name of domain.commandNames) {
        const subject = `${domain.namespace}.${name}`;
        // A registered command without a schema fails start-up here, not its first client.
        codec.catalog.latest(subject);
        commands.set(name, {
          domain: domain.name,
          name,
          subject,
          topic,
          scope: commandScope(domain.name),
          keyStream: aggregateStream(domain.name),
          access: domain.access,
          headers: Object.freeze({ [RECORD_TYPE_HEADER]: name }),
          ...series,
        });
      }
      this.routes.set(domain.name, commands);
    }
  }

  /** NotFoundError names the known domains or commands, so a typo is easy to fix. */
  resolve(domain: string, name: string): CommandRoute {
    const commands = this.routes.get(domain);
    if (!commands) throw new NotFoundError(`unknown domain ${quoted(domain)} (domains: ${[...this.routes.keys()].join(', ')})`);
    const route = commands.get(name);
    if (!route) throw new NotFoundError(`unknown command ${quoted(name)} in domain ${domain} (commands: ${[...commands.keys()].join(', ')})`);
    return route;
  }
}
