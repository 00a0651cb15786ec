import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from './env';

/**
 * The numeric `--name value` options of a CLI with their defaults. An unknown option or a value
 * that is not a number stops the run with a message naming it, instead of running with a default.
 */
export function numericOptions<K extends string>(
  defaults: Record<K, number>,
  args: readonly string[] = process.argv.slice(2),
): Record<K, number> {
  const names = Object.keys(defaults) as K[];
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    options: Object.fromEntries(names.map((name) => [name, { type: 'string' as const }])),
  });
  const result = { ...defaults };
  for (const name of names) {
    const raw = values[name];
    if (typeof raw !== 'string') continue;
    const value = Number(raw);
    if (!Number.isFinite(value)) throw new Error(`--${name} takes a number, not "${raw}"`);
    result[name] = value;
  }
  return result;
}

/** The development HS256 secret the services of a run share: the environment's, npm start's, or a fixed one. */
export function developmentSecret(fallback: string): string {
  const secretFile = join(REPO_ROOT, '.data', 'dev-jwt-secret');
  return (
    process.env.AUTH_JWT_SECRET ??
    (existsSync(secretFile) ? readFileSync(secretFile, 'utf8').trim() : fallback)
  );
}
