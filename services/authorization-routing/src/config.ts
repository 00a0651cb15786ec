import { z } from 'zod';
import { referenceFileVariable } from '@careflow/michigan-policy';
import { commonConfigShape, loadConfig, type ConfigOf } from '@careflow/platform';
import { drugClassReferenceOf } from './routing/drug-reference';

/** Every variable authorization-routing reads, validated at start (see the README for the table). */
export const AuthorizationRoutingConfigShape = {
  ...commonConfigShape,
  KAFKA_PARTITIONS_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(1)
    .max(64)
    .default(6)
    .describe(
      "Partitions' chunks a consumer has in transactions at once (order holds within each partition). 6 here, every partition at the default partition count: the chunks of one fetch then share one transaction, the shortest path from request to decision.",
    ),
  KAFKA_COMMIT_INTERVAL_MS: commonConfigShape.KAFKA_COMMIT_INTERVAL_MS.default(250).describe(
    "How often consumed offsets are committed (0: after every batch, before the next fetch). 250 here: a request is not held up by the previous batch's offset commit; a crash re-delivers at most 250 ms of requests, which the inbox drops.",
  ),
  OUTBOX_PUBLISH_AFTER_COMMIT: commonConfigShape.OUTBOX_PUBLISH_AFTER_COMMIT.default(true).describe(
    "Send decisions straight after their commit instead of through the relay's read-back (true here: one database round trip less per decision). Each decision concerns one request, and a member's requests are handled by one instance at a time.",
  ),
  PORT: z.coerce.number().int().min(0).max(65535).default(3002).describe('HTTP port.'),
  DRUG_CLASS_REFERENCE_FILE: referenceFileVariable(drugClassReferenceOf).describe(
    'Path of the HCPCS drug class reference (JSON Lines; format in libs/michigan-policy/README.md) that classifies medical benefit drugs as oncology, supportive care, CAR-T or other. Empty: the reference shipped with @careflow/michigan-policy. A file with a bad row stops start-up, each bad row named by its line.',
  ),
  COVERAGE_WAIT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(7 * 24 * 3_600_000)
    .default(600_000)
    .describe(
      'How long a request whose member is not (yet) covered on the date of service is held for late coverage before it is decided not-eligible.',
    ),
  PENDING_SWEEP_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(3_600_000)
    .default(5_000)
    .describe('How often held requests whose wait expired are looked for.'),
  OVERDUE_CHECK_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .max(86_400_000)
    .default(60_000)
    .describe(
      'How often routed decisions past their deadline without a determination are counted and logged.',
    ),
  POLICY_REFRESH_MS: z.coerce
    .number()
    .int()
    .min(500)
    .max(3_600_000)
    .default(10_000)
    .describe(
      'How often the policy versions in force are re-read (changes made by other instances).',
    ),
};

export type AuthorizationRoutingConfig = ConfigOf<typeof AuthorizationRoutingConfigShape>;

export function loadAuthorizationRoutingConfig(
  env: Record<string, string | undefined> = process.env,
): AuthorizationRoutingConfig {
  return loadConfig(AuthorizationRoutingConfigShape, env);
}
