import {
  classifyDrug,
  normalizeHcpcs,
  type DrugClassification,
} from '../drug-classification/classify-drug';
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
export function compileRoutingPolicy(policy: RoutingPolicy): PolicyRouter {
  const reminder = policy.providerReminder.text;
  const vendorNames = new Map<string, string>(policy.vendors.map((v) => [v.id, v.name]));
  const channelInstructions = new Map<string, string>(
    policy.channels.map((c) => [c.id, c.instructions]),
  );
  const groupIds = new Set(policy.groups.map((g) => g.id));
  const drugLists = new Map(policy.drugLists.map((d) => [d.id, d]));

  const outOfStateFor = (lob: LineOfBusiness | null): ResourceLink[] =>
    policy.outOfStateResources
      .filter((r) => lob === null || r.linesOfBusiness.includes(lob))
      .map((r) => ({ title: r.title, url: r.url }));
  const outOfStateByLob = new Map<string, ResourceLink[]>(
    LINES_OF_BUSINESS.map((lob) => [lob, outOfStateFor(lob)]),
  );
  const outOfStateAll = outOfStateFor(null);

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
    return cell.decision.vendor ? cell.decision.vendor.name : 'the document names no vendor';
  };
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
    reasons: isOutOfState(state) ? [reason, outOfStateReason(state)] : [reason],
    ruleTrace: [traceId],
    policyVersion: policy.version,
    resources: isOutOfState(state) ? [...outOfStateAll] : [],
  });

  const materialize = (
    d: PreparedDecision,
    classification: DrugClassification,
    state: string,
    coverage: MemberCoverage,
    extraReasons: readonly string[] = [],
  ): RoutingDecision => {
    const outOfState = isOutOfState(state);
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
    reasons.push(...extraReasons);
    if (outOfState) reasons.push(outOfStateReason(state));
    return {
      outcome: d.outcome,
      vendor: d.vendor ? { id: d.vendor.id, name: d.vendor.name } : null,
      submissionChannel: d.submissionChannel,
      instructions: d.instructions,
      reasons,
      ruleTrace: d.usesCategory
        ? [`drug-class.${classification.matchedBy}`, ...d.ruleTrace]
        : [...d.ruleTrace],
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
    const classification = classifyDrug(request.drug);
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
    const groupKey =
      coverage.group === null
        ? NO_GROUP_KEY
        : groupIds.has(coverage.group.id)
          ? coverage.group.id
          : OTHER_GROUP_KEY;
    const category = classification.category ?? UNKNOWN_CATEGORY;
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
    if (!cell) {
      return materialize(
        noMatchingRule(request.benefit, category, coverage),
        classification,
        state,
        coverage,
      );
    }
    if (cell.kind === 'fixed') return materialize(cell.decision, classification, state, coverage);
    const code = normalizeListCode(request.drug.codeSystem, request.drug.code);
    if (cell.codes.has(code)) return materialize(cell.onList, classification, state, coverage);
    if (cell.list.complete) return materialize(cell.offList, classification, state, coverage);
    return materialize(cell.membershipUnknown, classification, state, coverage);
  };

  return { policy, route };
}

/** A wait in whole minutes, as a provider's staff would read it. */
function heldFor(ms: number): string {
  const m = Math.max(0, Math.round(ms / 60_000));
  return m === 1 ? '1 minute' : `${m} minutes`;
}

function outOfStateReason(state: string): string {
  return `The requesting provider is in ${state.trim().toUpperCase() || 'an unknown state'}, outside Michigan: the out-of-state provider documents in the resources give the referral and authorization requirements.`;
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
