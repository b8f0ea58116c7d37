/** A JSON-like value as a TypeScript literal in the project's style: single quotes, bare keys where possible. */

const BARE_KEY = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const LINE_WIDTH = 110;

export function tsLiteral(value: unknown, indent = 0): string {
  const pad = '  '.repeat(indent);
  const inner = '  '.repeat(indent + 1);
  const block = (open: string, items: string[], close: string, spaced: boolean) => {
    const oneLine = spaced ? `${open} ${items.join(', ')} ${close}` : `${open}${items.join(', ')}${close}`;
    if (items.length === 0) return `${open}${close}`;
    if (pad.length + oneLine.length <= LINE_WIDTH && !oneLine.includes('\n')) return oneLine;
    return `${open}\n${items.map((item) => `${inner}${item},\n`).join('')}${pad}${close}`;
  };
  if (Array.isArray(value)) return block('[', value.map((item) => tsLiteral(item, indent + 1)), ']', false);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([key, item]) => `${BARE_KEY.test(key) ? key : quoted(key)}: ${tsLiteral(item, indent + 1)}`);
    return block('{', entries, '}', true);
  }
  return typeof value === 'string' ? quoted(value) : JSON.stringify(value);
}

function quoted(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}
