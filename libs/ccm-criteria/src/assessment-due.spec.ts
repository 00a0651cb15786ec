import { assessmentDueDate } from './assessment-due';

describe('assessmentDueDate', () => {
  it('is the 30th calendar day after identification', () => {
    expect(assessmentDueDate('2026-01-15', 30)).toBe('2026-02-14');
  });

  it('counts calendar days across month ends, leap days and daylight-saving changes', () => {
    expect(assessmentDueDate('2028-02-10', 30)).toBe('2028-03-11');
    expect(assessmentDueDate('2026-03-01', 30)).toBe('2026-03-31');
    expect(assessmentDueDate('2026-10-20', 30)).toBe('2026-11-19');
  });
});
