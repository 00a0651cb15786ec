import {
  claimAdjudicatedData,
  type ClaimAdjudicated,
  type ClaimDiagnosis,
} from '@careflow/contracts';
import type { SegmentError } from './acknowledgments';
import { ClaimLoopSplitter, type ClaimLoop } from './claim-loops';
import { elementOf, isoDateOfD8, type X12Segment } from './segment';

/**
 * One 837 claim (loop 2300 with its 2310 providers and 2400 lines) as a `claims.medical.v1`
 * event. An 837 is the provider's submitted claim, not the payer's decision: the event says so
 * with `claimStage: 'submitted'`; its status is `paid` while the claim stands and `reversed` for a
 * void (frequency 8), the contract's existing way of withdrawing a claim's contributions. Each
 * mapping cites its place in the TR3s: 005010X222A1 (837P) and 005010X223A2 (837I), section 2.4
 * (loop and segment detail).
 */

export type ClaimForm = 'professional' | 'institutional';

/** GS08/ST03 of the two implementation guides this reader maps. */
export const CLAIM_IMPLEMENTATIONS: Readonly<Record<string, ClaimForm>> = {
  '005010X222A1': 'professional',
  '005010X223A2': 'institutional',
};

/** How a plan's 837I is classed: which type-of-bill prefixes are an inpatient stay. */
export interface ClaimMapping {
  /** UB-04 type of bill digits 1–2 (facility type and bill classification), e.g. 11 hospital inpatient. */
  readonly inpatientBillTypes: readonly string[];
}

/**
 * NUBC type of bill 11x (hospital, inpatient Part A) is an inpatient stay; 12x (inpatient Part B
 * only), 13x outpatient, 18x swing bed and 21x skilled nursing are not hospital admissions.
 */
export const DEFAULT_CLAIM_MAPPING: ClaimMapping = { inpatientBillTypes: ['11'] };

export interface SubmittedClaim {
  /** Position of the CLM in the set (the event's identity with the set's). */
  readonly claimPosition: number;
  readonly claim: ClaimAdjudicated;
}

export interface ClaimReading {
  readonly claim?: SubmittedClaim;
  readonly errors: readonly SegmentError[];
}

type Frequency = NonNullable<ClaimAdjudicated['claimFrequency']>;
/**
 * CLM05-3 claim frequency type code (NUBC type of bill digit 3) → the contract's frequency: 1
 * original, 7 replacement of a prior claim, 8 void of a prior claim; an 837I may also send the
 * interim bills of a long stay (2 first, 3 continuing, 4 last), each an original of its own part
 * (the CCM criteria join interim claims of one stay).
 */
const FREQUENCIES: Readonly<Record<ClaimForm, Readonly<Record<string, Frequency>>>> = {
  professional: { '1': 'original', '7': 'replacement', '8': 'void' },
  institutional: {
    '1': 'original',
    '2': 'original',
    '3': 'original',
    '4': 'original',
    '7': 'replacement',
    '8': 'void',
  },
};

/**
 * HI qualifiers (C022-01, element 1270) of diagnoses: ABK principal (837P 2300 HI "Health Care
 * Diagnosis Code"; 837I 2300 HI "Principal Diagnosis"), ABF other (837P same HI, HI02–HI12; 837I
 * "Other Diagnosis Information"), ABJ admitting, APR patient's reason for visit, ABN external
 * cause of injury (837I only).
 */
const DIAGNOSIS_ROLES: Readonly<Record<string, ClaimDiagnosis['role']>> = {
  ABK: 'principal',
  ABF: 'other',
  ABJ: 'admitting',
  APR: 'reason-for-visit',
  ABN: 'external-cause',
};
/** Roles that are conditions of the patient (diagnosisCodes); admitting and reason are not. */
const CONDITION_ROLES = new Set<ClaimDiagnosis['role']>(['principal', 'other', 'external-cause']);
const POA = new Set(['Y', 'N', 'U', 'W', '1']);

interface Composite {
  readonly segment: X12Segment;
  readonly element: number;
  readonly parts: readonly string[];
}

function compositesOf(segment: X12Segment, separator: string): Composite[] {
  const out: Composite[] = [];
  for (let n = 1; n < segment.elements.length; n++) {
    const value = elementOf(segment, n);
    if (value !== '') out.push({ segment, element: n, parts: value.split(separator) });
  }
  return out;
}

const part = (c: Composite, n: number) => (c.parts[n - 1] ?? '').trim();

function find(segments: readonly X12Segment[], tag: string, qualifier?: string) {
  return segments.find(
    (s) => s.tag === tag && (qualifier === undefined || elementOf(s, 1) === qualifier),
  );
}

/** NM109 when NM108 is XX (the NPI), of the provider loop whose NM101 is `entity`. */
function npiOf(providers: readonly (readonly X12Segment[])[], entity: string): string | null {
  const nm1 = providers.map((p) => p[0]).find((s) => s && elementOf(s, 1) === entity);
  return nm1 && elementOf(nm1, 8) === 'XX' ? elementOf(nm1, 9) : null;
}

/** A DTP's date or range: D8 CCYYMMDD, RD8 CCYYMMDD-CCYYMMDD, DT CCYYMMDDHHMM (date part). */
function periodOf(dtp: X12Segment): { from: string; to: string } | undefined {
  const format = elementOf(dtp, 2);
  const value = elementOf(dtp, 3);
  if (format === 'D8' || format === 'DT') {
    const date = isoDateOfD8(value.slice(0, 8));
    return date && (format === 'D8' ? value.length === 8 : value.length === 12)
      ? { from: date, to: date }
      : undefined;
  }
  if (format !== 'RD8') return undefined;
  const [from, to] = value.split('-').map((d) => isoDateOfD8(d));
  return from && to && from <= to ? { from, to } : undefined;
}

class ClaimErrors {
  readonly list: SegmentError[] = [];
  element(
    segment: X12Segment,
    loopId: string,
    position: number,
    reference: string,
    code: NonNullable<SegmentError['element']>['code'],
    component?: number,
  ): void {
    this.list.push({
      segmentTag: segment.tag,
      position: segment.position,
      loopId,
      code: '8',
      element: { position, reference, code, ...(component !== undefined ? { component } : {}) },
    });
  }
  missing(tag: string, at: X12Segment, loopId: string): void {
    this.list.push({ segmentTag: tag, position: at.position, loopId, code: '3' });
  }
}

/** Diagnoses of the 2300 HI segments, in claim order, each checked as ICD-10-CM (ABK/ABF…). */
function diagnosesOf(claim: ClaimLoop, separator: string, errors: ClaimErrors): ClaimDiagnosis[] {
  const out: ClaimDiagnosis[] = [];
  for (const hi of claim.claimLevel.filter((s) => s.tag === 'HI')) {
    for (const c of compositesOf(hi, separator)) {
      const qualifier = part(c, 1);
      const role = DIAGNOSIS_ROLES[qualifier];
      if (!role) continue;
      const code = part(c, 2);
      if (!/^[A-TV-Z][0-9][0-9A-Z](\.?[0-9A-Z]{1,4})?$/i.test(code)) {
        errors.element(hi, '2300', c.element, '1271', '7', 2);
        continue;
      }
      const poa = part(c, 9);
      if (poa !== '' && !POA.has(poa)) errors.element(hi, '2300', c.element, '1073', '7', 9);
      out.push({
        code,
        role,
        presentOnAdmission: POA.has(poa) ? (poa as ClaimDiagnosis['presentOnAdmission']) : null,
      });
    }
  }
  // The principal first, then the others in the order sent.
  return [
    ...out.filter((d) => d.role === 'principal'),
    ...out.filter((d) => d.role !== 'principal'),
  ];
}

/**
 * ICD-10-PCS procedures (837I 2300 HI "Principal Procedure Information" BBR, "Other Procedure
 * Information" BBQ) and the DRG (HI "Diagnosis Related Group (DRG) Information", qualifier DR).
 */
function institutionalCodesOf(claim: ClaimLoop, separator: string) {
  const pcs: string[] = [];
  let drg: string | null = null;
  for (const hi of claim.claimLevel.filter((s) => s.tag === 'HI')) {
    for (const c of compositesOf(hi, separator)) {
      const qualifier = part(c, 1);
      if (qualifier === 'BBR') pcs.unshift(part(c, 2));
      else if (qualifier === 'BBQ') pcs.push(part(c, 2));
      else if (qualifier === 'DR') drg = part(c, 2);
    }
  }
  return { pcs, drg };
}

/**
 * CPT/HCPCS of the 2400 lines: SV101 (837P "Professional Service", C003-01 HC, C003-02 the
 * code) or SV202 (837I "Institutional Service Line", same composite); and each line's service
 * date DTP*472 (D8 or RD8).
 */
function linesOf(claim: ClaimLoop, separator: string, errors: ClaimErrors) {
  const codes: string[] = [];
  const dates: string[] = [];
  for (const line of claim.lines) {
    const sv = line.find((s) => s.tag === 'SV1' || s.tag === 'SV2');
    const element = sv?.tag === 'SV1' ? 1 : 2;
    const composite = sv ? (elementOf(sv, element) || '').split(separator) : [];
    if (sv && (composite[0] ?? '') === 'HC') codes.push((composite[1] ?? '').trim());
    const dtp = find(line, 'DTP', '472');
    if (!dtp) continue;
    const period = periodOf(dtp);
    if (period) dates.push(period.from, period.to);
    else errors.element(dtp, '2400', 3, '1251', '8');
  }
  dates.sort();
  return { codes: [...new Set(codes)], from: dates[0], to: dates[dates.length - 1] };
}

/** Where a contract field comes from, to name it in the 999 (IK3/IK4) when it fails. */
function sourceOf(field: string, claim: ClaimLoop): [X12Segment, string, number, string] {
  const hi = find(claim.claimLevel, 'HI') ?? claim.clm;
  switch (field) {
    case 'memberId':
      return [claim.subscriber ?? claim.clm, '2010BA', 9, '67'];
    case 'claimId':
      return [claim.clm, '2300', 1, '1028'];
    case 'billingProviderNpi':
      return [claim.billingProvider ?? claim.clm, '2010AA', 9, '67'];
    case 'facilityNpi':
    case 'renderingProviderNpi':
      return [claim.providers[0]?.[0] ?? claim.clm, '2310', 9, '67'];
    case 'icd10PcsCodes':
    case 'drg':
    case 'diagnosisCodes':
    case 'diagnoses':
      return [hi, '2300', 1, '1271'];
    case 'procedureCodes':
      return [claim.lines[0]?.[1] ?? claim.clm, '2400', 1, '234'];
    case 'dischargeStatus':
    case 'admissionType':
      return [find(claim.claimLevel, 'CL1') ?? claim.clm, '2300', 3, '1352'];
    default:
      return [find(claim.claimLevel, 'DTP', '434') ?? claim.clm, '2300', 3, '1251'];
  }
}

/**
 * Maps one claim. `claimId` is the billing provider's NPI and CLM01 (the patient control
 * number): a replacement (CLM05-3 7) or void (8) sent under the same control number by the same
 * billing provider carries the same claimId, so it replaces or withdraws the original's event.
 */
export function readHealthCareClaim(
  claim: ClaimLoop,
  form: ClaimForm,
  componentSeparator: string,
  mapping: ClaimMapping,
): ClaimReading {
  const errors = new ClaimErrors();
  const clm = claim.clm;
  if (claim.patientLevel)
    // A 2000C patient has no member id of their own (TR3 1.4.3): Careflow cannot place the claim.
    errors.list.push({
      segmentTag: 'HL',
      position: claim.patientLevel.position,
      loopId: '2000C',
      code: '2',
    });
  if (!claim.subscriber && claim.hl) errors.missing('NM1', claim.hl, '2010BA');
  if (!claim.billingProvider) errors.missing('NM1', claim.hl ?? clm, '2010AA');
  // CLM05 (C023): 05-1 facility code (837P place of service, 837I type of bill digits 1–2),
  // 05-2 qualifier (B place of service, A UB-04 type of bill), 05-3 frequency (NUBC).
  const clm05 = elementOf(clm, 5).split(componentSeparator);
  const facilityCode = (clm05[0] ?? '').trim();
  const frequency = FREQUENCIES[form][(clm05[2] ?? '').trim()];
  if (!frequency) errors.element(clm, '2300', 5, '1325', clm05[2] ? '7' : '1', 3);
  if (!/^\d{2}$/.test(facilityCode)) errors.element(clm, '2300', 5, '1331', '7', 1);
  const diagnoses = diagnosesOf(claim, componentSeparator, errors);
  // The principal diagnosis HI (ABK) is required (837P and 837I 2300); an invalid one is named above.
  const principalSent = claim.claimLevel.some(
    (s) => s.tag === 'HI' && elementOf(s, 1).startsWith(`ABK${componentSeparator}`),
  );
  if (!principalSent) errors.missing('HI', find(claim.claimLevel, 'HI') ?? clm, '2300');
  const lines = linesOf(claim, componentSeparator, errors);
  const statement = find(claim.claimLevel, 'DTP', '434');
  const statementPeriod = statement ? periodOf(statement) : undefined;
  if (form === 'institutional' && !statement) errors.missing('DTP', clm, '2300');
  else if (statement && !statementPeriod) errors.element(statement, '2300', 3, '1251', '8');
  const admission = find(claim.claimLevel, 'DTP', '435');
  const admissionDate = admission ? periodOf(admission)?.from : undefined;
  if (admission && !admissionDate) errors.element(admission, '2300', 3, '1251', '8');
  const serviceFrom = statementPeriod?.from ?? lines.from;
  if (serviceFrom === undefined && form === 'professional') errors.missing('DTP', clm, '2400');
  if (errors.list.length > 0 || serviceFrom === undefined || !frequency)
    return { errors: errors.list };

  const institutional = form === 'institutional';
  const cl1 = find(claim.claimLevel, 'CL1');
  if (institutional && !cl1) errors.missing('CL1', clm, '2300');
  // CL1-03 patient status (NUBC UB-04 FL17): 30 still a patient, any other ends the stay.
  const patientStatus = cl1 ? elementOf(cl1, 3) : '';
  const inpatient = institutional && mapping.inpatientBillTypes.includes(facilityCode);
  const professionalDischarge = find(claim.claimLevel, 'DTP', '096');
  const dischargeDate = institutional
    ? inpatient && patientStatus !== '30'
      ? statementPeriod?.to
      : undefined
    : professionalDischarge
      ? periodOf(professionalDischarge)?.from
      : undefined;
  const { pcs, drg } = institutional
    ? institutionalCodesOf(claim, componentSeparator)
    : { pcs: [], drg: null };
  const billingNpi =
    claim.billingProvider && elementOf(claim.billingProvider, 8) === 'XX'
      ? elementOf(claim.billingProvider, 9)
      : '';
  const serviceFacility = npiOf(claim.providers, '77');
  const candidate = {
    claimId: `${billingNpi}-${elementOf(clm, 1)}`,
    memberId: claim.subscriber ? elementOf(claim.subscriber, 9) : '',
    claimType: !institutional
      ? 'professional'
      : inpatient
        ? 'institutional-inpatient'
        : 'institutional-outpatient',
    status: frequency === 'void' ? 'reversed' : 'paid',
    serviceFrom,
    serviceTo: statementPeriod?.to ?? lines.to ?? null,
    admissionDate: admissionDate ?? (inpatient ? serviceFrom : null),
    dischargeDate: dischargeDate ?? null,
    // 837I: the service facility (2310E NM1*77) or else the billing hospital (2010AA);
    // 837P: the service facility location (2310C NM1*77) when sent.
    facilityNpi: serviceFacility ?? (institutional ? billingNpi : null),
    diagnosisCodes: diagnoses.filter((d) => CONDITION_ROLES.has(d.role)).map((d) => d.code),
    procedureCodes: lines.codes.length > 0 ? lines.codes : null,
    icd10PcsCodes: pcs.length > 0 ? pcs : null,
    drg,
    claimStage: 'submitted',
    claimFrequency: frequency,
    diagnoses,
    admissionType: cl1 ? elementOf(cl1, 1) || null : null,
    dischargeStatus: patientStatus || null,
    typeOfBill: institutional ? `${facilityCode}${(clm05[2] ?? '').trim()}` : null,
    placeOfService: institutional ? null : facilityCode,
    billingProviderNpi: billingNpi,
    // 837P 2310B / 837I 2310D rendering provider NM1*82.
    renderingProviderNpi: npiOf(claim.providers, '82'),
  };
  const checked = claimAdjudicatedData.safeParse(candidate);
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const [segment, loopId, element, reference] = sourceOf(String(issue.path[0] ?? ''), claim);
      errors.element(segment, loopId, element, reference, '7');
    }
  }
  if (errors.list.length > 0 || !checked.success) return { errors: errors.list };
  return { claim: { claimPosition: clm.position, claim: checked.data }, errors: [] };
}

export interface ClaimsReading {
  readonly claims: readonly SubmittedClaim[];
  readonly errors: readonly SegmentError[];
}

/** Collects the claims of one set; any error rejects the set whole (nothing of it published). */
export class HealthCareClaimsCollector {
  private readonly claims: SubmittedClaim[] = [];
  private readonly errors: SegmentError[] = [];
  private lastPosition = 1;

  constructor(
    private readonly form: ClaimForm,
    private readonly componentSeparator: string,
    private readonly mapping: ClaimMapping,
  ) {}

  add(claim: ClaimLoop): void {
    const reading = readHealthCareClaim(claim, this.form, this.componentSeparator, this.mapping);
    this.errors.push(...reading.errors);
    if (reading.claim && this.errors.length === 0) this.claims.push(reading.claim);
    else this.claims.length = 0;
  }

  /** Notes where the set's last segment stands (an empty set is reported after it). */
  saw(segment: X12Segment): void {
    this.lastPosition = segment.position;
  }

  result(): ClaimsReading {
    if (this.claims.length === 0 && this.errors.length === 0)
      return {
        claims: [],
        errors: [
          { segmentTag: 'CLM', position: this.lastPosition + 1, loopId: '2300', code: 'I7' },
        ],
      };
    return { claims: this.errors.length > 0 ? [] : this.claims, errors: this.errors };
  }
}

/** Reads the segments between ST and SE of an 837 set. */
export function readHealthCareClaims(
  segments: readonly X12Segment[],
  form: ClaimForm,
  componentSeparator: string,
  mapping: ClaimMapping,
): ClaimsReading {
  const collector = new HealthCareClaimsCollector(form, componentSeparator, mapping);
  const splitter = new ClaimLoopSplitter((c) => collector.add(c));
  for (const segment of segments) {
    collector.saw(segment);
    splitter.push(segment);
  }
  splitter.end();
  return collector.result();
}
