import { SYSTEM_RULE_IDS } from '../../routing/trace-ids';
import type { RoutingPolicyInput } from '../schema';
import { miUm20251Document } from './mi-um-2025.1';

/**
 * mi-um-2025.2: the same document and dates of service as mi-um-2025.1, read again after the
 * findings of issue #24. It supersedes 2025.1 for every decision made from `adoptedOn`; decisions
 * made before keep naming 2025.1, which stays registered so they can be re-run with it. Written as
 * the changes to 2025.1 so the difference is the change log and nothing else
 * (`JSON.stringify(miUm20252Document)` gives the whole document).
 */

type GroupInput = RoutingPolicyInput['groups'][number];
type RuleInput = RoutingPolicyInput['rules'][number];

function sourceOf<T extends { id: string; source: readonly string[] }>(
  entries: readonly T[],
  id: string,
): string[] {
  const entry = entries.find((e) => e.id === id);
  if (!entry) throw new Error(`mi-um-2025.1 has no entry ${id}`);
  return [...entry.source];
}

const UAW = 'uaw-retiree-trust';
const MESSA = 'messa';
/** "Most self-funded groups — Exception: … Express Scripts® for some members … UAW …" */
const RX_UAW_EXCEPTION = sourceOf(
  miUm20251Document.rules,
  'rx.bcc.self-funded.uaw-express-scripts',
);
const UAW_PBA_UNKNOWN = 'rx.bcc.self-funded.uaw-pba-unknown';

/** Where the document places each group's members (the #24 group funding conflicts). */
const EXPECTED_FUNDING: Readonly<Record<string, GroupInput['expectedFunding']>> = {
  // Its Blue Cross commercial (non-Medicare) members appear only among self-funded groups.
  [UAW]: [
    {
      linesOfBusiness: ['blue-cross-commercial'],
      fundingTypes: ['self-funded'],
      source: sourceOf(miUm20251Document.groups, UAW),
    },
  ],
  // Named only as an exception among Blue Cross commercial fully insured groups.
  [MESSA]: [
    {
      linesOfBusiness: ['blue-cross-commercial'],
      fundingTypes: ['fully-insured'],
      source: sourceOf(miUm20251Document.groups, MESSA),
    },
  ],
};

const uawPbaUnknown: RuleInput = {
  id: UAW_PBA_UNKNOWN,
  description:
    'Express Scripts manages prior authorization of pharmacy benefit drugs for some members with coverage through the UAW Retiree Medical Benefits Trust (Blue Cross commercial, self-funded), and the document does not say which members.',
  scope: 'select',
  when: {
    benefit: 'pharmacy',
    linesOfBusiness: ['blue-cross-commercial'],
    fundingTypes: ['self-funded'],
    groupIds: [UAW],
    pharmacyBenefitAdministrators: [null],
  },
  then: {
    kind: 'no-vendor-named',
    missing:
      "The member's coverage names no pharmacy benefit administrator, so the data cannot tell whether Express Scripts or the Blue Cross and BCN Pharmacy departments manage this request; Express Scripts may own it.",
  },
  source: RX_UAW_EXCEPTION,
};

export const miUm20252Document = {
  ...miUm20251Document,
  version: 'mi-um-2025.2',
  adoptedOn: '2026-12-07',
  supersedes: 'mi-um-2025.1',
  changeLog: [
    {
      change:
        'Groups name the funding the document places them under (UAW Retiree Medical Benefits Trust: Blue Cross commercial self-funded; MESSA: Blue Cross commercial fully insured). Coverage of such a group labelled with another funding type goes to manual review (trace coverage.group-funding-conflict) naming both readings, where 2025.1 routed by the label.',
      why: 'Issue #24: a routing that silently follows data contradicting the document hides the conflict; the document names the UAW trust only among self-funded groups and MESSA only among fully insured groups.',
      ruleIds: [SYSTEM_RULE_IDS.groupFundingConflict],
    },
    {
      change:
        'UAW Retiree Medical Benefits Trust pharmacy benefit requests whose coverage names no pharmacy benefit administrator go to manual review naming Express Scripts as the vendor that may own them, where 2025.1 routed them to the Blue Cross and BCN Pharmacy departments.',
      why: 'Issue #24: the document says Express Scripts manages prior authorization "for some members" of the trust and does not say which; "some" is not "none", so without the administrator on file the data cannot tell the vendor.',
      ruleIds: [UAW_PBA_UNKNOWN],
    },
  ],
  groups: miUm20251Document.groups.map((g) =>
    EXPECTED_FUNDING[g.id] ? { ...g, expectedFunding: EXPECTED_FUNDING[g.id] } : g,
  ),
  rules: miUm20251Document.rules.flatMap((r) =>
    r.id === 'rx.bcc.self-funded.uaw-express-scripts' ? [r, uawPbaUnknown] : [r],
  ),
} satisfies RoutingPolicyInput;
