import { addCalendarDays } from '@careflow/contracts';

/**
 * The day by which a case's first assessment is due: `days` calendar days after the plan date
 * the member was identified (the case opened), due by the end of that day. 30 days is NCQA's
 * complex case management timeliness for the initial assessment (issue #28); the source
 * documents are silent, so the number is configuration (ASSESSMENT_DUE_DAYS). Counted in
 * calendar days of the plan's calendar rather than as 30 × 24 hours from the minute the case
 * opened, so a case identified at 16:00 is not overdue at 16:00 on day 30, and a daylight-saving
 * change in between moves nothing.
 */
export function assessmentDueDate(identifiedOn: string, days: number): string {
  return addCalendarDays(identifiedOn, days);
}
