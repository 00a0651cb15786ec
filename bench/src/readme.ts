/**
 * npm run bench:readme: writes the root README's benchmark table from bench/results/latest.md
 * (`--check`: only says whether it is up to date, exit 1 if not). The bench runner calls it after
 * a full run.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { currentBlock, readmeTableFrom, withBlock } from './lib/readme-table';

const root = resolve(__dirname, '..', '..');
const readmePath = join(root, 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const block = readmeTableFrom(readFileSync(join(root, 'bench', 'results', 'latest.md'), 'utf8'));
if (process.argv.includes('--check')) {
  const upToDate = currentBlock(readme) === block;
  process.stdout.write(
    upToDate
      ? 'README.md: the benchmark table matches bench/results/latest.md\n'
      : 'README.md: the benchmark table differs from bench/results/latest.md (npm run bench:readme)\n',
  );
  process.exit(upToDate ? 0 : 1);
}
writeFileSync(readmePath, withBlock(readme, block));
process.stdout.write('README.md: benchmark table written from bench/results/latest.md\n');
