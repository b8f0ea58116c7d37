/**
 * One JSON file per benchmark in bench/results/ (gitignored): the figures with their
 * reference, ratio and target verdict, the parameters, and the machine. The summary table
 * is printed from the same objects, so the file and the screen never disagree.
 */
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../infra/repo-root';
import { InternalError } from '../../platform/errors';
import { meetsTarget, type RatioGoal, type Target } from '../targets';
import type { Figure, MissingFigure, Outcome, Parameters, Reference } from './benchmark';
import type { MachineInfo } from './machine';

export const RESULTS_DIR = path.join(REPO_ROOT, 'bench', 'results');

export interface FigureResult {
  readonly label: string;
  readonly value: number;
  readonly unit: string;
  readonly reference: Reference | null;
  /** value ÷ reference value. */
  readonly ratio: number | null;
  readonly target: Target | null;
  /** The absolute target's verdict. */
  readonly targetMet: boolean | null;
  readonly goal: RatioGoal | null;
  /** The ratio goal's verdict (null without a goal or a ratio). */
  readonly goalMet: boolean | null;
  /** The figure's verdict: the goal's where it has one, else the target's. */
  readonly pass: boolean | null;
}

export interface BenchResult {
  readonly benchmark: string;
  readonly summary: string;
  readonly status: 'measured' | 'not-available' | 'failed';
  /** Why it did not measure (not-available, failed). */
  readonly reason: string | null;
  readonly figures: readonly FigureResult[];
  /** Figures it could not measure yet beside those it did. */
  readonly missing: readonly MissingFigure[];
  /** Targets the benchmark judges, also when it did not measure. */
  readonly targets: readonly Target[];
  readonly parameters: Parameters;
  readonly details: Parameters;
  readonly quick: boolean;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly machine: MachineInfo;
}

export function figureResult(figure: Figure): FigureResult {
  if (figure.target && figure.target.unit !== figure.unit) {
    throw new InternalError(`figure "${figure.label}" is in ${figure.unit} but its target is in ${figure.target.unit}`);
  }
  const ratio = figure.reference && figure.reference.value > 0 ? figure.value / figure.reference.value : null;
  const targetMet = figure.target ? meetsTarget(figure.target, figure.value) : null;
  // A goal without a ratio (the reference measured nothing) is not met: no verdict passes by default.
  const goalMet = figure.goal ? ratio !== null && meetsTarget(figure.goal, ratio) : null;
  return {
    label: figure.label,
    value: figure.value,
    unit: figure.unit,
    reference: figure.reference ?? null,
    ratio,
    target: figure.target ?? null,
    targetMet,
    goal: figure.goal ?? null,
    goalMet,
    pass: goalMet ?? targetMet,
  };
}

export interface ResultFrame {
  readonly benchmark: string;
  readonly summary: string;
  readonly targets: readonly Target[];
  readonly quick: boolean;
  readonly startedAt: Date;
  readonly durationMs: number;
  readonly machine: MachineInfo;
}

export function toResult(frame: ResultFrame, outcome: Outcome | { status: 'failed'; reason: string }): BenchResult {
  const measuredOutcome = outcome.status === 'measured' ? outcome : undefined;
  return {
    benchmark: frame.benchmark,
    summary: frame.summary,
    status: outcome.status,
    reason: outcome.status === 'measured' ? null : outcome.reason,
    figures: measuredOutcome?.figures.map(figureResult) ?? [],
    missing: measuredOutcome?.missing ?? [],
    targets: frame.targets,
    parameters: outcome.status === 'failed' ? {} : outcome.parameters,
    details: measuredOutcome?.details ?? {},
    quick: frame.quick,
    startedAt: frame.startedAt.toISOString(),
    durationMs: frame.durationMs,
    machine: frame.machine,
  };
}

/** Writes bench/results/<benchmark>.json and returns its path. */
export function writeResult(result: BenchResult): string {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${result.benchmark}.json`);
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}
