/**
 * The member's clinical profile: the compact, plain-JSON record of everything the CCM criteria
 * read. The case-management service stores it per member and folds each incoming event into it
 * with the pure `apply*` functions below (each returns a new profile; the input is not mutated);
 * `applyClinicalEvents` folds a member's events of a chunk with one copy instead of one per event.
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

/**
 * A copy of the profile whose arrays the fold may change in place (the records themselves are
 * immutable and shared): the pure `apply*` functions copy once and then mutate the copy.
 */
function draftOf(profile: ClinicalProfile): ClinicalProfile {
  return {
    ...profile,
    diagnoses: profile.diagnoses.slice(),
    inpatientStays: profile.inpatientStays.slice(),
    procedures: profile.procedures.slice(),
    pharmacyFills: profile.pharmacyFills.slice(),
    labs: profile.labs.slice(),
    mtmReviews: profile.mtmReviews.slice(),
  };
}

/** Removes in place, keeping order, the records of `source` (no work when there are none). */
function removeSource<T extends { source: SourceRef }>(records: T[], source: SourceRef): void {
  let w = 0;
  for (let r = 0; r < records.length; r++) {
    const x = records[r]!;
    if (sameSource(x.source, source)) continue;
    if (w !== r) records[w] = x;
    w++;
  }
  records.length = w;
}

/** Removes in place, keeping order, the records whose `key(record)` is `id`. */
function removeById<T>(records: T[], id: string, key: (record: T) => string): void {
  let w = 0;
  for (let r = 0; r < records.length; r++) {
    const x = records[r]!;
    if (key(x) === id) continue;
    if (w !== r) records[w] = x;
    w++;
  }
  records.length = w;
}

/** The draft without any contribution of `source` (in place). */
function dropSource(draft: ClinicalProfile, source: SourceRef): void {
  removeSource(draft.diagnoses, source);
  removeSource(draft.inpatientStays, source);
  removeSource(draft.procedures, source);
}

function pushDiagnosisRecords(
  out: DiagnosisRecord[],
  codes: readonly string[],
  date: IsoDate,
  source: SourceRef,
): void {
  // A code listed twice on one record is one fact; keep its first (most principal) position.
  for (let position = 0; position < codes.length; position++) {
    const code = codes[position]!;
    if (codes.indexOf(code) !== position) continue;
    out.push({ code, date, position, source });
  }
}

function pushProcedureRecords(
  out: ProcedureRecord[],
  system: ProcedureSystem,
  codes: readonly string[] | null | undefined,
  date: IsoDate,
  source: SourceRef,
): void {
  if (!codes || codes.length === 0) return;
  const seen: string[] = [];
  for (const raw of codes) {
    const code = normalizeCode(raw, system);
    if (code.length === 0 || seen.includes(code)) continue;
    seen.push(code);
    out.push({ system, code, date, source });
  }
}

function foldMedicalClaim(next: ClinicalProfile, claim: MedicalClaimData): void {
  checkMember(next, claim.memberId);
  assertIsoDate(claim.serviceFrom, 'serviceFrom');
  const source: SourceRef = { kind: 'medical-claim', id: claim.claimId };
  dropSource(next, source);
  if (claim.status !== 'paid') return;
  const date = claim.serviceFrom;
  const dx = normalizedDiagnoses(claim.diagnosisCodes);
  pushDiagnosisRecords(next.diagnoses, dx, date, source);
  pushProcedureRecords(next.procedures, 'CPT-HCPCS', claim.procedureCodes, date, source);
  pushProcedureRecords(next.procedures, 'ICD-10-PCS', claim.icd10PcsCodes, date, source);
  if (claim.drg) pushProcedureRecords(next.procedures, 'MS-DRG', [claim.drg], date, source);
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
      // An 837I carries the UB-04 patient status (CL1-03); an adjudicated claim feed may not.
      dischargeDisposition: claim.dischargeDisposition ?? null,
      source,
    });
  }
}

function foldDischarge(next: ClinicalProfile, discharge: DischargeData): void {
  checkMember(next, discharge.memberId);
  assertIsoDate(discharge.admissionDate, 'admissionDate');
  assertIsoDate(discharge.dischargeDate, 'dischargeDate');
  const source: SourceRef = { kind: 'adt-discharge', id: discharge.encounterId };
  dropSource(next, source);
  const dx = normalizedDiagnoses(discharge.diagnosisCodes);
  pushDiagnosisRecords(next.diagnoses, dx, discharge.admissionDate, source);
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
}

function foldEncounter(next: ClinicalProfile, encounter: EncounterData): void {
  checkMember(next, encounter.memberId);
  assertIsoDate(encounter.serviceDate, 'serviceDate');
  const source: SourceRef = { kind: 'encounter', id: encounter.encounterId };
  dropSource(next, source);
  const dx = normalizedDiagnoses(encounter.diagnosisCodes);
  pushDiagnosisRecords(next.diagnoses, dx, encounter.serviceDate, source);
  pushProcedureRecords(
    next.procedures,
    'CPT-HCPCS',
    encounter.procedureCodes,
    encounter.serviceDate,
    source,
  );
}

const fillClaimId = (f: PharmacyFillRecord) => f.claimId;

function foldPharmacyClaim(next: ClinicalProfile, claim: PharmacyClaimData): void {
  checkMember(next, claim.memberId);
  assertIsoDate(claim.fillDate, 'fillDate');
  const existing = next.pharmacyFills.find((f) => f.claimId === claim.claimId);
  const fill: PharmacyFillRecord = {
    claimId: claim.claimId,
    // A reversal may carry the reversal date; the fill keeps the date it was dispensed.
    fillDate: claim.status === 'reversed' && existing ? existing.fillDate : claim.fillDate,
    ndc: claim.ndc,
    status: claim.status,
    drugName: claim.drugName ?? existing?.drugName ?? null,
    daysSupply: claim.daysSupply ?? existing?.daysSupply ?? null,
  };
  if (existing) removeById(next.pharmacyFills, claim.claimId, fillClaimId);
  next.pharmacyFills.push(fill);
}

const labId = (l: LabResultRecord) => l.resultId;

function foldLabResult(next: ClinicalProfile, result: LabResultData): void {
  checkMember(next, result.memberId);
  assertIsoDate(result.resultDate, 'resultDate');
  removeById(next.labs, result.resultId, labId);
  next.labs.push({
    resultId: result.resultId,
    loinc: result.loinc,
    resultDate: result.resultDate,
    value: result.value ?? null,
    unit: result.unit ?? null,
    abnormalFlag: result.abnormalFlag ?? null,
  });
}

const reviewId = (r: MtmReviewRecord) => r.reviewId;

function foldMtmReview(next: ClinicalProfile, review: MtmReviewData): void {
  checkMember(next, review.memberId);
  assertIsoDate(review.reviewDate, 'reviewDate');
  removeById(next.mtmReviews, review.reviewId, reviewId);
  next.mtmReviews.push({
    reviewId: review.reviewId,
    reviewDate: review.reviewDate,
    medicationCount: review.medicationCount ?? null,
    problemCount: review.problems ? review.problems.length : null,
  });
}

function foldEvent(draft: ClinicalProfile, event: ClinicalEvent): void {
  switch (event.kind) {
    case 'medical-claim':
      return foldMedicalClaim(draft, event.data);
    case 'adt-discharge':
      return foldDischarge(draft, event.data);
    case 'pharmacy-claim':
      return foldPharmacyClaim(draft, event.data);
    case 'encounter':
      return foldEncounter(draft, event.data);
    case 'lab-result':
      return foldLabResult(draft, event.data);
    case 'mtm-review':
      return foldMtmReview(draft, event.data);
  }
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
  const next = draftOf(profile);
  foldMedicalClaim(next, claim);
  return next;
}

/** An `adt.discharges.v1` discharge: an inpatient stay and its diagnoses (dated `admissionDate`). */
export function applyDischarge(
  profile: ClinicalProfile,
  discharge: DischargeData,
): ClinicalProfile {
  const next = draftOf(profile);
  foldDischarge(next, discharge);
  return next;
}

/** An `encounters.v1` encounter: its diagnoses and CPT/HCPCS procedures, dated `serviceDate`. */
export function applyEncounter(
  profile: ClinicalProfile,
  encounter: EncounterData,
): ClinicalProfile {
  const next = draftOf(profile);
  foldEncounter(next, encounter);
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
  const next = draftOf(profile);
  foldPharmacyClaim(next, claim);
  return next;
}

/** A `labs.results.v1` result (kept for the case manager; no criterion of the 2025.1 version reads labs). */
export function applyLabResult(profile: ClinicalProfile, result: LabResultData): ClinicalProfile {
  const next = draftOf(profile);
  foldLabResult(next, result);
  return next;
}

/** An `mtm.events.v1` completed review (kept as context; no criterion of 2025.1 reads it). */
export function applyMtmReview(profile: ClinicalProfile, review: MtmReviewData): ClinicalProfile {
  const next = draftOf(profile);
  foldMtmReview(next, review);
  return next;
}

/** Folds any consumed event into the profile (a new profile; the input is not mutated). */
export function applyClinicalEvent(
  profile: ClinicalProfile,
  event: ClinicalEvent,
): ClinicalProfile {
  const next = draftOf(profile);
  foldEvent(next, event);
  return next;
}

/**
 * Folds several events of one member, in order: the same result as `applyClinicalEvent` one
 * event at a time, but the profile is copied once and the events are applied to the copy in
 * place (no copy of the whole profile per event). The input is not mutated. If an event throws,
 * the error propagates and no partial result is returned.
 */
export function applyClinicalEvents(
  profile: ClinicalProfile,
  events: Iterable<ClinicalEvent>,
): ClinicalProfile {
  const next = draftOf(profile);
  for (const event of events) foldEvent(next, event);
  return next;
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
