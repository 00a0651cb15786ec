import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CCM_CRITERIA_2027_1,
  PLANNED_READMISSION_COLUMNS,
  loadPlannedReadmissionTable,
  parsePlannedReadmissionTable,
  readmissionWithin30Days,
} from '../src';
import { CONFIG_2026, inpatientClaim, profileOf, referenceIssues } from './fixtures';

const AS_OF = '2027-06-15';
const home = { dischargeStatus: '01' };

/** An index stay discharged home, then a readmission 15 days later with its procedures. */
function readmitted(indexDx: string, readmissionDx: string, pcs: string[], year = '2027') {
  return profileOf(
    inpatientClaim(`${year}-03-01`, `${year}-03-05`, [indexDx], home),
    inpatientClaim(`${year}-03-20`, `${year}-03-22`, [readmissionDx], {
      ...home,
      icd10PcsCodes: pcs,
    }),
  );
}

describe('the shipped CMS Planned Readmission Algorithm v4.0 tables (2019 HWR ICD-10)', () => {
  const table = loadPlannedReadmissionTable();

  it('classes diagnoses and procedures by PR.1–PR.4', () => {
    expect(table.header.id).toBe('cms-planned-readmission-algorithm');
    expect(table.diagnosisClass('Z5111')).toBe('always-planned'); // PR.2 CCS 45
    expect(table.diagnosisClass('I2101')).toBe('acute'); // PR.4 CCS 100
    expect(table.diagnosisClass('M1711')).toBe('not-acute');
    expect(table.procedureClass('0TY00Z0')).toBe('always-planned'); // PR.1 CCS 105
    expect(table.procedureClass('0SRC0J9')).toBe('potentially-planned'); // PR.3 knee arthroplasty
    expect(table.procedureClass('0DTJ4ZZ')).toBeNull();
    expect(table.diagnosisClass('C810A')).toBeNull(); // newer than the 2019 maps
  });
});

describe('planned readmissions by CMS PR.1–PR.4 (ccm-criteria-2027.1: cms-pra-v4)', () => {
  it('a potentially planned procedure with a non-acute principal diagnosis is planned and not counted: knee arthroplasty for osteoarthritis', () => {
    const r = readmissionWithin30Days(
      readmitted('M1711', 'M1711', ['0SRC0J9']),
      AS_OF,
      CCM_CRITERIA_2027_1,
    );
    expect(r.met).toBe(false);
    expect(r.evidence.plannedReadmissions).toBe(1);
    expect(r.evidence.planned[0]).toMatchObject({ admissionDate: '2027-03-20' });
    expect(r.evidence.planned[0]?.reason).toMatch(/^PR\.3 potentially planned procedure 0SRC0J9/);
    // 2026.1 applied PR.1/PR.2 only: the same stays were a readmission.
    expect(
      readmissionWithin30Days(
        readmitted('M1711', 'M1711', ['0SRC0J9'], '2026'),
        '2026-06-15',
        CONFIG_2026,
      ).met,
    ).toBe(true);
  });

  it('a potentially planned procedure with an acute principal diagnosis is counted: a coronary intervention for myocardial infarction', () => {
    const r = readmissionWithin30Days(
      readmitted('I2101', 'I2101', ['02703ZZ']),
      AS_OF,
      CCM_CRITERIA_2027_1,
    );
    expect(r.met).toBe(true);
    expect(r.evidence.plannedReadmissions).toBe(0);
  });

  it('a principal diagnosis the tables do not class counts as acute: the readmission is counted', () => {
    const r = readmissionWithin30Days(
      readmitted('C8100', 'C810A', ['0SRC0J9']),
      AS_OF,
      CCM_CRITERIA_2027_1,
    );
    expect(r.met).toBe(true);
  });

  it('always planned: a PR.1 procedure (kidney transplant) or a PR.2 principal diagnosis (maintenance chemotherapy)', () => {
    const transplant = readmissionWithin30Days(
      readmitted('N184', 'N186', ['0TY00Z0']),
      AS_OF,
      CCM_CRITERIA_2027_1,
    );
    expect(transplant.evidence.planned[0]?.reason).toMatch(
      /^PR\.1 always-planned procedure 0TY00Z0/,
    );
    const chemo = readmissionWithin30Days(
      readmitted('C8100', 'Z5111', []),
      AS_OF,
      CCM_CRITERIA_2027_1,
    );
    expect(chemo.met).toBe(false);
    expect(chemo.evidence.planned[0]?.reason).toMatch(
      /^PR\.2 always-planned principal diagnosis Z5111/,
    );
  });

  it('reads tables given to it instead of the shipped ones', () => {
    const header = { kind: 'header', id: 't', version: 'v0', asOf: '2019-01-01', source: 's' };
    const acuteKnee = parsePlannedReadmissionTable(
      [
        JSON.stringify(header),
        PLANNED_READMISSION_COLUMNS.join('\t'),
        'ICD-10-CM\tM1711\tacute',
        'ICD-10-PCS\t0SRC0J9\tpotentially-planned',
      ].join('\n'),
      'inline',
    );
    const p = readmitted('M1711', 'M1711', ['0SRC0J9']);
    expect(
      readmissionWithin30Days(p, AS_OF, CCM_CRITERIA_2027_1, undefined, {
        plannedReadmission: acuteKnee,
      }).met,
    ).toBe(true);
  });
});

describe('loading planned readmission tables', () => {
  it('rejects a malformed file whole, naming each bad line', () => {
    const header = { kind: 'header', id: 't', version: 'v0', asOf: '2019-01-01', source: 's' };
    const file = join(mkdtempSync(join(tmpdir(), 'pra-')), 'pra.tsv');
    writeFileSync(
      file,
      [
        JSON.stringify(header),
        PLANNED_READMISSION_COLUMNS.join('\t'),
        'ICD-10-CM\tI2101\tacute',
        'ICD-10-CM\tI2101\tnot-acute',
        'ICD-10-PCS\t0SRC0J9\tacute',
        'CPT\t27447\tpotentially-planned',
        'ICD-10-CM\tI21.01\tacute',
      ].join('\n'),
    );
    expect(referenceIssues(() => loadPlannedReadmissionTable(file))).toEqual([
      'line 4: ICD-10-CM I2101 is listed twice',
      'line 5: class "acute" is not one of always-planned, potentially-planned',
      'line 6: system "CPT" is not ICD-10-CM or ICD-10-PCS',
      'line 7: code "I21.01" is not a dot-less ICD-10 code',
    ]);
  });
});
