import { z } from 'zod';
import { commonConfigShape, loadConfig, type ConfigOf } from '@careflow/platform';

/** Every variable pcp-notification reads, validated at start (see the README for the table). */
export const PcpNotificationConfigShape = {
  ...commonConfigShape,
  PORT: z.coerce.number().int().min(0).max(65535).default(3004).describe('HTTP port.'),
};

export type PcpNotificationConfig = ConfigOf<typeof PcpNotificationConfigShape>;

export function loadPcpNotificationConfig(env: Record<string, string | undefined> = process.env): PcpNotificationConfig {
  return loadConfig(PcpNotificationConfigShape, env);
}
