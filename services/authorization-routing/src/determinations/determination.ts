import { z } from 'zod';
import { isoDate } from '@careflow/contracts';

/** The vendor's determination of a routed or manual-review request. */
export const DETERMINATIONS = ['approved', 'denied', 'pended'] as const;
export type Determination = (typeof DETERMINATIONS)[number];

/** A determination as a vendor (or a supervisor replacing one) states it. */
export const determinationInput = z.object({
  determination: z.enum(DETERMINATIONS),
  date: isoDate.describe("The day of the vendor's determination."),
  reason: z
    .string()
    .trim()
    .min(1)
    .max(2000)
    .optional()
    .describe(
      'Why a recorded determination is replaced: a supervisor only, and required to replace one; kept with the replacement.',
    ),
});
