/**
 * Inpatient stays as payers count them. The same stay is reported more than once (an ADT discharge
 * and, weeks later, the institutional-inpatient claim; interim claims): records at the same
 * facility (or where one facility is unknown) with the same admission date or sharing at least one
 * night are one stay. A stay admitted on the day of or the day after the previous discharge
 * (`transferMaxGapDays`) continues the same episode when it is a transfer: under
 * `transferIdentification: 'adjacent-days'` (2025.1) any such stay is; under
 * `'discharge-disposition'` only when the previous stay's UB-04 discharge status (claim
 * `dischargeStatus`, ADT `dischargeDisposition` code or text) sends the patient to another
 * inpatient hospital setting (`TRANSFER_DISCHARGE_STATUS`), or, when no status is known, as
 * `unknownDisposition` says (`transfer-if-other-facility`: only when the next stay is at another
 * known facility, the CMS definition of a transfer between hospitals). A member discharged home
 * (01) and admitted the next day has been readmitted. A stay admitted before the previous one ended overlaps it and is always one episode.
 * Sorting once and sweeping keeps this O(n log n) in the member's stays.
 */
import type { InpatientStayRecord, SourceRef } from '../clinical-profile';
import { isAcuteTransferStatus, normalizeDischargeStatus } from '../code-sets/discharge-status';
import type { CcmCriteriaConfig } from '../config';
import { daysBetween, type IsoDate, compareStrings } from '../dates';

/** One physical stay, possibly reported by several records. */
export interface ReconciledStay {
  facilityNpi: string | null;
  admissionDate: IsoDate;
  dischargeDate: IsoDate;
  /** From the claim when there is one (coded and adjudicated), else from the ADT discharge. */
  principalDiagnosis: string | null;
  /** The UB-04 discharge status (two digits) when a record reported it (ADT, 837I CL1-03), else null. */
  dischargeDisposition: string | null;
  reportedBy: SourceRef[];
}

/** Consecutive stays joined by transfers: counted as one admission. */
export interface InpatientEpisode {
  admissionDate: IsoDate;
  dischargeDate: IsoDate;
  stays: ReconciledStay[];
  /** True when the episode has more than one stay (a transfer between or back to hospitals). */
  transfer: boolean;
  /** Stays joined as transfers although the previous stay had no discharge status known. */
  transfersWithoutStatus: number;
}

interface WorkingStay extends ReconciledStay {
  hasClaim: boolean;
}

function sameStay(s: WorkingStay, r: InpatientStayRecord): boolean {
  const facilityOk =
    s.facilityNpi === null || r.facilityNpi === null || s.facilityNpi === r.facilityNpi;
  if (!facilityOk) return false;
  if (s.admissionDate === r.admissionDate) return true;
  // Share at least one night: [adm, dis) intervals intersect.
  return s.admissionDate < r.dischargeDate && r.admissionDate < s.dischargeDate;
}

function absorb(s: WorkingStay, r: InpatientStayRecord): void {
  s.reportedBy.push(r.source);
  const isClaim = r.source.kind === 'medical-claim';
  if (isClaim && !s.hasClaim) {
    // The adjudicated claim is the authority for dates and the principal diagnosis.
    s.hasClaim = true;
    s.admissionDate = r.admissionDate;
    s.dischargeDate = r.dischargeDate;
    s.principalDiagnosis = r.principalDiagnosis ?? s.principalDiagnosis;
  } else if (isClaim === s.hasClaim) {
    // Interim claims of one stay (or two ADT messages): the stay spans them all.
    if (r.admissionDate < s.admissionDate) s.admissionDate = r.admissionDate;
    if (r.dischargeDate > s.dischargeDate) s.dischargeDate = r.dischargeDate;
    s.principalDiagnosis ??= r.principalDiagnosis;
  }
  s.facilityNpi ??= r.facilityNpi;
  s.dischargeDisposition ??= normalizeDischargeStatus(r.dischargeDisposition);
}

type InpatientRules = CcmCriteriaConfig['inpatient'];

/**
 * Whether a stay admitted `gap` days after the episode's last discharge continues it, and whether
 * that was decided without a discharge status (`unknownDisposition`).
 */
function continuesEpisode(
  last: WorkingStay,
  next: InpatientStayRecord,
  gap: number,
  rules: InpatientRules,
): { continues: boolean; withoutStatus: boolean } {
  if (gap < 0) return { continues: true, withoutStatus: false };
  if (gap > rules.transferMaxGapDays) return { continues: false, withoutStatus: false };
  if (rules.transferIdentification === 'adjacent-days') {
    return { continues: true, withoutStatus: false };
  }
  const status = last.dischargeDisposition;
  if (status !== null) return { continues: isAcuteTransferStatus(status), withoutStatus: false };
  switch (rules.unknownDisposition) {
    case 'transfer':
      return { continues: true, withoutStatus: true };
    case 'readmission':
      return { continues: false, withoutStatus: false };
    case 'transfer-if-other-facility': {
      const other =
        last.facilityNpi !== null &&
        next.facilityNpi !== null &&
        last.facilityNpi !== next.facilityNpi;
      return { continues: other, withoutStatus: other };
    }
  }
}

/** The stay of the episode that ends last (its discharge status says where the patient went). */
function lastStay(stays: readonly WorkingStay[]): WorkingStay | undefined {
  let last: WorkingStay | undefined;
  for (const s of stays) if (!last || s.dischargeDate >= last.dischargeDate) last = s;
  return last;
}

/** Reconciles a member's stay records into episodes, oldest first. */
export function reconcileInpatientStays(
  records: readonly InpatientStayRecord[],
  rules: InpatientRules,
): InpatientEpisode[] {
  const sorted = [...records].sort(
    (a, b) =>
      compareStrings(a.admissionDate, b.admissionDate) ||
      compareStrings(a.dischargeDate, b.dischargeDate) ||
      // Claims first, so a stay's dates come from its claim.
      Number(b.source.kind === 'medical-claim') - Number(a.source.kind === 'medical-claim'),
  );
  const episodes: Array<{ stays: WorkingStay[]; end: IsoDate; withoutStatus: number }> = [];
  for (const r of sorted) {
    const current = episodes[episodes.length - 1];
    const existing = current?.stays.find((s) => sameStay(s, r));
    if (current && existing) {
      absorb(existing, r);
      current.end = current.stays.reduce(
        (end, s) => (s.dischargeDate > end ? s.dischargeDate : end),
        '',
      );
      continue;
    }
    const stay: WorkingStay = {
      facilityNpi: r.facilityNpi,
      admissionDate: r.admissionDate,
      dischargeDate: r.dischargeDate,
      principalDiagnosis: r.principalDiagnosis,
      dischargeDisposition: normalizeDischargeStatus(r.dischargeDisposition),
      reportedBy: [r.source],
      hasClaim: r.source.kind === 'medical-claim',
    };
    const last = current && lastStay(current.stays);
    const joined =
      current && last
        ? continuesEpisode(last, r, daysBetween(current.end, r.admissionDate), rules)
        : null;
    if (current && joined?.continues) {
      current.stays.push(stay);
      if (joined.withoutStatus) current.withoutStatus += 1;
      if (stay.dischargeDate > current.end) current.end = stay.dischargeDate;
    } else {
      episodes.push({ stays: [stay], end: stay.dischargeDate, withoutStatus: 0 });
    }
  }
  return episodes.map(({ stays, withoutStatus }) => {
    const clean: ReconciledStay[] = stays.map(({ hasClaim: _h, ...s }) => s);
    let admissionDate = clean[0]?.admissionDate ?? '';
    let dischargeDate = admissionDate;
    for (const s of clean) {
      if (s.admissionDate < admissionDate) admissionDate = s.admissionDate;
      if (s.dischargeDate > dischargeDate) dischargeDate = s.dischargeDate;
    }
    return {
      admissionDate,
      dischargeDate,
      stays: clean,
      transfer: clean.length > 1,
      transfersWithoutStatus: withoutStatus,
    };
  });
}
