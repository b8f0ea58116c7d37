/**
 * The parts of docs/asyncapi.yaml and docs/topics.md that follow from the registered domains
 * and the catalog: each domain's topics, operations, key bindings and Avro messages, each
 * published view's topic, and the rows of the topic table. `npm run schemas:generate`
 * rewrites them between their `begin generated` / `end generated` markers; the prose and
 * the cross-domain parts around them are written by hand. A unit test fails while the
 * committed files differ from the rendering.
 */
import { domains, workflows, type DomainModule } from '../../domains';
import type { DomainTopicKind } from '../../platform/kafka/topics';
import { InternalError } from '../../platform/errors';
import { readModels } from '../../read-models/registry';
import type { Catalog } from '../catalog';
import { capitalized } from '../../platform/text';

const KINDS: readonly DomainTopicKind[] = ['commands', 'events', 'snapshots', 'outcomes', 'deadletters'];

const CHANNEL_DESCRIPTIONS: Readonly<Record<DomainTopicKind, string>> = {
  commands: 'Commands accepted by the gateway, one record per command, keyed by aggregate id. The command handler consumes them (group `<KAFKA_CLIENT_ID>-command-handler`).',
  events: 'The source of truth: every accepted change, written by the command handler in Kafka transactions (read with `isolation.level=read_committed`), keyed by aggregate id. Kept forever.',
  snapshots:
    "The latest state of each aggregate, compacted (key = aggregate id), and under the empty key the command handler's position in the same commands partition; the command handler restores its partitions from it.",
  outcomes: 'One `CommandOutcome` per command (accepted with its events, or rejected with a reason), keyed by aggregate id.',
  deadletters: "Records a consumer could not use, copied byte for byte with the failure in `eventline-dlq-*` headers; the consumer moves on.",
};

const OPERATION_SUMMARIES: Readonly<Record<DomainTopicKind, string>> = {
  commands: 'The gateway publishes each command it acknowledges.',
  events: 'The command handler writes the events of each accepted command exactly once, in a Kafka transaction.',
  snapshots: 'The command handler writes the changed aggregates of each batch, in the same transaction as their events.',
  outcomes: 'The command handler writes one outcome per command, in the same transaction as its events.',
  deadletters: 'Any Eventline consumer copies here what it cannot decode.',
};

/** The rows of the topic table in docs/topics.md, per kind: key, headers, retention, who writes → who reads. */
const TABLE_COLUMNS: Readonly<Record<DomainTopicKind, { key: (aggregate: string) => string; headers: string; retention: string; flow: string }>> = {
  commands: { key: (aggregate) => aggregate, headers: '`eventline-type`', retention: 'delete after 7 days', flow: 'gateway → command handler' },
  events: { key: (aggregate) => aggregate, headers: '`eventline-type`, CloudEvents `ce_*`', retention: 'kept forever', flow: 'command handler (transactions) → projector, gateway, you' },
  snapshots: { key: (aggregate) => `${aggregate}; empty for the position`, headers: '—', retention: 'compacted', flow: 'command handler → command handler (restore)' },
  outcomes: { key: (aggregate) => aggregate, headers: 'CloudEvents `ce_*`', retention: 'delete after 7 days', flow: 'command handler → gateway' },
  deadletters: { key: () => 'original key', headers: 'original + `eventline-dlq-*`', retention: 'delete after 30 days', flow: 'any consumer → operators (`eventline dlq`)' },
};

/** `store_stats` → `StoreStats`. */
const pascal = (name: string) => name.split(/[_-]/).map(capitalized).join('');

/** What a workflow's state topic holds, for the channel and the topic table. */
const WORKFLOW_STATE = 'JSON `{version, state}` per source aggregate (key `<domain>/<aggregate id>`), not Avro';
const STATUS_RECORD = 'JSON (platform/status/instance-status.ts: rates, lag per partition, sockets, dead letters, health), not Avro';
/** `orderId` → `orderKey`, `storeId` → `storeKey`: the name of a key's message binding. */
const keyBinding = (property: string) => `${property.replace(/Id$/, '')}Key`;
/** `orderId` → `order id`: how the topic table names a key. */
const keyWords = (property: string) => property.replace(/Id$/, ' id');

interface View {
  readonly view: string;
  readonly subject: string;
  readonly keyProperty: string;
}

function viewsOf(): View[] {
  return readModels.flatMap((model) => (model.view === undefined ? [] : [{ view: model.view, subject: model.viewSubject as string, keyProperty: model.primaryKey[0] as string }]));
}

function channelMessages(domain: DomainModule, kind: DomainTopicKind): readonly string[] {
  switch (kind) {
    case 'commands':
      return domain.commandNames;
    case 'events':
      return domain.eventNames;
    case 'snapshots':
      return [domain.snapshotRecord, 'HandlerPosition'];
    case 'outcomes':
      return ['CommandOutcome'];
    case 'deadletters':
      return ['DeadLetter'];
  }
}

function channel(id: string, topic: string, description: string, messages: readonly string[], binding: string): string {
  return [
    `  ${id}:`,
    `    address: '{prefix}${topic}'`,
    `    title: ${topic}`,
    `    description: ${JSON.stringify(description)}`,
    '    parameters:',
    '      prefix:',
    "        $ref: '#/components/parameters/prefix'",
    '    servers:',
    "      - $ref: '#/servers/kafka'",
    ...(messages.length === 0 ? ['    messages: {}'] : ['    messages:', ...messages.flatMap((message) => [`      ${message}:`, `        $ref: '#/components/messages/${message}'`])]),
    '    bindings:',
    `      $ref: '#/components/channelBindings/${binding}'`,
  ].join('\n');
}

function operation(channelId: string, summary: string): string {
  return [`  send${capitalized(channelId)}:`, '    action: send', '    channel:', `      $ref: '#/channels/${channelId}'`, `    summary: ${summary}`].join('\n');
}

function keyBindingBlock(name: string, description: string): string {
  return [
    `    ${name}:`,
    '      kafka:',
    '        key:',
    '          type: string',
    `          description: ${description}`,
    '        schemaIdLocation: payload',
    '        schemaIdPayloadEncoding: confluent',
    '        schemaLookupStrategy: RecordNameStrategy',
    '        bindingVersion: 0.5.0',
  ].join('\n');
}

/** The headers schema of a message in docs/asyncapi.yaml: commands carry the record type, events that and CloudEvents, outcomes and view rows CloudEvents. */
type MessageHeaders = 'RecordTypeHeaders' | 'EventHeaders' | 'CloudEventHeaders' | undefined;

function message(catalog: Catalog, subject: string, binding: string | undefined, headers: MessageHeaders): string {
  const history = catalog.history(subject);
  const latest = catalog.latest(subject);
  const ids = `{${history.map((version) => `"${version.version}": ${version.id}`).join(', ')}}`;
  return [
    `    ${latest.name}:`,
    `      name: ${latest.name}`,
    `      title: ${subject}`,
    `      summary: ${JSON.stringify(latest.model.doc ?? '')}`,
    '      contentType: application/vnd.apache.avro+binary',
    `      x-eventline-subject: ${subject}`,
    `      x-eventline-schema-ids: ${ids}`,
    ...(headers === undefined ? [] : ['      headers:', `        $ref: '#/components/schemas/${headers}'`]),
    '      payload:',
    '        schemaFormat: application/vnd.apache.avro;version=1.9.0',
    '        schema:',
    `          $ref: '../schemas/${latest.file}'`,
    ...(binding === undefined ? [] : ['      bindings:', `        $ref: '#/components/messageBindings/${binding}'`]),
  ].join('\n');
}

/** The generated regions of docs/asyncapi.yaml, by region name. */
export function renderAsyncApiRegions(catalog: Catalog): ReadonlyMap<string, string> {
  const views = viewsOf();
  const domainChannels = domains.flatMap((domain) => KINDS.map((kind) => ({ domain, kind, id: `${domain.name}${capitalized(kind)}` })));
  const channels = [
    ...domainChannels.map(({ domain, kind, id }) => channel(id, `${domain.name}.${kind}`, CHANNEL_DESCRIPTIONS[kind], channelMessages(domain, kind), kind)),
    ...views.map(({ view, subject, keyProperty }) =>
      channel(
        `views${pascal(view)}`,
        `views.${view}`,
        `Changes of the \`${view}\` read model, published by the projector after its database commit: the current row and its version, compacted (key = ${keyProperty}).`,
        [catalog.latest(subject).name],
        'views',
      ),
    ),
    ...workflows.map(({ name }) =>
      channel(
        `workflows${pascal(name)}State`,
        `workflows.${name}.state`,
        `The ${name} workflow's progress and state: ${WORKFLOW_STATE}. Written and read back by the workflow service only, in the transactions that send its commands; compacted.`,
        [],
        'workflowState',
      ),
    ),
    channel(
      'eventlineStatus',
      'eventline.status',
      `Every service instance's status, ${STATUS_RECORD}. Written each second by every process, read by the gateways for the /ops page (stream \`ops.status\`); compacted, one record per live instance.`,
      [],
      'status',
    ),
  ];
  const operations = [
    ...domainChannels.map(({ kind, id }) => operation(id, OPERATION_SUMMARIES[kind])),
    ...views.map(({ view }) => operation(`views${pascal(view)}`, `The projector publishes each committed change of a ${view} row.`)),
    ...workflows.map(({ name }) => operation(`workflows${pascal(name)}State`, `The workflow service records what the ${name} workflow reacted to, with the commands it sent.`)),
    operation('eventlineStatus', 'Every service instance publishes its status each second, and a tombstone when it stops.'),
  ];
  const bindings = [
    ...domains.map((domain) => keyBindingBlock(keyBinding(domain.aggregateKey), domain.schemas.aggregateDoc)),
    ...views.map(({ subject, keyProperty }) => keyBindingBlock(keyBinding(keyProperty), viewKeyDoc(catalog, subject, keyProperty))),
  ];
  const domainMessages = domains.flatMap((domain) => {
    const own = keyBinding(domain.aggregateKey);
    const subject = (name: string) => `${domain.namespace}.${name}`;
    return [
      ...domain.commandNames.map((name) => message(catalog, subject(name), own, 'RecordTypeHeaders')),
      ...domain.eventNames.map((name) => message(catalog, subject(name), own, 'EventHeaders')),
      message(catalog, subject(domain.snapshotRecord), own, undefined),
      ...Object.keys(domain.schemas.records ?? {}).map((name) => {
        const view = views.find((candidate) => candidate.subject === subject(name));
        if (view === undefined) throw new InternalError(`${subject(name)} is published by no view`);
        return message(catalog, subject(name), keyBinding(view.keyProperty), 'CloudEventHeaders');
      }),
    ];
  });
  // The cross-domain records: every domain's outcomes, and the handler's position (empty key, so no key binding).
  const messages = [...domainMessages, message(catalog, 'eventline.CommandOutcome', 'aggregateKey', 'CloudEventHeaders'), message(catalog, 'eventline.HandlerPosition', undefined, undefined)];
  return new Map([
    ['channels', channels.join('\n')],
    ['operations', operations.join('\n')],
    ['messageBindings', bindings.join('\n')],
    ['messages', messages.join('\n')],
  ]);
}

function viewKeyDoc(catalog: Catalog, subject: string, keyProperty: string): string {
  const field = catalog.latest(subject).model.fields.find((candidate) => candidate.name === keyProperty);
  return field?.doc ?? `${keyWords(keyProperty)} (the view key).`;
}

/** The generated region of docs/topics.md: one table row per topic. */
export function renderTopicTable(catalog: Catalog): ReadonlyMap<string, string> {
  const ids = (subject: string) => {
    const history = catalog.history(subject);
    const name = subject.startsWith('eventline.') && subject.split('.').length === 2 ? subject : history[0]!.name;
    return history.length === 1 ? `\`${name}\` ${history[0]!.id}` : `\`${name}\` ${history.map((version) => `v${version.version} ${version.id}`).join(' / ')}`;
  };
  const records = (domain: DomainModule, kind: DomainTopicKind): string => {
    if (kind === 'deadletters') return 'original bytes';
    if (kind === 'outcomes') return ids('eventline.CommandOutcome');
    return channelMessages(domain, kind)
      .map((name) => ids(name === 'HandlerPosition' ? 'eventline.HandlerPosition' : `${domain.namespace}.${name}`))
      .join(', ');
  };
  const rows = [
    ...domains.flatMap((domain) =>
      KINDS.map((kind) => {
        const columns = TABLE_COLUMNS[kind];
        return `| \`${domain.name}.${kind}\` | ${columns.key(keyWords(domain.aggregateKey))} | ${records(domain, kind)} | ${columns.headers} | ${columns.retention} | ${columns.flow} |`;
      }),
    ),
    ...viewsOf().map(({ view, subject, keyProperty }) => `| \`views.${view}\` | ${keyWords(keyProperty)} | ${ids(subject)} | CloudEvents \`ce_*\` | compacted | projector → gateway, dashboards |`),
    ...workflows.map(({ name }) => `| \`workflows.${name}.state\` | source domain / aggregate id | ${WORKFLOW_STATE} | — | compacted | workflow service → workflow service (restore) |`),
    `| \`eventline.status\` | service instance (\`<host>/<pid>\`) | ${STATUS_RECORD} | — | compacted, 1 day | every service → gateways (/ops) |`,
  ];
  const header = ['| Topic | Key | Records (subject `eventline.<ns>.<Name>`: catalog ids) | Headers | Retention | Written by → read by |', '|---|---|---|---|---|---|'];
  return new Map([['topics', [...header, ...rows].join('\n')]]);
}

/**
 * `text` with each region's lines between `begin generated: <name>` and `end generated: <name>`
 * (marker lines in any comment syntax) replaced by the rendering.
 */
export function withRegions(text: string, regions: ReadonlyMap<string, string>): string {
  let result = text;
  for (const [name, content] of regions) {
    const pattern = new RegExp(`(^[^\\n]*begin generated: ${name}\\b[^\\n]*\\n)[\\s\\S]*?(^[^\\n]*end generated: ${name}\\b)`, 'm');
    if (!pattern.test(result)) throw new InternalError(`no "begin generated: ${name}" … "end generated: ${name}" markers`);
    result = result.replace(pattern, (_match, begin: string, end: string) => `${begin}${content}\n${end}`);
  }
  return result;
}
