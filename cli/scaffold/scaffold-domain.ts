/**
 * `eventline new domain <name>`: writes a working domain into a project (domain-template.ts),
 * registers it with one line in domains/index.ts, releases its Avro records (version 1 of
 * each, next unused ids) and regenerates schemas/generated/ so the domain compiles at once.
 * The topic docs and the client SDK's typings follow with `npm run schemas:generate`.
 */
import * as path from 'path';
import { DOMAIN_NAME } from '../../domains/define-domain';
import { BadRequestError } from '../../platform/errors';
import { readModels } from '../../read-models/registry';
import { releaseDomainSchemas, writeSchemaTypes } from '../../schemas/tools/generate-types';
import type { NewVersion } from '../../schemas/tools/release-domain-schemas';
import { domainFiles, domainNames, domainSchemas } from './domain-template';
import { writeScaffold } from './project-files';

/**
 * Names a domain cannot take: `views` and `commands` are taken in topic and route names
 * (`views.<view>`, `/api/views`, `/api/commands`); words JavaScript reserves cannot name the
 * generated types' namespace; the others are tables that exist.
 */
const RESERVED = new Set([
  'views', 'commands', 'api', 'eventline',
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'export', 'extends',
  'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null', 'return', 'super', 'switch', 'this',
  'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield', 'let', 'static', 'implements', 'interface', 'package',
  'private', 'protected', 'public', 'await',
  'projection_checkpoints', 'analytics_store_funnel_daily', 'analytics_store_revenue_hourly',
]);

export interface ScaffoldedDomain {
  /** Paths written, relative to the project root. */
  readonly files: readonly string[];
  readonly released: readonly NewVersion[];
}

export function scaffoldDomain(root: string, name: string): ScaffoldedDomain {
  if (!DOMAIN_NAME.test(name)) throw new BadRequestError(`domain name "${name}" must be lower-case letters and digits, starting with a letter (at most 31)`);
  if (RESERVED.has(name)) throw new BadRequestError(`"${name}" is a reserved name; choose another domain name`);
  if (readModels.some((model) => model.table === name || model.name === name)) throw new BadRequestError(`a read model "${name}" exists already; choose another domain name`);
  const names = domainNames(name);
  const written = writeScaffold(root, domainFiles(names), [`domains/${name}`], { list: 'domains', entry: `${name}Domain`, from: `./${name}` });
  const schemasDir = path.join(root, 'schemas');
  const released = releaseDomainSchemas(schemasDir, [{ name, schemas: domainSchemas(names) }]);
  writeSchemaTypes(schemasDir);
  return { files: written, released };
}
