import { z } from 'zod';
import type { CaseStep } from './case';

/**
 * The `pg_notify` channel every change of a case is announced on, in the transaction of the
 * change (PostgreSQL delivers it at commit, never for a rollback): the workspace stream listens.
 */
export const CASE_CHANNEL = 'case_management_cases';

/** What an announcement carries: ids only (a channel's payloads are no place for member data). */
export const caseAnnouncement = z.object({
  caseId: z.string(),
  /** On a reassignment, whom the case left: their open pages drop it. */
  formerCaseManagerId: z.string().nullable(),
});
export type CaseAnnouncement = z.infer<typeof caseAnnouncement>;

export function announcementOf(step: Pick<CaseStep, 'caseId' | 'kind' | 'detail'>): string {
  const from = step.kind === 'assigned' ? step.detail['from'] : null;
  return JSON.stringify({
    caseId: step.caseId,
    formerCaseManagerId: typeof from === 'string' ? from : null,
  } satisfies CaseAnnouncement);
}

/** The announcement, or undefined for a payload this version does not understand. */
export function parseAnnouncement(payload: string): CaseAnnouncement | undefined {
  try {
    const parsed = caseAnnouncement.safeParse(JSON.parse(payload));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
