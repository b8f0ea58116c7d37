/**
 * `eventline new …`: scaffolding for the people who build on Eventline.
 *
 *   new domain <name> [--dir <project>]   a working domain in domains/<name>/, registered,
 *                                         its Avro records released, with its own tests
 *   new workflow <name> [--source …]       a workflow in domains/workflows/<name>/ reacting to a
 *                                         registered domain's event with a command, registered,
 *                                         with its own tests
 */
import * as path from 'path';
import type { Command } from 'commander';
import { scaffoldDomain } from '../scaffold/scaffold-domain';
import { scaffoldWorkflow } from '../scaffold/scaffold-workflow';
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

  create
    .command('workflow')
    .description('write a workflow to domains/workflows/<name>/ (react, tests) reacting to a registered domain\'s event with a registered command, and register it')
    .argument('<name>', 'workflow name: lower-case words joined by dashes, e.g. stock-alerts (group, transactional ids, state topic workflows.<name>.state)')
    .option('--source <domain>', 'the domain whose events it reacts to (default: the first registered)')
    .option('--event <name>', 'the event it reacts to (default: the source\'s first)')
    .option('--target <domain>', 'the domain it sends a command to (default: the first registered other than the source)')
    .option('--command <name>', 'the command it sends (default: the target\'s first)')
    .option('--dir <path>', 'the project root holding domains/ (default: the current directory)')
    .addHelpText('after', '\nThen: npx jest test/unit/workflows/<name>.unit.spec.ts, npm start (the workflow service runs it).')
    .action((name: string, options: { source?: string; event?: string; target?: string; command?: string; dir?: string }, command: Command) => {
      const root = path.resolve(options.dir ?? '.');
      const result = scaffoldWorkflow(root, name, options);
      if (globalOptions(command).json) {
        output.out(`${JSON.stringify(result, null, 2)}\n`);
        return;
      }
      const { source, event, target, command: sent } = result.wiring;
      const lines = [`wrote the ${name} workflow (${source} ${event} → ${target} ${sent}) in ${root}:`, ...result.files.map((file) => `  ${file}`)];
      lines.push(`next: npx jest test/unit/workflows/${name}.unit.spec.ts, then npm start`);
      output.out(`${lines.join('\n')}\n`);
    });
}
