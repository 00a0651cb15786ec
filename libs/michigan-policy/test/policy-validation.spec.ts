import {
  PolicyValidationError,
  parseRoutingPolicy,
  safeParseRoutingPolicy,
  miUm20252Document,
} from '../src';
import { policyDocumentWith } from './fixtures/policies';

function issuesOf(doc: unknown): string[] {
  const result = safeParseRoutingPolicy(doc);
  if (result.success) throw new Error('expected the policy to be invalid');
  return result.issues;
}

describe('policy validation on load', () => {
  it('accepts the shipped policy, including as JSON read from a file', () => {
    const json: unknown = JSON.parse(JSON.stringify(miUm20252Document));
    expect(parseRoutingPolicy(json).version).toBe('mi-um-2025.2');
  });

  it('rejects something that is not a policy', () => {
    expect(() => parseRoutingPolicy('not a policy')).toThrow(PolicyValidationError);
    expect(issuesOf(null)[0]).toMatch(/^\(root\): /);
  });

  it('names the path of a wrong value', () => {
    const issues = issuesOf(
      policyDocumentWith((doc) => {
        doc.rules[0]!.when.linesOfBusiness = ['medicaid' as never];
      }),
    );
    expect(issues).toEqual([expect.stringMatching(/^rules\.0\.when\.linesOfBusiness\.0: /)]);
  });

  it('requires every rule to quote the document', () => {
    const issues = issuesOf(
      policyDocumentWith((doc) => {
        doc.rules[1]!.source = [];
      }),
    );
    expect(issues).toEqual(['rules.1.source: at least one quoted sentence of the source document']);
  });

  it('rejects a vendor outside the contract and an unknown field', () => {
    const issues = issuesOf(
      policyDocumentWith((doc) => {
        (doc.rules[0]!.then as { vendorId: string }).vendorId = 'carelon';
        (doc as Record<string, unknown>).extra = true;
      }),
    );
    expect(issues.some((i) => i.startsWith('rules.0.then.vendorId'))).toBe(true);
    expect(issues.some((i) => i.includes('extra'))).toBe(true);
  });

  it('rejects references to groups, drug lists and vendors the policy does not define', () => {
    const issues = issuesOf(
      policyDocumentWith((doc) => {
        doc.groups = doc.groups.filter((g) => g.id !== 'messa');
        doc.drugLists = [];
        doc.vendors = doc.vendors.filter((v) => v.id !== 'optumrx');
      }),
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        'rules.9 (aim.bcc.fully-insured.messa): group "messa" is not in groups',
        'rules.2 (med-rx.bcc.self-funded.uaw-accredo): drug list "uaw-accredo-medical-drugs" is not in drugLists',
        'rules.23 (rx.mapb.mpsers-optumrx): vendor "optumrx" is not in vendors',
      ]),
    );
  });

  it('rejects duplicate rule ids and an effective window that ends before it starts', () => {
    const issues = issuesOf(
      policyDocumentWith((doc) => {
        doc.rules.push({ ...doc.rules[0]! });
        doc.effectiveTo = '2024-12-31';
      }),
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        'effectiveTo: 2024-12-31 is before effectiveFrom 2025-01-01',
        'rules: duplicate id "med-rx.bcc.fully-insured"',
      ]),
    );
  });

  it('rejects two equally specific rules that decide the same case', () => {
    const issues = issuesOf(
      policyDocumentWith((doc) => {
        doc.rules.push({ ...doc.rules[0]!, id: 'med-rx.bcc.fully-insured.copy' });
      }),
    );
    expect(issues[0]).toMatch(
      /med-rx\.bcc\.fully-insured, med-rx\.bcc\.fully-insured\.copy are equally specific/,
    );
  });

  it('rejects an impossible date and a malformed version id', () => {
    const issues = issuesOf(
      policyDocumentWith((doc) => {
        doc.effectiveFrom = '2025-02-30';
        doc.version = 'v1';
      }),
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        'version: a version id like mi-um-2025.1',
        'effectiveFrom: a real calendar date',
      ]),
    );
  });

  it('throws an error that lists every problem and the version', () => {
    const doc = policyDocumentWith((d) => {
      d.rules[0]!.source = [];
      d.rules[1]!.description = ' ';
    });
    try {
      parseRoutingPolicy(doc);
      throw new Error('unreachable');
    } catch (error) {
      expect(error).toBeInstanceOf(PolicyValidationError);
      const e = error as PolicyValidationError;
      expect(e.policyVersion).toBe('mi-um-2025.2');
      expect(e.issues).toHaveLength(2);
      expect(e.message).toContain('Invalid routing policy mi-um-2025.2: 2 problem(s)');
    }
  });
});
