import {
  applyClinicalEvent,
  criteriaVersionInEffect,
  emptyClinicalProfile,
  evaluateCcmCriteria,
  type ClinicalEvent,
} from '@careflow/ccm-criteria';
import { topics, type CoverageUpdated, type PaRequested } from '@careflow/contracts';
import {
  createDefaultPolicyRegistry,
  michiganDateOf,
  routePaRequest,
  type MemberCoverage,
} from '@careflow/michigan-policy';
import { rng } from './env';

/**
 * The workload: members, their coverage, PA requests and clinical events, generated from a seed,
 * with the outcome each one must have. The expectations come from the policy and criteria
 * libraries (pure functions, the platform's own rules) applied to exactly what is published, so a
 * difference can only come from delivery: lost, doubled or reordered events.
 */
export interface PlannedEvent {
  readonly topic: string;
  readonly type: string;
  readonly id: string;
  readonly key: string;
  readonly data: unknown;
}

export type ClinicalScenario = 'transplant' | 'admissions' | 'noise';

export interface MemberPlan {
  readonly memberId: string;
  readonly index: number;
  /** Coverage in force today (the date of service of every PA request, the CCM evaluation date). */
  readonly coveredToday: boolean;
  readonly coverageEvents: number;
  /** Effective dates of the spans the final member-coverage snapshot must hold. */
  readonly finalSpanStarts: string[];
  readonly clinical: ClinicalScenario | null;
  readonly expectedCriteria: string[];
  readonly expectedCase: boolean;
  /** What the case manager records over HTTP once the case is identified. */
  readonly assessment: 'enrolled' | 'declined' | null;
}

export interface PaExpectation {
  readonly requestId: string;
  readonly memberId: string;
  readonly outcome: string;
  readonly vendorId: string | null;
}

export interface Workload {
  readonly runId: string;
  readonly members: MemberPlan[];
  /** Coverage first (so PA requests rarely wait), then PA and clinical events interleaved. */
  readonly coverage: PlannedEvent[];
  readonly stream: PlannedEvent[];
  readonly pa: Map<string, PaExpectation>;
  /** Values that must never appear in a log line. */
  readonly canaries: Set<string>;
  readonly counts: Record<string, number>;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
function word(n: number, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) {
    s += LETTERS[n % 26];
    n = Math.floor(n / 26);
  }
  return s;
}

/** Diagnosis codes nobody else sends: a leak of one of them in a log is unmistakable. */
export const RARE_DIAGNOSES = [
  'W55.41XA',
  'V97.33XA',
  'W61.12XA',
  'Y93.D1',
  'W56.22XA',
  'V91.07XA',
  'W22.02XA',
  'Z63.1',
];

const LOBS = [
  {
    lineOfBusiness: 'blue-cross-commercial',
    fundingType: 'fully-insured',
    group: { id: 'grp-acme', name: 'Acme Tools' },
  },
  {
    lineOfBusiness: 'blue-cross-commercial',
    fundingType: 'self-funded',
    group: { id: 'uaw-retiree-trust', name: 'UAW Retiree Medical Benefits Trust' },
  },
  {
    lineOfBusiness: 'blue-cross-commercial',
    fundingType: 'self-funded',
    group: { id: 'messa', name: 'MESSA' },
  },
  { lineOfBusiness: 'medicare-plus-blue', fundingType: 'fully-insured', group: null },
  {
    lineOfBusiness: 'bcn-commercial',
    fundingType: 'fully-insured',
    group: { id: 'grp-lakes', name: 'Great Lakes Co' },
  },
  { lineOfBusiness: 'bcn-advantage', fundingType: 'fully-insured', group: null },
  { lineOfBusiness: 'blue-cross-commercial', fundingType: 'individual', group: null },
  {
    lineOfBusiness: 'blue-cross-commercial',
    fundingType: 'self-funded',
    group: { id: 'state-of-michigan', name: 'State of Michigan' },
  },
] as const;
const PBMS = [null, 'express-scripts', 'optumrx'] as const;

const DRUGS: PaRequested['drug'][] = [
  { code: 'J9035', codeSystem: 'HCPCS', name: 'bevacizumab', categoryHint: 'oncology' },
  { code: 'J1745', codeSystem: 'HCPCS', name: 'infliximab', categoryHint: null },
  { code: 'J0897', codeSystem: 'HCPCS', name: 'denosumab', categoryHint: null },
  { code: 'J2350', codeSystem: 'HCPCS', name: 'ocrelizumab', categoryHint: null },
  { code: 'J3490', codeSystem: 'HCPCS', name: 'unclassified drug', categoryHint: 'biologic' },
  { code: 'J9271', codeSystem: 'HCPCS', name: 'pembrolizumab', categoryHint: 'oncology' },
  { code: 'Q5103', codeSystem: 'HCPCS', name: 'infliximab-dyyb', categoryHint: null },
  { code: '00074-0554-02', codeSystem: 'NDC', name: 'adalimumab', categoryHint: 'specialty' },
  { code: '00002-7510-01', codeSystem: 'NDC', name: 'insulin', categoryHint: null },
];

function isoDaysAgo(today: string, days: number): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

export interface WorkloadOptions {
  readonly seed: number;
  /** Total events to publish (coverage + PA + clinical), approximately. */
  readonly events: number;
  readonly runId: string;
}

export function generateWorkload(options: WorkloadOptions): Workload {
  const random = rng(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const today = michiganDateOf(new Date());
  const policy = createDefaultPolicyRegistry().versionFor({
    dateOfService: today,
    decidedOn: today,
  });
  if (!policy) throw new Error(`no built-in routing policy in force on ${today}`);
  const asOf = today;
  const criteriaVersion = criteriaVersionInEffect(asOf);
  const run = options.runId;

  const memberCount = Math.max(20, Math.round(options.events * 0.08));
  const members: MemberPlan[] = [];
  const coverage: PlannedEvent[] = [];
  const clinicalByMember = new Map<string, PlannedEvent[]>();
  const coverageToday = new Map<string, MemberCoverage | null>();
  const canaries = new Set<string>();
  let eventSeq = 0;
  const nextId = (kind: string) => `${run}-${kind}-${(eventSeq++).toString(36)}`;

  for (let i = 0; i < memberCount; i++) {
    const memberId = `${run}-M${i.toString().padStart(6, '0')}`;
    const firstName = `Qzv${word(i, 4)}`;
    const lastName = `Xjw${word(i * 7 + 3, 5)}`;
    const birthDate = `19${21 + (i % 19)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
    canaries.add(firstName).add(lastName).add(birthDate);
    const lob = pick(LOBS);
    const pbm = lob.lineOfBusiness.startsWith('blue-cross') ? pick(PBMS) : null;
    const terminated = random() < 0.15;
    const twoEvents = random() < 0.25;
    const pcp = {
      npi: String(1000000000 + ((i * 7919) % 899999999)),
      name: `Dr Pcp ${i % 500}`,
      phone: '313-555-0100',
      fax: null,
      address: {
        line1: `${100 + (i % 900)} Main St`,
        line2: null,
        city: 'Detroit',
        state: 'MI',
        postalCode: '48201',
      },
    };
    const base = {
      memberId,
      firstName,
      lastName,
      birthDate,
      lineOfBusiness: lob.lineOfBusiness,
      fundingType: lob.fundingType,
      group: lob.group,
      pharmacyBenefitAdministrator: pbm,
      pcp,
      state: 'MI',
    } as const;
    const spans: CoverageUpdated[] = [];
    if (twoEvents)
      spans.push({
        ...base,
        effectiveDate: '2022-01-01',
        terminationDate: '2022-12-31',
      });
    spans.push(
      terminated
        ? {
            ...base,
            effectiveDate: '2023-01-01',
            terminationDate: '2023-12-31',
          }
        : { ...base, effectiveDate: '2024-01-01', terminationDate: null },
    );
    for (const data of spans) {
      coverage.push({
        topic: topics.eligibilityCoverage.name,
        type: topics.eligibilityCoverage.eventType,
        id: nextId('cov'),
        key: memberId,
        data,
      });
    }
    const current = spans[spans.length - 1]!;
    coverageToday.set(
      memberId,
      terminated
        ? null
        : {
            lineOfBusiness: current.lineOfBusiness,
            fundingType: current.fundingType,
            group: current.group ?? null,
            pharmacyBenefitAdministrator: current.pharmacyBenefitAdministrator ?? null,
            effectiveDate: current.effectiveDate,
            terminationDate: current.terminationDate ?? null,
          },
    );

    // Clinical scenarios for one member in four.
    let clinical: ClinicalScenario | null = null;
    if (i % 4 === 0) clinical = (['transplant', 'admissions', 'noise'] as const)[(i / 4) % 3]!;
    const events: PlannedEvent[] = [];
    const claim = (data: Record<string, unknown>) =>
      events.push({
        topic: topics.medicalClaims.name,
        type: topics.medicalClaims.eventType,
        id: nextId('clm'),
        key: memberId,
        data: { memberId, ...data },
      });
    const discharge = (data: Record<string, unknown>) =>
      events.push({
        topic: topics.adtDischarges.name,
        type: topics.adtDischarges.eventType,
        id: nextId('adt'),
        key: memberId,
        data: { memberId, ...data },
      });
    if (clinical === 'transplant') {
      claim({
        claimId: `${memberId}-C1`,
        claimType: 'institutional-inpatient',
        status: 'paid',
        serviceFrom: isoDaysAgo(today, 60),
        serviceTo: isoDaysAgo(today, 52),
        admissionDate: isoDaysAgo(today, 60),
        dischargeDate: isoDaysAgo(today, 52),
        facilityNpi: '1234567893',
        diagnosisCodes: ['N18.6'],
        drg: '652',
      });
    } else if (clinical === 'admissions') {
      const dx = ['I50.9', 'J44.1', 'E11.65'];
      [220, 130, 40].forEach((daysAgo, n) =>
        discharge({
          encounterId: `${memberId}-E${n}`,
          facilityNpi: '1234567893',
          admissionDate: isoDaysAgo(today, daysAgo + 4),
          dischargeDate: isoDaysAgo(today, daysAgo),
          diagnosisCodes: [dx[n]!],
          dischargeDisposition: '01',
        }),
      );
    } else if (clinical === 'noise') {
      for (let n = 0; n < 3; n++) {
        claim({
          claimId: `${memberId}-P${n}`,
          claimType: 'professional',
          status: 'paid',
          serviceFrom: isoDaysAgo(today, 10 + n * 20),
          diagnosisCodes: [RARE_DIAGNOSES[(i + n) % RARE_DIAGNOSES.length]!],
          procedureCodes: ['99213'],
        });
      }
    }
    if (clinical !== null) {
      // Pharmacy fills and labs: more traffic through the same profiles.
      for (let n = 0; n < 3; n++) {
        events.push({
          topic: topics.pharmacyClaims.name,
          type: topics.pharmacyClaims.eventType,
          id: nextId('rx'),
          key: memberId,
          data: {
            claimId: `${memberId}-RX${n}`,
            memberId,
            status: 'paid',
            fillDate: isoDaysAgo(today, 5 + n * 30),
            ndc: '00002-7510-01',
            drugName: 'insulin',
            daysSupply: 30,
            pharmacyChannel: 'retail',
          },
        });
      }
      events.push({
        topic: topics.labResults.name,
        type: topics.labResults.eventType,
        id: nextId('lab'),
        key: memberId,
        data: {
          resultId: `${memberId}-L1`,
          memberId,
          loinc: '4548-4',
          value: 7.1,
          unit: '%',
          abnormalFlag: 'H',
          resultDate: isoDaysAgo(today, 15),
        },
      });
      for (const e of events) {
        for (const code of (e.data as { diagnosisCodes?: string[] }).diagnosisCodes ?? [])
          canaries.add(code);
      }
      clinicalByMember.set(memberId, events);
    }

    // The oracle: the criteria library folded over exactly what is published, in order.
    let expectedCriteria: string[] = [];
    if (clinical !== null) {
      let profile = emptyClinicalProfile(memberId);
      for (const e of events)
        profile = applyClinicalEvent(profile, {
          kind: kindOf(e.topic),
          data: e.data,
        } as ClinicalEvent);
      expectedCriteria = evaluateCcmCriteria(profile, asOf, criteriaVersion).criteriaMet;
    }
    const expectedCase = !terminated && expectedCriteria.length > 0;
    members.push({
      memberId,
      index: i,
      coveredToday: !terminated,
      coverageEvents: spans.length,
      finalSpanStarts: spans.map((s) => s.effectiveDate),
      clinical,
      expectedCriteria,
      expectedCase,
      assessment: expectedCase ? (i % 8 < 5 ? 'enrolled' : i % 8 < 7 ? 'declined' : null) : null,
    });
  }

  // PA requests: the rest of the budget, spread over all members.
  const clinicalTotal = [...clinicalByMember.values()].reduce((n, l) => n + l.length, 0);
  const paCount = Math.max(10, options.events - coverage.length - clinicalTotal);
  const pa = new Map<string, PaExpectation>();
  const paEvents: PlannedEvent[] = [];
  for (let n = 0; n < paCount; n++) {
    const member = members[Math.floor(random() * members.length)]!;
    const drug = pick(DRUGS);
    const benefit = drug.codeSystem === 'NDC' ? 'pharmacy' : 'medical';
    const requestId = `${run}-PA${n.toString(36)}`;
    const request: PaRequested = {
      requestId,
      memberId: member.memberId,
      benefit,
      drug,
      dateOfService: today,
      urgency: random() < 0.2 ? 'expedited' : 'standard',
      requestingProvider: {
        npi: '1467583920',
        name: 'Lakeside Oncology',
        state: random() < 0.9 ? 'MI' : 'OH',
      },
      diagnosisCodes: null,
    };
    const decision = routePaRequest(
      { request, coverage: coverageToday.get(member.memberId) ?? null },
      policy,
    );
    pa.set(requestId, {
      requestId,
      memberId: member.memberId,
      outcome: decision.outcome,
      vendorId: decision.vendor?.id ?? null,
    });
    paEvents.push({
      topic: topics.paRequests.name,
      type: topics.paRequests.eventType,
      id: nextId('pa'),
      key: member.memberId,
      data: request,
    });
  }

  // Interleave: PA requests with each member's clinical events kept in order.
  const queues = [...clinicalByMember.values()].map((l) => [...l]);
  const stream: PlannedEvent[] = [];
  let p = 0;
  const ratio = clinicalTotal / Math.max(1, clinicalTotal + paEvents.length);
  while (p < paEvents.length || queues.some((q) => q.length > 0)) {
    if (p < paEvents.length && (random() >= ratio || queues.every((q) => q.length === 0))) {
      stream.push(paEvents[p++]!);
    } else {
      const open = queues.filter((q) => q.length > 0);
      const q = open[Math.floor(random() * open.length)]!;
      stream.push(q.shift()!);
    }
  }

  const counts: Record<string, number> = {};
  for (const e of [...coverage, ...stream]) counts[e.topic] = (counts[e.topic] ?? 0) + 1;
  return { runId: run, members, coverage, stream, pa, canaries, counts };
}

function kindOf(topic: string): ClinicalEvent['kind'] {
  switch (topic) {
    case topics.medicalClaims.name:
      return 'medical-claim';
    case topics.adtDischarges.name:
      return 'adt-discharge';
    case topics.pharmacyClaims.name:
      return 'pharmacy-claim';
    case topics.labResults.name:
      return 'lab-result';
    case topics.encounters.name:
      return 'encounter';
    default:
      return 'mtm-review';
  }
}
