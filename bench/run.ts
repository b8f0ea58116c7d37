/**
 * `npm run bench`: runs the benchmarks (benchmarks/index.ts), each held to a time budget,
 * against one Kafka and one PostgreSQL started for the whole run; writes
 * bench/results/<name>.json and prints the summary table. docs/performance.md explains
 * the figures.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../platform/config';
import { runMain } from '../platform/runtime';
import { benchmarks } from './benchmarks';
import { describeMachine } from './harness/machine';
import { RESULTS_DIR, writeResult, type BenchResult } from './harness/results';
import { runBenchmark, runPendingCleanups, type RunSettings } from './harness/run-benchmark';
import { BenchStack } from './harness/stack';
import { formatNumber, renderTable } from './harness/table';

const LOG_DIR = path.join(RESULTS_DIR, 'logs');
const PROFILE_DIR = path.join(RESULTS_DIR, 'profiles');
const FLAGS = ['--list', '--quick', '--profile', '--help', '-h'] as const;

function usage(): string {
  const width = Math.max(...benchmarks.map((benchmark) => benchmark.name.length));
  return `Usage: npm run bench [-- [options] [<name> …]]

Runs the benchmarks (all, or the named ones) against a Kafka broker and a PostgreSQL server
it starts in a temporary directory (or the ones KAFKA_BROKERS / DATABASE_URL name), writes
bench/results/<name>.json and prints each figure with its reference, the ratio between them,
and the target of docs/performance.md. Run the whole suite on a quiet machine: it loads every core.

Options:
  --list     list the benchmarks and exit
  --quick    a tenth of the counts and durations: a smoke run, figures not comparable
  --profile  run the services under test with node --cpu-prof (bench/results/profiles/)
  --help     show this help

Benchmarks:
${benchmarks.map((benchmark) => `  ${benchmark.name.padEnd(width)}  ${benchmark.summary}`).join('\n')}

See docs/performance.md.
`;
}

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n\n${usage()}`);
  process.exit(2);
}

function verdict(result: BenchResult): string {
  if (result.status !== 'measured') return `${result.status === 'failed' ? 'failed' : 'not available'}: ${result.reason ?? ''}`;
  return result.figures.map((figure) => `${figure.label} ${formatNumber(figure.value)} ${figure.unit}`).join(' · ');
}

runMain('bench', async () => {
  const args = process.argv.slice(2);
  const flags = new Set(args.filter((arg) => arg.startsWith('-')));
  const unknownFlag = [...flags].find((flag) => !(FLAGS as readonly string[]).includes(flag));
  if (unknownFlag) fail(`unknown option ${unknownFlag}`);
  if (flags.has('--help') || flags.has('-h')) return void process.stdout.write(usage());
  if (flags.has('--list')) return void process.stdout.write(`${benchmarks.map((benchmark) => `${benchmark.name}\t${benchmark.summary}`).join('\n')}\n`);
  const names = args.filter((arg) => !arg.startsWith('-'));
  const unknownName = names.find((name) => !benchmarks.some((benchmark) => benchmark.name === name));
  if (unknownName) fail(`no benchmark named "${unknownName}"`);
  const selected = names.length === 0 ? benchmarks : benchmarks.filter((benchmark) => names.includes(benchmark.name));

  const print = (line: string): void => void process.stdout.write(`${line}\n`);
  const config = loadConfig();
  const quick = flags.has('--quick');
  const machine = await describeMachine();
  const runId = randomUUID().slice(0, 8);
  print(
    `Eventline bench ${runId} on ${machine.cores} cores (${machine.cpuModel}), ${machine.ramGiB} GiB, Node ${machine.node}, ` +
      `load ${machine.loadAverage.join(' ')}${quick ? ' — QUICK: smoke run, figures not comparable' : ''}`,
  );
  fs.rmSync(LOG_DIR, { recursive: true, force: true });

  const stack = await BenchStack.start(new Set(selected.flatMap((benchmark) => benchmark.needs)), config, (message) => print(`  ${message}`));
  const interrupt = (signal: NodeJS.Signals): void => {
    print(`\n${signal}: stopping…`);
    void runPendingCleanups(print)
      .then(() => stack.stop())
      .finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);

  const settings: RunSettings = {
    runId,
    config,
    stack,
    quick,
    profileDir: flags.has('--profile') ? PROFILE_DIR : undefined,
    logDir: LOG_DIR,
    machine,
    print,
  };
  const results: BenchResult[] = [];
  try {
    for (const benchmark of selected) {
      print(`▶ ${benchmark.name}`);
      const result = await runBenchmark(benchmark, settings);
      writeResult(result);
      results.push(result);
      print(`  ${verdict(result)}`);
    }
  } finally {
    // The local Kafka and PostgreSQL are child processes: they would outlive a runner that fails.
    await stack.stop();
  }

  print(`\n${renderTable(results)}\n`);
  print(`Results: ${path.relative(process.cwd(), RESULTS_DIR)}/<name>.json${quick ? '   (QUICK run: not comparable)' : ''}`);
  // Exits even if a client library left a timer behind; a benchmark that could not run is not a failure.
  process.exit(results.some((result) => result.status === 'failed') ? 1 : 0);
});
