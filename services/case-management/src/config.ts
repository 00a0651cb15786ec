import { z } from 'zod';
import { commonConfigShape, loadConfig, type ConfigOf } from '@careflow/platform';

/** Every variable case-management reads, validated at start (see the README for the table). */
export const CaseManagementConfigShape = {
  ...commonConfigShape,
  PORT: z.coerce.number().int().min(0).max(65535).default(3003).describe('HTTP port.'),
};

export type CaseManagementConfig = ConfigOf<typeof CaseManagementConfigShape>;

export function loadCaseManagementConfig(env: Record<string, string | undefined> = process.env): CaseManagementConfig {
  return loadConfig(CaseManagementConfigShape, env);
}
