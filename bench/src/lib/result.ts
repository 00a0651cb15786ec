/** What a benchmark hands to the report. Every number here was measured in this run. */

export type FigureKind = 'throughput' | 'latency' | 'duration' | 'memory' | 'count';

export interface Figure {
  /** What was measured, e.g. "eligibility end to end". */
  label: string;
  kind: FigureKind;
  value: number | null;
  unit: string;
  /** The baseline measured in the same run, on the same broker and the same messages. */
  baseline?: { label: string; value: number | null };
  /** The target from the issue, and whether this run met it (`id`: one of lib/targets.ts). */
  target?: FigureTarget;
  note?: string;
}

/** A target a figure is judged by; `id` names it in lib/targets.ts when it is one of #29's. */
export interface FigureTarget {
  text: string;
  met: boolean | null;
  id?: string;
}

/**
 * Values over a series of steps (minutes of the soak, member counts of the growth run): drawn as
 * a line chart beside the bars and printed as a table, one row per step.
 */
export interface Series {
  title: string;
  /** What the x axis counts, e.g. "minute" or "members". */
  x: string;
  unit: string;
  /** Log scale for x (member counts spanning decades). */
  logX?: boolean;
  steps: number[];
  /** One line per name; null where the step has no value. */
  lines: { name: string; values: (number | null)[] }[];
}

export interface LatencyFigure {
  label: string;
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  target?: FigureTarget;
}

export type BenchStatus = 'ok' | 'partial' | 'not-run' | 'failed';

export interface BenchResult {
  name: string;
  title: string;
  issue: string;
  status: BenchStatus;
  /** Why it did not run, or what failed. */
  reason?: string;
  figures: Figure[];
  latencies: LatencyFigure[];
  /** Parts of the benchmark that could not run, each with its reason. */
  skipped: string[];
  notes: string[];
  /** Line charts (soak, growth). */
  series?: Series[];
  durationMs: number;
}

export class NotRunError extends Error {
  override readonly name = 'NotRunError';
}

export function ratioOf(figure: Figure): number | null {
  const b = figure.baseline?.value;
  if (figure.value === null || b === null || b === undefined || b === 0) return null;
  return figure.value / b;
}
