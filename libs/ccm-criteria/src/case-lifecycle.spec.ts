import { CASE_STATUSES, type CaseStatus } from '@careflow/contracts';
import {
  CASE_COMMANDS,
  CASE_TRANSITION_ERRORS,
  decideCaseTransition,
  singleTargetOf,
  statusesAccepting,
  type CaseCommand,
} from './case-lifecycle';

/**
 * Every status × command, written out by hand: `→ status` for an allowed transition, `! error`
 * for a refusal. A status or command added to the enums and missing here fails the first test.
 */
const EXPECTED: Record<string, string> = {
  'identified × review': '→ assessment-pending',
  'identified × record-assessment-enrolled': '→ enrolled',
  'identified × record-assessment-declined': '→ declined',
  'identified × record-assessment-unable-to-reach': '→ unable-to-reach',
  'identified × close': '→ closed',
  'identified × mark-not-eligible': '→ not-eligible',
  'identified × close-coverage-ended': '→ closed',
  'identified × record-status-update': '! case-not-enrolled',
  'identified × assign': '→ identified',

  'assessment-pending × review': '! case-not-identified',
  'assessment-pending × record-assessment-enrolled': '→ enrolled',
  'assessment-pending × record-assessment-declined': '→ declined',
  'assessment-pending × record-assessment-unable-to-reach': '→ unable-to-reach',
  'assessment-pending × close': '→ closed',
  'assessment-pending × mark-not-eligible': '→ not-eligible',
  'assessment-pending × close-coverage-ended': '→ closed',
  'assessment-pending × record-status-update': '! case-not-enrolled',
  'assessment-pending × assign': '→ assessment-pending',

  'enrolled × review': '! case-not-identified',
  'enrolled × record-assessment-enrolled': '! assessment-already-recorded',
  'enrolled × record-assessment-declined': '! assessment-already-recorded',
  'enrolled × record-assessment-unable-to-reach': '! assessment-already-recorded',
  'enrolled × close': '→ closed',
  'enrolled × mark-not-eligible': '! case-not-awaiting-assessment',
  'enrolled × close-coverage-ended': '→ closed',
  'enrolled × record-status-update': '→ enrolled',
  'enrolled × assign': '→ enrolled',

  'declined × review': '! case-not-identified',
  'declined × record-assessment-enrolled': '! assessment-already-recorded',
  'declined × record-assessment-declined': '! assessment-already-recorded',
  'declined × record-assessment-unable-to-reach': '! assessment-already-recorded',
  'declined × close': '→ closed',
  'declined × mark-not-eligible': '! case-not-awaiting-assessment',
  'declined × close-coverage-ended': '! case-not-open',
  'declined × record-status-update': '! case-not-enrolled',
  'declined × assign': '! case-not-open',

  'unable-to-reach × review': '! case-not-identified',
  'unable-to-reach × record-assessment-enrolled': '! assessment-already-recorded',
  'unable-to-reach × record-assessment-declined': '! assessment-already-recorded',
  'unable-to-reach × record-assessment-unable-to-reach': '! assessment-already-recorded',
  'unable-to-reach × close': '→ closed',
  'unable-to-reach × mark-not-eligible': '! case-not-awaiting-assessment',
  'unable-to-reach × close-coverage-ended': '! case-not-open',
  'unable-to-reach × record-status-update': '! case-not-enrolled',
  'unable-to-reach × assign': '! case-not-open',

  'not-eligible × review': '! case-not-identified',
  'not-eligible × record-assessment-enrolled': '! assessment-already-recorded',
  'not-eligible × record-assessment-declined': '! assessment-already-recorded',
  'not-eligible × record-assessment-unable-to-reach': '! assessment-already-recorded',
  'not-eligible × close': '→ closed',
  'not-eligible × mark-not-eligible': '! case-not-awaiting-assessment',
  'not-eligible × close-coverage-ended': '! case-not-open',
  'not-eligible × record-status-update': '! case-not-enrolled',
  'not-eligible × assign': '! case-not-open',

  'closed × review': '! case-not-identified',
  'closed × record-assessment-enrolled': '! assessment-already-recorded',
  'closed × record-assessment-declined': '! assessment-already-recorded',
  'closed × record-assessment-unable-to-reach': '! assessment-already-recorded',
  'closed × close': '! case-already-closed',
  'closed × mark-not-eligible': '! case-not-awaiting-assessment',
  'closed × close-coverage-ended': '! case-not-open',
  'closed × record-status-update': '! case-not-enrolled',
  'closed × assign': '! case-not-open',
};

const pairs: [CaseStatus, CaseCommand][] = CASE_STATUSES.flatMap((status) =>
  CASE_COMMANDS.map((command): [CaseStatus, CaseCommand] => [status, command]),
);
const key = (status: string, command: string) => `${status} × ${command}`;

describe('the case lifecycle', () => {
  it('names an expectation for every status × command of the enums, and no other', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(pairs.map(([s, c]) => key(s, c)).sort());
  });

  it.each(pairs)('%s × %s', (status, command) => {
    const decision = decideCaseTransition(status, command);
    const shown = decision.allowed ? `→ ${decision.to}` : `! ${decision.error}`;
    expect(shown).toBe(EXPECTED[key(status, command)]);
    if (!decision.allowed) expect(CASE_TRANSITION_ERRORS[decision.error]).toBeTruthy();
  });

  it('answers the statuses a set-based command applies to, from the table', () => {
    expect(statusesAccepting('mark-not-eligible')).toEqual(['identified', 'assessment-pending']);
    expect(statusesAccepting('close-coverage-ended')).toEqual([
      'identified',
      'assessment-pending',
      'enrolled',
    ]);
    expect(statusesAccepting('assign')).toEqual(['identified', 'assessment-pending', 'enrolled']);
  });

  it('names the one status a set-based closing command ends every case in', () => {
    expect(singleTargetOf('mark-not-eligible')).toBe('not-eligible');
    expect(singleTargetOf('close-coverage-ended')).toBe('closed');
    expect(() => singleTargetOf('assign')).toThrow('no single target');
  });

  it('keeps the status for commands that are not transitions', () => {
    for (const status of statusesAccepting('assign'))
      expect(decideCaseTransition(status, 'assign')).toEqual({ allowed: true, to: status });
  });
});
