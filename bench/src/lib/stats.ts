import { loadavg } from 'node:os';
import type { LatencyFigure } from './result';

/** Percentile of an unsorted sample (nearest-rank on a sorted copy); NaN for an empty sample. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
  };
}

/** A report row for a latency sample; `target` judges its summary (e.g. p99 < 50 ms). */
export function latencyFigure(
  label: string,
  samples: readonly number[],
  target?: (lat: LatencySummary) => NonNullable<LatencyFigure['target']>,
): LatencyFigure {
  const lat = summarize(samples);
  const row: LatencyFigure = {
    label,
    count: lat.count,
    p50: lat.p50,
    p95: lat.p95,
    p99: lat.p99,
    max: lat.max,
  };
  if (target) row.target = target(lat);
  return row;
}

/** The machine's load average (1/5/15 min) as the reports print it. */
export function loadAverageText(): string {
  return loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');
}

export function perSecond(count: number, elapsedMs: number): number {
  return elapsedMs > 0 ? (count * 1000) / elapsedMs : Number.NaN;
}

/** Formats a number for a report: thousands separators, sensible precision. */
export function fmt(value: number | null | undefined, digits?: number): string {
  if (value === null || value === undefined || Number.isNaN(value)) return 'n/a';
  const d = digits ?? (Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2);
  return value.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/** Milliseconds since `start` (from performance.now()). */
export function since(start: number): number {
  return performance.now() - start;
}
