import { compareDecisions, formatReport, mergeReports, type DecisionSummary } from './compare';

const aim: DecisionSummary = {
  outcome: 'routed',
  vendor: { id: 'aim-specialty-health', name: 'AIM Specialty Health' },
  submissionChannel: 'aim-providerportal',
  ruleTrace: ['drug-class.j9', 'aim.bcc.fully-insured'],
  policyVersion: 'mi-um-2025.1',
};
const pharmacy: DecisionSummary = {
  outcome: 'routed',
  vendor: { id: 'bcbsm-bcn-pharmacy', name: 'Blue Cross and BCN Pharmacy' },
  submissionChannel: 'novologix',
  ruleTrace: ['drug-class.j9', 'aim.bcc.fully-insured'],
  policyVersion: 'mi-um-2026.1',
};
const manual: DecisionSummary = {
  outcome: 'manual-review',
  vendor: null,
  submissionChannel: null,
  ruleTrace: ['policy.no-matching-rule'],
  policyVersion: 'mi-um-2026.1',
};

describe('compareDecisions', () => {
  it('reports only outcome, vendor or channel changes, with the rules of both sides', () => {
    const report = compareDecisions([
      { requestId: 'A', memberId: 'M1', before: aim, after: pharmacy },
      { requestId: 'B', memberId: 'M2', before: aim, after: { ...aim, ruleTrace: ['other'] } },
      { requestId: 'C', memberId: 'M3', before: aim, after: manual },
    ]);
    expect(report.compared).toBe(3);
    expect(report.changedCount).toBe(2);
    expect(report.changes.map((c) => c.requestId)).toEqual(['A', 'C']);
    expect(report.changes[0]).toMatchObject({
      changed: ['vendor', 'submissionChannel'],
      before: { vendorId: 'aim-specialty-health', ruleTrace: aim.ruleTrace },
      after: { vendorId: 'bcbsm-bcn-pharmacy', submissionChannel: 'novologix' },
    });
    expect(report.changes[1]!.changed).toEqual(['outcome', 'vendor', 'submissionChannel']);
    expect(report.transitions).toEqual({
      'routed aim-specialty-health aim-providerportal → routed bcbsm-bcn-pharmacy novologix': 1,
      'routed aim-specialty-health aim-providerportal → manual-review': 1,
    });
  });

  it('reports nothing when nothing changes', () => {
    const report = compareDecisions([{ requestId: 'A', memberId: 'M', before: aim, after: aim }]);
    expect(report).toEqual({ compared: 1, changedCount: 0, transitions: {}, changes: [] });
  });

  it('merges pages and formats a report without member ids', () => {
    const page1 = compareDecisions([
      { requestId: 'A', memberId: 'M1', before: aim, after: manual },
    ]);
    const page2 = compareDecisions([
      { requestId: 'B', memberId: 'M2', before: aim, after: manual },
    ]);
    const merged = mergeReports([page1, page2]);
    expect(merged.compared).toBe(2);
    expect(merged.changedCount).toBe(2);
    expect(Object.values(merged.transitions)).toEqual([2]);
    const text = formatReport(merged, { policyVersion: 'mi-um-2026.1', from: 'x', to: 'y' });
    expect(text).toContain('Would change: 2');
    expect(text).toContain('A: routed aim-specialty-health aim-providerportal → manual-review');
    expect(text).not.toContain('M1');
  });
});
