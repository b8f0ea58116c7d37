/**
 * The one-screen summary printed at the end of `npm run bench`: one row per figure, and
 * one row per benchmark or figure that was not measured, whose reason spans the number
 * columns (shortened there, printed in full under the table). The result is the ratio goal's
 * verdict where the figure has one, else the absolute target's; the target column says
 * whether the absolute target was met beside it.
 */
import type { BenchResult, FigureResult } from './results';

const HEADER = ['benchmark', 'figure', 'unit', 'reference', 'ratio', 'goal', 'target', 'result'] as const;
/** Columns a not-measured row's reason spans: figure, unit, reference, ratio, goal. */
const SPAN = { from: 1, to: 5 } as const;
/** Room a reason gets before it is shortened; the reference column widens to make it. */
const MIN_SPAN_WIDTH = 72;
const TARGET_COLUMN = 6;
const GAP = '  ';

/** Three significant digits at most, thousands separated: 72,431 · 48.2 · 3.14. */
export function formatNumber(value: number): string {
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

function figureRow(benchmark: string, figure: FigureResult): string[] {
  const { reference } = figure;
  return [
    `${benchmark} ${figure.label}`,
    formatNumber(figure.value),
    figure.unit,
    reference ? `${reference.label} ${formatNumber(reference.value)}${reference.unit === figure.unit ? '' : ` ${reference.unit}`}` : '—',
    figure.ratio === null ? '—' : `${figure.ratio.toFixed(2)}×`,
    figure.goal?.text ?? '—',
    targetCell(figure),
    figure.pass === null ? '—' : figure.pass ? 'pass' : 'FAIL',
  ];
}

/** The absolute target; beside a goal, with whether it was met, as the goal decides the result. */
function targetCell(figure: FigureResult): string {
  if (!figure.target) return '—';
  return figure.goal ? `${figure.target.text} (${figure.targetMet ? 'met' : 'missed'})` : figure.target.text;
}

function shorten(text: string, width: number): string {
  const line = text.split('\n')[0] ?? '';
  return line.length <= width && line === text ? text : `${line.slice(0, Math.max(0, width - 1))}…`;
}

/** A row for what was not measured: name, why, and the targets it will be judged by. */
interface ReasonRow {
  readonly name: string;
  readonly reason: string;
  readonly targets: string;
  readonly verdict: 'n/a' | 'ERROR';
}

function reasonRows(result: BenchResult): ReasonRow[] {
  if (result.status === 'measured') {
    return result.missing.map((figure) => ({ name: `${result.benchmark} ${figure.label}`, reason: `not available: ${figure.reason}`, targets: figure.target?.text ?? '—', verdict: 'n/a' }));
  }
  return [
    {
      name: result.benchmark,
      reason: `${result.status === 'failed' ? 'failed' : 'not available'}: ${result.reason ?? ''}`,
      targets: result.targets.map((target) => target.text).join(', ') || '—',
      verdict: result.status === 'failed' ? 'ERROR' : 'n/a',
    },
  ];
}

export function renderTable(results: readonly BenchResult[]): string {
  const rows = results.flatMap((result) => result.figures.map((figure) => figureRow(result.benchmark, figure)));
  const reasons = results.flatMap(reasonRows);
  const widths = HEADER.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  widths[0] = Math.max(widths[0] ?? 0, ...reasons.map((row) => row.name.length));
  widths[TARGET_COLUMN] = Math.max(widths[TARGET_COLUMN] ?? 0, ...reasons.map((row) => row.targets.length));
  const spanned = (): number => widths.slice(SPAN.from, SPAN.to + 1).reduce((sum, width) => sum + width, 0) + GAP.length * (SPAN.to - SPAN.from);
  if (reasons.length > 0 && spanned() < MIN_SPAN_WIDTH) widths[3] = (widths[3] ?? 0) + MIN_SPAN_WIDTH - spanned();
  const spanWidth = spanned();
  const line = (cells: readonly string[]): string => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(GAP).trimEnd();
  const lines = [line(HEADER), line(widths.map((width) => '─'.repeat(width)))];
  const inFull: string[] = [];
  for (const result of results) {
    lines.push(...result.figures.map((figure) => line(figureRow(result.benchmark, figure))));
    for (const row of reasonRows(result)) {
      const short = shorten(row.reason, spanWidth);
      if (short !== row.reason) inFull.push(`  ${row.name}: ${row.reason.replace(/\n/g, '\n    ')}`);
      lines.push([row.name.padEnd(widths[0] ?? 0), short.padEnd(spanWidth), row.targets.padEnd(widths[TARGET_COLUMN] ?? 0), row.verdict].join(GAP).trimEnd());
    }
  }
  if (inFull.length > 0) lines.push('', 'In full:', ...inFull);
  return lines.join('\n');
}
