import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  CCM_CRITERIA_2027_1,
  CCSR_COLUMNS,
  evaluateCcmCriteria,
  loadCcsrTable,
  parseCcsrTable,
  readmissionWithin30Days,
  type CcmCriteriaConfig,
} from '../src';
import { CONFIG_2026, adtDischarge, profileOf, referenceIssues } from './fixtures';

const AS_OF = '2027-06-15';
const home = { dischargeDisposition: '01' };
const CONFIG_2027: CcmCriteriaConfig = CCM_CRITERIA_2027_1;
const COLUMNS = CCSR_COLUMNS.join('\t');

/** An index stay discharged home, then a readmission 15 days later. */
function stays(indexDx: string, readmissionDx: string, year = '2027') {
  return profileOf(
    adtDischarge(`${year}-03-01`, `${year}-03-05`, [indexDx], home),
    adtDischarge(`${year}-03-20`, `${year}-03-22`, [readmissionDx], home),
  );
}

const HEADER = JSON.stringify({
  kind: 'header',
  id: 'test-dxccsr',
  version: 'v0',
  asOf: '2024-01-01',
  source: 'a test table',
});

function tableFile(text: string, gzip = false): string {
  const dir = mkdtempSync(join(tmpdir(), 'ccsr-'));
  const file = join(dir, gzip ? 'table.tsv.gz' : 'table.tsv');
  writeFileSync(file, gzip ? gzipSync(text) : text);
  return file;
}

describe('the shipped DXCCSR table (AHRQ HCUP CCSR v2024.1)', () => {
  const table = loadCcsrTable();

  it('holds every ICD-10-CM code of the release with all its categories and its inpatient default', () => {
    expect(table.header).toMatchObject({ id: 'ahrq-hcup-dxccsr', version: 'v2024.1' });
    expect(table.size).toBe(74986);
    expect(table.categoriesOf('I110')).toEqual(['CIR008', 'CIR019']);
    expect(table.defaultInpatientOf('I110')).toBe('CIR019');
    expect(table.categoriesOf('E1122')).toEqual(['END003', 'END005', 'GEN003']);
    // An external-cause code has categories but no inpatient default (not a principal diagnosis).
    expect(table.categoriesOf('V0001XA')).not.toBeNull();
    expect(table.defaultInpatientOf('V0001XA')).toBeNull();
    // A code first published after the release (FY2025) is absent.
    expect(table.categoriesOf('C810A')).toBeNull();
  });
});

describe('same or similar diagnosis by AHRQ CCSR (ccm-criteria-2027.1: ccsr-category)', () => {
  it('a shared CCSR category across 3-character categories is similar: diabetic CKD E11.22, then CKD stage 4 N18.4 (GEN003)', () => {
    const p = stays('E1122', 'N184');
    const r = readmissionWithin30Days(p, AS_OF, CONFIG_2027);
    expect(r.met).toBe(true);
    expect(r.evidence.readmissions[0]?.similarity).toMatchObject({
      rule: 'ccsr-category',
      key: 'GEN003',
      ccsr: { table: 'ahrq-hcup-dxccsr v2024.1 (as of 2023-10-01)', fallback: null },
    });
    expect(r.evidence.summary).toContain('ccsr-category GEN003');
    // 2026.1 (3-character category, then the curated groups) did not see it.
    expect(
      readmissionWithin30Days(stays('E1122', 'N184', '2026'), '2026-06-15', CONFIG_2026).met,
    ).toBe(false);
  });

  it('no shared CCSR category is not similar, even in the same 3-character category: UTI N39.0, then stress incontinence N39.3', () => {
    const r = readmissionWithin30Days(stays('N390', 'N393'), AS_OF, CONFIG_2027);
    expect(r.met).toBe(false);
    expect(r.evidence.readmissionsWithOtherDiagnosis).toBe(1);
    // A femur fracture, initial (INJ006) and subsequent encounter (INJ043): different categories.
    expect(readmissionWithin30Days(stays('S72001A', 'S72001D'), AS_OF, CONFIG_2027).met).toBe(
      false,
    );
    // 2026.1 matched both by their 3-character category.
    expect(
      readmissionWithin30Days(stays('N390', 'N393', '2026'), '2026-06-15', CONFIG_2026).met,
    ).toBe(true);
  });

  it('a code absent from the table falls back to its 3-character category, and the evidence says so', () => {
    // C81.0A (FY2025) is not in v2024.1: same C81 category as C81.00 is similar, C83.00 is not.
    const r = readmissionWithin30Days(stays('C8100', 'C810A'), AS_OF, CONFIG_2027);
    expect(r.met).toBe(true);
    expect(r.evidence.readmissions[0]?.similarity).toMatchObject({
      rule: 'ccsr-category',
      key: 'C81',
      ccsr: { fallback: 'code-not-in-table' },
    });
    expect(r.evidence.summary).toContain('compared by its 3-character category');
    expect(readmissionWithin30Days(stays('C8300', 'C810A'), AS_OF, CONFIG_2027).met).toBe(false);
  });

  it('ccsr-default-category compares only the inpatient default categories', () => {
    const defaults: CcmCriteriaConfig = {
      ...CONFIG_2027,
      readmission: { ...CONFIG_2027.readmission, similarity: ['ccsr-default-category'] },
    };
    // I11.0 (CIR008, CIR019; default CIR019) and I11.9 (CIR008): all categories share CIR008.
    expect(readmissionWithin30Days(stays('I110', 'I119'), AS_OF, CONFIG_2027).met).toBe(true);
    expect(readmissionWithin30Days(stays('I110', 'I119'), AS_OF, defaults).met).toBe(false);
    // I11.0 and heart failure I50.23: both default to CIR019.
    const hf = readmissionWithin30Days(stays('I110', 'I5023'), AS_OF, defaults);
    expect(hf.evidence.readmissions[0]?.similarity).toMatchObject({
      rule: 'ccsr-default-category',
      key: 'CIR019',
    });
  });

  it('an always-planned readmission is still not counted: maintenance chemotherapy Z51.11 after a cancer stay', () => {
    const r = readmissionWithin30Days(stays('C8100', 'Z5111'), AS_OF, CONFIG_2027);
    expect(r.met).toBe(false);
    expect(r.evidence.plannedReadmissions).toBe(1);
  });

  it('evaluateCcmCriteria reads a table given to it instead of the shipped one', () => {
    // A table in which E11.22 and N18.4 share nothing.
    const table = parseCcsrTable(
      [HEADER, COLUMNS, 'E1122\tEND003\tEND003', 'N184\tGEN003\tGEN003'].join('\n'),
      'inline',
    );
    const p = stays('E1122', 'N184');
    expect(evaluateCcmCriteria(p, AS_OF, CONFIG_2027).criteriaMet).toContain(
      'readmission-30-days-same-condition',
    );
    expect(evaluateCcmCriteria(p, AS_OF, CONFIG_2027, { ccsr: table }).criteriaMet).not.toContain(
      'readmission-30-days-same-condition',
    );
  });
});

describe('loading a DXCCSR table file', () => {
  const rows = ['I110\tCIR019\tCIR008 CIR019', 'V0001XA\t\tEXT016 EXT020'];

  it('reads a plain or gzipped file, once per path', () => {
    for (const gzip of [false, true]) {
      const file = tableFile([HEADER, COLUMNS, ...rows, ''].join('\n'), gzip);
      const table = loadCcsrTable(file);
      expect(table.citation).toBe('test-dxccsr v0 (as of 2024-01-01)');
      expect(table.size).toBe(2);
      expect(table.defaultInpatientOf('V0001XA')).toBeNull();
      expect(loadCcsrTable(file)).toBe(table);
    }
  });

  it('rejects a malformed file whole, naming each bad line', () => {
    const file = tableFile(
      [
        HEADER,
        COLUMNS,
        ...rows,
        'I50.9\tCIR019\tCIR019',
        'I509\tCIR019',
        'I5023\tRSP002\tCIR019',
        'I5021\tCIR019\tcir019',
        'I110\tCIR019\tCIR019',
      ].join('\n'),
    );
    expect(referenceIssues(() => loadCcsrTable(file))).toEqual([
      'line 5: code "I50.9" is not a dot-less ICD-10-CM code',
      'line 6: expected 3 tab-separated columns, found 2',
      `line 7: default category "RSP002" is not one of the code's categories`,
      'line 8: category "cir019" is not a CCSR category (ABC123)',
      'line 9: code I110 is already on line 3',
    ]);
  });

  it('rejects a file without its header, its column names, or any row, and one it cannot read', () => {
    expect(() => parseCcsrTable([COLUMNS, ...rows].join('\n'), 'x')).toThrow(
      /line 1 \(header\): not a JSON object/,
    );
    expect(() => parseCcsrTable([HEADER, ...rows].join('\n'), 'x')).toThrow(/line 2: expected/);
    expect(() => parseCcsrTable([HEADER, COLUMNS].join('\n'), 'x')).toThrow(/no rows/);
    expect(() => loadCcsrTable('/nonexistent/dxccsr.tsv')).toThrow(/cannot be read/);
  });
});
