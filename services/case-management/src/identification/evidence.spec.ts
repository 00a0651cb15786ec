import {
  applyClinicalEvent,
  CCM_CRITERIA_2025_1,
  emptyClinicalProfile,
  evaluateCcmCriteria,
  type ClinicalEvent,
} from '@careflow/ccm-criteria';
import { ccmEvaluationData } from '@careflow/contracts';
import { toPublishedEvaluation } from './evidence';

const M = 'M-1';
const AS_OF = '2025-06-15';

const stay = (id: string, admission: string, discharge: string, dx: string[]): ClinicalEvent => ({
  kind: 'adt-discharge',
  data: {
    encounterId: id,
    memberId: M,
    facilityNpi: '1111111111',
    admissionDate: admission,
    dischargeDate: discharge,
    diagnosisCodes: dx,
  },
});
const claim = (
  id: string,
  date: string,
  dx: string[],
  extra: Record<string, unknown> = {},
): ClinicalEvent => ({
  kind: 'medical-claim',
  data: {
    claimId: id,
    memberId: M,
    claimType: 'professional',
    status: 'paid',
    serviceFrom: date,
    diagnosisCodes: dx,
    ...extra,
  },
});

const profileOf = (...events: ClinicalEvent[]) =>
  events.reduce(applyClinicalEvent, emptyClinicalProfile(M));

describe('toPublishedEvaluation', () => {
  it('turns a readmission into contract evidence with both stays, their ids and the data sources', () => {
    const evaluation = evaluateCcmCriteria(
      profileOf(
        stay('ADT-1', '2025-05-02', '2025-05-09', ['I5023']),
        stay('ADT-2', '2025-05-20', '2025-05-26', ['I5021']),
      ),
      AS_OF,
      CCM_CRITERIA_2025_1,
    );
    const published = toPublishedEvaluation(evaluation);
    expect(published.criteriaMet).toEqual(['readmission-30-days-same-condition']);
    const [evidence] = published.evidence;
    expect(evidence).toMatchObject({
      criterionId: 'readmission-30-days-same-condition',
      encounterIds: ['ADT-1', 'ADT-2'],
      claimIds: [],
      count: 1,
    });
    expect(evidence!.stays.map((s) => s.sourceId)).toEqual(['ADT-1', 'ADT-2']);
    expect(published.sources).toEqual(['adt-discharges']);
    // The whole evaluation fits the public contract.
    expect(() =>
      ccmEvaluationData.parse({
        evaluationId: 'EVAL-1',
        memberId: M,
        trigger: { source: 'adt.discharges.v1', eventId: 'e-1' },
        criteriaMet: published.criteriaMet,
        evidence: published.evidence,
        eligible: true,
        policyVersion: published.policyVersion,
      }),
    ).not.toThrow();
  });

  it('lists chronic conditions with their codes and count, and only the criteria met', () => {
    const evaluation = evaluateCcmCriteria(
      profileOf(
        claim('C-1', '2025-01-10', ['E119']),
        claim('C-2', '2025-02-10', ['I10']),
        claim('C-3', '2025-03-10', ['J449']),
        claim('C-4', '2025-04-10', ['I5023']),
      ),
      AS_OF,
      CCM_CRITERIA_2025_1,
    );
    const published = toPublishedEvaluation(evaluation);
    expect(published.evidence).toHaveLength(1);
    expect(published.evidence[0]).toMatchObject({
      criterionId: 'four-or-more-chronic-conditions',
      count: 4,
      claimIds: expect.arrayContaining(['C-1', 'C-2', 'C-3', 'C-4']),
      codes: expect.arrayContaining(['E119', 'I10', 'J449', 'I5023']),
    });
    expect(published.sources).toEqual(['medical-claims']);
  });

  it('publishes nothing for a profile that meets no criterion', () => {
    const published = toPublishedEvaluation(
      evaluateCcmCriteria(emptyClinicalProfile(M), AS_OF, CCM_CRITERIA_2025_1),
    );
    expect(published).toMatchObject({ criteriaMet: [], evidence: [], sources: [] });
  });
});
