import { readFileSync } from 'node:fs';
import {
  BUILT_IN_HCPCS_REFERENCE_FILE,
  MI_UM_2025_2,
  ReferenceFileError,
  builtInHcpcsReference,
  classifyDrug,
  compileRoutingPolicy,
  isCancerDiagnosis,
  loadHcpcsReferenceFile,
  parseHcpcsReference,
} from '../src';
import { coverage } from './fixtures/coverage';
import { paRequest } from './fixtures/requests';

const HEADER =
  '{"kind":"header","id":"test-ref","version":"1","asOf":"2026-01-01","source":"test rows"}';
const issuesOf = (text: string): readonly string[] => {
  try {
    parseHcpcsReference(text, 'test.jsonl');
  } catch (error) {
    if (error instanceof ReferenceFileError) return error.issues;
    throw error;
  }
  return [];
};

describe('HCPCS drug class reference file', () => {
  it('ships a reference with its source and date, every row valid', () => {
    const ref = builtInHcpcsReference();
    expect(ref.header.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(ref.header.source).toContain('CMS HCPCS Level II');
    expect(ref.header.source).toContain('FDA Purple Book');
    expect(ref.codes.size).toBeGreaterThan(50);
    expect(loadHcpcsReferenceFile(BUILT_IN_HCPCS_REFERENCE_FILE).citation).toBe(ref.citation);
  });

  it('reports each bad row with its line and loads nothing', () => {
    const text = [
      '# comment',
      HEADER,
      '{"kind":"code","code":"J1745","name":"infliximab","category":"other","drugClass":"TNF"}',
      '{"kind":"code","code":"X12","name":"bad","category":"other","drugClass":"x"}',
      '{"kind":"code","code":"J1745","name":"again","category":"other","drugClass":"TNF"}',
      'not json',
      '{"kind":"biosimilar","code":"Q5101","name":"filgrastim-sndz","referenceProduct":"filgrastim"}',
      '{"kind":"mystery"}',
    ].join('\n');
    const issues = issuesOf(text);
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^line 4: code: a HCPCS Level II code/),
        'line 6: not a JSON object',
        expect.stringMatching(/^line 8: kind: /),
        'line 5: code J1745 is already on line 3',
        'line 7: reference product "filgrastim" has no row',
      ]),
    );
  });

  it('needs a header first, with a real date', () => {
    expect(issuesOf('')).toEqual(['the file has no header line']);
    expect(issuesOf(HEADER.replace('2026-01-01', '2026-02-30'))[0]).toMatch(
      /^line 1 \(header\): asOf: /,
    );
  });

  it('needs cancer-diagnosis rows when it lists dual-use drugs', () => {
    const text = `${HEADER}\n{"kind":"dual-use","code":"J0897","name":"denosumab","oncologyCategory":"supportive-care","drugClass":"bone","otherUses":"osteoporosis"}`;
    expect(issuesOf(text)).toEqual(['dual-use drugs need at least one cancer-diagnosis row']);
  });

  it('says a missing file cannot be read', () => {
    expect(() => loadHcpcsReferenceFile('/nonexistent/drug-classes.jsonl')).toThrow(
      /cannot be read/,
    );
  });

  it('an operator file classifies a new code without a code change', () => {
    const text = `${HEADER}\n{"kind":"code","code":"J1999","name":"newmab","category":"medical-oncology","drugClass":"antineoplastic"}`;
    const reference = parseHcpcsReference(text, 'newer.jsonl');
    const router = compileRoutingPolicy(MI_UM_2025_2, { drugReference: reference });
    const decision = router.route({
      request: paRequest('medical', { code: 'J1999', codeSystem: 'HCPCS' }),
      coverage: coverage('bcn-commercial', 'fully-insured', 'acme'),
    });
    expect(decision.vendor?.id).toBe('aim-specialty-health');
    expect(decision.ruleTrace[0]).toBe('drug-class.hcpcs.J1999');
    // The shipped reference does not know the code: manual review, not a default vendor.
    const shipped = compileRoutingPolicy(MI_UM_2025_2).route({
      request: paRequest('medical', { code: 'J1999', codeSystem: 'HCPCS' }),
      coverage: coverage('bcn-commercial', 'fully-insured', 'acme'),
    });
    expect(shipped.outcome).toBe('manual-review');
    expect(shipped.reasons[0]).toContain('HCPCS J1999 is not in the drug class reference');
    expect(shipped.reasons[0]).toContain('cannot be determined from the code');
  });

  it('the shipped file is JSON Lines (one object per line)', () => {
    const lines = readFileSync(BUILT_IN_HCPCS_REFERENCE_FILE, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '' && !l.startsWith('#'));
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
  });
});

describe('cancer diagnoses (ICD-10-CM chapter 2, benign neoplasms left out)', () => {
  const ref = builtInHcpcsReference();
  it.each([
    ['B99.9', false],
    ['C00.0', true],
    ['C7A.010', true],
    ['C96.Z', true],
    ['D09.9', true],
    ['D10.0', false],
    ['D25.9', false],
    ['D36.9', false],
    ['D37.01', true],
    ['D46.9', true],
    ['D49.9', true],
    ['D50.0', false],
    ['Z51.11', true],
    ['Z51.12', true],
    ['Z51.81', false],
    ['M81.0', false],
  ])('%s -> %p', (code, expected) => {
    expect(isCancerDiagnosis(ref, code)).toBe(expected);
  });
});

describe('dual-use drugs: the request diagnoses decide', () => {
  it.each<[string, string[], string | null, string]>([
    ['J9312', ['C83.30'], 'medical-oncology', 'dual-use.J9312.cancer-diagnosis'],
    ['J9312', ['M05.79'], 'other', 'dual-use.J9312.no-cancer-diagnosis'],
    ['J9312', [], null, 'dual-use.J9312.no-diagnosis'],
    ['J0897', ['M81.0', 'C79.51'], 'supportive-care', 'dual-use.J0897.cancer-diagnosis'],
    ['J0897', ['M81.0'], 'other', 'dual-use.J0897.no-cancer-diagnosis'],
    ['Q5119', ['C91.10'], 'medical-oncology', 'dual-use.Q5119.cancer-diagnosis'],
    ['Q5119', ['M31.31'], 'other', 'dual-use.Q5119.no-cancer-diagnosis'],
    ['J1950', ['D25.9'], 'other', 'dual-use.J1950.no-cancer-diagnosis'],
    ['J1950', ['C61'], 'medical-oncology', 'dual-use.J1950.cancer-diagnosis'],
    ['J0885', ['N18.4'], 'other', 'dual-use.J0885.no-cancer-diagnosis'],
    ['J0885', ['D63.0', 'C50.911'], 'supportive-care', 'dual-use.J0885.cancer-diagnosis'],
  ])('%s with %j -> %p', (code, diagnosisCodes, category, matchedBy) => {
    const c = classifyDrug({ code, codeSystem: 'HCPCS' }, { diagnosisCodes });
    expect(c.category).toBe(category);
    expect(c.matchedBy).toBe(matchedBy);
  });

  it('a diagnosis wins over a contradicting hint', () => {
    const c = classifyDrug(
      { code: 'J9312', codeSystem: 'HCPCS', categoryHint: 'oncology' },
      { diagnosisCodes: ['M05.79'] },
    );
    expect(c.category).toBe('other');
  });

  it('routes rituximab for rheumatoid arthritis to NovoLogix and for lymphoma to AIM', () => {
    const router = compileRoutingPolicy(MI_UM_2025_2);
    const route = (diagnosisCodes: string[]) =>
      router.route({
        request: paRequest('medical', { code: 'J9312', codeSystem: 'HCPCS' }, { diagnosisCodes }),
        coverage: coverage('bcn-commercial', 'fully-insured', 'acme'),
      });
    expect(route(['M05.79']).vendor?.id).toBe('bcbsm-bcn-pharmacy');
    expect(route(['C83.30']).vendor?.id).toBe('aim-specialty-health');
    const none = route([]);
    expect(none.outcome).toBe('manual-review');
    expect(none.reasons[0]).toContain('the request has no diagnosis codes');
  });
});

describe('biosimilars newer than the reference', () => {
  it('classifies by the reference product in the drug name, saying it is a fallback', () => {
    const c = classifyDrug(
      { code: 'Q5140', codeSystem: 'HCPCS', name: 'Pegfilgrastim-XXXX (new)' },
      {},
    );
    expect(c).toMatchObject({ category: 'supportive-care', method: 'drug-name' });
    expect(c.explanation).toContain('a fallback: the name is the requester');
  });

  it('a dual-use reference product still needs the diagnoses', () => {
    const drug = { code: 'Q5136', codeSystem: 'HCPCS' as const, name: 'denosumab-bbdz (Wyost)' };
    expect(classifyDrug(drug, { diagnosisCodes: ['C79.51'] })).toMatchObject({
      category: 'supportive-care',
      method: 'drug-name',
    });
    expect(classifyDrug(drug, { diagnosisCodes: ['M81.0'] }).category).toBe('other');
    expect(classifyDrug(drug, {}).category).toBeNull();
  });

  it('an unknown product name stays unclassified', () => {
    expect(
      classifyDrug({ code: 'Q5199', codeSystem: 'HCPCS', name: 'newmab-abcd' }, {}).category,
    ).toBeNull();
  });
});
