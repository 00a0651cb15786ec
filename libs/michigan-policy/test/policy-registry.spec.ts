import {
  MI_UM_2025_1,
  MI_UM_2025_2,
  PolicyRegistry,
  PolicySetError,
  createDefaultPolicyRegistry,
  parseRoutingPolicy,
  safeParseRoutingPolicy,
  selectPolicyVersion,
  type RoutingPolicy,
  type RoutingPolicyInput,
} from '../src';
import { policyDocumentWith } from './fixtures/policies';

type Doc = Parameters<Parameters<typeof policyDocumentWith>[0]>[0];

/** A copy of the current document as another version: no revision fields unless `change` sets them. */
function versionDoc(version: string, change: (doc: Doc) => void = () => undefined): unknown {
  return policyDocumentWith((doc) => {
    doc.version = version;
    delete doc.adoptedOn;
    delete doc.supersedes;
    delete doc.changeLog;
    change(doc);
  });
}

const CHANGE_LOG: NonNullable<RoutingPolicyInput['changeLog']> = [
  { change: 'A test revision.', why: 'To test the registry.' },
];

/** A revision of `of` adopted on `adoptedOn`, same window unless `change` says otherwise. */
function revisionDoc(
  version: string,
  of: RoutingPolicy,
  adoptedOn: string,
  change: (doc: Doc) => void = () => undefined,
): unknown {
  return versionDoc(version, (doc) => {
    doc.effectiveFrom = of.effectiveFrom;
    doc.effectiveTo = of.effectiveTo;
    doc.supersedes = of.version;
    doc.adoptedOn = adoptedOn;
    doc.changeLog = CHANGE_LOG;
    change(doc);
  });
}

const v2024 = parseRoutingPolicy(
  versionDoc('mi-um-2024.1', (doc) => {
    doc.effectiveFrom = '2024-01-01';
    doc.effectiveTo = '2024-12-31';
  }),
);
/** A document for later dates of service, adopted before its window opens. */
const v2026 = parseRoutingPolicy(
  versionDoc('mi-um-2026.1', (doc) => {
    doc.effectiveFrom = '2026-01-01';
    doc.adoptedOn = '2025-11-15';
  }),
);

describe('selectPolicyVersion: the date of service picks the window, the decision day the revision', () => {
  const registry = new PolicyRegistry([v2024, MI_UM_2025_1, MI_UM_2025_2, v2026]);
  it.each([
    // [date of service, decided on, version]
    ['2023-12-31', '2026-12-07', null],
    ['2024-06-01', '2026-12-07', 'mi-um-2024.1'],
    ['2025-03-14', '2025-03-14', 'mi-um-2025.1'],
    ['2025-03-14', '2026-12-06', 'mi-um-2025.1'], // the day before 2025.2's adoption
    ['2025-03-14', '2026-12-07', 'mi-um-2025.2'], // its adoption day: re-decisions too
    ['2025-12-31', '2030-01-01', 'mi-um-2025.2'],
    ['2026-03-01', '2025-11-14', 'mi-um-2025.1'], // 2026.1 not adopted yet: 2025.1 is open-ended
    ['2026-03-01', '2025-11-15', 'mi-um-2026.1'],
    // A revision of the earlier document never beats a document for later dates of service.
    ['2026-03-01', '2026-12-07', 'mi-um-2026.1'],
  ])('date of service %s decided on %s: %s', (dateOfService, decidedOn, version) => {
    expect(registry.versionFor({ dateOfService, decidedOn })?.version ?? null).toBe(version);
  });

  it('takes the adoption day the caller gives (authorization-routing: the activation day)', () => {
    const versions = [
      { policy: MI_UM_2025_1, adoptedOn: '2025-01-01' },
      { policy: MI_UM_2025_2, adoptedOn: '2027-02-01' },
    ];
    const on = (decidedOn: string): string | undefined =>
      selectPolicyVersion(versions, { dateOfService: '2025-03-14', decidedOn })?.policy.version;
    expect(on('2027-01-31')).toBe('mi-um-2025.1');
    expect(on('2027-02-01')).toBe('mi-um-2025.2');
    expect(on('2024-12-31')).toBeUndefined();
  });
});

describe('PolicyRegistry', () => {
  it('holds the built-in versions: 2025.1 and its revision 2025.2', () => {
    const registry = createDefaultPolicyRegistry();
    expect(registry.list().map((p) => p.version)).toEqual(['mi-um-2025.1', 'mi-um-2025.2']);
    expect(MI_UM_2025_2).toMatchObject({
      supersedes: 'mi-um-2025.1',
      adoptedOn: '2026-12-07',
      effectiveFrom: MI_UM_2025_1.effectiveFrom,
      effectiveTo: MI_UM_2025_1.effectiveTo,
    });
    expect(registry.byVersion('mi-um-2025.1')).toEqual(MI_UM_2025_1);
    expect(
      registry.versionFor({ dateOfService: '2024-03-01', decidedOn: '2026-12-07' }),
    ).toBeNull();
  });

  it('loads a new version from JSON at run time and validates it', () => {
    const registry = createDefaultPolicyRegistry();
    registry.register(JSON.parse(JSON.stringify(v2026)));
    expect(
      registry.versionFor({ dateOfService: '2026-08-01', decidedOn: '2026-08-01' })?.version,
    ).toBe('mi-um-2026.1');
    expect(() => registry.register({ version: 'broken' })).toThrow(/Invalid routing policy broken/);
  });

  it('accepts a line of revisions: each supersedes the last from its adoption day', () => {
    const registry = createDefaultPolicyRegistry();
    registry.register(revisionDoc('mi-um-2025.3', MI_UM_2025_2, '2027-03-01'));
    const on = (decidedOn: string): string | undefined =>
      registry.versionFor({ dateOfService: '2025-03-14', decidedOn })?.version;
    expect([on('2026-12-06'), on('2026-12-07'), on('2027-02-28'), on('2027-03-01')]).toEqual([
      'mi-um-2025.1',
      'mi-um-2025.2',
      'mi-um-2025.2',
      'mi-um-2025.3',
    ]);
  });

  describe('refuses a set in which the version deciding a request would be ambiguous', () => {
    const refusal = (document: unknown): string => {
      const registry = createDefaultPolicyRegistry();
      try {
        registry.register(document);
      } catch (error) {
        expect(error).toBeInstanceOf(PolicySetError);
        return (error as Error).message;
      }
      throw new Error('expected a refusal');
    };

    it('a version id twice', () => {
      expect(refusal(MI_UM_2025_1)).toContain('already registered');
    });

    it('another version starting the same day that does not supersede the latest revision', () => {
      expect(refusal(versionDoc('mi-um-2025.9'))).toMatch(
        /mi-um-2025.2 and mi-um-2025.9 both take effect on 2025-01-01.*unless mi-um-2025.9 supersedes mi-um-2025.2/,
      );
    });

    it('a second revision of the same version', () => {
      expect(refusal(revisionDoc('mi-um-2025.9', MI_UM_2025_1, '2027-01-01'))).toContain(
        'mi-um-2025.2 already supersedes mi-um-2025.1',
      );
    });

    it('a revision of a version not registered', () => {
      expect(
        refusal(
          revisionDoc(
            'mi-um-2025.9',
            MI_UM_2025_2,
            '2027-01-01',
            (d) => (d.supersedes = 'mi-um-2025.7'),
          ),
        ),
      ).toContain('supersedes mi-um-2025.7, which is not registered');
    });

    it('a revision for other dates of service', () => {
      const later = revisionDoc('mi-um-2025.9', MI_UM_2025_2, '2027-01-01', (d) => {
        d.effectiveFrom = '2025-07-01';
      });
      expect(refusal(later)).toContain('starts on 2025-07-01, not 2025-01-01');
      const shorter = revisionDoc('mi-um-2025.9', MI_UM_2025_2, '2027-01-01', (d) => {
        d.effectiveTo = '2025-12-31';
      });
      expect(refusal(shorter)).toContain('ends on 2025-12-31, before mi-um-2025.2 (open-ended)');
    });

    it('a revision adopted on or before the version it revises', () => {
      expect(refusal(revisionDoc('mi-um-2025.9', MI_UM_2025_2, '2026-12-07'))).toContain(
        'is adopted on 2026-12-07, not after mi-um-2025.2 (2026-12-07)',
      );
    });
  });

  it('a document naming the version it supersedes says from when and what changed', () => {
    const issues = (change: (doc: Doc) => void): string[] => {
      const result = safeParseRoutingPolicy(
        revisionDoc('mi-um-2025.9', MI_UM_2025_2, '2027-01-01', change),
      );
      return result.success ? [] : result.issues;
    };
    expect(issues((d) => delete d.adoptedOn)).toEqual([
      'adoptedOn: required when the version supersedes another (from which day it decides)',
    ]);
    expect(issues((d) => delete d.changeLog)).toEqual([
      'changeLog: required when the version supersedes another (what changed and why)',
    ]);
    expect(issues((d) => (d.supersedes = 'mi-um-2025.9'))).toEqual([
      'supersedes: a version cannot supersede itself',
    ]);
  });
});
