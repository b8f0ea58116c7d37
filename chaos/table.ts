/** The fault suite's summary table: one row per fault. */
export interface TableRow {
  fault: string;
  commandsSent: number;
  accepted: number;
  errors: number;
  events: number;
  duplicates: number;
  missing: number;
  readModelMismatches: number;
  longestOutcomeGapSeconds: number;
  recoverySeconds: number | null;
  rssBeforeMB: Record<string, number>;
  rssAfterMB: Record<string, number>;
}

const HEADER = ['fault', 'sent', 'accepted', 'errors', 'events', 'dup', 'missing', 'rm diff', 'longest gap s', 'recovery s', 'handler RSS MB before→after'];

export function renderRows(rows: readonly TableRow[]): string {
  const cells = rows.map((row) => [
    row.fault,
    String(row.commandsSent),
    String(row.accepted),
    String(row.errors),
    String(row.events),
    String(row.duplicates),
    String(row.missing),
    String(row.readModelMismatches),
    row.longestOutcomeGapSeconds.toFixed(2),
    row.recoverySeconds === null ? '—' : row.recoverySeconds.toFixed(2),
    `${row.rssBeforeMB['command-handler'] ?? 0}→${row.rssAfterMB['command-handler'] ?? 0}`,
  ]);
  const widths = HEADER.map((title, column) => Math.max(title.length, ...cells.map((row) => row[column]!.length)));
  const line = (values: readonly string[]): string => `| ${values.map((value, column) => value.padEnd(widths[column]!)).join(' | ')} |`;
  return [line(HEADER), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}
