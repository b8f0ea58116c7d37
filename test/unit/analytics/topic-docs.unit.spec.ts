/**
 * docs/asyncapi.yaml and docs/topics.md cannot drift from the code: every topic Eventline
 * creates (services/topology.ts) with its settings (platform/kafka/topics.ts), the records
 * each carries (the domain registry, the read models' view subjects), every subject and
 * schema id of schemas/catalog.json, the headers.
 *
 * No YAML parser is installed, so the AsyncAPI file is read by lines and indentation,
 * following the layout rules written at its top: blocks are two spaces per level, and the
 * facts checked here sit on lines of their own.
 */
import fs from 'node:fs';
import path from 'node:path';
import { domains } from '../../../domains';
import { RECORD_TYPE_HEADER } from '../../../gateway/ingress';
import { loadConfig } from '../../../platform/config';
import { cloudEventHeaders, DEAD_LETTER_HEADERS, TopicNames } from '../../../platform/kafka';
import { findReadModelByView } from '../../../read-models';
import { loadCatalog } from '../../../schemas';
import { eventlineTopicSpecs } from '../../../services/topology';

const DOCS = path.resolve(__dirname, '..', '..', '..', 'docs');
const LINES = fs.readFileSync(path.join(DOCS, 'asyncapi.yaml'), 'utf8').split('\n');

interface Block {
  name: string;
  lines: string[];
}

const indentOf = (line: string): number => line.length - line.trimStart().length;
const isBlank = (line: string): boolean => line.trim() === '';

/**
 * The blocks one level below `keys` (e.g. ['components', 'messages'] gives one block per
 * message), each with the lines it spans. A line indented less than the blocks ends them.
 */
function blocksUnder(keys: readonly string[]): Block[] {
  let start = 0;
  let end = LINES.length;
  keys.forEach((key, depth) => {
    const header = `${' '.repeat(2 * depth)}${key}:`;
    const at = LINES.slice(start, end).findIndex((line) => line.trimEnd() === header);
    if (at < 0) throw new Error(`docs/asyncapi.yaml has no "${keys.slice(0, depth + 1).join('.')}" section`);
    start += at + 1;
    const stop = LINES.slice(start, end).findIndex((line) => !isBlank(line) && indentOf(line) <= 2 * depth);
    if (stop >= 0) end = start + stop;
  });
  const childIndent = 2 * keys.length;
  const blocks: Block[] = [];
  for (const line of LINES.slice(start, end)) {
    const child = new RegExp(`^ {${childIndent}}([A-Za-z0-9_.-]+):`).exec(line);
    if (child) blocks.push({ name: child[1]!, lines: [] });
    else if (!isBlank(line)) blocks[blocks.length - 1]?.lines.push(line);
  }
  return blocks;
}

/** The first capture of `pattern` on each line of `lines` that has it. */
function captures(lines: readonly string[], pattern: RegExp): string[] {
  return lines.flatMap((line) => {
    const match = pattern.exec(line);
    return match ? [match[1]!] : [];
  });
}

interface KafkaChannel {
  topic: string;
  messages: string[];
  bindingKind: string | undefined;
}

const kafkaChannels: KafkaChannel[] = blocksUnder(['channels']).flatMap(({ lines }) => {
  const [topic] = captures(lines, /^\s+address: '\{prefix\}([^']+)'$/);
  if (topic === undefined) return [];
  return [
    {
      topic,
      messages: captures(lines, /^\s+\$ref: '#\/components\/messages\/(\w+)'$/),
      bindingKind: captures(lines, /^\s+\$ref: '#\/components\/channelBindings\/(\w+)'$/)[0],
    },
  ];
});
const messages = new Map(blocksUnder(['components', 'messages']).map((block) => [block.name, block.lines]));
const specs = eventlineTopicSpecs(new TopicNames(''), loadConfig({}).topicPartitions);
const catalog = loadCatalog();
const shortName = (subject: string): string => subject.slice(subject.lastIndexOf('.') + 1);

describe('docs/asyncapi.yaml', () => {
  it('lists every topic the code creates, and no other', () => {
    expect(kafkaChannels.map((channel) => channel.topic).sort()).toEqual(specs.map((spec) => spec.topic).sort());
  });

  it("gives each topic its kind's settings, as platform/kafka/topics.ts creates it", () => {
    const bindings = new Map(blocksUnder(['components', 'channelBindings']).map((block) => [block.name, block.lines]));
    const defaults = loadConfig({});
    for (const spec of specs) {
      const channel = kafkaChannels.find((candidate) => candidate.topic === spec.topic)!;
      const family = spec.topic.slice(0, spec.topic.indexOf('.'));
      const kind = family === 'views' ? 'views' : family === 'workflows' ? 'workflowState' : spec.topic.slice(spec.topic.indexOf('.') + 1);
      expect({ topic: spec.topic, binding: channel.bindingKind }).toEqual({ topic: spec.topic, binding: kind });
      const lines = bindings.get(kind) ?? [];
      // Settings the Kafka binding has a field for are fields; the others are named in a comment as name=value.
      const documented = Object.fromEntries([
        ...lines.flatMap((line) => {
          const field = /^\s+(cleanup\.policy|retention\.ms|retention\.bytes): \[?([^\]]+)\]?$/.exec(line);
          return field ? [[field[1]!, field[2]!]] : [];
        }),
        ...lines.filter((line) => line.trim().startsWith('#')).flatMap((line) => [...line.matchAll(/([a-z][a-z.]*)=([^\s,]+)/g)].map((m) => [m[1]!, m[2]!])),
      ]);
      expect({ kind, settings: documented }).toEqual({ kind, settings: Object.fromEntries(spec.configEntries.map(({ name, value }) => [name, value])) });
      expect({ kind, partitions: captures(lines, /^\s+partitions: (\d+)$/), replicas: captures(lines, /^\s+replicas: (\d+)$/) }).toEqual({
        kind,
        partitions: [String(defaults.topicPartitions)],
        replicas: [String(defaults.topicReplicationFactor)],
      });
    }
  });

  it('lists on each topic the records the domains and read models write there', () => {
    const expected = new Map<string, readonly string[]>();
    for (const domain of domains) {
      expected.set(`${domain.name}.commands`, domain.commandNames);
      expected.set(`${domain.name}.events`, domain.eventNames);
      expected.set(`${domain.name}.snapshots`, [domain.snapshotRecord, 'HandlerPosition']);
      expected.set(`${domain.name}.outcomes`, ['CommandOutcome']);
      expected.set(`${domain.name}.deadletters`, ['DeadLetter']);
    }
    for (const { topic } of specs.filter((spec) => spec.topic.startsWith('views.'))) {
      expected.set(topic, [shortName(findReadModelByView(topic.slice('views.'.length))!.viewSubject!)]);
    }
    // A workflow's state and the instances' status are JSON, no Avro record.
    for (const { topic } of specs.filter((spec) => spec.topic.startsWith('workflows.') || spec.topic === 'eventline.status')) expected.set(topic, []);
    for (const channel of kafkaChannels) {
      expect({ topic: channel.topic, messages: [...channel.messages].sort() }).toEqual({ topic: channel.topic, messages: [...expected.get(channel.topic)!].sort() });
      for (const message of channel.messages) expect({ message, defined: messages.has(message) }).toEqual({ message, defined: true });
    }
  });

  it('describes every catalogued subject with its schema ids and latest schema file', () => {
    const described = [...messages].flatMap(([name, lines]) => {
      const [subject] = captures(lines, /^\s+x-eventline-subject: (\S+)$/);
      if (subject === undefined) return [];
      const [ids] = captures(lines, /^\s+x-eventline-schema-ids: (\{.*\})$/);
      return [{ name, subject, ids: JSON.parse(ids ?? 'null') as unknown, files: captures(lines, /^\s+\$ref: '\.\.\/schemas\/([^']+)'$/) }];
    });
    expect(described.map((message) => message.subject).sort()).toEqual([...catalog.subjects].sort());
    for (const message of described) {
      const history = catalog.history(message.subject);
      expect(message).toEqual({
        name: shortName(message.subject),
        subject: message.subject,
        ids: Object.fromEntries(history.map((version) => [String(version.version), version.id])),
        files: [catalog.latest(message.subject).file],
      });
    }
  });

  it('documents the record type header on commands and events, CloudEvents on events, outcomes and views, and every dead-letter header', () => {
    const schemas = new Map(blocksUnder(['components', 'schemas']).map((block) => [block.name, block.lines]));
    expect(captures(schemas.get('RecordTypeHeaders')!, /^\s+([a-z-]+):$/)).toContain(RECORD_TYPE_HEADER);
    const written = Object.keys(cloudEventHeaders({ id: 'o-1/1', source: '/eventline/orders/events', type: 'eventline.orders.OrderPlaced', time: new Date(0), subject: 'o-1' }));
    const cloudEventLines = schemas.get('CloudEventHeaders')!;
    expect(written.filter((header) => !cloudEventLines.some((line) => line.trim() === `- ${header}`) || !cloudEventLines.some((line) => line.trim() === `${header}:`))).toEqual([]);
    expect(schemas.get('EventHeaders')!.map((line) => line.trim())).toEqual(
      expect.arrayContaining(["- $ref: '#/components/schemas/RecordTypeHeaders'", "- $ref: '#/components/schemas/CloudEventHeaders'"]),
    );
    const referencing = (headers: string) =>
      [...messages]
        .filter(([, lines]) => lines.some((line) => line.trim() === `$ref: '#/components/schemas/${headers}'`))
        .map(([name]) => name)
        .sort();
    expect(referencing('RecordTypeHeaders')).toEqual(domains.flatMap((domain) => domain.commandNames).sort());
    expect(referencing('EventHeaders')).toEqual(domains.flatMap((domain) => domain.eventNames).sort());
    const views = specs.filter((spec) => spec.topic.startsWith('views.')).map(({ topic }) => shortName(findReadModelByView(topic.slice('views.'.length))!.viewSubject!));
    expect(referencing('CloudEventHeaders')).toEqual(['CommandOutcome', ...views].sort());
    const deadLetterLines = schemas.get('DeadLetterHeaders')!;
    for (const header of Object.values(DEAD_LETTER_HEADERS)) {
      expect({ header, required: deadLetterLines.some((line) => line.trim() === `- ${header}`), described: deadLetterLines.some((line) => line.trim() === `${header}:`) }).toEqual({
        header,
        required: true,
        described: true,
      });
    }
  });
});

describe('docs/topics.md', () => {
  const prose = fs.readFileSync(path.join(DOCS, 'topics.md'), 'utf8');

  it('has a row for every topic the code creates', () => {
    expect(specs.map((spec) => spec.topic).filter((topic) => !prose.includes(`| \`${topic}\` |`))).toEqual([]);
  });

  it('names every dead-letter header', () => {
    expect(Object.values(DEAD_LETTER_HEADERS).filter((header) => !prose.includes(`| \`${header}\` |`))).toEqual([]);
  });

  it('names every CloudEvents header', () => {
    const written = Object.keys(cloudEventHeaders({ id: 'o-1/1', source: '/eventline/orders/events', type: 'eventline.orders.OrderPlaced', time: new Date(0), subject: 'o-1' }));
    expect(written.filter((header) => !prose.includes(`| \`${header}\` |`))).toEqual([]);
  });
});
