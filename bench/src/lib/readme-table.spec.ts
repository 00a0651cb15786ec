import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  END_MARKER,
  START_MARKER,
  cellsOf,
  currentBlock,
  readmeTableFrom,
  withBlock,
} from './readme-table';

const root = join(__dirname, '..', '..', '..');

const LATEST = `# Careflow benchmarks — 2026-12-07 18:00:00 UTC

Full-size run. Commit abc1234; 2 CPU cores (Intel(R) Xeon(R)), 24 GiB; Kafka 4.4.0 at 127.0.0.1:49092 (one broker, 6 partitions per topic); PostgreSQL database \`careflow_bench\`; 3600 s in all. Load average (1/5/15 min) at the start 1.0 / 1.5 / 2.0, at the end 3.0 / 3.0 / 3.0: the machine is shared.

## Summary

| benchmark | issue | status | figure | baseline | ratio | target |
|---|---|---|---|---|---|---|
| routing | routing | ok | full speed: 4,000 decisions/s | raw: 20,000 decisions/s | 0.20x | p99 < 25 ms: met |
| pcp | PCP | not run: pcp-notification does not build |  |  |  |  |

### Targets of issue #29

| target | figure | baseline (same run) | status |
|---|---|---|---|
| routing full speed ≥ 30% of raw | full speed: 4,000 decisions/s | raw: 20,000 decisions/s (0.20x) | **not met**: full speed |
| soak flat | a \\| b | | not run: \`soak\` was not part of this run |

## Routing
`;

describe('README benchmark table', () => {
  it('is the one derived from bench/results/latest.md (npm run bench:readme writes it)', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const latest = readFileSync(join(root, 'bench', 'results', 'latest.md'), 'utf8');
    expect(currentBlock(readme)).toBe(readmeTableFrom(latest));
  });

  it("takes the run's line, the summary rows without their issue and status, and the targets", () => {
    const block = readmeTableFrom(LATEST);
    const lines = block.split('\n');
    expect(lines[0]).toBe(START_MARKER);
    expect(lines[lines.length - 1]).toBe(END_MARKER);
    expect(block).toContain(
      'a full-size run started 2026-12-07 18:00:00 UTC at commit abc1234 on 2 CPU cores (Intel(R) Xeon(R)), 3,600 s in all, load average 1.0 / 1.5 / 2.0 at the start',
    );
    expect(lines).toContain(
      '| routing | full speed: 4,000 decisions/s | raw: 20,000 decisions/s | 0.20x | p99 < 25 ms: met |',
    );
    expect(lines).toContain('| pcp | not run: pcp-notification does not build |  |  |  |');
    expect(lines).toContain(
      '| routing full speed ≥ 30% of raw | full speed: 4,000 decisions/s | raw: 20,000 decisions/s (0.20x) | **not met**: full speed |',
    );
    expect(lines).toContain(
      '| soak flat | a \\| b |  | not run: `soak` was not part of this run |',
    );
  });

  it('keeps an escaped pipe inside its cell', () => {
    expect(cellsOf('| a \\| b | c |')).toEqual(['a \\| b', 'c']);
  });

  it('replaces only what lies between the markers, and refuses a README without them', () => {
    const readme = `intro\n${START_MARKER}\nold\n${END_MARKER}\noutro\n`;
    expect(withBlock(readme, `${START_MARKER}\nnew\n${END_MARKER}`)).toBe(
      `intro\n${START_MARKER}\nnew\n${END_MARKER}\noutro\n`,
    );
    expect(() => currentBlock('no markers')).toThrow(/markers/);
  });
});
