import { compareCaseloadEntries, type CaseloadOrderKey } from './caseload-order';

const entry = (caseId: string, riskTotal: number, due: string): CaseloadOrderKey => ({
  caseId,
  riskTotal,
  assessmentDueAt: new Date(due),
});

describe('caseload order', () => {
  it('puts the highest risk first, then the assessment due soonest, then the case id', () => {
    const entries = [
      entry('C-4', 2, '2026-06-01T00:00:00Z'),
      entry('C-3', 7, '2026-06-20T00:00:00Z'),
      entry('C-2', 7, '2026-06-10T00:00:00Z'),
      entry('C-1', 2, '2026-06-01T00:00:00Z'),
      entry('C-5', 0, '2026-05-01T00:00:00Z'),
    ];
    expect(entries.sort(compareCaseloadEntries).map((e) => e.caseId)).toEqual([
      'C-2',
      'C-3',
      'C-1',
      'C-4',
      'C-5',
    ]);
  });

  it('puts cases with nothing due (assessment recorded) after those with a due date', () => {
    const done = (caseId: string, riskTotal: number): CaseloadOrderKey => ({
      caseId,
      riskTotal,
      assessmentDueAt: null,
    });
    const entries = [done('C-9', 3), entry('C-8', 3, '2026-06-01T00:00:00Z'), done('C-7', 3)];
    expect(entries.sort(compareCaseloadEntries).map((e) => e.caseId)).toEqual([
      'C-8',
      'C-7',
      'C-9',
    ]);
  });
});
