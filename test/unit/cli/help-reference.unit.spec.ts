/** docs/cli.md shows every command's --help as the program prints it (`npm run docs:cli` rewrites the blocks). */
import { readFileSync } from 'fs';
import { describe, expect, it } from '@jest/globals';
import { commandPaths, defaultCliDoc, helpText, missingBlocks, renderUsageBlocks, usageBlock } from '../../../cli/tools/help-reference';

const markdown = readFileSync(defaultCliDoc(), 'utf8');

describe('docs/cli.md usage blocks', () => {
  it('has a block for every command of the program', () => {
    const paths = commandPaths();
    expect(paths.map((words) => words.join(' '))).toEqual(expect.arrayContaining(['', 'events dump', 'dlq replay', 'offsets reset', 'replay', 'schemas check']));
    expect(missingBlocks(markdown, paths)).toEqual([]);
  });

  it.each(commandPaths().map((words) => [['eventline', ...words].join(' '), words] as const))('%s --help is the block in the doc', async (_name, words) => {
    expect(markdown).toContain(usageBlock(words, await helpText(words)));
  });

  it('rewrites a stale block and names a command without one', async () => {
    const stale = `# doc\n\n\`\`\`\n$ eventline lag --help\nUsage: eventline lag [old]\n\`\`\`\n\ntext after\n`;
    const rendered = await renderUsageBlocks(stale);
    expect(rendered).toBe(`# doc\n\n${usageBlock(['lag'], await helpText(['lag']))}\n\ntext after\n`);
    expect(missingBlocks(rendered, [['lag'], ['topics', 'describe']])).toEqual(['eventline topics describe']);
  });
});
