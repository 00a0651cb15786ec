import {
  decideEnrollmentNotice,
  statusUpdateOutreach,
  type EnrollmentNoticeFacts,
  type PcpIdentity,
} from './pcp-notification';

const drSmith: PcpIdentity = { npi: '1111111111', name: 'Dr. Smith' };
const drJones: PcpIdentity = { npi: '2222222222', name: 'Dr. Jones' };

const facts = (over: Partial<EnrollmentNoticeFacts<PcpIdentity>>) => ({
  caseManagerAssigned: true,
  currentPcp: drSmith,
  noticesSentTo: [],
  caseManagerMissingOpen: false,
  pcpMissingOpen: false,
  ...over,
});

describe('decideEnrollmentNotice', () => {
  it('waits for a case manager and tells the supervisors once', () => {
    expect(decideEnrollmentNotice(facts({ caseManagerAssigned: false }))).toEqual({
      action: 'await-case-manager',
      tellSupervisors: true,
    });
    expect(
      decideEnrollmentNotice(facts({ caseManagerAssigned: false, caseManagerMissingOpen: true })),
    ).toEqual({ action: 'await-case-manager', tellSupervisors: false });
  });

  it('waits for the case manager before looking at the PCP', () => {
    expect(decideEnrollmentNotice(facts({ caseManagerAssigned: false, currentPcp: null }))).toEqual(
      { action: 'await-case-manager', tellSupervisors: true },
    );
  });

  it('waits for a PCP on file and tells the case manager once', () => {
    expect(decideEnrollmentNotice(facts({ currentPcp: null }))).toEqual({
      action: 'await-pcp',
      tellCaseManager: true,
    });
    expect(decideEnrollmentNotice(facts({ currentPcp: null, pcpMissingOpen: true }))).toEqual({
      action: 'await-pcp',
      tellCaseManager: false,
    });
  });

  it('notifies the PCP on file of the first enrollment', () => {
    expect(decideEnrollmentNotice(facts({}))).toEqual({
      action: 'notify',
      pcp: drSmith,
      previousPcp: null,
    });
  });

  it('notifies nobody when the PCP on file already had the notice', () => {
    expect(decideEnrollmentNotice(facts({ noticesSentTo: [drSmith] }))).toEqual({
      action: 'already-notified',
    });
    expect(decideEnrollmentNotice(facts({ noticesSentTo: [drJones, drSmith] }))).toEqual({
      action: 'already-notified',
    });
  });

  it('notifies a new PCP and names the one who had the latest notice', () => {
    const drLee: PcpIdentity = { npi: '3333333333', name: 'Dr. Lee' };
    expect(
      decideEnrollmentNotice(facts({ currentPcp: drLee, noticesSentTo: [drJones, drSmith] })),
    ).toEqual({ action: 'notify', pcp: drLee, previousPcp: drJones });
  });

  it('compares PCPs by NPI, not by name', () => {
    const renamed = { ...drSmith, name: 'Dr. A. Smith' };
    expect(
      decideEnrollmentNotice(facts({ currentPcp: renamed, noticesSentTo: [drSmith] })),
    ).toEqual({ action: 'already-notified' });
  });
});

describe('statusUpdateOutreach', () => {
  it('writes to the PCP on file, and calls only on a change in condition', () => {
    expect(
      statusUpdateOutreach({ hospitalStay: false, conditionChanged: false, pcpOnFile: true }),
    ).toEqual({ letter: true, promptHospitalStay: false, pcpMissing: false, call: false });
    expect(
      statusUpdateOutreach({ hospitalStay: false, conditionChanged: true, pcpOnFile: true }),
    ).toEqual({ letter: true, promptHospitalStay: false, pcpMissing: false, call: true });
  });

  it('reports a missing PCP instead of a letter, and still asks for the call', () => {
    expect(
      statusUpdateOutreach({ hospitalStay: false, conditionChanged: false, pcpOnFile: false }),
    ).toEqual({ letter: false, promptHospitalStay: false, pcpMissing: true, call: false });
    expect(
      statusUpdateOutreach({ hospitalStay: false, conditionChanged: true, pcpOnFile: false }),
    ).toEqual({ letter: false, promptHospitalStay: false, pcpMissing: true, call: true });
  });

  it('prompts the case manager and asks for the call on a hospital stay, writing nothing', () => {
    for (const pcpOnFile of [true, false])
      for (const conditionChanged of [true, false])
        expect(statusUpdateOutreach({ hospitalStay: true, conditionChanged, pcpOnFile })).toEqual({
          letter: false,
          promptHospitalStay: true,
          pcpMissing: false,
          call: true,
        });
  });
});
