/** `eventline new domain`: what it refuses before writing anything, and how it registers a domain. */
import { mkdtempSync, readdirSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { registerIn } from '../../../cli/scaffold/project-files';
import { scaffoldDomain } from '../../../cli/scaffold/scaffold-domain';
import { tsLiteral } from '../../../cli/scaffold/ts-literal';
import { BadRequestError } from '../../../platform/errors';

const empty = mkdtempSync(path.join(tmpdir(), 'eventline-new-domain-'));
afterAll(() => rmSync(empty, { recursive: true, force: true }));

describe('eventline new domain', () => {
  it.each([
    ['Widgets', 'lower-case letters and digits'],
    ['9lives', 'lower-case letters and digits'],
    ['views', 'reserved'],
    ['delete', 'reserved'],
    ['orders', 'read model "orders" exists'],
    ['messages', 'read model "messages" exists'],
    ['widgets', 'run this in an Eventline project'],
  ])('refuses %p (%s) and writes nothing', (name, reason) => {
    expect(() => scaffoldDomain(empty, name)).toThrow(BadRequestError);
    expect(() => scaffoldDomain(empty, name)).toThrow(reason);
    expect(readdirSync(empty)).toEqual([]);
  });

  it('registers the domain with its import and one list entry', () => {
    const registry = [
      "import { chatDomain } from './chat';",
      "import { ordersDomain } from './orders';",
      '',
      'export const domains: readonly DomainModule[] = Object.freeze([ordersDomain, chatDomain]);',
      '',
    ].join('\n');
    expect(registerIn(registry, { list: 'domains', entry: 'widgetsDomain', from: './widgets' })).toBe(
      [
        "import { chatDomain } from './chat';",
        "import { ordersDomain } from './orders';",
        "import { widgetsDomain } from './widgets';",
        '',
        'export const domains: readonly DomainModule[] = Object.freeze([ordersDomain, chatDomain, widgetsDomain]);',
        '',
      ].join('\n'),
    );
    expect(() => registerIn('export const domains = [];\n', { list: 'domains', entry: 'widgetsDomain', from: './widgets' })).toThrow(BadRequestError);
  });

  it('writes the schema source as a TypeScript literal that evaluates to the same value', () => {
    const value = { name: 'title', 'eventline.maxLength': 200, type: ['null', 'string'], doc: "it's \\ here", nested: { list: [] } };
    const literal = tsLiteral(value);
    expect(literal).toContain("'eventline.maxLength': 200");
    expect(new Function(`return ${literal};`)()).toEqual(value);
  });
});
