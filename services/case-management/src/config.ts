import { z } from 'zod';
import { loadCcsrTable, loadPlannedReadmissionTable } from '@careflow/ccm-criteria';
import { referenceFileVariable } from '@careflow/michigan-policy';
import {
  commonConfigShape,
  liveStreamVariables,
  loadConfig,
  webSignInConfigShape,
  type ConfigOf,
} from '@careflow/platform';
import { ndcReferenceOf } from './adherence/ndc-reference-file';

/** A cron expression (5 or 6 fields), or `off` to disable the job. */
const cronOrOff = z
  .string()
  .regex(/^(off|(\S+\s+){4,5}\S+)$/, 'a cron expression such as "0 6 1 * *", or off');

const workspaceStream = liveStreamVariables('POST /workspace/stream-tickets');

const booleanFlag = z.enum(['true', 'false']).transform((v) => v === 'true');

/** Every variable case-management reads, validated at start (see the README for the table). */
export const CaseManagementConfigShape = {
  ...commonConfigShape,
  ...webSignInConfigShape({
    name: 'workspace page',
    clientId: 'careflow-workspace',
    resource: 'urn:careflow:case-management',
  }),
  PORT: z.coerce.number().int().min(0).max(65535).default(3003).describe('HTTP port.'),
  WORKSPACE_PCP_NOTIFICATION_URL: z
    .url()
    .max(300)
    .default('http://127.0.0.1:3004')
    .describe(
      "pcp-notification's address as the workspace page's browser reaches it (letter previews, PCP calls); pcp-notification's CORS_ALLOWED_ORIGINS must name this service's origin.",
    ),
  WORKSPACE_PCP_NOTIFICATION_RESOURCE: z
    .union([z.literal('none'), z.url().max(300)])
    .default('urn:careflow:pcp-notification')
    .describe(
      'The resource indicator (RFC 8707) of pcp-notification: the workspace asks for it at sign-in too and gets its second access token for it with the refresh token; `none`: the workspace does not call pcp-notification.',
    ),
  ADHERENCE_NDC_REFERENCE_FILE: referenceFileVariable(ndcReferenceOf).describe(
    "Path of the NDC drug reference file (JSON Lines, NDC to ingredient and class; format in libs/michigan-policy/README.md) that identifies the Sempre Health program's drugs on pharmacy claims. Empty: no file, drugs are matched by the words of their name only, as a fallback every reason names. A file with a bad row stops start-up, each bad row named by its line.",
  ),
  CCSR_DX_FILE: referenceFileVariable(loadCcsrTable).describe(
    'Path of the AHRQ CCSR for ICD-10-CM table (DXCCSR: code, inpatient default category, all categories; TSV, gzipped or not; format in libs/ccm-criteria/data/README.md) that decides "same or similar diagnosis" for readmissions under the ccsr-category rules (ccm-criteria-2027.1). Empty: the shipped DXCCSR v2024.1. A file with a bad line stops start-up, each bad line named.',
  ),
  PLANNED_READMISSION_FILE: referenceFileVariable(loadPlannedReadmissionTable).describe(
    'Path of the CMS Planned Readmission Algorithm tables (ICD-10-CM always-planned/acute/not-acute, ICD-10-PCS always-planned/potentially-planned; TSV, gzipped or not; format in libs/ccm-criteria/data/README.md) that leave planned readmissions out under plannedRule cms-pra-v4 (ccm-criteria-2027.1). Empty: the shipped PRA v4.0 2019 HWR ICD-10 tables. A file with a bad line stops start-up, each bad line named.',
  ),
  // The platform default (250) suits handlers with per-event work; here a chunk costs a fixed
  // number of statements whatever its size (profiles locked, folded and written in bulk), so
  // larger chunks mean fewer round trips and commits per event.
  KAFKA_CHUNK_SIZE: z.coerce
    .number()
    .int()
    .min(1)
    .max(5000)
    .default(1000)
    .describe('Events handled in one database transaction.'),
  // A backlog fills every fetch to kafkajs' 10 MiB, and its records, decoded, were about 25 MB of
  // the heap's live set during a replay (75-80 MB with 10 MiB, 50-56 MB with 2 MiB; 200k replays,
  // --trace-gc, 2026-12-07). A fetch of 2 MiB still carries thousands of events, several chunks.
  KAFKA_FETCH_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(65536)
    .max(104857600)
    .default(2097152)
    .describe(
      "Most bytes a consumer's fetch answers with, all partitions together (kafkajs maxBytes): its records are decoded and held until handled. 2 MiB here (the platform's default is kafkajs' 10 MiB) keeps the replay of a backlog under 256 MiB.",
    ),
  EVALUATION_PUBLISHING: z
    .enum(['on-change', 'every-trigger'])
    .default('on-change')
    .describe(
      'Publish a ccm.evaluations.v1 event for every triggering event (`every-trigger`) or only when criteriaMet or eligibility changes, plus every referral and every monthly-review subject (`on-change`).',
    ),
  MONTHLY_REVIEW_CRON: cronOrOff
    .default('0 6 1 * *')
    .describe('When the monthly identification review runs (cron, in PLAN_TIME_ZONE), or off.'),
  MONTHLY_REVIEW_EXPIRY_SECONDS: z.coerce
    .number()
    .int()
    .min(10)
    .max(23 * 3600)
    .default(3600)
    .describe(
      'How long a monthly review may run: one still running after that is taken to have died with its instance and runs again on another (up to 3 retries). Keep it well above the longest review.',
    ),
  MONTHLY_REVIEW_RETRY_DELAY_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3600)
    .default(60)
    .describe(
      'Wait before a failed or expired monthly review runs again, doubled at each of its 3 retries.',
    ),
  MONTHLY_REVIEW_BATCH_SIZE: z.coerce
    .number()
    .int()
    .min(100)
    .max(50000)
    .default(2000)
    .describe(
      "Members read, evaluated and written per transaction by the monthly review. Each page in flight (MONTHLY_REVIEW_CONCURRENCY, and the next page's candidates) holds its members' profiles: with 5000 the review was the service's memory peak (264 MiB against 247 in the replay, 200k members).",
    ),
  MONTHLY_REVIEW_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(1)
    .max(8)
    .default(2)
    .describe('Pages of members the monthly review works on at once (one transaction each).'),
  ASSESSMENT_DUE_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(365)
    .default(30)
    .describe(
      'Calendar days after the plan date of identification by whose end the phone assessment is due (NCQA complex case management timeliness: 30).',
    ),
  WORKSPACE_STREAM_HEARTBEAT_MS: workspaceStream.heartbeatMs,
  WORKSPACE_STREAM_TICKET_TTL_SECONDS: workspaceStream.ticketTtlSeconds,
  WORKSPACE_STREAMS_PER_USER: workspaceStream.streamsPerUser,
  WORKSPACE_STREAMS_MAX: workspaceStream.streamsMax,
  OUTREACH_ATTEMPTS_BEFORE_UNABLE_TO_REACH: z.coerce
    .number()
    .int()
    .min(1)
    .max(20)
    .default(3)
    .describe(
      'Outreach attempts that did not reach the member a case needs before "unable to reach" may be recorded as its assessment outcome (POST /cases/{caseId}/assessment answers 409 too-few-outreach-attempts before). Document 004 asks for a phone assessment and is silent on the number of attempts: 3 is a choice.',
    ),
  REOFFER_AFTER_DECLINE_DAYS: z.coerce
    .number()
    .int()
    .min(0)
    .max(730)
    .default(90)
    .describe(
      'Quiet period after a member declined: data that identifies them again (a new criterion, or eligible again) opens no new case for this many days after the decline (the document is silent; 0 re-offers at once). Referrals are never held back.',
    ),
  ASSESSMENT_OVERDUE_CRON: cronOrOff
    .default('*/15 * * * *')
    .describe('When open cases are checked for overdue assessments (cron), or off.'),
  ASSIGNMENT_WHEN_FULL: z
    .enum(['unassigned', 'least-loaded'])
    .default('unassigned')
    .describe(
      'A new case when every active case manager is at capacity: `unassigned` (the queue supervisors assign from) or `least-loaded` (over capacity). The document is silent; no letter goes out before a case manager is assigned.',
    ),
  SEED_DEV_CASE_MANAGERS: booleanFlag
    .default(true)
    .describe(
      'Seed a development roster of case managers (cm-001 …) at start; never in production.',
    ),
};

export type CaseManagementConfig = ConfigOf<typeof CaseManagementConfigShape>;

export function loadCaseManagementConfig(
  env: Record<string, string | undefined> = process.env,
): CaseManagementConfig {
  return loadConfig(CaseManagementConfigShape, env);
}
