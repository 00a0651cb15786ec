/**
 * Pure judgements of the soak and growth runs: does a series stay flat over time (soak: no value
 * grows more than 10% above its value at the reference minute), do figures measured at several
 * data sizes stay within 20% of each other (growth).
 */

/** One measured line over the steps of a run; null where a step has no value. */
export interface Line {
  name: string;
  values: readonly (number | null)[];
}

/**
 * The minute later minutes are compared with: the fifth (the issue's), or with fewer minutes
 * (a quick soak) the one before the last, so that at least one minute is judged.
 */
export function referenceMinute(minutes: number): number {
  return Math.max(1, Math.min(5, minutes - 1));
}

export interface Breach {
  name: string;
  /** 1-based minute that grew beyond the limit. */
  minute: number;
  value: number;
  reference: number;
  /** value / reference - 1 */
  growth: number;
}

/**
 * Each line's minutes after `reference` (1-based) whose value exceeds the reference minute's by
 * more than `limit` (0.1 = 10%); the worst minute of each line. A line without a value at the
 * reference minute cannot be judged: it is listed in `unjudged`.
 */
export function soakBreaches(
  lines: readonly Line[],
  reference: number,
  limit: number,
): { breaches: Breach[]; unjudged: string[] } {
  const breaches: Breach[] = [];
  const unjudged: string[] = [];
  for (const line of lines) {
    const ref = line.values[reference - 1];
    if (ref === null || ref === undefined || ref <= 0) {
      unjudged.push(line.name);
      continue;
    }
    let worst: Breach | null = null;
    for (let i = reference; i < line.values.length; i++) {
      const value = line.values[i];
      if (value === null || value === undefined) continue;
      const growth = value / ref - 1;
      // Compared as products: 110 / 100 - 1 is a hair above 0.1 in floating point.
      if (value > ref * (1 + limit) && (worst === null || growth > worst.growth))
        worst = { name: line.name, minute: i + 1, value, reference: ref, growth };
    }
    if (worst) breaches.push(worst);
  }
  return { breaches, unjudged };
}

/** How far apart the values are: largest / smallest - 1 (null with fewer than two values). */
export function spreadOf(values: readonly (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null && Number.isFinite(v) && v > 0);
  if (known.length < 2 || known.length < values.length) return null;
  return Math.max(...known) / Math.min(...known) - 1;
}

/** Lines whose values over the data sizes spread beyond `limit` (0.2 = 20%), with their spread. */
export function growthBreaches(
  lines: readonly Line[],
  limit: number,
): {
  within: { name: string; spread: number }[];
  beyond: { name: string; spread: number }[];
  unjudged: string[];
} {
  const within: { name: string; spread: number }[] = [];
  const beyond: { name: string; spread: number }[] = [];
  const unjudged: string[] = [];
  for (const line of lines) {
    const spread = spreadOf(line.values);
    if (spread === null) unjudged.push(line.name);
    else (spread <= limit + 1e-9 ? within : beyond).push({ name: line.name, spread });
  }
  return { within, beyond, unjudged };
}
