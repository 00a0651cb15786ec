import { injuryBodyRegion, majorTrauma } from '../src';
import {
  AS_OF,
  CONFIG,
  adtDischarge,
  inpatientClaim,
  professionalClaim,
  profileOf,
} from './fixtures';

describe('major-trauma', () => {
  it('is met by an MS-DRG of multiple significant trauma (955–959, 963–965)', () => {
    for (const drg of ['955', '959', '963', '965']) {
      const r = majorTrauma(
        profileOf(inpatientClaim('2025-03-01', '2025-03-09', ['S7201XA'], { drg })),
        AS_OF,
        CONFIG,
      );
      expect(r.met).toBe(true);
      expect(
        r.evidence.findings.some(
          (f) => f.rule === 'ms-drg-multiple-significant-trauma' && f.drg?.code === drg,
        ),
      ).toBe(true);
    }
    for (const drg of ['960', '954', '966']) {
      expect(
        majorTrauma(
          profileOf(inpatientClaim('2025-03-01', '2025-03-09', ['R51'], { drg })),
          AS_OF,
          CONFIG,
        ).met,
      ).toBe(false);
    }
  });

  it('is met by a major injury on an inpatient stay (initial encounter), from ADT too', () => {
    const r = majorTrauma(
      profileOf(adtDischarge('2025-03-01', '2025-03-09', ['S065X0A'])),
      AS_OF,
      CONFIG,
    );
    expect(r.met).toBe(true);
    expect(r.evidence.rule).toBe('major-injury-inpatient');
    expect(r.evidence.findings[0]?.injuries[0]).toMatchObject({
      code: 'S065X0A',
      matchedSpec: 'S065',
      tier: 'major',
      bodyRegion: 'head',
      groupId: 'intracranial-hemorrhage-or-diffuse-brain-injury',
    });
  });

  it('is not met by a subsequent-encounter or sequela code, a concussion, or an injury outside an inpatient stay', () => {
    for (const code of ['S065X0D', 'S065X0S', 'S060X1A']) {
      expect(
        majorTrauma(profileOf(inpatientClaim('2025-03-01', '2025-03-09', [code])), AS_OF, CONFIG)
          .met,
      ).toBe(false);
    }
    expect(
      majorTrauma(profileOf(professionalClaim('2025-03-01', ['S065X0A'])), AS_OF, CONFIG).met,
    ).toBe(false);
  });

  it('needs significant injuries in two body regions: a femur fracture alone is not major trauma', () => {
    expect(
      majorTrauma(profileOf(inpatientClaim('2025-03-01', '2025-03-09', ['S72001A'])), AS_OF, CONFIG)
        .met,
    ).toBe(false);
    const r = majorTrauma(
      profileOf(inpatientClaim('2025-03-01', '2025-03-09', ['S72001A', 'S2241XA'])),
      AS_OF,
      CONFIG,
    );
    expect(r.met).toBe(true);
    expect(r.evidence.rule).toBe('significant-injuries-multiple-body-regions');
    expect(r.evidence.findings[0]?.bodyRegions.sort()).toEqual(['lower-limb', 'thorax']);
  });

  it('is met by burns of 20% or more body surface (no 7th character) and not by 10–19%', () => {
    expect(
      majorTrauma(profileOf(inpatientClaim('2025-03-01', '2025-03-20', ['T3120'])), AS_OF, CONFIG)
        .met,
    ).toBe(true);
    expect(
      majorTrauma(profileOf(inpatientClaim('2025-03-01', '2025-03-20', ['T3110'])), AS_OF, CONFIG)
        .met,
    ).toBe(false);
  });

  it('only looks back 12 months', () => {
    expect(
      majorTrauma(profileOf(adtDischarge('2024-06-14', '2024-06-20', ['S065X0A'])), AS_OF, CONFIG)
        .met,
    ).toBe(false);
    expect(
      majorTrauma(profileOf(adtDischarge('2024-06-15', '2024-06-20', ['S065X0A'])), AS_OF, CONFIG)
        .met,
    ).toBe(true);
  });

  it('maps injury codes to body regions', () => {
    expect(
      ['S065X0A', 'S129XXA', 'S2241XA', 'S36115A', 'S42201A', 'S82101A', 'T07XXXA', 'T3120'].map(
        injuryBodyRegion,
      ),
    ).toEqual([
      'head',
      'neck',
      'thorax',
      'abdomen-pelvis-spine',
      'upper-limb',
      'lower-limb',
      'multiple',
      'burns',
    ]);
  });
});
