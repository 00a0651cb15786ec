import { z } from 'zod';
import { commonConfigShape, loadConfig, type ConfigOf } from '@careflow/platform';

/** Every variable eligibility reads, validated at start (see the README for the table). */
export const EligibilityConfigShape = {
  ...commonConfigShape,
  PORT: z.coerce.number().int().min(0).max(65535).default(3001).describe('HTTP port.'),
};

export type EligibilityConfig = ConfigOf<typeof EligibilityConfigShape>;

export function loadEligibilityConfig(
  env: Record<string, string | undefined> = process.env,
): EligibilityConfig {
  return loadConfig(EligibilityConfigShape, env);
}
