import type { z } from 'zod';

/**
 * A cross-field check: the date in `later` (when present) is not before the date in `earlier`.
 * Dates are `YYYY-MM-DD`, so string order is date order.
 */
export function notBefore<K extends string>(later: K, earlier: K) {
  return (value: Partial<Record<K, string | null | undefined>>, ctx: z.RefinementCtx): void => {
    const a = value[later];
    const b = value[earlier];
    if (typeof a === 'string' && typeof b === 'string' && a < b) {
      ctx.addIssue({
        code: 'custom',
        path: [later],
        message: `must not be before ${earlier}`,
        input: a,
      });
    }
  };
}
