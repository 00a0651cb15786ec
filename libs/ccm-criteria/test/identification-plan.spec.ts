import {
  planIdentification,
  sameCriteria,
  type IdentificationFinding,
  type IdentificationInput,
  type IdentificationOptions,
  type IdentifiedBefore,
} from '../src';

const NEVER_EVALUATED: IdentifiedBefore = { stored: false, criteriaMet: [], eligible: false };
const NOT_ELIGIBLE: IdentifiedBefore = { stored: true, criteriaMet: [], eligible: false };
const ELIGIBLE: IdentifiedBefore = {
  stored: true,
  criteriaMet: ['four-or-more-chronic-conditions'],
  eligible: true,
};

const MEETS_NOTHING: IdentificationFinding = {
  criteriaMet: [],
  sources: [],
  covered: null,
  eligible: false,
};
const CHRONIC_COVERED: IdentificationFinding = {
  criteriaMet: ['four-or-more-chronic-conditions'],
  sources: ['encounters'],
  covered: true,
  eligible: true,
};
const CHRONIC_UNCOVERED: IdentificationFinding = {
  ...CHRONIC_COVERED,
  covered: false,
  eligible: false,
};

const TODAY: IdentificationOptions = { publishing: 'on-change', reportOnly: false };

function input(
  before: IdentifiedBefore,
  finding: IdentificationFinding,
  extra: Partial<IdentificationInput> = {},
): IdentificationInput {
  return {
    before,
    finding,
    profileChanged: false,
    triggerSource: 'encounters',
    forcePublish: false,
    referralSources: null,
    ...extra,
  };
}

describe('planIdentification: which members to open cases for, which to update, which to leave', () => {
  it('opens a case by data for a member who becomes eligible, and stores and publishes it', () => {
    const plan = planIdentification(input(NOT_ELIGIBLE, CHRONIC_COVERED), TODAY);
    expect(plan).toMatchObject({
      changed: true,
      publish: true,
      store: true,
      newlyEligible: true,
      noLongerEligible: false,
      newCriteria: ['four-or-more-chronic-conditions'],
      closeForCoverageEnded: false,
      markNotEligible: false,
    });
    expect(plan.openings).toEqual([{ by: 'data', sources: ['encounters'] }]);
  });

  it('opens again when an eligible member meets a criterion they did not meet before', () => {
    const finding: IdentificationFinding = {
      ...CHRONIC_COVERED,
      criteriaMet: ['four-or-more-chronic-conditions', 'major-organ-transplant'],
      sources: ['medical-claims', 'encounters'],
    };
    const plan = planIdentification(input(ELIGIBLE, finding), TODAY);
    expect(plan.newlyEligible).toBe(false);
    expect(plan.newCriteria).toEqual(['major-organ-transplant']);
    expect(plan.openings).toEqual([{ by: 'data', sources: ['medical-claims', 'encounters'] }]);
  });

  it('names the triggering feed when the criteria met carry no source, and none without one', () => {
    const finding = { ...CHRONIC_COVERED, sources: [] };
    expect(planIdentification(input(NOT_ELIGIBLE, finding), TODAY).openings).toEqual([
      { by: 'data', sources: ['encounters'] },
    ]);
    expect(
      planIdentification(input(NOT_ELIGIBLE, finding, { triggerSource: null }), TODAY).openings,
    ).toEqual([{ by: 'data', sources: [] }]);
  });

  it('leaves a member whose re-evaluation changed nothing: nothing stored, published or opened', () => {
    const plan = planIdentification(input(ELIGIBLE, CHRONIC_COVERED), TODAY);
    expect(plan).toEqual({
      changed: false,
      publish: false,
      store: false,
      newlyEligible: false,
      noLongerEligible: false,
      newCriteria: [],
      openings: [],
      closeForCoverageEnded: false,
      markNotEligible: false,
    });
  });

  it('treats the same criteria in another order as unchanged', () => {
    const before: IdentifiedBefore = {
      ...ELIGIBLE,
      criteriaMet: ['major-organ-transplant', 'four-or-more-chronic-conditions'],
    };
    const finding: IdentificationFinding = {
      ...CHRONIC_COVERED,
      criteriaMet: ['four-or-more-chronic-conditions', 'major-organ-transplant'],
    };
    expect(planIdentification(input(before, finding), TODAY).changed).toBe(false);
    expect(sameCriteria(['a', 'b'], ['b', 'a'])).toBe(true);
    expect(sameCriteria(['a'], ['a', 'b'])).toBe(false);
    expect(sameCriteria(['a', 'c'], ['a', 'b'])).toBe(false);
  });

  it('updates, without publishing, a member whose profile changed but not their criteria', () => {
    const plan = planIdentification(
      input(NOT_ELIGIBLE, MEETS_NOTHING, { profileChanged: true }),
      TODAY,
    );
    expect(plan).toMatchObject({ store: true, publish: false, changed: false, openings: [] });
  });

  it('creates the stored profile of a member evaluated for the first time, even if it meets nothing', () => {
    const plan = planIdentification(input(NEVER_EVALUATED, MEETS_NOTHING), TODAY);
    expect(plan).toMatchObject({ store: true, publish: false, openings: [] });
  });

  it('publishes (and so stores) every evaluation under every-trigger publishing', () => {
    const plan = planIdentification(input(ELIGIBLE, CHRONIC_COVERED), {
      publishing: 'every-trigger',
      reportOnly: false,
    });
    expect(plan).toMatchObject({ publish: true, store: true, changed: false, openings: [] });
  });

  it('publishes a forced evaluation that changed nothing', () => {
    const plan = planIdentification(
      input(ELIGIBLE, CHRONIC_COVERED, { forcePublish: true }),
      TODAY,
    );
    expect(plan).toMatchObject({ publish: true, store: true, openings: [] });
  });

  it('ends the waiting cases of a member who no longer meets a criterion', () => {
    const finding: IdentificationFinding = { ...MEETS_NOTHING, covered: true };
    const plan = planIdentification(input(ELIGIBLE, finding), TODAY);
    expect(plan).toMatchObject({
      changed: true,
      publish: true,
      store: true,
      noLongerEligible: true,
      markNotEligible: true,
      closeForCoverageEnded: false,
      openings: [],
    });
  });

  it('closes every open case of a member whose coverage is known to have ended', () => {
    const plan = planIdentification(input(ELIGIBLE, CHRONIC_UNCOVERED), TODAY);
    expect(plan).toMatchObject({
      noLongerEligible: true,
      markNotEligible: true,
      closeForCoverageEnded: true,
      openings: [],
    });
  });

  it('closes nothing for coverage that was not looked up (a member who meets no criterion)', () => {
    const plan = planIdentification(input(NOT_ELIGIBLE, MEETS_NOTHING), TODAY);
    expect(plan.closeForCoverageEnded).toBe(false);
  });

  it("opens a waiting referral's case once the member is covered, with the data's sources if eligible", () => {
    const referral = { referralSources: ['member-self'] as const, forcePublish: false };
    const eligible = planIdentification(input(NOT_ELIGIBLE, CHRONIC_COVERED, referral), TODAY);
    expect(eligible.openings).toEqual([
      { by: 'data', sources: ['encounters'] },
      { by: 'referral', sources: ['member-self', 'encounters'] },
    ]);
    const coveredOnly: IdentificationFinding = { ...MEETS_NOTHING, covered: true };
    expect(planIdentification(input(NOT_ELIGIBLE, coveredOnly, referral), TODAY).openings).toEqual([
      { by: 'referral', sources: ['member-self'] },
    ]);
  });

  it('keeps a referral waiting while the member has no coverage in force (or it is unknown)', () => {
    const referral = { referralSources: ['provider'] as const };
    expect(
      planIdentification(input(NOT_ELIGIBLE, CHRONIC_UNCOVERED, referral), TODAY).openings,
    ).toEqual([]);
    expect(
      planIdentification(input(NOT_ELIGIBLE, MEETS_NOTHING, referral), TODAY).openings,
    ).toEqual([]);
  });

  it('changes nothing in a report-only review of a past month: published only when forced', () => {
    const pastMonth: IdentificationOptions = { publishing: 'every-trigger', reportOnly: true };
    const plan = planIdentification(
      input(NOT_ELIGIBLE, CHRONIC_COVERED, { referralSources: ['member-self'] }),
      pastMonth,
    );
    expect(plan).toEqual({
      changed: true,
      publish: false,
      store: false,
      newlyEligible: false,
      noLongerEligible: false,
      newCriteria: ['four-or-more-chronic-conditions'],
      openings: [],
      closeForCoverageEnded: false,
      markNotEligible: false,
    });
    const forced = planIdentification(
      input(ELIGIBLE, CHRONIC_UNCOVERED, { forcePublish: true }),
      pastMonth,
    );
    expect(forced).toMatchObject({
      publish: true,
      store: false,
      closeForCoverageEnded: false,
      markNotEligible: false,
    });
  });
});
