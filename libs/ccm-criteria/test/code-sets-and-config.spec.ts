import {
  addMonths,
  calendarQuarter,
  CCM_CRITERIA_2025_1,
  CODE_SETS_2025_1,
  CodeMatcher,
  codeSetsFor,
  CodeSetValidationError,
  compileCodeSets,
  CriteriaConfigValidationError,
  criteriaVersion,
  criteriaVersionInEffect,
  loadCriteriaConfig,
  loadCriteriaVersions,
  normalizeCode,
} from '../src';

describe('code matching', () => {
  it('normalizes codes and MS-DRGs', () => {
    expect(normalizeCode(' e11.65 ')).toBe('E1165');
    expect(normalizeCode('5', 'MS-DRG')).toBe('005');
  });

  it('matches prefixes, ranges, patterns, and honours exclusions', () => {
    const m = new CodeMatcher('CPT-HCPCS', [
      { spec: 'J9000-J9999', value: 'chemo' },
      { spec: '96401-96549', value: 'admin', exclude: ['96523'] },
      { spec: '3394', value: 'prefix' },
    ]);
    expect(m.match('J9045').map((x) => x.value)).toEqual(['chemo']);
    expect(m.match('J8999')).toEqual([]);
    expect(m.first('96413')?.spec).toBe('96401-96549');
    expect(m.match('96523')).toEqual([]);
    expect(m.first('33945')?.value).toBe('prefix');
    const pcs = new CodeMatcher('ICD-10-PCS', [
      { spec: '0HB', value: 'excision', exclude: ['0_B___X'] },
    ]);
    expect(pcs.first('0HBT0ZZ')?.value).toBe('excision');
    expect(pcs.first('0HBT0ZX')).toBeNull();
  });

  it('covers C4A/C7A within C00–C96 and not D3A', () => {
    const c = codeSetsFor('2025.1');
    expect(c.malignant.first('C4A9')).not.toBeNull();
    expect(c.malignant.first('C7A00')).not.toBeNull();
    expect(c.malignant.first('D3A00')).toBeNull();
    expect(c.malignant.first('C44311')).toBeNull();
  });

  it('does date arithmetic at month ends and quarter boundaries', () => {
    expect(addMonths('2025-03-31', -1)).toBe('2025-02-28');
    expect(addMonths('2024-02-29', -12)).toBe('2023-02-28');
    expect(calendarQuarter('2025-01-01', -1)).toEqual({
      label: '2024-Q4',
      from: '2024-10-01',
      to: '2024-12-31',
    });
  });
});

describe('code-set data validation', () => {
  it('the shipped code sets are valid and every group cites a source', () => {
    expect(() => compileCodeSets(CODE_SETS_2025_1)).not.toThrow();
    const groups = [
      ...CODE_SETS_2025_1.chronicConditions,
      ...CODE_SETS_2025_1.transplant,
      ...CODE_SETS_2025_1.trauma.injuries,
      ...CODE_SETS_2025_1.cancer.modalities,
      ...CODE_SETS_2025_1.clinicalGroups,
    ];
    for (const g of groups) expect(g.sources.length).toBeGreaterThan(0);
  });

  it('lists each chronic condition of the source document once', () => {
    expect(CODE_SETS_2025_1.chronicConditions.map((c) => c.id)).toHaveLength(21);
    expect(
      CODE_SETS_2025_1.chronicConditions.filter((c) => c.heading === 'pulmonary'),
    ).toHaveLength(6);
    expect(CODE_SETS_2025_1.chronicConditions.filter((c) => c.heading === 'cardiac')).toHaveLength(
      3,
    );
  });

  const broken = (patch: (b: typeof CODE_SETS_2025_1) => void) => {
    const copy = structuredClone(CODE_SETS_2025_1);
    patch(copy);
    return () => compileCodeSets(copy);
  };

  it('rejects a malformed code, a backwards range, a group without sources, a duplicate id', () => {
    expect(broken((b) => b.chronicConditions[0]?.codes['ICD-10-CM']?.push('E1'))).toThrow(
      CodeSetValidationError,
    );
    expect(broken((b) => b.cancer.modalities[0]?.codes['CPT-HCPCS']?.push('69990-10004'))).toThrow(
      /malformed/,
    );
    expect(broken((b) => b.transplant[0] && (b.transplant[0].sources = []))).toThrow(
      CodeSetValidationError,
    );
    expect(
      broken((b) => b.chronicConditions[1] && (b.chronicConditions[1].id = 'diabetes')),
    ).toThrow(/duplicate id "diabetes"/);
    expect(
      broken((b) => b.trauma.multipleSignificantTraumaDrgs.codes['MS-DRG']?.push('9555')),
    ).toThrow(CodeSetValidationError);
  });
});

describe('criteria configuration', () => {
  it('has ccm-criteria-2025.1 in effect from 2025-01-01', () => {
    expect(criteriaVersion('ccm-criteria-2025.1')).toEqual(CCM_CRITERIA_2025_1);
    expect(criteriaVersionInEffect('2025-06-15').version).toBe('ccm-criteria-2025.1');
    expect(criteriaVersionInEffect('2025-12-31').version).toBe('ccm-criteria-2025.1');
    expect(criteriaVersionInEffect('2026-01-01').version).toBe('ccm-criteria-2026.1');
    expect(() => criteriaVersionInEffect('2024-12-31')).toThrow(/no CCM criteria version/);
    expect(() => criteriaVersion('ccm-criteria-1999.1')).toThrow(RangeError);
  });

  it('rejects invalid thresholds, unknown code sets, unknown keys and bad dates', () => {
    const bad = (patch: Record<string, unknown>) => () =>
      loadCriteriaConfig({ ...CCM_CRITERIA_2025_1, ...patch });
    expect(bad({ codeSetVersion: '1999.1' })).toThrow(CriteriaConfigValidationError);
    expect(bad({ effectiveFrom: '2025-02-30' })).toThrow(CriteriaConfigValidationError);
    expect(bad({ version: 'v1' })).toThrow(CriteriaConfigValidationError);
    expect(
      bad({
        chronicConditions: { lookbackMonths: 24, minConditions: 0, counting: 'per-condition' },
      }),
    ).toThrow(/minConditions/);
    expect(
      bad({ polypharmacy: { moreThanPrescriptions: 30, previousQuarters: 1, extra: true } }),
    ).toThrow(CriteriaConfigValidationError);
    expect(
      bad({ readmission: { lookbackMonths: 12, maxDaysAfterDischarge: 30, similarity: [] } }),
    ).toThrow(CriteriaConfigValidationError);
    expect(bad({ effectiveTo: '2024-01-01' })).toThrow(/effectiveTo/);
  });

  it('rejects overlapping or duplicate versions and selects by effective date', () => {
    const v1 = { ...CCM_CRITERIA_2025_1, effectiveTo: '2026-01-01' };
    const v2 = {
      ...CCM_CRITERIA_2025_1,
      version: 'ccm-criteria-2026.1',
      effectiveFrom: '2026-01-01',
      effectiveTo: null,
    };
    const versions = loadCriteriaVersions([v2, v1]);
    expect(criteriaVersionInEffect('2025-12-31', versions).version).toBe('ccm-criteria-2025.1');
    expect(criteriaVersionInEffect('2026-01-01', versions).version).toBe('ccm-criteria-2026.1');
    expect(() => loadCriteriaVersions([{ ...v1, effectiveTo: null }, v2])).toThrow(/overlap/);
    expect(() => loadCriteriaVersions([v1, v1])).toThrow(/duplicate/);
  });
});
