import { explain, verdictOf, type Measured } from './growth';

const at = (
  members: number,
  throughput: number,
  p99: number,
  reads: Measured['reads'],
): Measured => ({
  members,
  throughput,
  p99,
  latency: null,
  reads,
  cpu: '',
  seedSeconds: 1,
  problems: [],
});

describe('growth explanation', () => {
  it('names the table whose reads from outside shared_buffers grew the most per input', () => {
    const text = explain('routing', [
      at(100_000, 1000, 10, [
        { table: 'member_coverage', hit: 4, read: 0, mib: 60 },
        { table: 'routing_decisions', hit: 3, read: 0, mib: 5 },
      ]),
      at(5_000_000, 700, 14, [
        { table: 'member_coverage', hit: 3, read: 1.5, mib: 3000 },
        { table: 'routing_decisions', hit: 3.5, read: 0, mib: 5 },
      ]),
    ]);
    expect(text).toContain('routing, 100,000 → 5,000,000 members: throughput -30%, p99 +40%.');
    expect(text).toContain(
      'member_coverage (60.0 → 3,000 MiB), 4.0 → 3.0 blocks from shared_buffers and 0.00 → 1.50 from outside it',
    );
  });

  it('says so when there is one size only', () => {
    expect(explain('eligibility', [at(10, 1, 1, [])])).toBe(
      'eligibility: one size only, nothing to compare.',
    );
  });
});

describe('growth verdict', () => {
  it("says of each of a pipeline's lines whether it stayed within 20%", () => {
    expect(
      verdictOf(
        { name: 'routing decisions/s', values: [1000, 900, 950] },
        { name: 'routing p99 at 200/s', values: [10, 20, 15] },
      ),
    ).toBe(
      'routing decisions/s: within 20% over the sizes (spread 11%). routing p99 at 200/s: **not** within 20% (spread 100%).',
    );
  });
});
