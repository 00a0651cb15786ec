import { Engine, type RuleProperties } from 'json-rules-engine';
import {
  MI_UM_2025_2,
  classifyDrug,
  compileRoutingPolicy,
  isPolicyInForce,
  DRUG_CATEGORIES,
  type MemberCoverage,
  type PaRoutingRequest,
  type RoutingPolicy,
  type RoutingRule,
} from '@careflow/michigan-policy';
import type { BenchContext } from '../lib/context';
import { Rng, paRequestOf, randomPlan } from '../lib/generate';
import type { BenchResult } from '../lib/result';
import { perSecond, since } from '../lib/stats';

// The same keys the policy's decision table uses for "a group the policy does not name",
// "no group" and "no separate pharmacy benefit administrator".
const OTHER_GROUP = '(other-group)';
const NO_GROUP = '(no-group)';
const NO_PBA = '(no-pba)';

interface Case {
  request: PaRoutingRequest;
  coverage: MemberCoverage | null;
}

/** Translates every rule of the policy into a json-rules-engine rule: same conditions, priority = the policy's specificity. */
export function toJsonRules(policy: RoutingPolicy): RuleProperties[] {
  return policy.rules.map((rule) => {
    const w = rule.when;
    const all: { fact: string; operator: string; value: unknown }[] = [
      { fact: 'benefit', operator: 'equal', value: w.benefit },
      { fact: 'lineOfBusiness', operator: 'in', value: [...w.linesOfBusiness] },
      { fact: 'fundingType', operator: 'in', value: [...w.fundingTypes] },
    ];
    if (w.drugCategories)
      all.push({ fact: 'category', operator: 'in', value: [...w.drugCategories] });
    if (w.groupIds) all.push({ fact: 'groupKey', operator: 'in', value: [...w.groupIds] });
    if (w.pharmacyBenefitAdministrators)
      all.push({
        fact: 'pba',
        operator: 'in',
        value: w.pharmacyBenefitAdministrators.map((p) => p ?? NO_PBA),
      });
    const specificity = (w.groupIds ? 2 : 0) + (w.pharmacyBenefitAdministrators ? 1 : 0);
    return {
      name: rule.id,
      priority: specificity + 1,
      conditions: { all },
      event: { type: rule.id },
    };
  });
}

/** The json-rules-engine router: the same pre-checks as the policy, then the engine picks the most specific matching rule. */
class JsonRulesRouter {
  private readonly engine: Engine;
  private readonly rules: Map<string, RoutingRule>;
  private readonly groupIds: Set<string>;
  private readonly expectedFunding: Map<
    string,
    NonNullable<RoutingPolicy['groups'][number]['expectedFunding']>
  >;
  private readonly lists: Map<string, { complete: boolean; codes: Set<string> }>;

  constructor(private readonly policy: RoutingPolicy) {
    this.engine = new Engine(toJsonRules(policy), { allowUndefinedFacts: true });
    this.rules = new Map(policy.rules.map((r) => [r.id, r]));
    this.groupIds = new Set(policy.groups.map((g) => g.id));
    this.expectedFunding = new Map(policy.groups.map((g) => [g.id, g.expectedFunding ?? []]));
    this.lists = new Map(
      policy.drugLists.map((l) => [
        l.id,
        {
          complete: l.complete,
          codes: new Set(
            l.entries.map(
              (e) => `${e.codeSystem}:${e.code.replace(/[^0-9A-Za-z]/g, '').toUpperCase()}`,
            ),
          ),
        },
      ]),
    );
  }

  private async ruleFor(facts: Record<string, string>): Promise<RoutingRule | null | 'ambiguous'> {
    const { results } = await this.engine.run(facts);
    let best: RuleResult[] = [];
    let bestPriority = -1;
    for (const r of results) {
      const p = r.priority ?? 1;
      if (p > bestPriority) {
        best = [r];
        bestPriority = p;
      } else if (p === bestPriority) best.push(r);
    }
    if (best.length === 0) return null;
    if (best.length > 1) return 'ambiguous';
    return this.rules.get(best[0]!.name) ?? null;
  }

  async route(c: Case): Promise<{ outcome: string; vendor: string | null }> {
    const { request, coverage } = c;
    const dos = request.dateOfService;
    if (coverage === null) return { outcome: 'not-eligible', vendor: null };
    if (
      dos < coverage.effectiveDate ||
      (coverage.terminationDate !== null && dos > coverage.terminationDate)
    )
      return { outcome: 'not-eligible', vendor: null };
    if (!isPolicyInForce(this.policy, dos)) return { outcome: 'manual-review', vendor: null };
    if ((coverage.fundingType === 'individual') !== (coverage.group === null))
      return { outcome: 'manual-review', vendor: null };
    // A group labelled with funding the document does not place it under: a data conflict.
    const expected = coverage.group
      ? this.expectedFunding
          .get(coverage.group.id)
          ?.find((e) => e.linesOfBusiness.includes(coverage.lineOfBusiness))
      : undefined;
    if (expected && !expected.fundingTypes.includes(coverage.fundingType))
      return { outcome: 'manual-review', vendor: null };
    const facts = {
      benefit: request.benefit,
      lineOfBusiness: coverage.lineOfBusiness,
      fundingType: coverage.fundingType,
      groupKey:
        coverage.group === null
          ? NO_GROUP
          : this.groupIds.has(coverage.group.id)
            ? coverage.group.id
            : OTHER_GROUP,
      pba: coverage.pharmacyBenefitAdministrator ?? NO_PBA,
    };
    // Classified as the policy's router does: with the request's diagnoses (dual-use drugs) and
    // the policy's trust in category hints.
    const category = classifyDrug(request.drug, {
      diagnosisCodes: request.diagnosisCodes ?? null,
      trustCategoryHint: this.policy.categoryHints === 'trusted',
    }).category;
    let rule: RoutingRule | null | 'ambiguous';
    if (category !== null) {
      rule = await this.ruleFor({ ...facts, category });
    } else {
      // An unclassified drug is decided only when every category leads to the same rule.
      const candidates = await Promise.all(
        DRUG_CATEGORIES.map((cat) => this.ruleFor({ ...facts, category: cat })),
      );
      const ids = new Set(
        candidates.map((r) => (r === null ? '(none)' : r === 'ambiguous' ? '(ambiguous)' : r.id)),
      );
      rule = ids.size === 1 ? candidates[0]! : 'ambiguous';
    }
    if (rule === null || rule === 'ambiguous') return { outcome: 'manual-review', vendor: null };
    const then = rule.then;
    switch (then.kind) {
      case 'route':
        return { outcome: 'routed', vendor: then.vendorId };
      case 'no-vendor-named':
        return { outcome: 'manual-review', vendor: null };
      case 'by-drug-list': {
        const list = this.lists.get(then.drugListId);
        const code = `${request.drug.codeSystem}:${request.drug.code.replace(/[^0-9A-Za-z]/g, '').toUpperCase()}`;
        if (list?.codes.has(code)) return { outcome: 'routed', vendor: then.onList.vendorId };
        if (list?.complete) return { outcome: 'routed', vendor: then.offList.vendorId };
        return { outcome: 'manual-review', vendor: null };
      }
    }
  }
}

type RuleResult = Awaited<ReturnType<Engine['run']>>['results'][number];

function generateCases(count: number): Case[] {
  const rng = new Rng(20250601);
  const cases: Case[] = [];
  for (let i = 0; i < count; i++) {
    const request = paRequestOf(rng, `RQ-${i}`, `BR${i}`) as unknown as PaRoutingRequest;
    const plan = randomPlan(rng);
    let coverage: MemberCoverage | null = {
      ...plan,
      effectiveDate: '2024-01-01',
      terminationDate: null,
    };
    const roll = rng.next();
    if (roll < 0.02) coverage = null;
    else if (roll < 0.04) coverage = { ...coverage, terminationDate: '2025-03-31' };
    else if (roll < 0.05) coverage = { ...coverage, group: null, fundingType: 'self-funded' };
    if (rng.chance(0.05))
      request.drug = {
        ...request.drug,
        code: 'J9999' === request.drug.code ? 'J9035' : 'J3590',
        categoryHint: null,
      };
    cases.push({ request, coverage });
  }
  return cases;
}

export async function rulesEngine(
  ctx: BenchContext,
): Promise<Omit<BenchResult, 'name' | 'title' | 'issue' | 'durationMs'>> {
  const count = ctx.scale(100_000);
  const cases = generateCases(count);
  const policy = MI_UM_2025_2;
  const router = compileRoutingPolicy(policy);
  const jre = new JsonRulesRouter(policy);

  // Warm both up, then time each over the same requests. json-rules-engine is slow, so it gets a
  // time budget: past it, its rate is taken over the requests it evaluated (said in the report).
  const budgetMs = Number(process.env.BENCH_JRE_BUDGET_S ?? 120) * 1000;
  for (let i = 0; i < Math.min(5000, cases.length); i++) router.route(cases[i]!);
  for (let i = 0; i < Math.min(500, cases.length); i++) await jre.route(cases[i]!);

  const ours: { outcome: string; vendor: string | null }[] = new Array<{
    outcome: string;
    vendor: string | null;
  }>(cases.length);
  const t0 = performance.now();
  for (let i = 0; i < cases.length; i++) {
    const d = router.route(cases[i]!);
    ours[i] = { outcome: d.outcome, vendor: d.vendor?.id ?? null };
  }
  const compiledMs = since(t0);
  const theirs: { outcome: string; vendor: string | null }[] = [];
  const t1 = performance.now();
  for (const c of cases) {
    theirs.push(await jre.route(c));
    if ((theirs.length & 255) === 0 && since(t1) > budgetMs) break;
  }
  const jreMs = since(t1);
  const evaluated = theirs.length;

  // Same vendor (and outcome) from both on every request both evaluated.
  let mismatches = 0;
  const examples: string[] = [];
  const vendorsSeen = new Map<string, number>();
  for (let i = 0; i < evaluated; i++) {
    const a = ours[i]!;
    const b = theirs[i]!;
    const key = a.vendor ?? `(${a.outcome})`;
    vendorsSeen.set(key, (vendorsSeen.get(key) ?? 0) + 1);
    if (a.vendor !== b.vendor || a.outcome !== b.outcome) {
      mismatches++;
      const c = cases[i]!;
      if (examples.length < 3)
        examples.push(
          `${JSON.stringify({ drug: c.request.drug, benefit: c.request.benefit, coverage: c.coverage })}: compiled ${a.outcome}/${a.vendor}, json-rules-engine ${b.outcome}/${b.vendor}`,
        );
    }
  }
  ctx.log(
    `rules-engine: compiled ${cases.length} in ${Math.round(compiledMs)} ms; json-rules-engine ${evaluated} in ${Math.round(jreMs)} ms; ${mismatches} differ`,
  );

  const compiled = perSecond(cases.length, compiledMs);
  const baseline = perSecond(evaluated, jreMs);
  const ratio = compiled / baseline;
  return {
    status: mismatches === 0 ? 'ok' : 'partial',
    ...(mismatches > 0
      ? {
          reason: `${mismatches} of ${evaluated} requests got a different vendor or outcome: ${examples.join('; ')}`,
        }
      : {}),
    figures: [
      {
        label: 'compiled router (routePaRequest, full decision)',
        kind: 'throughput',
        value: compiled,
        unit: 'decisions/s',
        baseline: { label: 'json-rules-engine, same rules', value: baseline },
        target: { text: '≥ 10x json-rules-engine', met: ratio >= 10 },
      },
      {
        label: 'requests where both give the same vendor and outcome',
        kind: 'count',
        value: evaluated - mismatches,
        unit: `of ${evaluated} compared`,
      },
    ],
    latencies: [],
    skipped: [],
    notes: [
      `${cases.length.toLocaleString('en-US')} generated requests (60% medical, 40% pharmacy; 2% without coverage, 2% coverage ended, 1% inconsistent coverage, ~5% unclassifiable drugs), policy ${policy.version} with ${policy.rules.length} rules translated programmatically into json-rules-engine rules (facts: benefit, drug category, line of business, funding type, group, PBA; priority = the policy's specificity).`,
      `Vendor mix: ${[...vendorsSeen.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([v, n]) => `${v} ${n}`)
        .join(', ')}.`,
      ...(evaluated < cases.length
        ? [
            `json-rules-engine used its time budget (BENCH_JRE_BUDGET_S=${budgetMs / 1000}) and evaluated the first ${evaluated.toLocaleString('en-US')} of the ${cases.length.toLocaleString('en-US')} requests; its rate is over those.`,
          ]
        : []),
      'Both sides are timed single-threaded over the same requests after a warm-up; the compiled router builds the whole decision (reasons, trace, resources), the json-rules-engine side only picks the rule and vendor.',
    ],
  };
}
