/**
 * `eventline new …`: scaffolding for the people who build on Eventline.
 *
 *   new domain <name> [--dir <project>]   a working domain in domains/<name>/, registered,
 *                                         its Avro records released, with its own tests
 */
import * as path from 'path';
import type { Command } from 'commander';
import { scaffoldDomain } from '../scaffold/scaffold-domain';
import { globalOptions, type CliOutput } from '../context';

export function registerNewCommands(program: Command, output: CliOutput): void {
  const create = program.command('new').description('scaffold a new part of an Eventline project (docs/extending.md)');

  create
    .command('domain')
    .description('write a working domain to domains/<name>/ (decider, projection, read model, schemas, tests), register it and release its Avro records')
    .argument('<name>', 'domain name: lower-case letters and digits, e.g. widgets (topics <name>.*, route /api/<name>/:<name>Id)')
    .option('--dir <path>', 'the project root holding domains/ and schemas/ (default: the current directory)')
    .addHelpText('after', '\nThen: npm run schemas:generate (topic docs, client typings), npx jest test/unit/domains/<name>, npm start.')
    .action((name: string, options: { dir?: string }, command: Command) => {
      const root = path.resolve(options.dir ?? '.');
      const result = scaffoldDomain(root, name);
      if (globalOptions(command).json) {
        output.out(`${JSON.stringify({ files: result.files, released: result.released.map(({ entry }) => entry) }, null, 2)}\n`);
        return;
      }
      const lines = [`wrote the ${name} domain in ${root}:`, ...result.files.map((file) => `  ${file}`)];
      lines.push(`released ${result.released.length} Avro records:`, ...result.released.map(({ entry }) => `  ${entry.subject} v${entry.version} id ${entry.id}`));
      lines.push('next: npm run schemas:generate (topic docs, client typings), then', `      npx jest test/unit/domains/${name} and npm start`);
      output.out(`${lines.join('\n')}\n`);
    });
}
