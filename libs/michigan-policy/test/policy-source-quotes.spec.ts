import { BUILT_IN_POLICIES, type RoutingPolicy } from '../src';
import { SOURCE_DOCUMENT_TEXT } from './fixtures/source-document';

/** Every `source` quote of the policy must appear verbatim in the document. */
function quotesOf(policy: RoutingPolicy): [string, string][] {
  const out: [string, string][] = [];
  const add = (where: string, quotes: readonly string[]): void => {
    for (const q of quotes) out.push([where, q]);
  };
  for (const v of policy.vendors) add(`vendor ${v.id}`, v.source);
  for (const c of policy.channels) add(`channel ${c.id}`, c.source);
  for (const g of policy.groups) {
    add(`group ${g.id}`, g.source);
    for (const e of g.expectedFunding ?? []) add(`group ${g.id} expected funding`, e.source);
  }
  for (const d of policy.drugLists) add(`drug list ${d.id}`, d.source);
  for (const r of policy.rules) add(`rule ${r.id}`, r.source);
  for (const r of policy.resources) add(`resource ${r.id}`, r.source);
  for (const r of policy.outOfStateResources) add(`out-of-state resource ${r.id}`, r.source);
  add('provider reminder', policy.providerReminder.source);
  const a = policy.adherenceProgram;
  add('adherence contact', a.memberListContact.source);
  for (const r of a.resources) add(`adherence resource ${r.title}`, r.source);
  for (const [k, quotes] of Object.entries(a.sources)) add(`adherence ${k}`, quotes);
  return out;
}

describe.each(BUILT_IN_POLICIES.map((p) => [p.version, p] as const))(
  'policy %s quotes the document exactly',
  (_version, policy) => {
    it.each(quotesOf(policy))('%s: "%s"', (_where, quote) => {
      expect(SOURCE_DOCUMENT_TEXT).toContain(quote);
    });

    it('names the source document and the contract vendors', () => {
      expect(policy.sourceDocument.id).toBe('000_e5baff2b9bde9ead');
      expect(policy.vendors.map((v) => v.id).sort()).toEqual([
        'accredo',
        'aim-specialty-health',
        'bcbsm-bcn-pharmacy',
        'express-scripts',
        'optumrx',
      ]);
      expect(policy.groups.map((g) => g.id).sort()).toEqual([
        'messa',
        'mpsers',
        'state-of-michigan',
        'uaw-retiree-trust',
      ]);
    });
  },
);
