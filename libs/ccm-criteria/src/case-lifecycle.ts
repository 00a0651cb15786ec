import type { CaseStatus } from '@careflow/contracts';

/**
 * The case lifecycle as data: for each status, what each command does (the next status, or the
 * named reason it is refused). The only place a case's transitions are decided; use cases ask
 * `decideCaseTransition` and repositories read `statusesAccepting` for their set-based updates.
 *
 * A case opens `identified` (by data or a referral), is reviewed (`assessment-pending`), and the
 * phone assessment ends it as `enrolled`, `declined` (the program is voluntary) or
 * `unable-to-reach`. Identification closes a case still awaiting its assessment as `not-eligible`
 * when the member no longer meets the criteria (referral cases excepted, a repository rule); an
 * end of coverage closes every open case. A case manager may close any case not yet closed.
 */
export const CASE_COMMANDS = [
  /** The case manager reviewed the identification: the phone assessment is pending. */
  'review',
  /** The phone assessment's outcome. */
  'record-assessment-enrolled',
  'record-assessment-declined',
  'record-assessment-unable-to-reach',
  /** A case manager closes the case. */
  'close',
  /** Identification: the member no longer meets the criteria by data. */
  'mark-not-eligible',
  /** Eligibility: the member has no coverage in force. */
  'close-coverage-ended',
  /** A clinical status update for the PCP (the status stays). */
  'record-status-update',
  /** A supervisor assigns or reassigns the case (the status stays). */
  'assign',
] as const;
export type CaseCommand = (typeof CASE_COMMANDS)[number];

/** Why a command is refused in a status: stable codes, answered as HTTP 409 `error`. */
export const CASE_TRANSITION_ERRORS = {
  'case-not-identified': 'only an identified case goes to review',
  'assessment-already-recorded': 'the assessment was already recorded or the case is closed',
  'case-already-closed': 'the case is already closed',
  'case-not-enrolled': 'status updates are for enrolled cases',
  'case-not-open': 'the case is not open',
  'case-not-awaiting-assessment': 'the case is not waiting for its assessment',
} as const;
export type CaseTransitionError = keyof typeof CASE_TRANSITION_ERRORS;

export type CaseTransition =
  | { readonly allowed: true; readonly to: CaseStatus }
  | { readonly allowed: false; readonly error: CaseTransitionError };

const to = (status: CaseStatus): CaseTransition => ({ allowed: true, to: status });
const refused = (error: CaseTransitionError): CaseTransition => ({ allowed: false, error });

/** What each command does from a case still awaiting its assessment. */
function awaitingAssessment(status: 'identified' | 'assessment-pending') {
  return {
    review: status === 'identified' ? to('assessment-pending') : refused('case-not-identified'),
    'record-assessment-enrolled': to('enrolled'),
    'record-assessment-declined': to('declined'),
    'record-assessment-unable-to-reach': to('unable-to-reach'),
    close: to('closed'),
    'mark-not-eligible': to('not-eligible'),
    'close-coverage-ended': to('closed'),
    'record-status-update': refused('case-not-enrolled'),
    assign: to(status),
  } as const satisfies Record<CaseCommand, CaseTransition>;
}

/** What each command does from a case that is no longer open but may still be closed. */
const ENDED = {
  review: refused('case-not-identified'),
  'record-assessment-enrolled': refused('assessment-already-recorded'),
  'record-assessment-declined': refused('assessment-already-recorded'),
  'record-assessment-unable-to-reach': refused('assessment-already-recorded'),
  close: to('closed'),
  'mark-not-eligible': refused('case-not-awaiting-assessment'),
  'close-coverage-ended': refused('case-not-open'),
  'record-status-update': refused('case-not-enrolled'),
  assign: refused('case-not-open'),
} as const satisfies Record<CaseCommand, CaseTransition>;

export const CASE_LIFECYCLE: Readonly<
  Record<CaseStatus, Readonly<Record<CaseCommand, CaseTransition>>>
> = {
  identified: awaitingAssessment('identified'),
  'assessment-pending': awaitingAssessment('assessment-pending'),
  enrolled: {
    review: refused('case-not-identified'),
    'record-assessment-enrolled': refused('assessment-already-recorded'),
    'record-assessment-declined': refused('assessment-already-recorded'),
    'record-assessment-unable-to-reach': refused('assessment-already-recorded'),
    close: to('closed'),
    'mark-not-eligible': refused('case-not-awaiting-assessment'),
    'close-coverage-ended': to('closed'),
    'record-status-update': to('enrolled'),
    assign: to('enrolled'),
  },
  declined: ENDED,
  'unable-to-reach': ENDED,
  'not-eligible': ENDED,
  closed: {
    review: refused('case-not-identified'),
    'record-assessment-enrolled': refused('assessment-already-recorded'),
    'record-assessment-declined': refused('assessment-already-recorded'),
    'record-assessment-unable-to-reach': refused('assessment-already-recorded'),
    close: refused('case-already-closed'),
    'mark-not-eligible': refused('case-not-awaiting-assessment'),
    'close-coverage-ended': refused('case-not-open'),
    'record-status-update': refused('case-not-enrolled'),
    assign: refused('case-not-open'),
  },
};

/** What `command` does to a case in `status`. */
export function decideCaseTransition(status: CaseStatus, command: CaseCommand): CaseTransition {
  return CASE_LIFECYCLE[status][command];
}

/** The statuses in which `command` is accepted (for set-based updates of many cases at once). */
export function statusesAccepting(command: CaseCommand): CaseStatus[] {
  return (Object.keys(CASE_LIFECYCLE) as CaseStatus[]).filter(
    (status) => CASE_LIFECYCLE[status][command].allowed,
  );
}

/**
 * The one status a set-based command moves every case it accepts to (e.g. `mark-not-eligible` →
 * `not-eligible`); throws for a command whose target depends on the status.
 */
export function singleTargetOf(command: CaseCommand): CaseStatus {
  const targets = new Set(
    statusesAccepting(command).map((status) => {
      const decision = CASE_LIFECYCLE[status][command];
      return decision.allowed ? decision.to : status;
    }),
  );
  const [target, ...others] = targets;
  if (!target || others.length > 0)
    throw new Error(`${command} has no single target status in the case lifecycle`);
  return target;
}

/** The assessment outcomes a case manager records, and the command each one is. */
export const ASSESSMENT_COMMANDS = {
  enrolled: 'record-assessment-enrolled',
  declined: 'record-assessment-declined',
  'unable-to-reach': 'record-assessment-unable-to-reach',
} as const satisfies Record<string, CaseCommand>;
export type AssessmentOutcome = keyof typeof ASSESSMENT_COMMANDS;
