import { NotRunError } from '../lib/result';
import type { BenchOutcome } from './index';

/**
 * Mixed stream end to end (coverage, claims, discharges, pharmacy fills, PA requests at a steady
 * rate; then full speed with events/s and peak memory per service). Not written yet: it reports
 * "not run" rather than a figure.
 */
export async function mixed(): Promise<BenchOutcome> {
  throw new NotRunError(
    'the mixed-stream benchmark is not written yet (bench/src/benchmarks/mixed.ts)',
  );
}
