import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CLAIM_MAPPING, readHealthCareClaims } from './health-care-claim-837';
import { readInterchange, type TransactionSetReading } from './interchange';

const sample = (name: string) =>
  readFileSync(join(__dirname, '../../../../docs/samples/x12', name), 'utf8');
const institutional = sample('837i-inpatient-claim.x12');
const professional = sample('837p-professional-claim.x12');

function onlySet(text: string): TransactionSetReading {
  const reading = readInterchange(text);
  if (reading.kind !== 'interchange') throw new Error(`envelope error ${reading.note}`);
  const set = reading.groups[0]?.sets[0];
  if (!set) throw new Error('no set');
  return set;
}

function read(text: string, form: 'professional' | 'institutional') {
  const set = onlySet(text);
  expect(set.error).toBeUndefined();
  return readHealthCareClaims(set.segments, form, ':', DEFAULT_CLAIM_MAPPING);
}

describe('837 claims to claims.medical.v1', () => {
  it('maps an 837I inpatient stay: bill type, dates, CL1 status, HI diagnoses with POA, PCS, DRG', () => {
    const reading = read(institutional, 'institutional');
    expect(reading.errors).toEqual([]);
    expect(reading.claims).toHaveLength(1);
    expect(reading.claims[0]?.claim).toEqual({
      claimId: '1234567893-DGH-V2027-00017',
      memberId: 'SAMPLE837I01',
      claimType: 'institutional-inpatient',
      status: 'paid',
      serviceFrom: '2027-01-10',
      serviceTo: '2027-01-15',
      admissionDate: '2027-01-10',
      dischargeDate: '2027-01-15',
      facilityNpi: '1234567893',
      diagnosisCodes: ['I5023', 'E119', 'N179'],
      procedureCodes: ['80053', '99285'],
      icd10PcsCodes: ['5A1955Z'],
      drg: '291',
      claimStage: 'submitted',
      claimFrequency: 'original',
      diagnoses: [
        { code: 'I5023', role: 'principal', presentOnAdmission: 'Y' },
        { code: 'R0602', role: 'admitting', presentOnAdmission: null },
        { code: 'E119', role: 'other', presentOnAdmission: 'Y' },
        { code: 'N179', role: 'other', presentOnAdmission: 'N' },
      ],
      admissionType: '1',
      dischargeStatus: '01',
      typeOfBill: '111',
      placeOfService: null,
      billingProviderNpi: '1234567893',
      renderingProviderNpi: null,
    });
  });

  it('maps an 837P: place of service, line dates and CPT codes, the rendering provider', () => {
    const reading = read(professional, 'professional');
    expect(reading.errors).toEqual([]);
    expect(reading.claims[0]?.claim).toMatchObject({
      claimId: '1192736480-GLC-2027-0042',
      memberId: 'SAMPLE837P01',
      claimType: 'professional',
      status: 'paid',
      serviceFrom: '2027-01-18',
      serviceTo: '2027-01-18',
      admissionDate: null,
      dischargeDate: null,
      facilityNpi: null,
      diagnosisCodes: ['I5022', 'E119', 'I10'],
      procedureCodes: ['99214', '93000'],
      placeOfService: '11',
      typeOfBill: null,
      billingProviderNpi: '1192736480',
      renderingProviderNpi: '1326480955',
    });
  });

  it('an outpatient bill type is not a stay; a patient still in hospital (CL1-03 30) has no discharge', () => {
    const outpatient = read(institutional.replace('11:A:1', '13:A:1'), 'institutional');
    expect(outpatient.claims[0]?.claim).toMatchObject({
      claimType: 'institutional-outpatient',
      typeOfBill: '131',
      dischargeDate: null,
    });
    const interim = read(institutional.replace('CL1*1*1*01~', 'CL1*1*1*30~'), 'institutional');
    expect(interim.claims[0]?.claim).toMatchObject({
      claimType: 'institutional-inpatient',
      dischargeDate: null,
      dischargeStatus: '30',
    });
  });

  it('a replacement keeps the claimId; a void withdraws it (status reversed)', () => {
    const original = read(institutional, 'institutional').claims[0]?.claim;
    const replacement = read(institutional.replace('11:A:1', '11:A:7'), 'institutional');
    const voided = read(institutional.replace('11:A:1', '11:A:8'), 'institutional');
    expect(replacement.claims[0]?.claim).toMatchObject({
      claimId: original?.claimId,
      claimFrequency: 'replacement',
      status: 'paid',
    });
    expect(voided.claims[0]?.claim).toMatchObject({
      claimId: original?.claimId,
      claimFrequency: 'void',
      status: 'reversed',
    });
  });

  it('rejects the set naming segment, loop and element, never the value', () => {
    const badFrequency = read(institutional.replace('11:A:1', '11:A:5'), 'institutional');
    expect(badFrequency.claims).toEqual([]);
    expect(badFrequency.errors).toEqual([
      {
        segmentTag: 'CLM',
        position: 18,
        loopId: '2300',
        code: '8',
        element: { position: 5, component: 3, reference: '1325', code: '7' },
      },
    ]);
    const badDiagnosis = read(professional.replace('ABK:I5022', 'ABK:12345'), 'professional');
    expect(badDiagnosis.errors).toEqual([
      expect.objectContaining({
        segmentTag: 'HI',
        loopId: '2300',
        element: { position: 1, component: 2, reference: '1271', code: '7' },
      }),
    ]);
    const noPrincipal = read(professional.replace('HI*ABK:I5022*', 'HI*'), 'professional');
    expect(noPrincipal.errors).toEqual([
      { segmentTag: 'HI', position: 19, loopId: '2300', code: '3' },
    ]);
    expect(JSON.stringify(badDiagnosis.errors)).not.toContain('12345');
    const noStatement = read(
      institutional.replace('DTP*434*RD8*20270110-20270115~\n', '').replace('SE*38*', 'SE*37*'),
      'institutional',
    );
    expect(noStatement.errors).toEqual([
      { segmentTag: 'DTP', position: 18, loopId: '2300', code: '3' },
    ]);
  });

  it('rejects a claim of a 2000C patient (no member id of their own)', () => {
    const dependent = professional
      .replace(
        'NM1*PR*2*CAREFLOW HEALTH PLAN*****PI*381111111~',
        'NM1*PR*2*CAREFLOW HEALTH PLAN*****PI*381111111~\nHL*3*2*23*0~\nPAT*19~\nNM1*QC*1*SAMPLE*RILEY~',
      )
      .replace('SE*28*', 'SE*31*');
    const reading = read(dependent, 'professional');
    expect(reading.claims).toEqual([]);
    expect(reading.errors).toEqual([
      { segmentTag: 'HL', position: 18, loopId: '2000C', code: '2' },
    ]);
  });
});
