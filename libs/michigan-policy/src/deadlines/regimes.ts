import type { Benefit, FundingType, LineOfBusiness } from '../reference-values';

export interface TimeLimit {
  amount: number;
  unit: 'hours' | 'calendar-days';
}

export interface DeadlinePeriod {
  /** YYYY-MM-DD (Michigan time), inclusive. */
  effectiveFrom: string;
  /** YYYY-MM-DD (Michigan time), inclusive; null: open-ended. */
  effectiveTo: string | null;
  /** Time limit when the request is expedited (urgent). */
  expedited: TimeLimit;
  /** Time limit for a standard (non-urgent, pre-service) request. */
  standard: TimeLimit;
  source: string;
}

export interface DeadlineRegime {
  id: string;
  title: string;
  appliesTo: {
    linesOfBusiness: readonly LineOfBusiness[];
    fundingTypes: readonly FundingType[];
    benefits: readonly Benefit[];
  };
  periods: readonly DeadlinePeriod[];
  note: string;
}

const MA: readonly LineOfBusiness[] = ['medicare-plus-blue', 'bcn-advantage'];
const COMMERCIAL: readonly LineOfBusiness[] = ['blue-cross-commercial', 'bcn-commercial'];
const ALL_FUNDING: readonly FundingType[] = ['fully-insured', 'self-funded', 'individual'];
const h = (amount: number): TimeLimit => ({ amount, unit: 'hours' });
const days = (amount: number): TimeLimit => ({ amount, unit: 'calendar-days' });

const ERISA_URGENT =
  '29 CFR 2560.503-1(f)(2)(i): urgent care claims decided as soon as possible, not later than 72 hours after receipt';
const ERISA_PRE_SERVICE =
  '29 CFR 2560.503-1(f)(2)(iii)(A): pre-service claims decided within a reasonable period, not later than 15 days after receipt (one 15-day extension allowed)';

/**
 * Decision deadline regimes for prior authorization of drugs. The routing document itself sets no
 * deadlines; these come from federal and Michigan law, as cited in each `source`.
 */
export const DEADLINE_REGIMES: readonly DeadlineRegime[] = [
  {
    id: 'medicare-advantage-part-b-drug',
    title: 'Medicare Advantage organization determination for a Part B drug',
    appliesTo: { linesOfBusiness: MA, fundingTypes: ALL_FUNDING, benefits: ['medical'] },
    periods: [
      {
        effectiveFrom: '2020-01-01',
        effectiveTo: null,
        expedited: h(24),
        standard: h(72),
        source:
          '42 CFR 422.572(a): expedited organization determination for a Medicare Part B drug no later than 24 hours after receiving the request; 42 CFR 422.568(b): standard organization determination for a Part B drug no later than 72 hours after receiving the request (CMS-4185-F, April 2019, applicable from 2020)',
      },
    ],
    note: 'Medical benefit drugs of Medicare Plus Blue and BCN Advantage members are Part B drugs. The 7-calendar-day standard timeframe for items and services from 2026 (CMS-0057-F) does not apply to Part B drugs.',
  },
  {
    id: 'medicare-part-d-coverage-determination',
    title: 'Medicare Part D coverage determination',
    appliesTo: { linesOfBusiness: MA, fundingTypes: ALL_FUNDING, benefits: ['pharmacy'] },
    periods: [
      {
        effectiveFrom: '2006-01-01',
        effectiveTo: null,
        expedited: h(24),
        standard: h(72),
        source:
          "42 CFR 423.572(a): expedited coverage determination no later than 24 hours after receipt of the request; 42 CFR 423.568(b): standard coverage determination no later than 72 hours after receipt of the request (for an exception request, after receipt of the prescriber's supporting statement, 42 CFR 423.568(b) and 423.572(a))",
      },
    ],
    note: 'Pharmacy benefit drugs of Medicare Plus Blue and BCN Advantage members are Part D drugs.',
  },
  {
    id: 'michigan-insurance-code-2212e',
    title: 'Michigan prior authorization timelines for insured commercial coverage (MCL 500.2212e)',
    appliesTo: {
      linesOfBusiness: COMMERCIAL,
      fundingTypes: ['fully-insured', 'individual'],
      benefits: ['medical', 'pharmacy'],
    },
    periods: [
      {
        effectiveFrom: '2002-07-01',
        effectiveTo: '2023-05-31',
        expedited: h(72),
        standard: days(15),
        source: `Before MCL 500.2212e's timelines took effect: ${ERISA_URGENT}; ${ERISA_PRE_SERVICE} (individual coverage: 45 CFR 147.136(b)(3), which applies the same timeframes)`,
      },
      {
        effectiveFrom: '2023-06-01',
        effectiveTo: '2024-05-31',
        expedited: h(72),
        standard: days(9),
        source:
          'MCL 500.2212e (Michigan Insurance Code, added by Public Act 60 of 2022): urgent prior authorization requests decided within 72 hours; beginning June 1, 2023, non-urgent requests within 9 calendar days, or the request is considered granted',
      },
      {
        effectiveFrom: '2024-06-01',
        effectiveTo: null,
        expedited: h(72),
        standard: days(7),
        source:
          'MCL 500.2212e (Michigan Insurance Code, added by Public Act 60 of 2022): urgent prior authorization requests decided within 72 hours; beginning June 1, 2024, non-urgent requests within 7 calendar days, or the request is considered granted',
      },
    ],
    note: 'Applies to insurers and HMOs regulated by the Michigan Department of Insurance and Financial Services (Blue Cross fully insured and individual; BCN fully insured and individual). Where ERISA also applies (insured employer plans), the shorter Michigan limit is the binding one.',
  },
  {
    id: 'erisa-self-funded',
    title: 'Self-funded group health plan claims procedure (ERISA)',
    appliesTo: {
      linesOfBusiness: COMMERCIAL,
      fundingTypes: ['self-funded'],
      benefits: ['medical', 'pharmacy'],
    },
    periods: [
      {
        effectiveFrom: '2002-07-01',
        effectiveTo: null,
        expedited: h(72),
        standard: days(15),
        source: `${ERISA_URGENT}; ${ERISA_PRE_SERVICE}`,
      },
    ],
    note: 'Self-funded plans are not subject to Michigan insurance law (ERISA preemption). Non-federal governmental self-funded plans (e.g. public employers), which ERISA does not cover, follow the same timeframes through 45 CFR 147.136(b)(2).',
  },
];
