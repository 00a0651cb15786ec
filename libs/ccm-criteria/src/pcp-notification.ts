// The primary care physician notification process of the CCM program description
// (docs/source-documents/004_bc7f8c9b8722c25c.txt, "Primary care physician notification
// process"): after enrollment the PCP receives written notification of the enrollment, the
// program and the case manager's contact information; the PCP receives written clinical status
// updates; the case manager calls the PCP when the member's condition changes.

/** A PCP as far as these decisions need one: the NPI names them. */
export interface PcpIdentity {
  readonly npi: string;
  readonly name: string;
}

export interface EnrollmentNoticeFacts<P extends PcpIdentity> {
  /** The case manager whose contact details the notice carries, if the case has one. */
  readonly caseManagerAssigned: boolean;
  /** The PCP the member's coverage names today, if any. */
  readonly currentPcp: P | null;
  /** The PCPs the case's enrollment notices went to, newest first. */
  readonly noticesSentTo: readonly PcpIdentity[];
  /** Whether the supervisors were already told the case has no case manager (still open). */
  readonly caseManagerMissingOpen: boolean;
  /** Whether the case manager was already told coverage names no PCP (still open). */
  readonly pcpMissingOpen: boolean;
}

/**
 * Which PCP an enrolled case's enrollment notice goes to, as coverage and the case change:
 * - `await-case-manager`: the notice must carry the case manager's contact details, so it waits
 *   for an assignment; the supervisors are told once (`tellSupervisors`).
 * - `await-pcp`: coverage names no PCP, so the notice has no addressee yet; the case manager is
 *   told once (`tellCaseManager`).
 * - `already-notified`: the current PCP has had the notice (a redelivery, or nothing changed).
 * - `notify`: the current PCP has not had it; `previousPcp` is who had it before (the PCP
 *   changed), or null for the case's first notice.
 * The program description is silent on a PCP change; Careflow sends the new PCP the notice,
 * since the written notification is owed to the member's PCP, and tells the case manager.
 */
export type EnrollmentNoticeDecision<P extends PcpIdentity> =
  | { readonly action: 'await-case-manager'; readonly tellSupervisors: boolean }
  | { readonly action: 'await-pcp'; readonly tellCaseManager: boolean }
  | { readonly action: 'already-notified' }
  | { readonly action: 'notify'; readonly pcp: P; readonly previousPcp: PcpIdentity | null };

export function decideEnrollmentNotice<P extends PcpIdentity>(
  facts: EnrollmentNoticeFacts<P>,
): EnrollmentNoticeDecision<P> {
  if (!facts.caseManagerAssigned)
    return { action: 'await-case-manager', tellSupervisors: !facts.caseManagerMissingOpen };
  const pcp = facts.currentPcp;
  if (!pcp) return { action: 'await-pcp', tellCaseManager: !facts.pcpMissingOpen };
  if (facts.noticesSentTo.some((sent) => sent.npi === pcp.npi))
    return { action: 'already-notified' };
  return { action: 'notify', pcp, previousPcp: facts.noticesSentTo[0] ?? null };
}

export interface StatusUpdateFacts {
  /** A hospital stay of an enrolled member, rather than the case manager's recorded update. */
  readonly hospitalStay: boolean;
  /** The case manager recorded a change in the member's condition. */
  readonly conditionChanged: boolean;
  /** Coverage names a PCP today. */
  readonly pcpOnFile: boolean;
}

/**
 * What a clinical status update owes the PCP:
 * - `letter`: the written clinical status update, to the PCP on file;
 * - `promptHospitalStay`: a hospital stay is a change in condition, but nothing is written to the
 *   PCP until the case manager records an update, so the case manager is prompted instead;
 * - `pcpMissing`: a written update with no addressee (coverage names no PCP) is reported;
 * - `call`: the case manager must call the PCP (a change in condition, a hospital stay).
 */
export interface StatusUpdateOutreach {
  readonly letter: boolean;
  readonly promptHospitalStay: boolean;
  readonly pcpMissing: boolean;
  readonly call: boolean;
}

export function statusUpdateOutreach(facts: StatusUpdateFacts): StatusUpdateOutreach {
  return {
    letter: !facts.hospitalStay && facts.pcpOnFile,
    promptHospitalStay: facts.hospitalStay,
    pcpMissing: !facts.hospitalStay && !facts.pcpOnFile,
    call: facts.hospitalStay || facts.conditionChanged,
  };
}
