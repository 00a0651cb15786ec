/**
 * The member's clinical profile: the compact, plain-JSON record of everything the CCM criteria
 * read. The case-management service stores it per member and folds each incoming event into it
 * with the pure `apply*` functions below (each returns a new profile; the input is not mutated).
 *
 * Rules of the fold:
 * - A source record (a medical claim, a discharge, an encounter …) is keyed by its business id:
 *   applying it again replaces its earlier contributions, so redelivery and claim adjustments are
 *   idempotent and the latest adjudication of a claimId wins.
 * - A medical claim that is `denied` or `reversed` removes that claim's contributions; only paid
 *   claims contribute.
 * - A pharmacy claim is one fill per claimId with the latest status: a reversal nets out the paid
 *   fill with the same claimId (it is kept as `reversed` so the evidence can show the netting).
 * - Events of a member arrive in order (the Kafka key is the member id), which the "latest wins"
 *   rule relies on.
 */
import { normalizeCode } from './codes';
import { assertIsoDate, type IsoDate } from './dates';
import type {
  ClinicalEvent,
  DischargeData,
  EncounterData,
  LabResultData,
  MedicalClaimData,
  MtmReviewData,
  PharmacyClaimData,
} from './events';

export const CLINICAL_PROFILE_SCHEMA_VERSION = 1;

export type SourceKind = ClinicalEvent['kind'];

/** Where a fact came from: the event kind and its business id (claimId, encounterId …). */
export interface SourceRef {
  kind: SourceKind;
  id: string;
}

export interface DiagnosisRecord {
  /** ICD-10-CM, normalized (upper case, no dot). */
  code: string;
  /** Service start date of the source record. */
  date: IsoDate;
  /** 0 is the principal (first-listed) diagnosis of the source record. */
  position: number;
  source: SourceRef;
}

export interface InpatientStayRecord {
  facilityNpi: string | null;
  admissionDate: IsoDate;
  dischargeDate: IsoDate;
  principalDiagnosis: string | null;
  /** All ICD-10-CM codes of the record, principal first, normalized. */
  diagnosisCodes: string[];
  dischargeDisposition: string | null;
  source: SourceRef;
}

export type ProcedureSystem = 'CPT-HCPCS' | 'ICD-10-PCS' | 'MS-DRG';

export interface ProcedureRecord {
  system: ProcedureSystem;
  /** Normalized code (MS-DRG zero-padded to 3 digits). */
  code: string;
  date: IsoDate;
  source: SourceRef;
}

export interface PharmacyFillRecord {
  claimId: string;
  fillDate: IsoDate;
  ndc: string;
  status: 'paid' | 'reversed';
  drugName: string | null;
  daysSupply: number | null;
}

export interface LabResultRecord {
  resultId: string;
  loinc: string;
  resultDate: IsoDate;
  value: string | number | null;
  unit: string | null;
  abnormalFlag: string | null;
}

export interface MtmReviewRecord {
  reviewId: string;
  reviewDate: IsoDate;
  medicationCount: number | null;
  problemCount: number | null;
}

export interface ClinicalProfile {
  schemaVersion: typeof CLINICAL_PROFILE_SCHEMA_VERSION;
  memberId: string;
  diagnoses: DiagnosisRecord[];
  inpatientStays: InpatientStayRecord[];
  procedures: ProcedureRecord[];
  pharmacyFills: PharmacyFillRecord[];
  labs: LabResultRecord[];
  mtmReviews: MtmReviewRecord[];
}

export function emptyClinicalProfile(memberId: string): ClinicalProfile {
  return {
    schemaVersion: CLINICAL_PROFILE_SCHEMA_VERSION,
    memberId,
    diagnoses: [],
    inpatientStays: [],
    procedures: [],
    pharmacyFills: [],
    labs: [],
    mtmReviews: [],
  };
}

export class ProfileMemberMismatchError extends Error {
  constructor(profileMemberId: string, eventMemberId: string) {
    super(
      `event for member ${eventMemberId} cannot be applied to the profile of member ${profileMemberId}`,
    );
    this.name = 'ProfileMemberMismatchError';
  }
}

function checkMember(profile: ClinicalProfile, memberId: string): void {
  if (profile.memberId !== memberId)
    throw new ProfileMemberMismatchError(profile.memberId, memberId);
}

function sameSource(a: SourceRef, b: SourceRef): boolean {
  return a.id === b.id && a.kind === b.kind;
}

function normalizedDiagnoses(codes: readonly string[]): string[] {
  const out: string[] = [];
  for (const c of codes) {
    const n = normalizeCode(c);
    if (n.length > 0) out.push(n);
  }
  return out;
}

/** The profile without any contribution of `source`. */
function withoutSource(profile: ClinicalProfile, source: SourceRef): ClinicalProfile {
  return {
    ...profile,
    diagnoses: profile.diagnoses.filter((d) => !sameSource(d.source, source)),
    inpatientStays: profile.inpatientStays.filter((s) => !sameSource(s.source, source)),
    procedures: profile.procedures.filter((p) => !sameSource(p.source, source)),
  };
}

function diagnosisRecords(
  codes: readonly string[],
  date: IsoDate,
  source: SourceRef,
): DiagnosisRecord[] {
  // A code listed twice on one record is one fact; keep its first (most principal) position.
  const seen = new Set<string>();
  const out: DiagnosisRecord[] = [];
  codes.forEach((code, position) => {
    if (seen.has(code)) return;
    seen.add(code);
    out.push({ code, date, position, source });
  });
  return out;
}

function procedureRecords(
  system: ProcedureSystem,
  codes: readonly string[] | null | undefined,
  date: IsoDate,
  source: SourceRef,
): ProcedureRecord[] {
  const out: ProcedureRecord[] = [];
  const seen = new Set<string>();
  for (const raw of codes ?? []) {
    const code = normalizeCode(raw, system);
    if (code.length === 0 || seen.has(code)) continue;
    seen.add(code);
    out.push({ system, code, date, source });
  }
  return out;
}

/**
 * A `claims.medical.v1` claim. Paid: its diagnoses and procedures (dated `serviceFrom`), its
 * MS-DRG, and for `institutional-inpatient` an inpatient stay (admission `admissionDate` or
 * `serviceFrom`, discharge `dischargeDate`, `serviceTo` or `serviceFrom`). Denied or reversed:
 * everything the claimId contributed before is removed.
 */
export function applyMedicalClaim(
  profile: ClinicalProfile,
  claim: MedicalClaimData,
): ClinicalProfile {
  checkMember(profile, claim.memberId);
  assertIsoDate(claim.serviceFrom, 'serviceFrom');
  const source: SourceRef = { kind: 'medical-claim', id: claim.claimId };
  const next = withoutSource(profile, source);
  if (claim.status !== 'paid') return next;
  const date = claim.serviceFrom;
  const dx = normalizedDiagnoses(claim.diagnosisCodes);
  next.diagnoses.push(...diagnosisRecords(dx, date, source));
  next.procedures.push(
    ...procedureRecords('CPT-HCPCS', claim.procedureCodes, date, source),
    ...procedureRecords('ICD-10-PCS', claim.icd10PcsCodes, date, source),
    ...procedureRecords('MS-DRG', claim.drg ? [claim.drg] : [], date, source),
  );
  if (claim.claimType === 'institutional-inpatient') {
    const admissionDate = claim.admissionDate ?? claim.serviceFrom;
    const dischargeDate = claim.dischargeDate ?? claim.serviceTo ?? admissionDate;
    assertIsoDate(admissionDate, 'admissionDate');
    assertIsoDate(dischargeDate, 'dischargeDate');
    next.inpatientStays.push({
      facilityNpi: claim.facilityNpi ?? null,
      admissionDate,
      dischargeDate: dischargeDate < admissionDate ? admissionDate : dischargeDate,
      principalDiagnosis: dx[0] ?? null,
      diagnosisCodes: dx,
      dischargeDisposition: null,
      source,
    });
  }
  return next;
}

/** An `adt.discharges.v1` discharge: an inpatient stay and its diagnoses (dated `admissionDate`). */
export function applyDischarge(
  profile: ClinicalProfile,
  discharge: DischargeData,
): ClinicalProfile {
  checkMember(profile, discharge.memberId);
  assertIsoDate(discharge.admissionDate, 'admissionDate');
  assertIsoDate(discharge.dischargeDate, 'dischargeDate');
  const source: SourceRef = { kind: 'adt-discharge', id: discharge.encounterId };
  const next = withoutSource(profile, source);
  const dx = normalizedDiagnoses(discharge.diagnosisCodes);
  next.diagnoses.push(...diagnosisRecords(dx, discharge.admissionDate, source));
  next.inpatientStays.push({
    facilityNpi: discharge.facilityNpi,
    admissionDate: discharge.admissionDate,
    dischargeDate:
      discharge.dischargeDate < discharge.admissionDate
        ? discharge.admissionDate
        : discharge.dischargeDate,
    principalDiagnosis: dx[0] ?? null,
    diagnosisCodes: dx,
    dischargeDisposition: discharge.dischargeDisposition ?? null,
    source,
  });
  return next;
}

/** An `encounters.v1` encounter: its diagnoses and CPT/HCPCS procedures, dated `serviceDate`. */
export function applyEncounter(
  profile: ClinicalProfile,
  encounter: EncounterData,
): ClinicalProfile {
  checkMember(profile, encounter.memberId);
  assertIsoDate(encounter.serviceDate, 'serviceDate');
  const source: SourceRef = { kind: 'encounter', id: encounter.encounterId };
  const next = withoutSource(profile, source);
  const dx = normalizedDiagnoses(encounter.diagnosisCodes);
  next.diagnoses.push(...diagnosisRecords(dx, encounter.serviceDate, source));
  next.procedures.push(
    ...procedureRecords('CPT-HCPCS', encounter.procedureCodes, encounter.serviceDate, source),
  );
  return next;
}

/**
 * A `claims.pharmacy.v1` claim: one fill per claimId with its latest status. A reversal of a paid
 * fill turns it into `reversed` (netted out of every count); a reversal of a claim never seen
 * is kept as `reversed` too, so a paid fill redelivered for it later is still the latest word.
 */
export function applyPharmacyClaim(
  profile: ClinicalProfile,
  claim: PharmacyClaimData,
): ClinicalProfile {
  checkMember(profile, claim.memberId);
  assertIsoDate(claim.fillDate, 'fillDate');
  const existing = profile.pharmacyFills.find((f) => f.claimId === claim.claimId);
  const fill: PharmacyFillRecord = {
    claimId: claim.claimId,
    // A reversal may carry the reversal date; the fill keeps the date it was dispensed.
    fillDate: claim.status === 'reversed' && existing ? existing.fillDate : claim.fillDate,
    ndc: claim.ndc,
    status: claim.status,
    drugName: claim.drugName ?? existing?.drugName ?? null,
    daysSupply: claim.daysSupply ?? existing?.daysSupply ?? null,
  };
  return {
    ...profile,
    pharmacyFills: [...profile.pharmacyFills.filter((f) => f.claimId !== claim.claimId), fill],
  };
}

/** A `labs.results.v1` result (kept for the case manager; no criterion of the 2025.1 version reads labs). */
export function applyLabResult(profile: ClinicalProfile, result: LabResultData): ClinicalProfile {
  checkMember(profile, result.memberId);
  assertIsoDate(result.resultDate, 'resultDate');
  const lab: LabResultRecord = {
    resultId: result.resultId,
    loinc: result.loinc,
    resultDate: result.resultDate,
    value: result.value ?? null,
    unit: result.unit ?? null,
    abnormalFlag: result.abnormalFlag ?? null,
  };
  return { ...profile, labs: [...profile.labs.filter((l) => l.resultId !== result.resultId), lab] };
}

/** An `mtm.events.v1` completed review (kept as context; no criterion of 2025.1 reads it). */
export function applyMtmReview(profile: ClinicalProfile, review: MtmReviewData): ClinicalProfile {
  checkMember(profile, review.memberId);
  assertIsoDate(review.reviewDate, 'reviewDate');
  const record: MtmReviewRecord = {
    reviewId: review.reviewId,
    reviewDate: review.reviewDate,
    medicationCount: review.medicationCount ?? null,
    problemCount: review.problems ? review.problems.length : null,
  };
  return {
    ...profile,
    mtmReviews: [...profile.mtmReviews.filter((r) => r.reviewId !== review.reviewId), record],
  };
}

/** Folds any consumed event into the profile. */
export function applyClinicalEvent(
  profile: ClinicalProfile,
  event: ClinicalEvent,
): ClinicalProfile {
  switch (event.kind) {
    case 'medical-claim':
      return applyMedicalClaim(profile, event.data);
    case 'adt-discharge':
      return applyDischarge(profile, event.data);
    case 'pharmacy-claim':
      return applyPharmacyClaim(profile, event.data);
    case 'encounter':
      return applyEncounter(profile, event.data);
    case 'lab-result':
      return applyLabResult(profile, event.data);
    case 'mtm-review':
      return applyMtmReview(profile, event.data);
  }
}

/**
 * Drops what no criterion can read any more: records dated before `keepFrom` (see
 * `profileRetentionStart` for the date a criteria version needs). Inpatient stays are kept while
 * their discharge is on or after `keepFrom`; a source record is dropped as a whole, never in part.
 */
export function pruneClinicalProfile(profile: ClinicalProfile, keepFrom: IsoDate): ClinicalProfile {
  assertIsoDate(keepFrom, 'keepFrom');
  // A stay still kept keeps all its diagnoses and procedures, even those dated at an old admission.
  const keptStays = new Set<string>();
  for (const s of profile.inpatientStays) {
    if (s.dischargeDate >= keepFrom) keptStays.add(`${s.source.kind}:${s.source.id}`);
  }
  const keep = (date: IsoDate, source: SourceRef) =>
    date >= keepFrom || keptStays.has(`${source.kind}:${source.id}`);
  return {
    ...profile,
    diagnoses: profile.diagnoses.filter((d) => keep(d.date, d.source)),
    inpatientStays: profile.inpatientStays.filter((s) => s.dischargeDate >= keepFrom),
    procedures: profile.procedures.filter((p) => keep(p.date, p.source)),
    pharmacyFills: profile.pharmacyFills.filter((f) => f.fillDate >= keepFrom),
    labs: profile.labs.filter((l) => l.resultDate >= keepFrom),
    mtmReviews: profile.mtmReviews.filter((r) => r.reviewDate >= keepFrom),
  };
}
