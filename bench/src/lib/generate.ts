/**
 * Deterministic, realistic test data. Member ids carry the benchmark's prefix so runs and
 * benchmarks never collide; the same seed gives the same data, so runs are comparable.
 */

export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** mulberry32 */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** Weighted pick: [[value, weight], ...]. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [value, w] of items) {
      r -= w;
      if (r < 0) return value;
    }
    return items[items.length - 1]![0];
  }
}

const FIRST = [
  'Dorothy',
  'Marcus',
  'Priya',
  'James',
  'Linda',
  'Robert',
  'Maria',
  'David',
  'Susan',
  'Ahmed',
  'Keisha',
  'Wei',
  'Olga',
  'Tomas',
  'Grace',
  'Daniel',
  'Fatima',
  'Henry',
  'Rosa',
  'Kevin',
];
const LAST = [
  'Nowak',
  'Bell',
  'Shah',
  'Kowalski',
  'Johnson',
  'Garcia',
  'Nguyen',
  'Smith',
  'Haddad',
  'Brown',
  'Lee',
  'Wilson',
  'Martinez',
  'Anderson',
  'Taylor',
  'Thomas',
  'Moore',
  'Jackson',
  'White',
  'Harris',
];
const PCPS = [
  { npi: '1902837465', name: 'Grace Kim, DO', phone: '313-555-0142', fax: '313-555-0143' },
  { npi: '1588667638', name: 'Alan Reyes, MD', phone: '248-555-0199', fax: null },
  { npi: '1467559321', name: 'Nadia Petrova, MD', phone: null, fax: null },
  { npi: '1215937486', name: 'Oscar Lindqvist, MD', phone: '616-555-0110', fax: '616-555-0111' },
];
const OTHER_GROUPS = [
  { id: 'acme-auto-parts', name: 'Acme Auto Parts' },
  { id: 'great-lakes-hospital', name: 'Great Lakes Hospital' },
  { id: 'detroit-metro-schools', name: 'Detroit Metro Schools' },
  { id: 'kalamazoo-foods', name: 'Kalamazoo Foods' },
];
const KNOWN_GROUPS = [
  { id: 'uaw-retiree-trust', name: 'UAW Retiree Medical Benefits Trust' },
  { id: 'mpsers', name: "Michigan Public School Employees' Retirement System" },
  { id: 'state-of-michigan', name: 'State of Michigan' },
  { id: 'messa', name: 'Michigan Education Special Services Association' },
];
type Lob = 'blue-cross-commercial' | 'medicare-plus-blue' | 'bcn-commercial' | 'bcn-advantage';
type Pba = 'express-scripts' | 'optumrx' | null;

export function memberIdOf(prefix: string, i: number): string {
  return `${prefix}${String(i).padStart(7, '0')}`;
}

export interface CoveragePlan {
  lineOfBusiness: Lob;
  fundingType: 'fully-insured' | 'self-funded' | 'individual';
  group: { id: string; name: string } | null;
  pharmacyBenefitAdministrator: Pba;
}

export function randomPlan(rng: Rng): CoveragePlan {
  const lineOfBusiness = rng.weighted<Lob>([
    ['blue-cross-commercial', 45],
    ['medicare-plus-blue', 20],
    ['bcn-commercial', 25],
    ['bcn-advantage', 10],
  ]);
  const fundingType = rng.weighted<CoveragePlan['fundingType']>([
    ['fully-insured', 45],
    ['self-funded', 40],
    ['individual', 15],
  ]);
  const group =
    fundingType === 'individual'
      ? null
      : rng.chance(0.3)
        ? rng.pick(KNOWN_GROUPS)
        : rng.pick(OTHER_GROUPS);
  return {
    lineOfBusiness,
    fundingType,
    group,
    pharmacyBenefitAdministrator: rng.weighted([
      [null, 60],
      ['express-scripts', 25],
      ['optumrx', 15],
    ]),
  };
}

/** coverage.updated events of one member: one span, or a plan change (two spans), sometimes a correction. */
export function coverageEventsOf(rng: Rng, memberId: string): Record<string, unknown>[] {
  const person = {
    memberId,
    firstName: rng.pick(FIRST),
    lastName: rng.pick(LAST),
    birthDate: `${1940 + rng.int(60)}-${String(1 + rng.int(12)).padStart(2, '0')}-${String(1 + rng.int(28)).padStart(2, '0')}`,
  };
  const pcp = rng.chance(0.85) ? rng.pick(PCPS) : null;
  const state = rng.chance(0.95) ? 'MI' : rng.pick(['OH', 'IN', 'WI']);
  const first = randomPlan(rng);
  const change = rng.chance(0.3);
  const events: Record<string, unknown>[] = [
    {
      ...person,
      ...first,
      effectiveDate: '2024-01-01',
      terminationDate: change ? '2025-03-31' : null,
      pcp,
      state,
    },
  ];
  if (change) {
    events.push({
      ...person,
      ...randomPlan(rng),
      effectiveDate: '2025-04-01',
      terminationDate: null,
      pcp: rng.chance(0.5) ? rng.pick(PCPS) : pcp,
      state,
    });
  }
  if (rng.chance(0.1)) {
    // A correction of the latest span (new PCP), as 834 feeds send.
    const last = events[events.length - 1]!;
    events.push({ ...last, pcp: rng.pick(PCPS) });
  }
  return events;
}

/** The coverage in force on 2025-06-15 as a member-coverage span list would describe it (for seeding read models). */
export function memberCoverageOf(
  rng: Rng,
  memberId: string,
  version = 1,
  eventId = `bench-cov-${memberId}`,
): Record<string, unknown> {
  const plan = randomPlan(rng);
  const pcp = rng.pick(PCPS);
  return {
    memberId,
    version,
    spans: [
      {
        ...plan,
        effectiveDate: '2024-01-01',
        terminationDate: null,
        pcp: { npi: pcp.npi, name: pcp.name, phone: pcp.phone, fax: pcp.fax, address: null },
        state: 'MI',
        sourceEventId: eventId,
        sourceEventTime: '2024-01-01T00:00:00.000Z',
      },
    ],
  };
}

const MEDICAL_DRUGS = [
  { code: 'J9035', codeSystem: 'HCPCS', name: 'bevacizumab' },
  { code: 'J9271', codeSystem: 'HCPCS', name: 'pembrolizumab' },
  { code: 'J9312', codeSystem: 'HCPCS', name: 'rituximab' },
  { code: 'Q5107', codeSystem: 'HCPCS', name: 'bevacizumab-awwb (Mvasi)' },
  { code: 'J1442', codeSystem: 'HCPCS', name: 'filgrastim' },
  { code: 'J1447', codeSystem: 'HCPCS', name: 'tbo-filgrastim (Granix)' },
  { code: 'Q2041', codeSystem: 'HCPCS', name: 'axicabtagene ciloleucel' },
  { code: 'J1745', codeSystem: 'HCPCS', name: 'infliximab' },
  { code: 'J0135', codeSystem: 'HCPCS', name: 'adalimumab' },
  { code: 'J3490', codeSystem: 'HCPCS', name: 'unclassified drug' },
] as const;
const PHARMACY_DRUGS = [
  { code: '00074-4339-02', codeSystem: 'NDC', name: 'Humira' },
  { code: '00002-1433-80', codeSystem: 'NDC', name: 'Trulicity' },
  { code: '00078-0659-15', codeSystem: 'NDC', name: 'Entresto' },
  { code: '00069-0187-30', codeSystem: 'NDC', name: 'Lipitor' },
] as const;
const HINTS = [null, null, null, 'oncology', 'supportive care', 'biologic'] as const;

export function paRequestOf(
  rng: Rng,
  requestId: string,
  memberId: string,
): Record<string, unknown> & { requestId: string; memberId: string } {
  const benefit = rng.chance(0.6) ? 'medical' : 'pharmacy';
  const drug = benefit === 'medical' ? rng.pick(MEDICAL_DRUGS) : rng.pick(PHARMACY_DRUGS);
  return {
    requestId,
    memberId,
    benefit,
    drug: { ...drug, categoryHint: rng.pick(HINTS) },
    dateOfService: `2025-06-${String(1 + rng.int(28)).padStart(2, '0')}`,
    urgency: rng.chance(0.2) ? 'expedited' : 'standard',
    requestingProvider: {
      npi: rng.pick(PCPS).npi,
      name: 'Bench Oncology Clinic',
      state: rng.chance(0.9) ? 'MI' : 'OH',
    },
    diagnosisCodes: ['C34.90'],
  };
}

const CHRONIC_DX = [
  'I50.23',
  'E11.9',
  'N18.4',
  'J44.9',
  'I10',
  'E78.5',
  'F32.9',
  'J45.40',
  'C50.911',
  'I25.10',
];
const NDCS = [
  '00069015030',
  '00093517198',
  '00378395177',
  '00591054410',
  '68180051301',
  '00093722001',
];

/** A claim, a discharge or a pharmacy fill for a member (the CCM mix: 45 / 15 / 40). */
export function clinicalEventOf(
  rng: Rng,
  seq: number,
  memberId: string,
): {
  topic: 'claims.medical.v1' | 'adt.discharges.v1' | 'claims.pharmacy.v1';
  type: string;
  data: Record<string, unknown>;
} {
  const month = 1 + rng.int(6);
  const day = 1 + rng.int(20);
  const date = (d: number) =>
    `2025-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const dx = [rng.pick(CHRONIC_DX), rng.pick(CHRONIC_DX)];
  const kind = rng.weighted<0 | 1 | 2>([
    [0, 45],
    [1, 15],
    [2, 40],
  ]);
  if (kind === 0) {
    const inpatient = rng.chance(0.25);
    return {
      topic: 'claims.medical.v1',
      type: 'claim.adjudicated',
      data: {
        claimId: `BCLM-${seq}`,
        memberId,
        claimType: inpatient
          ? 'institutional-inpatient'
          : rng.chance(0.5)
            ? 'professional'
            : 'institutional-outpatient',
        status: rng.chance(0.95) ? 'paid' : 'denied',
        serviceFrom: date(day),
        serviceTo: date(day + (inpatient ? 4 : 0)),
        ...(inpatient
          ? {
              admissionDate: date(day),
              dischargeDate: date(day + 4),
              drg: '291',
              facilityNpi: '1326041792',
            }
          : {}),
        diagnosisCodes: dx,
        procedureCodes: inpatient ? null : ['99214'],
      },
    };
  }
  if (kind === 1) {
    return {
      topic: 'adt.discharges.v1',
      type: 'patient.discharged',
      data: {
        encounterId: `BENC-${seq}`,
        memberId,
        facilityNpi: '1326041792',
        admissionDate: date(day),
        dischargeDate: date(day + 3),
        diagnosisCodes: dx,
        dischargeDisposition: 'home',
      },
    };
  }
  return {
    topic: 'claims.pharmacy.v1',
    type: 'pharmacy-claim.adjudicated',
    data: {
      claimId: `BRX-${seq}`,
      memberId,
      status: rng.chance(0.97) ? 'paid' : 'reversed',
      fillDate: date(day),
      ndc: rng.pick(NDCS),
      drugName: 'atorvastatin 20 mg',
      daysSupply: rng.pick([30, 30, 90]),
      pharmacyChannel: rng.weighted([
        ['retail', 70],
        ['mail-order', 20],
        ['specialty', 10],
      ]),
    },
  };
}
