import { z } from 'zod';
import { commonConfigShape, loadConfig, type ConfigOf } from '@careflow/platform';

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Every variable eligibility reads, validated at start (see the README for the table). */
export const EligibilityConfigShape = {
  ...commonConfigShape,
  PORT: z.coerce.number().int().min(0).max(65535).default(3001).describe('HTTP port.'),
  COVERAGE_TIME_ZONE: z
    .string()
    .refine(isTimeZone, 'an IANA time zone such as America/Detroit')
    .default('America/Detroit')
    .describe('Time zone whose calendar date is "today" when a coverage read gives no asOf.'),
};

export type EligibilityConfig = ConfigOf<typeof EligibilityConfigShape>;

export function loadEligibilityConfig(
  env: Record<string, string | undefined> = process.env,
): EligibilityConfig {
  return loadConfig(EligibilityConfigShape, env);
}
