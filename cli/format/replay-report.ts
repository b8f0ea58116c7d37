/** The text `eventline replay` prints when it is done (--json prints the report itself). */
import type { ReplayReport, RowDifference } from '../../services/projector/replay';

export function replayText(report: ReplayReport): string {
  const { counts } = report;
  const rate = report.seconds > 0 ? Math.round(counts.records / report.seconds) : counts.records;
  const lines = [
    `replay ${report.projection}${report.dryRun ? ' (dry run)' : ''}: read ${counts.records} records of ${report.topic}, applied ${counts.applied} events in ${report.seconds.toFixed(1)} s (${rate} records/s)`,
  ];
  if (report.droppedLeftover) lines.push(`dropped a shadow table left by an earlier, killed replay`);
  if (counts.undecodable > 0 || counts.failed > 0) {
    lines.push(`skipped ${counts.undecodable} undecodable records and ${counts.failed} events the projection failed on (as the projector does: see dlq list)`);
  }
  if (report.diff) {
    const { counts: diff, first } = report.diff;
    lines.push(
      `compared with ${report.table}: ${diff.liveRows} live rows, ${diff.rebuiltRows} rebuilt; ${diff.onlyLive} only in live, ${diff.onlyRebuilt} only in the rebuild, ${diff.different} different` +
        (diff.versionOnly > 0 ? `, ${diff.versionOnly} differ only in version` : ''),
    );
    lines.push(...first.map(differenceLine));
    const shown = first.length;
    const total = diff.onlyLive + diff.onlyRebuilt + diff.different + diff.versionOnly;
    if (total > shown) lines.push(`  … and ${total - shown} more (--show <n> lists more)`);
    lines.push(`nothing changed; the shadow table was dropped`);
  }
  if (report.rows) lines.push(`swapped ${report.table} in: ${report.rows.before} rows before, ${report.rows.after} after`);
  const handedOver = report.partitions.filter((partition) => partition.checkpoint !== null);
  if (handedOver.length > 0) {
    lines.push(`checkpoints of ${report.projection} on ${report.topic} (last applied offset): ${handedOver.map((p) => `${p.partition}: ${p.checkpoint}`).join(', ')}`);
  }
  if (report.published) lines.push(`published ${report.published.records} changed rows of ${report.published.keys} to views.${report.published.view}`);
  return `${lines.join('\n')}\n`;
}

export function differenceLine(difference: RowDifference): string {
  switch (difference.kind) {
    case 'only-live':
      return `  - ${difference.key}: only in live`;
    case 'only-rebuilt':
      return `  + ${difference.key}: only in the rebuild`;
    case 'different':
      return `  ~ ${difference.key}: ${difference.columns.map((c) => `${c.column} ${JSON.stringify(c.live)} → ${JSON.stringify(c.rebuilt)}`).join(', ')} (live → rebuild)`;
  }
}
