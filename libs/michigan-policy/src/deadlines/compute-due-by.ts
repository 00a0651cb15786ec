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

/** The regime and period that govern a request received at `receivedAt`; throws when none does. */
export function selectDeadlineRegime(
  input: Omit<DeadlineRegimeInput, 'urgency'>,
  receivedAt: Date,
): { regime: DeadlineRegime; period: DeadlinePeriod } {
  if (Number.isNaN(receivedAt.getTime())) throw new RangeError('receivedAt is not a valid date');
  const day = michiganDateOf(receivedAt);
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
 * The decision deadline of a prior authorization request. Hours are added to the instant of
 * receipt; calendar days are added as whole 24-hour days (the deadline falls at the same clock
 * time N days later, never later than the end of that day).
 */
export function computeDueBy(regimeInput: DeadlineRegimeInput, receivedAt: Date): DueBy {
  const { regime, period } = selectDeadlineRegime(regimeInput, receivedAt);
  const limit = regimeInput.urgency === 'expedited' ? period.expedited : period.standard;
  const hours = limit.unit === 'hours' ? limit.amount : limit.amount * 24;
  return {
    dueBy: new Date(receivedAt.getTime() + hours * HOUR_MS).toISOString(),
    regimeId: regime.id,
    source: `${regimeInput.urgency} request: ${describeTimeLimit(limit)}. ${period.source}`,
  };
}
