import {
  MI_UM_2025_2,
  ReferenceFileError,
  SAMPLE_NDC_REFERENCE_FILE,
  evaluateAdherenceEligibility,
  fillMayQualify,
  identifySelectMedication,
  loadNdcReferenceFile,
  normalizeNdc11,
  parseNdcReference,
  type PrescriptionFill,
} from '../src';
import { coverage } from './fixtures/coverage';

const program = MI_UM_2025_2.adherenceProgram;
const sample = loadNdcReferenceFile(SAMPLE_NDC_REFERENCE_FILE);
const HEADER = '{"kind":"header","id":"t","version":"1","asOf":"2026-01-01","source":"test"}';

const fill = (over: Partial<PrescriptionFill> = {}): PrescriptionFill => ({
  fillDate: '2025-03-14',
  ndc: '00071-0155-23',
  drugName: 'Atorvastatin Calcium 10 MG Oral Tablet',
  pharmacyChannel: 'retail',
  ...over,
});

describe('NDC drug reference file', () => {
  it('ships a small sample that says it is a sample', () => {
    expect(sample.header.sample).toBe(true);
    expect(sample.citation).toMatch(/^SAMPLE /);
    expect(sample.byNdc.get('00071015523')?.ingredient).toBe('atorvastatin');
  });

  it.each([
    ['00071-0155-23', '00071015523'],
    ['0071-0155-23', '00071015523'],
    ['00006-019-54', '00006001954'],
    ['12345-6789-1', '12345678901'],
    ['00071015523', '00071015523'],
    ['0071015523', null],
    ['123-45-6', null],
    ['abc', null],
  ])('normalizes %s to %p', (ndc, expected) => {
    expect(normalizeNdc11(ndc)).toBe(expected);
  });

  it('reports every bad row by its line and loads nothing', () => {
    const text = [
      HEADER,
      '{"kind":"ndc","ndc":"00071-0155-23","ingredient":"Atorvastatin","drugClass":"statin"}',
      '{"kind":"ndc","ndc":"0071015523","ingredient":"x","drugClass":"y"}',
      '{"kind":"ndc","ndc":"00071015523","ingredient":"again","drugClass":"statin"}',
      '{"kind":"ndc","ndc":"00071015524"}',
    ].join('\n');
    let issues: readonly string[] = [];
    try {
      parseNdcReference(text, 'bad.jsonl');
    } catch (error) {
      if (error instanceof ReferenceFileError) issues = error.issues;
    }
    expect(issues).toEqual([
      expect.stringMatching(/^line 5: ingredient: /),
      expect.stringMatching(/^line 5: drugClass: /),
      'line 3: ndc: "0071015523" is not an NDC-11 or a dashed 10-digit NDC',
      'line 4: NDC 00071015523 is already on line 2',
    ]);
  });
});

describe('program drugs are identified by NDC; the drug name is only a fallback', () => {
  it('an NDC in the reference decides, whatever the name says', () => {
    const lookup = identifySelectMedication(
      program,
      fill({ drugName: 'something else entirely' }),
      sample,
    );
    expect(lookup).toMatchObject({ method: 'ndc-reference', match: { id: 'statins' } });
    expect(lookup.how).toContain('is atorvastatin (HMG-CoA reductase inhibitor');
    expect(lookup.how).toContain('a SAMPLE file');
  });

  it('an NDC in the reference for a drug outside the program does not qualify, even if the name would', () => {
    const f = fill({ ndc: '00093-7180-56', drugName: 'atorvastatin (mislabelled)' });
    expect(identifySelectMedication(program, f, sample).match).toBeNull();
    expect(fillMayQualify(f, MI_UM_2025_2, sample)).toBe(false);
    // Without the reference the name fallback would have matched.
    expect(fillMayQualify(f, MI_UM_2025_2, null)).toBe(true);
  });

  it('an NDC not in the reference falls back to the name and says so', () => {
    const lookup = identifySelectMedication(program, fill({ ndc: '99999-9999-99' }), sample);
    expect(lookup.method).toBe('drug-name');
    expect(lookup.how).toContain('is not in the drug reference file SAMPLE careflow-ndc-sample');
    expect(lookup.how).toContain('as a fallback');
  });

  it('without a reference file the reason says none is loaded', () => {
    const result = evaluateAdherenceEligibility(
      { coverage: coverage('bcn-commercial', 'fully-insured', 'acme'), fill: fill() },
      MI_UM_2025_2,
    );
    expect(result.eligible).toBe(true);
    expect(result.reasons.join(' ')).toContain('no drug reference file is loaded');
  });

  it('the reason of an NDC-identified fill names the ingredient and the file', () => {
    const result = evaluateAdherenceEligibility(
      {
        coverage: coverage('bcn-commercial', 'fully-insured', 'acme'),
        fill: fill({ ndc: '00006-0277-31', drugName: null }),
      },
      MI_UM_2025_2,
      sample,
    );
    expect(result.eligible).toBe(true);
    expect(result.medicationClass).toBe('non-insulin-diabetes');
    expect(result.reasons.join(' ')).toContain('NDC 00006027731 is sitagliptin');
  });
});
