import { z } from 'zod';
import { isIsoDate } from '@careflow/contracts';
import {
  BENEFITS,
  DRUG_CATEGORIES,
  FUNDING_TYPES,
  LINES_OF_BUSINESS,
  PHARMACY_BENEFIT_ADMINISTRATORS,
  PHARMACY_CHANNELS,
  SUBMISSION_CHANNELS,
  VENDOR_IDS,
} from '../reference-values';

/** `YYYY-MM-DD` that is a real calendar date. */
export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine(isIsoDate, 'a real calendar date');

const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]*$/, 'lower-case letters, digits, dots and dashes');
const text = z.string().trim().min(1);
/** Exact sentence(s) quoted from the source document. */
const sourceQuotes = z.array(text).min(1, 'at least one quoted sentence of the source document');

const lineOfBusiness = z.enum(LINES_OF_BUSINESS);
const fundingType = z.enum(FUNDING_TYPES);
const vendorId = z.enum(VENDOR_IDS);
const channel = z.enum(SUBMISSION_CHANNELS);
const pba = z.enum(PHARMACY_BENEFIT_ADMINISTRATORS);

const routeTarget = z.strictObject({ vendorId, channel });

export const ruleOutcomeSchema = z.discriminatedUnion('kind', [
  /** The document names the vendor and the submission channel. */
  z.strictObject({ kind: z.literal('route'), vendorId, channel }),
  /** The document carves the case out and names nobody for it: manual review. */
  z.strictObject({ kind: z.literal('no-vendor-named'), missing: text }),
  /** Some drugs go to one vendor, the rest to another, per a drug list of the policy. */
  z.strictObject({
    kind: z.literal('by-drug-list'),
    drugListId: slug,
    onList: routeTarget,
    offList: routeTarget,
  }),
]);

export const routingRuleSchema = z.strictObject({
  id: slug,
  /** Plain-language statement of the rule, used as the decision's reason. */
  description: text,
  /** The document's own word for how much of the population the rule covers. */
  scope: z.enum(['all', 'most', 'select']),
  when: z.strictObject({
    benefit: z.enum(BENEFITS),
    /** Absent: any drug category. */
    drugCategories: z.array(z.enum(DRUG_CATEGORIES)).min(1).optional(),
    linesOfBusiness: z.array(lineOfBusiness).min(1),
    fundingTypes: z.array(fundingType).min(1),
    /** Absent: any group (or none). Present: the member's group must be one of these. */
    groupIds: z.array(slug).min(1).optional(),
    /** Absent: any. `null` in the list stands for "no separate pharmacy benefit administrator". */
    pharmacyBenefitAdministrators: z.array(pba.nullable()).min(1).optional(),
  }),
  then: ruleOutcomeSchema,
  source: sourceQuotes,
});

const resourceLink = z.strictObject({ title: text, url: z.url() });

export const routingPolicySchema = z.strictObject({
  schemaVersion: z.literal(1),
  version: z.string().regex(/^[a-z0-9-]+\d{4}\.\d+$/, 'a version id like mi-um-2025.1'),
  effectiveFrom: isoDateSchema,
  /** Inclusive; null while the version has no end date. */
  effectiveTo: isoDateSchema.nullable(),
  /**
   * First day decisions may be made with this version (a revision is adopted after the version it
   * revises). Absent: any day, the version's window alone decides. See registry.ts.
   */
  adoptedOn: isoDateSchema.optional(),
  /**
   * The version this one revises: same source document, same first date of service. From
   * `adoptedOn` on, every decision (new or re-decided) uses this one; decisions made before keep
   * naming the version that made them.
   */
  supersedes: z.string().min(1).optional(),
  /**
   * What changed from the version it supersedes, and why; `ruleIds`: the rule-trace ids of the
   * decisions the change gives (a decision tracing one of them says so in its reasons).
   */
  changeLog: z
    .array(z.strictObject({ change: text, why: text, ruleIds: z.array(slug).min(1).optional() }))
    .min(1)
    .optional(),
  sourceDocument: z.strictObject({
    id: text,
    title: text,
    publisher: text,
    url: z.url(),
    note: text.optional(),
  }),
  vendors: z
    .array(z.strictObject({ id: vendorId, name: text, role: text, source: sourceQuotes }))
    .min(1),
  channels: z
    .array(
      z.strictObject({
        id: channel,
        name: text,
        /** Instructions for provider staff; `{vendor}` is replaced with the vendor's name. */
        instructions: text,
        source: sourceQuotes,
      }),
    )
    .min(1),
  groups: z.array(
    z.strictObject({
      id: slug,
      name: text,
      /**
       * How the document places the group's members: coverage of the group under one of these
       * lines of business with another funding type contradicts the document (manual review that
       * names the conflicting fields).
       */
      expectedFunding: z
        .array(
          z.strictObject({
            linesOfBusiness: z.array(lineOfBusiness).min(1),
            fundingTypes: z.array(fundingType).min(1),
            source: sourceQuotes,
          }),
        )
        .optional(),
      source: sourceQuotes,
    }),
  ),
  drugLists: z.array(
    z.strictObject({
      id: slug,
      title: text,
      /** Whether the list names every drug it stands for. An incomplete list never routes "off list". */
      complete: z.boolean(),
      entries: z.array(
        z.strictObject({ codeSystem: z.enum(['HCPCS', 'NDC']), code: text, name: text.optional() }),
      ),
      note: text,
      source: sourceQuotes,
    }),
  ),
  rules: z.array(routingRuleSchema).min(1),
  resources: z.array(
    resourceLink.extend({
      id: slug,
      appliesTo: z.strictObject({
        vendorIds: z.array(vendorId).min(1),
        benefits: z.array(z.enum(BENEFITS)).min(1).optional(),
        linesOfBusiness: z.array(lineOfBusiness).min(1),
      }),
      source: sourceQuotes,
    }),
  ),
  /**
   * What to do for a provider outside Michigan, where the document gives no routing of its own
   * (it points to other documents): apply the Michigan routing as a stated assumption, or hold
   * every such request for manual review. Absent: the assumption.
   */
  outOfStateProviders: z
    .enum(['assume-michigan-routing', 'manual-review'])
    .default('assume-michigan-routing'),
  /**
   * Whether the request's `drug.categoryHint` (the requester's statement) may classify a drug the
   * drug class reference cannot: a code not in the reference, a not-otherwise-classified code, an
   * NDC, or a dual-use drug without diagnoses. The document is silent; the default does not trust
   * hints (manual review naming what is missing). `trusted` classifies by the hint with a caveat.
   */
  categoryHints: z.enum(['not-trusted', 'trusted']).default('not-trusted'),
  outOfStateResources: z.array(
    resourceLink.extend({
      id: slug,
      linesOfBusiness: z.array(lineOfBusiness).min(1),
      source: sourceQuotes,
    }),
  ),
  /** Text every instruction ends with (the document's reminder to providers). */
  providerReminder: z.strictObject({ text, source: sourceQuotes }),
  adherenceProgram: z.strictObject({
    id: z.literal('drug-adherence-discount'),
    vendor: z.strictObject({ id: slug, name: text }),
    description: text,
    eligibleLinesOfBusiness: z.array(lineOfBusiness).min(1),
    eligibleFundingTypes: z.array(fundingType).min(1),
    excludedLinesOfBusiness: z.array(lineOfBusiness),
    pharmacyChannels: z.array(z.enum(PHARMACY_CHANNELS)).min(1),
    selectMedications: z.strictObject({
      status: z.enum(['provisional', 'authoritative']),
      note: text,
      classes: z
        .array(z.strictObject({ id: slug, name: text, genericNames: z.array(text).min(1) }))
        .min(1),
      /** NDC-11 (digits only) or a 5- or 9-digit labeler/product prefix. */
      ndcPrefixes: z.array(z.string().regex(/^\d{5}(\d{4}(\d{2})?)?$/)),
    }),
    memberListContact: z.strictObject({ email: z.email(), source: sourceQuotes }),
    resources: z.array(resourceLink.extend({ source: sourceQuotes })),
    sources: z.strictObject({
      eligibility: sourceQuotes,
      pharmacyChannels: sourceQuotes,
      medicareAdvantage: sourceQuotes,
      selectMedications: sourceQuotes,
    }),
  }),
});

export type RoutingPolicyInput = z.input<typeof routingPolicySchema>;
export type RoutingPolicy = z.output<typeof routingPolicySchema>;
export type RoutingRule = z.output<typeof routingRuleSchema>;
export type RuleOutcome = z.output<typeof ruleOutcomeSchema>;
export type PolicyVendor = RoutingPolicy['vendors'][number];
export type PolicyChannel = RoutingPolicy['channels'][number];
export type PolicyDrugList = RoutingPolicy['drugLists'][number];
export type PolicyResource = RoutingPolicy['resources'][number];
export type OutOfStateResource = RoutingPolicy['outOfStateResources'][number];
export type AdherenceProgram = RoutingPolicy['adherenceProgram'];
