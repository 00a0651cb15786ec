import { z } from 'zod';
import { commonConfigShape, loadConfig, type ConfigOf } from '@careflow/platform';

/** Every variable authorization-routing reads, validated at start (see the README for the table). */
export const AuthorizationRoutingConfigShape = {
  ...commonConfigShape,
  PORT: z.coerce.number().int().min(0).max(65535).default(3002).describe('HTTP port.'),
};

export type AuthorizationRoutingConfig = ConfigOf<typeof AuthorizationRoutingConfigShape>;

export function loadAuthorizationRoutingConfig(env: Record<string, string | undefined> = process.env): AuthorizationRoutingConfig {
  return loadConfig(AuthorizationRoutingConfigShape, env);
}
