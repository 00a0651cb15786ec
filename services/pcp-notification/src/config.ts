import { z } from 'zod';
import {
  commonConfigShape,
  corsOriginsSetting,
  liveStreamVariables,
  loadConfig,
  webSignInConfigShape,
  type ConfigOf,
} from '@careflow/platform';

const feedStream = liveStreamVariables('POST /feed/stream-tickets');

/** Every variable pcp-notification reads, validated at start (see the README for the table). */
export const PcpNotificationConfigShape = {
  ...commonConfigShape,
  PORT: z.coerce.number().int().min(0).max(65535).default(3004).describe('HTTP port.'),
  CALL_DUE_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(24)
    .describe(
      'Hours the case manager has to call the PCP after a condition change (about one business day); decimals allowed.',
    ),
  ESCALATION_CHECK_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(3600000)
    .default(60000)
    .describe('How often overdue calls are looked for and escalated to the supervisor.'),
  DELIVERY_POLL_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(600000)
    .default(1000)
    .describe('How often letters waiting for delivery (or a retry) are handed to the channel.'),
  DELIVERY_MAX_ATTEMPTS: z.coerce
    .number()
    .int()
    .min(1)
    .max(50)
    .default(5)
    .describe('Delivery attempts per letter before it stays failed (each attempt is recorded).'),
  DELIVERY_RETRY_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(86400000)
    .default(60000)
    .describe('Wait before the first retry of a failed delivery (doubles with each attempt).'),
  DELIVERY_CHANNEL: z
    .enum(['record'])
    .default('record')
    .describe(
      'Delivery channel for letters: `record` (development) records each letter as sent without leaving the platform.',
    ),
  FEED_STREAM_HEARTBEAT_MS: feedStream.heartbeatMs,
  FEED_STREAM_TICKET_TTL_SECONDS: feedStream.ticketTtlSeconds,
  FEED_STREAMS_PER_USER: feedStream.streamsPerUser,
  FEED_STREAMS_MAX: feedStream.streamsMax,
  CORS_ALLOWED_ORIGINS: corsOriginsSetting.describe(
    "Origins of other services' pages that call this API from the browser with their own token for this service, comma-separated (e.g. case-management's workspace, which previews status update letters): `http://127.0.0.1:3003`. Empty (default): no cross-origin calls.",
  ),
  ...webSignInConfigShape({
    name: 'worklist page',
    clientId: 'careflow-worklist',
    resource: 'urn:careflow:pcp-notification',
  }),
  PROGRAM_NAME: z
    .string()
    .min(1)
    .max(200)
    .default('Complex Case Management Program')
    .describe('Program name printed on letters.'),
  PLAN_NAME: z
    .string()
    .min(1)
    .max(200)
    .default('Careflow Health Plan')
    .describe('Health plan name printed on letters.'),
  PROVIDER_SERVICES_PHONE: z
    .string()
    .min(7)
    .max(40)
    .default('(800) 468-9935')
    .describe('Provider Services number printed on letters.'),
  PLAN_ADDRESS: z
    .string()
    .min(5)
    .max(300)
    .default('3840 Kilroy Airport Way, Long Beach, CA 90806')
    .describe('Health plan address printed on the letterhead.'),
};

/**
 * What a PCP reads on the letterhead must be the plan's own: in production these have no usable
 * default (the defaults are the development plan) and start-up stops when one is not set.
 */
export const PLAN_IDENTITY_VARIABLES = [
  'PLAN_NAME',
  'PROGRAM_NAME',
  'PROVIDER_SERVICES_PHONE',
  'PLAN_ADDRESS',
] as const;

export type PcpNotificationConfig = ConfigOf<typeof PcpNotificationConfigShape>;

export function loadPcpNotificationConfig(
  env: Record<string, string | undefined> = process.env,
): PcpNotificationConfig {
  const config = loadConfig(PcpNotificationConfigShape, env);
  if (config.NODE_ENV === 'production') {
    const missing = PLAN_IDENTITY_VARIABLES.filter((name) => !env[name]?.trim());
    if (missing.length > 0) {
      throw new Error(
        `invalid configuration: ${missing.join(', ')} must be set in production (printed on letters to PCPs)`,
      );
    }
  }
  return config;
}
