import { readsPerEvent } from './member-clone';

describe('reads per event', () => {
  it("divides each table's block counters over the phase by the inputs, largest first, idle tables left out", () => {
    const before = new Map([
      ['member_coverage', { hit: 1000, read: 10 }],
      ['inbox_events', { hit: 50, read: 0 }],
      ['policy_versions', { hit: 7, read: 0 }],
    ]);
    const after = new Map([
      ['member_coverage', { hit: 5000, read: 2010 }],
      ['inbox_events', { hit: 1050, read: 0 }],
      ['policy_versions', { hit: 7, read: 0 }],
      ['outbox_events', { hit: 2000, read: 0 }],
    ]);
    expect(readsPerEvent(before, after, 1000)).toEqual([
      { table: 'member_coverage', hit: 4, read: 2 },
      { table: 'outbox_events', hit: 2, read: 0 },
      { table: 'inbox_events', hit: 1, read: 0 },
    ]);
  });
});
