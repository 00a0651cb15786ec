import {
  CCM_CRITERIA_2027_1,
  TRANSFER_DISCHARGE_STATUS,
  UB04_DISCHARGE_STATUS,
  applyClinicalEvent,
  criteriaVersionInEffect,
  emptyClinicalProfile,
  isAcuteTransferStatus,
  normalizeDischargeStatus,
  readmissionWithin30Days,
} from '../src';
import {
  AS_OF_2026 as AS_OF,
  CONFIG_2026,
  FACILITY_A,
  FACILITY_B,
  MEMBER,
  adtDischarge,
  inpatientClaim,
  profileOf,
} from './fixtures';

const NOT_TRANSFER = ['01', '03', '04', '06', '07', '20', '21', '50', '51', '64', '70', '81'];

describe('UB-04 discharge status (NUBC FL17)', () => {
  it('every transfer status is a NUBC code', () => {
    for (const c of TRANSFER_DISCHARGE_STATUS) expect(UB04_DISCHARGE_STATUS[c]).toBeDefined();
  });

  it.each(TRANSFER_DISCHARGE_STATUS)(
    '%s sends the patient to another inpatient hospital setting',
    (c) => {
      expect(isAcuteTransferStatus(c)).toBe(true);
    },
  );

  it.each([...NOT_TRANSFER, '83', '84', '86', '87', '92', '95'])('%s is not a transfer', (c) => {
    expect(isAcuteTransferStatus(c)).toBe(false);
  });

  it.each([
    ['2', '02'],
    [' 62 ', '62'],
    ['Home', '01'],
    ['home  or self care', '01'],
    ['SNF', '03'],
    ['Expired', '20'],
    ['Inpatient Rehabilitation Facility', '62'],
    ['acute care hospital', '02'],
    ['somewhere', null],
    ['', null],
    [null, null],
  ])('reads the ADT disposition %p as %p', (text, code) => {
    expect(normalizeDischargeStatus(text)).toBe(code);
  });
});

describe('transfers from claims: dischargeStatus on claims.medical.v1', () => {
  it('the claim carries its UB-04 status into the clinical profile', () => {
    const p = applyClinicalEvent(
      emptyClinicalProfile(MEMBER),
      inpatientClaim('2026-03-01', '2026-03-05', ['I5023'], { dischargeStatus: '62' }),
    );
    expect(p.inpatientStays[0]?.dischargeDisposition).toBe('62');
  });

  it('a claim discharged home (01) then a next-day claim is a readmission; 62 (IRF) makes it a transfer', () => {
    const after = (status: string) =>
      profileOf(
        inpatientClaim('2026-03-01', '2026-03-05', ['I5023'], { dischargeStatus: status }),
        inpatientClaim('2026-03-06', '2026-03-09', ['I5023'], { facilityNpi: FACILITY_B }),
      );
    expect(readmissionWithin30Days(after('01'), AS_OF, CONFIG_2026).met).toBe(true);
    expect(readmissionWithin30Days(after('62'), AS_OF, CONFIG_2026).met).toBe(false);
    expect(readmissionWithin30Days(after('83'), AS_OF, CONFIG_2026).met).toBe(true);
  });

  it('an ADT text disposition "Home" is read as 01: the next-day stay is a readmission', () => {
    const p = profileOf(
      adtDischarge('2026-03-01', '2026-03-05', ['I5023'], { dischargeDisposition: 'Home' }),
      adtDischarge('2026-03-06', '2026-03-09', ['I5023'], { facilityNpi: FACILITY_B }),
    );
    expect(readmissionWithin30Days(p, AS_OF, CONFIG_2026).met).toBe(true);
  });
});

describe('no discharge status known (ccm-criteria-2027.1: transfer-if-other-facility)', () => {
  const AS_OF_2027 = '2027-06-15';
  const stays = (nextFacility: string) =>
    profileOf(
      inpatientClaim('2027-03-01', '2027-03-05', ['I5023'], { facilityNpi: FACILITY_A }),
      inpatientClaim('2027-03-06', '2027-03-09', ['I5023'], { facilityNpi: nextFacility }),
    );

  it('is in effect from 2027-01-01; 2026.1 ends the day before', () => {
    expect(criteriaVersionInEffect('2026-12-31').version).toBe('ccm-criteria-2026.1');
    expect(criteriaVersionInEffect('2027-01-01').version).toBe('ccm-criteria-2027.1');
  });

  it('the same hospital re-admitting the next day is a readmission', () => {
    const r = readmissionWithin30Days(stays(FACILITY_A), AS_OF_2027, CCM_CRITERIA_2027_1);
    expect(r.met).toBe(true);
  });

  it('another hospital the next day is a transfer, and the evidence says it was assumed', () => {
    const r = readmissionWithin30Days(stays(FACILITY_B), AS_OF_2027, CCM_CRITERIA_2027_1);
    expect(r.met).toBe(false);
    expect(r.evidence.summary).toContain(
      'after a stay with no discharge status treated as transfer(s), not readmissions (inpatient.unknownDisposition: transfer-if-other-facility)',
    );
  });

  it('2026.1 (transfer) still reads both as transfers, and says so', () => {
    const p = profileOf(
      inpatientClaim('2026-03-01', '2026-03-05', ['I5023']),
      inpatientClaim('2026-03-06', '2026-03-09', ['I5023']),
    );
    const r = readmissionWithin30Days(p, AS_OF, CONFIG_2026);
    expect(r.met).toBe(false);
    expect(r.evidence.summary).toContain('(inpatient.unknownDisposition: transfer)');
  });
});
