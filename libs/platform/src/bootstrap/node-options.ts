import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The Node options every service is started with (`services/node-options`). */
export function serviceNodeOptions(repoRoot: string): string[] {
  return readFileSync(join(repoRoot, 'services', 'node-options'), 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line.length > 0);
}
