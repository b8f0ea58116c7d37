/**
 * `npm run docs:cli`: rewrites docs/cli.md's usage blocks from the CLI's own `--help`, so the
 * doc cannot drift from the program. A usage block is a fenced block whose first line is
 * `$ eventline [command…] --help`; everything after that line is the help text. Every command
 * of the program must have one (test/unit/cli/help-reference.unit.spec.ts fails otherwise, and
 * when a block differs from the help); this tool refuses to write while one is missing, so a
 * new command gets its block where the doc discusses it.
 *
 * Usage: node dist/cli/tools/help-reference.js [docs/cli.md]
 */
import { readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import type { Command } from 'commander';
import { createProgram, run } from '../main';

const FENCE = '```';
const BLOCK = /^```\n\$ eventline((?: [a-z-]+)*) --help\n[\s\S]*?^```$/gm;

/** Every command's words after `eventline`, the program itself first (`[]`), in registration order. */
export function commandPaths(): string[][] {
  const program = createProgram({ output: { out: () => undefined, err: () => undefined }, env: {}, exitCode: undefined });
  const paths: string[][] = [];
  const walk = (command: Command, words: string[]): void => {
    paths.push(words);
    for (const child of command.commands) walk(child, [...words, child.name()]);
  };
  walk(program, []);
  return paths;
}

/** What `eventline <words> --help` prints (at commander's default width of 80, as captured output has no terminal). */
export async function helpText(words: readonly string[]): Promise<string> {
  let out = '';
  await run(['node', 'eventline', ...words, '--help'], { out: (text) => (out += text), err: () => undefined }, {});
  return out.trimEnd();
}

export function usageBlock(words: readonly string[], help: string): string {
  return `${FENCE}\n$ ${['eventline', ...words, '--help'].join(' ')}\n${help}\n${FENCE}`;
}

/** The commands of the program without a usage block in `markdown`, as `eventline …` lines. */
export function missingBlocks(markdown: string, paths: readonly string[][]): string[] {
  const documented = new Set([...markdown.matchAll(BLOCK)].map((match) => (match[1] ?? '').trim()));
  return paths.filter((words) => !documented.has(words.join(' '))).map((words) => ['eventline', ...words].join(' '));
}

/** `markdown` with every usage block's help text replaced by what the program prints now. */
export async function renderUsageBlocks(markdown: string): Promise<string> {
  const blocks = [...markdown.matchAll(BLOCK)];
  let rendered = '';
  let from = 0;
  for (const block of blocks) {
    const words = (block[1] ?? '').trim().split(' ').filter(Boolean);
    rendered += markdown.slice(from, block.index) + usageBlock(words, await helpText(words));
    from = block.index + block[0].length;
  }
  return rendered + markdown.slice(from);
}

/** docs/cli.md, from cli/tools/ or dist/cli/tools/. */
export function defaultCliDoc(): string {
  const root = path.basename(path.resolve(__dirname, '../..')) === 'dist' ? path.resolve(__dirname, '../../..') : path.resolve(__dirname, '../..');
  return path.join(root, 'docs', 'cli.md');
}

async function main(file: string): Promise<void> {
  const markdown = readFileSync(file, 'utf8');
  const missing = missingBlocks(markdown, commandPaths());
  if (missing.length > 0) {
    process.stderr.write(`${file} has no usage block for: ${missing.join(', ')}\nadd a block opening with "$ <command> --help" where the doc describes it, then run this again\n`);
    process.exitCode = 1;
    return;
  }
  writeFileSync(file, await renderUsageBlocks(markdown));
  process.stdout.write(`wrote the --help of ${commandPaths().length} commands into ${file}\n`);
}

if (require.main === module) void main(path.resolve(process.argv[2] ?? defaultCliDoc()));
