/**
 * `eventline schemas …`: the Avro contract in schemas/.
 *
 *   schemas check [--dir <path>]   released versions unchanged, every new version FULL
 *                                  compatible with the previous one; exit 1 otherwise
 */
import * as path from 'path';
import type { Command } from 'commander';
import { SchemaIncompatibleError } from '../../platform/errors';
import { checkSchemas, loadCatalog, type SchemaCheckReport } from '../../schemas';
import { globalOptions, type CliOutput } from '../context';

export function registerSchemasCommands(program: Command, output: CliOutput): void {
  const schemas = program.command('schemas').description('inspect and check the Avro contract (schemas/)');

  schemas
    .command('check')
    .description('check that released schemas are unchanged and each new version is FULL compatible with the previous one')
    .option('--dir <path>', 'schemas directory holding catalog.json (default: the one shipped with eventline)')
    .action((options: { dir?: string }, command: Command) => {
      const report = checkSchemas(loadCatalog(options.dir === undefined ? undefined : path.resolve(options.dir)));
      output.out(globalOptions(command).json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
      if (!report.ok) {
        const incompatible = report.compatibility.filter((result) => result.problems.length > 0).length;
        throw new SchemaIncompatibleError(`schemas check failed: ${report.locks.length} lock problem(s), ${incompatible} incompatible version pair(s)`);
      }
    });
}

function formatReport(report: SchemaCheckReport): string {
  const lines = [`${report.versions} schema versions`];
  lines.push(report.locks.length === 0 ? 'locks: every released version unchanged' : 'locks:');
  for (const lock of report.locks) lines.push(`  FAIL ${lock.subject} v${lock.version} (${lock.file}): ${lock.problem}`);
  lines.push(report.compatibility.length === 0 ? 'compatibility: no subject has more than one version' : 'compatibility:');
  for (const result of report.compatibility) {
    const pair = `${result.subject} v${result.fromVersion} -> v${result.toVersion}`;
    lines.push(result.problems.length === 0 ? `  ok   ${pair}: FULL compatible` : `  FAIL ${pair}`);
    for (const problem of result.problems) lines.push(`         ${problem}`);
  }
  lines.push(report.ok ? 'ok' : 'FAILED');
  return `${lines.join('\n')}\n`;
}
