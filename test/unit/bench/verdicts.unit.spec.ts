/** The bench's verdicts: a figure with a ratio goal is judged on its ratio to the same run's reference, its absolute target printed beside it. */
import { describe, expect, it } from '@jest/globals';
import { figureResult, type BenchResult } from '../../../bench/harness/results';
import { renderTable } from '../../../bench/harness/table';
import { RATIO_GOALS, TARGETS } from '../../../bench/targets';

const reference = { label: 'pg unnest INSERT', value: 40_000, unit: 'rows/s' };
const projection = (value: number) => figureResult({ label: 'orders', value, unit: 'events/s', reference, target: TARGETS.projection, goal: RATIO_GOALS.projection });

describe('figure verdicts', () => {
  it('follow the ratio goal where there is one, whatever the absolute target says', () => {
    expect(projection(15_000)).toMatchObject({ ratio: 0.375, goalMet: true, targetMet: false, pass: true });
    expect(projection(21_000 * 2)).toMatchObject({ goalMet: true, targetMet: true, pass: true });
    expect(figureResult({ label: 'orders', value: 25_000, unit: 'events/s', reference: { ...reference, value: 100_000 }, target: TARGETS.projection, goal: RATIO_GOALS.projection })).toMatchObject({
      ratio: 0.25,
      goalMet: false,
      targetMet: true,
      pass: false,
    });
  });

  it('judge an at-most goal on latency ratios, and fail a goal whose reference measured nothing', () => {
    const p99 = (value: number, referenceMs: number) =>
      figureResult({ label: '2,000/s command→event p99', value, unit: 'ms', reference: { label: 'Kafka Java EOS', value: referenceMs, unit: 'ms' }, target: TARGETS.endToEndP99, goal: RATIO_GOALS.endToEndP99 });
    expect(p99(60, 50)).toMatchObject({ goalMet: true, targetMet: false, pass: true });
    expect(p99(66, 50)).toMatchObject({ goalMet: false, pass: false });
    expect(p99(10, 0)).toMatchObject({ ratio: null, goalMet: false, pass: false });
  });

  it('follow the absolute target where there is no goal', () => {
    expect(figureResult({ label: '1 socket', value: 19_000, unit: 'commands/s', target: TARGETS.ingest })).toMatchObject({ goal: null, goalMet: null, pass: false });
  });

  it('print the goal, the target with whether it was met, and the goal verdict as the result', () => {
    const result = { benchmark: 'projection', status: 'measured', figures: [projection(15_000)], missing: [], targets: [TARGETS.projection] } as unknown as BenchResult;
    const [header, , row] = renderTable([result]).split('\n');
    expect(header?.split(/\s{2,}/)).toEqual(['benchmark', 'figure', 'unit', 'reference', 'ratio', 'goal', 'target', 'result']);
    expect(row?.split(/\s{2,}/)).toEqual(['projection orders', '15,000', 'events/s', 'pg unnest INSERT 40,000 rows/s', '0.38×', '≥ 0.35×', '≥ 20,000/s (missed)', 'pass']);
  });
});
