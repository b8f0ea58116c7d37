/**
 * The files `eventline new domain <name>` writes: a small working domain (create and rename an
 * aggregate with a title) in the same shape as orders and chat, meant to be edited into the
 * real one. Every name is derived from the domain name (`widgets` → `Widgets`, `widgetsId`).
 */
import type { DomainSchemaSource } from '../../schemas/domain-schemas';
import { capitalized } from '../../platform/text';
import { tsLiteral } from './ts-literal';

export interface DomainNames {
  /** The domain name: lower-case letters and digits, e.g. `widgets`. */
  readonly name: string;
  /** `Widgets`: prefix of the records and types. */
  readonly pascal: string;
  /** `widgetsId`: the aggregate id in the API. */
  readonly key: string;
}

export function domainNames(name: string): DomainNames {
  return { name, pascal: capitalized(name), key: `${name}Id` };
}

/** Path (relative to the project root) → content. */
export function domainFiles(names: DomainNames): ReadonlyMap<string, string> {
  const { name } = names;
  return new Map([
    [`domains/${name}/index.ts`, indexFile(names)],
    [`domains/${name}/schemas.ts`, schemasFile(names)],
    [`domains/${name}/state.ts`, stateFile(names)],
    [`domains/${name}/decide.ts`, decideFile(names)],
    [`domains/${name}/access.ts`, accessFile(names)],
    [`domains/${name}/projections/${name}/index.ts`, `export { ${name}Projection, type ${names.pascal}Row } from './projection';\n`],
    [`domains/${name}/projections/${name}/projection.ts`, projectionFile(names)],
    [`domains/${name}/read-models/index.ts`, readModelsIndexFile(names)],
    [`domains/${name}/read-models/${name}.ts`, readModelFile(names)],
    [`domains/${name}/read-models/access-facts.ts`, accessFactsFile(names)],
    [`domains/${name}/read-models/migrations.ts`, migrationsFile(names)],
    [`domains/${name}/README.md`, readmeFile(names)],
    [`test/unit/domains/${name}/${name}.unit.spec.ts`, specFile(names)],
  ]);
}

function indexFile({ name, pascal, key }: DomainNames): string {
  return `/** The ${name} domain: a decider per aggregate (key \`${key}\`) and the \`${name}\` and \`${name}_event_history\` read models. */
import type { Decider } from '../decider';
import { defineDomain } from '../define-domain';
import { namesOf, type DomainModule } from '../domain-module';
import { ${name}Access } from './access';
import { decide, type ${pascal}Command } from './decide';
import { ${name}Facts, ${name}Migrations, ${name}ReadModel } from './read-models';
import { ${name}Schemas } from './schemas';
import { evolve, initial${pascal}State, type ${pascal}Event, type ${pascal}State } from './state';

export { ${name}Access, type ${pascal}Facts } from './access';
export { TITLE_MAX, type Create${pascal}, type Rename${pascal}, type ${pascal}Command } from './decide';
export type { ${pascal}Created, ${pascal}Event, ${pascal}Renamed, ${pascal}State } from './state';
export { ${name}Projection, type ${pascal}Row } from './projections/${name}';
export { ${name}ReadModel } from './read-models';

export const ${name}Decider: Decider<${pascal}State, ${pascal}Command, ${pascal}Event> = {
  initialState: initial${pascal}State,
  decide,
  evolve,
};

export const ${name}Domain: DomainModule<${pascal}State, ${pascal}Command, ${pascal}Event> = defineDomain({
  name: '${name}',
  aggregateKey: '${key}',
  commandNames: namesOf<${pascal}Command['type']>({ Create${pascal}: true, Rename${pascal}: true }),
  eventNames: namesOf<${pascal}Event['type']>({ ${pascal}Created: true, ${pascal}Renamed: true }),
  snapshotRecord: '${pascal}Snapshot',
  schemas: ${name}Schemas,
  decider: ${name}Decider,
  access: ${name}Access,
  accessFacts: ${name}Facts,
  readModels: [${name}ReadModel],
  migrations: ${name}Migrations,
});
`;
}

/** The Avro records of the scaffolded domain: schemas.ts holds them, and the scaffold releases them. */
export function domainSchemas({ name, pascal }: DomainNames): DomainSchemaSource {
  // Commands bound every string (docs/schemas.md, "Validation constraints").
  const title = { name: 'title', type: 'string', doc: 'Human-readable title.', 'eventline.minLength': 1, 'eventline.maxLength': 200 };
  const payload = (doc: string, dataDoc: string) => ({ doc, data: { doc: dataDoc, fields: [title] } });
  return {
    aggregateDoc: `${pascal} id (the aggregate key).`,
    commands: {
      [`Create${pascal}`]: payload(`Create a ${name} aggregate.`, 'What it is called.'),
      [`Rename${pascal}`]: payload(`Give a ${name} aggregate a new title.`, 'Its new title.'),
    },
    events: {
      [`${pascal}Created`]: payload(`A ${name} aggregate was created.`, 'Its title.'),
      [`${pascal}Renamed`]: payload(`A ${name} aggregate got a new title.`, 'Its new title.'),
    },
    snapshot: {
      name: `${pascal}Snapshot`,
      doc: `Latest state of one ${name} aggregate, on the compacted \`${name}.snapshots\` topic (key = aggregate id).`,
      state: {
        type: 'record',
        name: `${pascal}State`,
        doc: `Decision state of a ${name} aggregate.`,
        fields: [
          { name: 'created', type: 'boolean', doc: 'Whether the aggregate was created.' },
          { name: 'title', type: ['null', 'string'], default: null, doc: 'Its title; null before it is created.' },
        ],
      },
    },
  };
}

function schemasFile(names: DomainNames): string {
  return `/**
 * The ${names.name} domain's Avro records in compact form (docs/schemas.md): each command's and
 * event's payload and the snapshot state; the envelopes come from schemas/envelopes.ts. After
 * a change, \`npm run schemas:generate\` releases the changed records as new versions.
 */
import { defineDomainSchemas } from '../../schemas/domain-schemas';

export const ${names.name}Schemas = defineDomainSchemas(${tsLiteral(domainSchemas(names))});
`;
}

function stateFile({ name, pascal }: DomainNames): string {
  return `/** ${pascal} state and the events that change it. */
import type { ${name} } from '../../schemas/generated';
import type { Event } from '../decider';

/** The decider state is the snapshot record's state, so snapshots need no mapping. */
export type ${pascal}State = ${name}.${pascal}State;

export type ${pascal}Created = Event<'${pascal}Created', ${name}.${pascal}CreatedData>;
export type ${pascal}Renamed = Event<'${pascal}Renamed', ${name}.${pascal}RenamedData>;
export type ${pascal}Event = ${pascal}Created | ${pascal}Renamed;

export function initial${pascal}State(): ${pascal}State {
  return { created: false, title: null };
}

export function evolve(_state: ${pascal}State, event: ${pascal}Event): ${pascal}State {
  switch (event.type) {
    case '${pascal}Created':
    case '${pascal}Renamed':
      return { created: true, title: event.data.title };
  }
}
`;
}

function decideFile({ name, pascal }: DomainNames): string {
  return `/** The ${name} commands and what becomes of each: pure, no I/O. */
import type { ${name} } from '../../schemas/generated';
import { accept, reject, type Command, type Decision } from '../decider';
import type { ${pascal}Event, ${pascal}State } from './state';

export type Create${pascal} = Command<'Create${pascal}', ${name}.Create${pascal}Data>;
export type Rename${pascal} = Command<'Rename${pascal}', ${name}.Rename${pascal}Data>;
export type ${pascal}Command = Create${pascal} | Rename${pascal};

/** Longest title in UTF-16 units, as the schema counts; decide re-checks what the schema bounds. */
export const TITLE_MAX = 200;

export function decide(command: ${pascal}Command, state: ${pascal}State): Decision<${pascal}Event> {
  const { title } = command.data;
  if (title.trim().length === 0 || title.length > TITLE_MAX) return reject(\`title must be 1 to \${TITLE_MAX} characters, not only spaces\`);
  switch (command.type) {
    case 'Create${pascal}':
      if (state.created) return reject('${name} aggregate already exists');
      return accept({ type: '${pascal}Created', data: { title } });
    case 'Rename${pascal}':
      if (!state.created) return reject('${name} aggregate does not exist');
      return accept({ type: '${pascal}Renamed', data: { title } });
  }
}
`;
}

function accessFile({ name, pascal }: DomainNames): string {
  return `/**
 * Who may act on and see a ${name} aggregate. As scaffolded, any caller whose token holds the
 * domain's scopes (\`commands:${name}\`, \`read:${name}\`) may create, rename and read any of
 * them: write the domain's own ownership rules here (docs/extending.md).
 */
import type { DomainAccess } from '../access';
import type { ${pascal}Command } from './decide';

/** What reads and subscriptions are decided on (read-models/access-facts.ts): the aggregate exists. */
export interface ${pascal}Facts {
  readonly exists: true;
}

export const ${name}Access: DomainAccess<${pascal}Command, ${pascal}Facts> = {
  callerDefaults: {},
  deny: () => undefined,
  canSee: (_actor, facts) => facts !== undefined,
};
`;
}

function projectionFile({ name, pascal, key }: DomainNames): string {
  return `/** \`${name}\`: one row per aggregate with its title. */
import type { RecordedEvent } from '../../../decider';
import { requireRow, type Projection } from '../../../projection';
import type { ${pascal}Event } from '../../state';

export interface ${pascal}Row {
  readonly ${key}: string;
  readonly title: string;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export const ${name}Projection: Projection<${pascal}Row, RecordedEvent<${pascal}Event>> = {
  name: '${name}',
  keyOf: (event) => event.aggregateId,
  apply(row, event) {
    switch (event.type) {
      case '${pascal}Created':
        return { ${key}: event.aggregateId, title: event.data.title, createdBy: event.userId, createdAt: event.occurredAt, updatedAt: event.occurredAt };
      case '${pascal}Renamed':
        return { ...requireRow(row, '${name}', event), title: event.data.title, updatedAt: event.occurredAt };
    }
  },
};
`;
}

function readModelsIndexFile({ name }: DomainNames): string {
  return `export { ${name}Facts } from './access-facts';
export { ${name}Migrations } from './migrations';
export { ${name}ReadModel } from './${name}';
`;
}

function readModelFile({ name, pascal, key }: DomainNames): string {
  return `/** \`${name}\`: one row per aggregate (key ${key}), served at \`GET /api/${name}/:${key}\`. */
import { defineReadModel, text, timestamptz } from '../../../read-models/define';
import { ${name}Projection, type ${pascal}Row } from '../projections/${name}';

export const ${name}ReadModel = defineReadModel<${pascal}Row, '${key}'>({
  projection: ${name}Projection,
  table: '${name}',
  entityName: '${pascal}Row',
  columns: {
    ${key}: { name: '${name}_id', type: text },
    title: { name: 'title', type: text },
    createdBy: { name: 'created_by', type: text },
    createdAt: { name: 'created_at', type: timestamptz },
    updatedAt: { name: 'updated_at', type: timestamptz },
  },
  primaryKey: ['${key}'],
  keyOf: (row) => row.${key},
  primaryKeyOf: (key) => ({ ${key}: key }),
  routes: [{ path: '/api/${name}/:${key}', serves: 'row' }],
});
`;
}

function accessFactsFile({ name, pascal, key }: DomainNames): string {
  return `/** What \`${name}Access.canSee\` decides on: whether the aggregate has a row. */
import type { AccessFactsQuery } from '../../../read-models/define';
import type { ${pascal}Facts } from '../access';
import { ${name}ReadModel } from './${name}';

export const ${name}Facts: AccessFactsQuery<${pascal}Facts> = {
  statement: (${key}) => ({
    text: \`SELECT 1 FROM \${${name}ReadModel.table} WHERE \${${name}ReadModel.columns.${key}.name} = $1\`,
    values: [${key}],
  }),
  decode: () => ({ exists: true }),
};
`;
}

function migrationsFile({ name, pascal }: DomainNames): string {
  return `/** The ${name} domain's tables. Released migrations never change: add a new one instead. */
import type { MigrationObject } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
import { eventHistoryTableSql } from '../../../read-models/define';

class Create${pascal}Tables extends Migration {
  override async up(): Promise<void> {
    this.addSql(\`
      CREATE TABLE ${name} (
        ${name}_id text NOT NULL PRIMARY KEY,
        title text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        version bigint NOT NULL
      )\`);
    this.addSql(eventHistoryTableSql('${name}'));
  }

  override async down(): Promise<void> {
    this.addSql('DROP TABLE ${name}_event_history, ${name}');
  }
}

export const ${name}Migrations: readonly MigrationObject[] = [{ name: '${name}/0001-tables', class: Create${pascal}Tables }];
`;
}

function readmeFile({ name, pascal, key }: DomainNames): string {
  return `# The ${name} domain

Scaffolded by \`eventline new domain ${name}\`; make it yours (docs/extending.md).

| | |
|---|---|
| Topics | \`${name}.commands\`, \`${name}.events\`, \`${name}.snapshots\`, \`${name}.outcomes\`, \`${name}.deadletters\` (key: \`${key}\`) |
| Commands | \`Create${pascal}{title}\`, \`Rename${pascal}{title}\` (scope \`commands:${name}\`) |
| Events | \`${pascal}Created{title}\`, \`${pascal}Renamed{title}\` |
| Read models | \`${name}\` (\`GET /api/${name}/:${key}\`), \`${name}_event_history\` |
| Access | any caller with the scopes may act on and read any aggregate (access.ts) |
| Rejections | \`title must be 1 to 200 characters, not only spaces\`, \`${name} aggregate already exists\`, \`${name} aggregate does not exist\` |

\`\`\`
index.ts            the definition: defineDomain({...}), registered in domains/index.ts
schemas.ts          the Avro records in compact form
state.ts decide.ts  events, state, evolve; commands, decide
access.ts           who may act and see
projections/${name}/     the pure projection of the \`${name}\` read model
read-models/        its table, REST route, access-facts query and migrations
\`\`\`
`;
}

function specFile({ name, pascal }: DomainNames): string {
  return `/** The ${name} domain as given(events) / when(command) / then(events), and its read model. */
import { describe, expect, it } from '@jest/globals';
import { projectAll } from '../../../../domains';
import { ${name}Decider, ${name}Projection, type Create${pascal}, type Rename${pascal}, type ${pascal}Event } from '../../../../domains/${name}';
import { deciderSpec } from '../support/decider-spec';
import { metadataFor, recorded } from '../support/records';

const ID = '${name}-1';
const spec = deciderSpec(${name}Decider);

const create = (title: string): Create${pascal} => ({ type: 'Create${pascal}', data: { title }, metadata: metadataFor(ID) });
const rename = (title: string): Rename${pascal} => ({ type: 'Rename${pascal}', data: { title }, metadata: metadataFor(ID) });
const created = (title: string): ${pascal}Event => ({ type: '${pascal}Created', data: { title } });
const renamed = (title: string): ${pascal}Event => ({ type: '${pascal}Renamed', data: { title } });

describe('Create${pascal}', () => {
  it('creates a new aggregate', () => {
    spec.given([]).when(create('first')).then([created('first')]);
  });

  it('rejects an aggregate that exists', () => {
    spec.given([created('first')]).when(create('again')).thenRejects('${name} aggregate already exists');
  });

  it.each(['', '   ', 'x'.repeat(201)])('rejects the title %p', (title) => {
    spec.given([]).when(create(title)).thenRejects('title must be 1 to 200 characters, not only spaces');
  });
});

describe('Rename${pascal}', () => {
  it('renames an existing aggregate', () => {
    spec.given([created('first')]).when(rename('second')).then([renamed('second')]);
  });

  it('rejects an aggregate that does not exist', () => {
    spec.given([]).when(rename('second')).thenRejects('${name} aggregate does not exist');
  });
});

describe('the ${name} read model', () => {
  it('keeps one row per aggregate with its latest title', () => {
    const rows = projectAll(${name}Projection, [
      recorded(created('first'), ID, 1, '2025-01-01T12:00:00Z', 'alice'),
      recorded(renamed('second'), ID, 2, '2025-01-01T12:05:00Z', 'bob'),
    ]);
    expect(rows.get(ID)).toEqual({
      ${name}Id: ID,
      title: 'second',
      createdBy: 'alice',
      createdAt: new Date('2025-01-01T12:00:00Z'),
      updatedAt: new Date('2025-01-01T12:05:00Z'),
    });
  });
});
`;
}
