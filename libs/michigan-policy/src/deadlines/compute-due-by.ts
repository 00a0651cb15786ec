import { addCalendarDays, type PlanCalendar } from '@careflow/contracts';
import type { Benefit, FundingType, LineOfBusiness, Urgency } from '../reference-values';
import {
  DEADLINE_REGIMES,
  type DeadlinePeriod,
  type DeadlineRegime,
  type TimeLimit,
} from './regimes';

export interface DeadlineRegimeInput {
  lineOfBusiness: LineOfBusiness;
  fundingType: FundingType;
  benefit: Benefit;
  urgency: Urgency;
}

export interface DueBy {
  /** ISO 8601 UTC timestamp of the decision deadline. */
  dueBy: string;
  regimeId: string;
  /** The regulation and the time limit applied. */
  source: string;
}

const HOUR_MS = 3_600_000;
const michiganDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'America/Detroit',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date (YYYY-MM-DD) of an instant in Michigan (America/Detroit). */
export function michiganDateOf(instant: Date): string {
  return michiganDate.format(instant);
}

export function describeTimeLimit(limit: TimeLimit): string {
  return limit.unit === 'hours' ? `${limit.amount} hours` : `${limit.amount} calendar days`;
}

/**
 * The regime and period that govern a request received at `receivedAt`; throws when none does.
 * The period is chosen by the plan's calendar date of receipt.
 */
export function selectDeadlineRegime(
  input: Omit<DeadlineRegimeInput, 'urgency'>,
  receivedAt: Date,
  calendar: PlanCalendar,
): { regime: DeadlineRegime; period: DeadlinePeriod } {
  if (Number.isNaN(receivedAt.getTime())) throw new RangeError('receivedAt is not a valid date');
  const day = calendar.dateOf(receivedAt);
  const regime = DEADLINE_REGIMES.find(
    (r) =>
      r.appliesTo.linesOfBusiness.includes(input.lineOfBusiness) &&
      r.appliesTo.fundingTypes.includes(input.fundingType) &&
      r.appliesTo.benefits.includes(input.benefit),
  );
  if (!regime) {
    throw new Error(
      `No deadline regime for ${input.lineOfBusiness} / ${input.fundingType} / ${input.benefit} benefit`,
    );
  }
  const period = regime.periods.find(
    (p) => p.effectiveFrom <= day && (p.effectiveTo === null || day <= p.effectiveTo),
  );
  if (!period) throw new Error(`Deadline regime ${regime.id} has no period in force on ${day}`);
  return { regime, period };
}

/**
 * The decision deadline of a prior authorization request. Hours run from the instant of receipt
 * (42 CFR 422.572, 423.572 count hours). Calendar days (MCL 500.2212e, 29 CFR 2560.503-1) count
 * from the plan's calendar date of receipt (day 0) and end at the last instant of the Nth day in
 * the plan's time zone, so a daylight-saving change inside the period never moves the end.
 */
export function computeDueBy(
  regimeInput: DeadlineRegimeInput,
  receivedAt: Date,
  calendar: PlanCalendar,
): DueBy {
  const { regime, period } = selectDeadlineRegime(regimeInput, receivedAt, calendar);
  const limit = regimeInput.urgency === 'expedited' ? period.expedited : period.standard;
  const due =
    limit.unit === 'hours'
      ? new Date(receivedAt.getTime() + limit.amount * HOUR_MS)
      : calendar.endOfDay(addCalendarDays(calendar.dateOf(receivedAt), limit.amount));
  const counted =
    limit.unit === 'hours'
      ? 'from the time of receipt'
      : `to the end of the ${ordinal(limit.amount)} calendar day after the day of receipt (${calendar.timeZone})`;
  return {
    dueBy: due.toISOString(),
    regimeId: regime.id,
    source: `${regimeInput.urgency} request: ${describeTimeLimit(limit)}, counted ${counted}. ${period.source}`,
  };
}

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}
