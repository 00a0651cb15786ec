import {
  classifyDrug,
  normalizeHcpcs,
  type DrugClassification,
} from '../drug-classification/classify-drug';
import { builtInHcpcsReference, type HcpcsReference } from '../drug-classification/hcpcs-reference';
import { isPolicyInForce } from '../policy/registry';
import type { PolicyDrugList, RoutingPolicy, RoutingRule } from '../policy/schema';
import {
  DRUG_CATEGORIES,
  DRUG_CATEGORY_LABELS,
  FUNDING_TYPE_LABELS,
  LINE_OF_BUSINESS_LABELS,
  PBA_LABELS,
  LINES_OF_BUSINESS,
  type Benefit,
  type LineOfBusiness,
  type SubmissionChannel,
  type VendorId,
} from '../reference-values';
import {
  NO_GROUP_KEY,
  NO_PBA_KEY,
  OTHER_GROUP_KEY,
  buildRuleTable,
  cellKey,
  pbaKeyOf,
  type CellCoordinates,
} from './decision-table';
import { SYSTEM_RULE_IDS } from './trace-ids';
import type {
  MemberCoverage,
  PolicyRouter,
  ResourceLink,
  RoutingDecision,
  RoutingInput,
} from './types';

const UNKNOWN_CATEGORY = 'unknown';

/** A decision prepared at compile time; the per-request parts are added by `materialize`. */
interface PreparedDecision {
  outcome: RoutingDecision['outcome'];
  vendor: RoutingDecision['vendor'];
  submissionChannel: SubmissionChannel | null;
  instructions: string;
  reasons: readonly string[];
  ruleTrace: readonly string[];
  resources: readonly ResourceLink[];
  resourcesOutOfState: readonly ResourceLink[];
  /** Whether the drug's category took part in the decision (then its classification is a reason). */
  usesCategory: boolean;
  /** The policy says "most" groups: the member's group is not a named exception. */
  mostGroupsCaveat: boolean;
}

type CompiledCell =
  | { kind: 'fixed'; rule: RoutingRule | null; decision: PreparedDecision }
  | {
      kind: 'by-drug-list';
      rule: RoutingRule;
      list: PolicyDrugList;
      codes: ReadonlySet<string>;
      onList: PreparedDecision;
      offList: PreparedDecision;
      /** Used when the drug is not on an incomplete list. */
      membershipUnknown: PreparedDecision;
    };

function label<T extends string>(labels: Readonly<Record<T, string>>, value: string): string {
  return (labels as Readonly<Record<string, string>>)[value] ?? value;
}

function normalizeListCode(codeSystem: 'HCPCS' | 'NDC', code: string): string {
  return codeSystem === 'HCPCS'
    ? `HCPCS:${normalizeHcpcs(code)}`
    : `NDC:${code.replace(/\D/g, '')}`;
}

function isOutOfState(state: string): boolean {
  return state.trim().toUpperCase() !== 'MI';
}

/**
 * Compiles a validated policy into a router: the rules are expanded over the finite input space
 * once, so routing a request is a classification plus one map lookup.
 */
export interface CompileOptions {
  /** The HCPCS drug class reference (default: the one shipped with the library). */
  drugReference?: HcpcsReference;
}

export function compileRoutingPolicy(
  policy: RoutingPolicy,
  options: CompileOptions = {},
): PolicyRouter {
  const drugReference = options.drugReference ?? builtInHcpcsReference();
  const reminder = policy.providerReminder.text;
  const vendorNames = new Map<string, string>(policy.vendors.map((v) => [v.id, v.name]));
  const channelInstructions = new Map<string, string>(
    policy.channels.map((c) => [c.id, c.instructions]),
  );
  const groupIds = new Set(policy.groups.map((g) => g.id));
  const groupExpectations = new Map(policy.groups.map((g) => [g.id, g.expectedFunding ?? []]));
  const drugLists = new Map(policy.drugLists.map((d) => [d.id, d]));

  const outOfStateFor = (lob: LineOfBusiness | null): ResourceLink[] =>
    policy.outOfStateResources
      .filter((r) => lob === null || r.linesOfBusiness.includes(lob))
      .map((r) => ({ title: r.title, url: r.url }));
  const outOfStateByLob = new Map<string, ResourceLink[]>(
    LINES_OF_BUSINESS.map((lob) => [lob, outOfStateFor(lob)]),
  );
  const outOfStateAll = outOfStateFor(null);
  const outOfStateTitles = (lob: LineOfBusiness): string[] =>
    (outOfStateByLob.get(lob) ?? outOfStateAll).map((r) => r.title);
  const channelNames = new Map<string, string>(policy.channels.map((c) => [c.id, c.name]));
  const michiganRoutingOf = (d: PreparedDecision): string =>
    d.vendor
      ? `the Michigan routing (${d.vendor.name}${d.submissionChannel ? ` through ${channelNames.get(d.submissionChannel) ?? d.submissionChannel}` : ''}, rule ${d.ruleTrace.join(', ')}) was applied as an assumption`
      : `the Michigan routing was applied as an assumption and leaves the request to manual review (${d.ruleTrace.join(', ')})`;

  const manualReviewInstructions = `Hold this request: it needs manual review by utilization management staff, because the policy does not determine who decides it (see the reasons). ${reminder}`;

  const routed = (
    rule: RoutingRule,
    c: CellCoordinates,
    vendorId: VendorId,
    channel: SubmissionChannel,
    extraReasons: readonly string[] = [],
  ): PreparedDecision => {
    const vendorName = vendorNames.get(vendorId) ?? vendorId;
    const resources = policy.resources
      .filter(
        (r) =>
          r.appliesTo.vendorIds.includes(vendorId) &&
          (!r.appliesTo.benefits || r.appliesTo.benefits.includes(c.benefit)) &&
          r.appliesTo.linesOfBusiness.includes(c.lineOfBusiness),
      )
      .map((r) => ({ title: r.title, url: r.url }));
    const instructions = (channelInstructions.get(channel) ?? '').replaceAll(
      '{vendor}',
      vendorName,
    );
    return {
      outcome: 'routed',
      vendor: { id: vendorId, name: vendorName },
      submissionChannel: channel,
      instructions: `${instructions} ${reminder}`,
      reasons: [rule.description, ...extraReasons],
      ruleTrace: [rule.id],
      resources,
      resourcesOutOfState: [...resources, ...(outOfStateByLob.get(c.lineOfBusiness) ?? [])],
      usesCategory: rule.when.drugCategories !== undefined,
      mostGroupsCaveat: rule.scope === 'most' && c.groupKey === OTHER_GROUP_KEY,
    };
  };

  const manualReview = (
    lob: string | null,
    reasons: readonly string[],
    ruleTrace: readonly string[],
    usesCategory: boolean,
  ): PreparedDecision => ({
    outcome: 'manual-review',
    vendor: null,
    submissionChannel: null,
    instructions: manualReviewInstructions,
    reasons,
    ruleTrace,
    resources: [],
    resourcesOutOfState: lob === null ? outOfStateAll : (outOfStateByLob.get(lob) ?? outOfStateAll),
    usesCategory,
    mostGroupsCaveat: false,
  });

  const compileCell = (rule: RoutingRule, c: CellCoordinates): CompiledCell => {
    const then = rule.then;
    switch (then.kind) {
      case 'route':
        return { kind: 'fixed', rule, decision: routed(rule, c, then.vendorId, then.channel) };
      case 'no-vendor-named':
        return {
          kind: 'fixed',
          rule,
          decision: manualReview(
            c.lineOfBusiness,
            [rule.description, then.missing],
            [rule.id],
            rule.when.drugCategories !== undefined,
          ),
        };
      case 'by-drug-list': {
        const list = drugLists.get(then.drugListId);
        if (!list) throw new Error(`Rule ${rule.id}: unknown drug list ${then.drugListId}`);
        const onListName = vendorNames.get(then.onList.vendorId) ?? then.onList.vendorId;
        const offListName = vendorNames.get(then.offList.vendorId) ?? then.offList.vendorId;
        return {
          kind: 'by-drug-list',
          rule,
          list,
          codes: new Set(list.entries.map((e) => normalizeListCode(e.codeSystem, e.code))),
          onList: routed(rule, c, then.onList.vendorId, then.onList.channel, [
            `The drug is on the list "${list.title}", so ${onListName} manages the request.`,
          ]),
          offList: routed(rule, c, then.offList.vendorId, then.offList.channel, [
            `The drug is not on the complete list "${list.title}", so ${offListName} manages the request.`,
          ]),
          membershipUnknown: manualReview(
            c.lineOfBusiness,
            [
              rule.description,
              `The policy's list "${list.title}" is incomplete (${list.note}) and does not contain this drug, so the policy cannot tell whether ${onListName} or ${offListName} manages the request.`,
            ],
            [rule.id, SYSTEM_RULE_IDS.drugListMembershipUnknown],
            rule.when.drugCategories !== undefined,
          ),
        };
      }
    }
  };

  const table = buildRuleTable(policy);
  if (table.conflicts.length > 0) {
    const first = table.conflicts[0];
    throw new Error(
      `Policy ${policy.version} is ambiguous: rules ${first?.ruleIds.join(', ') ?? ''} decide the same case`,
    );
  }
  const cells = new Map<string, CompiledCell>();
  for (const [key, { coordinates, rule }] of table.cells)
    cells.set(key, compileCell(rule, coordinates));

  // Drugs that could not be classified: decided only when every category leads to the same rule.
  const describeCandidate = (cell: CompiledCell | undefined): string => {
    if (!cell) return 'the document names no vendor';
    if (cell.kind === 'by-drug-list') return `${cell.rule.description}`;
    if (cell.decision.vendor) return cell.decision.vendor.name;
    return cell.rule ? `manual review (${cell.rule.id})` : 'the document names no vendor';
  };
  // A pharmacy benefit administrator on file where no rule expects one: say which data conflict
  // (a route "for all" or for a named group), or that the group may be an exception the document
  // does not list (it says "most" groups and lists major groups only), never "names no vendor".
  for (const c of table.all) {
    if (c.pbaKey === NO_PBA_KEY) continue;
    const at = (pba: string): string =>
      cellKey(c.benefit, c.category, c.lineOfBusiness, c.fundingType, c.groupKey, pba);
    const withoutPba = table.cells.get(at(NO_PBA_KEY));
    if (cells.has(at(c.pbaKey)) || !withoutPba) continue;
    const unlisted = withoutPba.rule.scope === 'most';
    cells.set(at(c.pbaKey), {
      kind: 'fixed',
      rule: null,
      decision: manualReview(
        c.lineOfBusiness,
        [pbaConflictReason(c, withoutPba.rule, describeCandidate(cells.get(at(NO_PBA_KEY))))],
        [
          unlisted ? SYSTEM_RULE_IDS.pbaUnlistedException : SYSTEM_RULE_IDS.pbaConflict,
          withoutPba.rule.id,
        ],
        false,
      ),
    });
  }

  for (const c of table.all) {
    if (c.category !== DRUG_CATEGORIES[0]) continue;
    const keyFor = (category: string): string =>
      cellKey(c.benefit, category, c.lineOfBusiness, c.fundingType, c.groupKey, c.pbaKey);
    const candidates = DRUG_CATEGORIES.map((category) => ({
      category,
      cell: cells.get(keyFor(category)),
    }));
    const ruleIds = new Set(candidates.map((x) => x.cell?.rule?.id ?? '(none)'));
    const unknownKey = keyFor(UNKNOWN_CATEGORY);
    const [only] = candidates;
    if (ruleIds.size === 1 && only?.cell) {
      cells.set(unknownKey, only.cell);
      continue;
    }
    if (ruleIds.size === 1) continue; // no rule for any category: "no matching rule" at run time
    const byVendor = candidates
      .map((x) => `${DRUG_CATEGORY_LABELS[x.category]}: ${describeCandidate(x.cell)}`)
      .join('; ');
    cells.set(unknownKey, {
      kind: 'fixed',
      rule: null,
      decision: manualReview(
        c.lineOfBusiness,
        [`The vendor depends on the drug's class, which is unknown. By class: ${byVendor}.`],
        [SYSTEM_RULE_IDS.drugCategoryUnknown],
        true,
      ),
    });
  }

  const notEligible = (reason: string, traceId: string, state: string): RoutingDecision => ({
    outcome: 'not-eligible',
    vendor: null,
    submissionChannel: null,
    instructions: `Do not submit a prior authorization request until the member's coverage on the date of service is confirmed. ${reminder}`,
    reasons: isOutOfState(state)
      ? [
          reason,
          outOfStateReason(
            state,
            outOfStateAll.map((r) => r.title),
            'no Michigan routing applies, because the member is not covered',
          ),
        ]
      : [reason],
    ruleTrace: [traceId],
    policyVersion: policy.version,
    resources: isOutOfState(state) ? [...outOfStateAll] : [],
  });

  // A revision says, on each decision its change log touches, that it decides it otherwise than
  // the version it supersedes: a pharmacist comparing with an older decision sees why.
  const revisionReasons = (trace: readonly string[]): string[] =>
    (policy.changeLog ?? [])
      .filter((c) => c.ruleIds?.some((id) => trace.includes(id)))
      .map(
        (c) =>
          `Policy ${policy.version} (adopted ${policy.adoptedOn ?? policy.effectiveFrom}) revises ${policy.supersedes ?? 'the earlier version'} here: ${c.change}`,
      );

  const materialize = (
    d: PreparedDecision,
    classification: DrugClassification,
    state: string,
    coverage: MemberCoverage,
    extraReasons: readonly string[] = [],
  ): RoutingDecision => {
    const outOfState = isOutOfState(state);
    // Whether the Michigan routing stands as an assumption (not when the policy held it instead).
    const assumed = outOfState && d.ruleTrace[0] !== SYSTEM_RULE_IDS.outOfStateManualReview;
    const reasons: string[] = d.usesCategory
      ? [classification.explanation, ...d.reasons]
      : [...d.reasons];
    if (d.mostGroupsCaveat) {
      const group = coverage.group
        ? `${coverage.group.name} (${coverage.group.id})`
        : "the member's group";
      reasons.push(
        `The document says "most" groups here and lists exceptions for major groups only; ${group} is not one of them. Verify the member's benefits before submitting.`,
      );
    }
    if (outOfState && policy.outOfStateProviders === 'manual-review' && d.outcome === 'routed') {
      return materialize(
        manualReview(
          coverage.lineOfBusiness,
          [
            `Out-of-state provider in ${state.trim().toUpperCase()}: the document sends out-of-state providers to its out-of-state referral and authorization requirements, and this policy version (outOfStateProviders: manual-review) does not assume the Michigan routing, which would have been ${d.vendor?.name ?? 'none'} (rule ${d.ruleTrace.join(', ')}).`,
          ],
          [SYSTEM_RULE_IDS.outOfStateManualReview, ...d.ruleTrace],
          d.usesCategory,
        ),
        classification,
        state,
        coverage,
        extraReasons,
      );
    }
    reasons.push(...revisionReasons(d.ruleTrace), ...extraReasons);
    if (assumed) {
      reasons.push(
        outOfStateReason(state, outOfStateTitles(coverage.lineOfBusiness), michiganRoutingOf(d)),
      );
    }
    return {
      outcome: d.outcome,
      vendor: d.vendor ? { id: d.vendor.id, name: d.vendor.name } : null,
      submissionChannel: d.submissionChannel,
      instructions: d.instructions,
      reasons,
      ruleTrace: [
        ...(d.usesCategory ? [`drug-class.${classification.matchedBy}`] : []),
        ...d.ruleTrace,
        ...(assumed ? [SYSTEM_RULE_IDS.outOfStateAssumption] : []),
      ],
      policyVersion: policy.version,
      resources: (outOfState ? d.resourcesOutOfState : d.resources).map((r) => ({
        title: r.title,
        url: r.url,
      })),
    };
  };

  const noMatchingRule = (
    benefit: Benefit,
    category: string,
    coverage: MemberCoverage,
  ): PreparedDecision => {
    const what =
      benefit === 'medical'
        ? `medical benefit drugs (${category === UNKNOWN_CATEGORY ? 'unclassified drug' : label(DRUG_CATEGORY_LABELS, category)})`
        : 'pharmacy benefit drugs';
    const group = coverage.group ? ` (group ${coverage.group.name}, id ${coverage.group.id})` : '';
    const pba =
      benefit === 'pharmacy' && coverage.pharmacyBenefitAdministrator !== null
        ? ` whose coverage names ${label(PBA_LABELS, coverage.pharmacyBenefitAdministrator)} as pharmacy benefit administrator`
        : '';
    return manualReview(
      coverage.lineOfBusiness,
      [
        `The document names no vendor for ${what} for ${label(LINE_OF_BUSINESS_LABELS, coverage.lineOfBusiness)} members with ${label(FUNDING_TYPE_LABELS, coverage.fundingType)}${group}${pba}.`,
      ],
      [SYSTEM_RULE_IDS.noMatchingRule],
      benefit === 'medical',
    );
  };

  const route = (input: RoutingInput): RoutingDecision => {
    const { request, coverage } = input;
    const state = request.requestingProvider.state;
    const dos = request.dateOfService;
    if (coverage === null && input.coverageNeverReceived) {
      return notEligible(
        `No coverage for the member was received from eligibility while the request was held (${heldFor(input.coverageNeverReceived.waitedMs)}), so coverage on the date of service ${dos} cannot be confirmed.`,
        SYSTEM_RULE_IDS.coverageNeverReceived,
        state,
      );
    }
    if (coverage === null) {
      return notEligible(
        `The member has no coverage on the date of service ${dos}.`,
        SYSTEM_RULE_IDS.noCoverage,
        state,
      );
    }
    if (
      dos < coverage.effectiveDate ||
      (coverage.terminationDate !== null && dos > coverage.terminationDate)
    ) {
      return notEligible(
        `The member's coverage (effective ${coverage.effectiveDate} to ${coverage.terminationDate ?? 'open-ended'}) is not in force on the date of service ${dos}.`,
        SYSTEM_RULE_IDS.coverageNotInForce,
        state,
      );
    }
    const classification = classifyDrug(request.drug, {
      diagnosisCodes: request.diagnosisCodes ?? null,
      reference: drugReference,
      trustCategoryHint: policy.categoryHints === 'trusted',
    });
    if (!isPolicyInForce(policy, dos)) {
      return materialize(
        manualReview(
          coverage.lineOfBusiness,
          [
            `Policy ${policy.version} is in force from ${policy.effectiveFrom} to ${policy.effectiveTo ?? 'further notice'}, not on the date of service ${dos}.`,
          ],
          [SYSTEM_RULE_IDS.policyNotInForce],
          false,
        ),
        classification,
        state,
        coverage,
      );
    }
    const isIndividual = coverage.fundingType === 'individual';
    if (isIndividual !== (coverage.group === null)) {
      return materialize(
        manualReview(
          coverage.lineOfBusiness,
          [
            isIndividual
              ? `The coverage says individual coverage but names a group (${coverage.group?.name ?? ''}, id ${coverage.group?.id ?? ''}); the document's rules differ for groups and individual members.`
              : `The coverage says ${label(FUNDING_TYPE_LABELS, coverage.fundingType)} but names no group; the document's rules differ for groups and individual members.`,
          ],
          [SYSTEM_RULE_IDS.coverageInconsistent],
          false,
        ),
        classification,
        state,
        coverage,
      );
    }
    const category = classification.category ?? UNKNOWN_CATEGORY;
    const conflict = groupFundingConflict(request, coverage, category);
    if (conflict) return materialize(conflict, classification, state, coverage);
    return materialize(preparedFor(request, coverage, category), classification, state, coverage);
  };

  /** The policy's decision for covered, self-consistent coverage. */
  const preparedFor = (
    request: RoutingInput['request'],
    coverage: MemberCoverage,
    category: string,
  ): PreparedDecision => {
    const groupKey =
      coverage.group === null
        ? NO_GROUP_KEY
        : groupIds.has(coverage.group.id)
          ? coverage.group.id
          : OTHER_GROUP_KEY;
    const cell = cells.get(
      cellKey(
        request.benefit,
        category,
        coverage.lineOfBusiness,
        coverage.fundingType,
        groupKey,
        pbaKeyOf(coverage.pharmacyBenefitAdministrator),
      ),
    );
    if (!cell) return noMatchingRule(request.benefit, category, coverage);
    if (cell.kind === 'fixed') return cell.decision;
    const code = normalizeListCode(request.drug.codeSystem, request.drug.code);
    if (cell.codes.has(code)) return cell.onList;
    return cell.list.complete ? cell.offList : cell.membershipUnknown;
  };

  /**
   * Coverage of a group the document places under other funding types (e.g. the UAW Retiree
   * Medical Benefits Trust labelled fully insured) contradicts itself: manual review naming the
   * conflicting fields and the vendor each reading would give.
   */
  const groupFundingConflict = (
    request: RoutingInput['request'],
    coverage: MemberCoverage,
    category: string,
  ): PreparedDecision | null => {
    const group = coverage.group;
    const expected = group
      ? groupExpectations
          .get(group.id)
          ?.find((e) => e.linesOfBusiness.includes(coverage.lineOfBusiness))
      : undefined;
    if (!group || !expected || expected.fundingTypes.includes(coverage.fundingType)) return null;
    const outcomeOf = (d: PreparedDecision): string => (d.vendor ? d.vendor.name : 'manual review');
    const readings = [
      `as labelled (${label(FUNDING_TYPE_LABELS, coverage.fundingType)}): ${outcomeOf(preparedFor(request, coverage, category))}`,
      ...expected.fundingTypes.map(
        (f) =>
          `as the document places the group (${label(FUNDING_TYPE_LABELS, f)}): ${outcomeOf(preparedFor(request, { ...coverage, fundingType: f }, category))}`,
      ),
    ];
    return manualReview(
      coverage.lineOfBusiness,
      [
        `Data conflict: the coverage labels ${group.name} (group.id ${group.id}) as ${label(FUNDING_TYPE_LABELS, coverage.fundingType)}, but the document places its ${label(LINE_OF_BUSINESS_LABELS, coverage.lineOfBusiness)} members only in ${expected.fundingTypes.map((f) => label(FUNDING_TYPE_LABELS, f)).join(' or ')} ("${expected.source.join('" "')}"). The fields group.id and fundingType contradict each other.`,
        `The vendor that may own the request depends on which field is right: ${readings.join('; ')}. Correct the coverage before submitting.`,
      ],
      [SYSTEM_RULE_IDS.groupFundingConflict],
      false,
    );
  };

  return { policy, route };
}

/** Why a pharmacy benefit administrator on file leaves the request to manual review. */
function pbaConflictReason(
  c: CellCoordinates,
  ruleWithoutPba: RoutingRule,
  target: string,
): string {
  const onFile = label(PBA_LABELS, c.pbaKey);
  const members = `${label(LINE_OF_BUSINESS_LABELS, c.lineOfBusiness)} members with ${label(FUNDING_TYPE_LABELS, c.fundingType)}`;
  const routes = `(rule ${ruleWithoutPba.id}: "${ruleWithoutPba.description}")`;
  if (ruleWithoutPba.scope === 'most') {
    return `The coverage names ${onFile} as pharmacy benefit administrator. For ${members} in most groups the document names ${target} ${routes} and lists exceptions for major groups only; ${onFile} may manage this group under an exception the document does not list, so the policy cannot tell who decides.`;
  }
  const against =
    c.groupKey === NO_GROUP_KEY
      ? 'fundingType (individual coverage)'
      : c.groupKey === OTHER_GROUP_KEY
        ? 'lineOfBusiness and fundingType'
        : `group.id (${c.groupKey})`;
  return `Data conflict: the coverage names ${onFile} as pharmacy benefit administrator, but for these ${members} the document names ${target} and never ${onFile} ${routes}. The fields pharmacyBenefitAdministrator and ${against} contradict each other: correct the coverage or confirm the vendor before submitting.`;
}

/** A wait in whole minutes, as a provider's staff would read it. */
function heldFor(ms: number): string {
  const m = Math.max(0, Math.round(ms / 60_000));
  return m === 1 ? '1 minute' : `${m} minutes`;
}

/**
 * The document sends out-of-state providers to other documents; this platform still applies the
 * Michigan routing and says so, so nobody mistakes the assumption for the document's answer.
 */
function outOfStateReason(state: string, documents: readonly string[], applied: string): string {
  const where = state.trim().toUpperCase() || 'an unknown state';
  const titles = documents.map((t) => `"${t}"`).join(' and ');
  return `Out-of-state provider: the requesting provider is in ${where}, outside Michigan. For out-of-state providers the document gives no routing of its own; it sends them to its out-of-state referral and authorization requirements (${titles}, in the resources). Those documents decide; ${applied}. Confirm it against them before submitting.`;
}

const routers = new WeakMap<RoutingPolicy, PolicyRouter>();

/**
 * Routes one PA request under `policy`. Pure: the same input and policy always give the same
 * decision. The compiled router is cached per policy object.
 */
export function routePaRequest(input: RoutingInput, policy: RoutingPolicy): RoutingDecision {
  let router = routers.get(policy);
  if (!router) {
    router = compileRoutingPolicy(policy);
    routers.set(policy, router);
  }
  return router.route(input);
}
