import { z } from 'zod';
import { commonConfigShape, loadConfig, type ConfigOf } from '@careflow/platform';

/** Every variable interop-gateway reads, validated at start (see the README for the table). */
export const InteropGatewayConfigShape = {
  ...commonConfigShape,
  PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65535)
    .default(3005)
    .describe('HTTP port (X12 upload at POST /x12).'),
  X12_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(512 * 1024 * 1024)
    .default(64 * 1024 * 1024)
    .describe('Largest X12 interchange accepted, by HTTP (413 above) or from the drop folder.'),
  X12_RECEIVER_ID: z
    .string()
    .regex(/^[\x21-\x7E]{1,15}$/)
    .default('CAREFLOW')
    .describe(
      'Interchange id of the gateway (ISA06 of its acknowledgments) when the received ISA cannot be read.',
    ),
  X12_DROP_FOLDER: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Folder watched for X12 files (where an SFTP server drops them); off when unset. Each file read is moved to processed/ and its 999 or TA1 written to acknowledgments/ beside it.',
    ),
  X12_DROP_POLL_MS: z.coerce
    .number()
    .int()
    .min(100)
    .default(5000)
    .describe('How often the drop folder is looked at.'),
  X12_DROP_SETTLE_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(2000)
    .describe(
      'A dropped file is read once unchanged for this long (a file still being uploaded waits).',
    ),
  ENROLLMENT_MAPPING_FILE: z
    .string()
    .min(1)
    .optional()
    .describe(
      'JSON file mapping 834 HD/REF values to line of business, funding type, group and member id (format: libs/interop-mapping README); the documented default when unset.',
    ),
  X12_837_INPATIENT_BILL_TYPES: z
    .string()
    .regex(/^\d{2}(,\d{2})*$/, 'two-digit type of bill prefixes, comma-separated')
    .default('11')
    .transform((v) => v.split(','))
    .describe(
      'UB-04 type of bill prefixes (facility type and bill classification, CLM05-1 of an 837I) read as an inpatient stay (institutional-inpatient); other 837I claims are institutional-outpatient. Default 11, hospital inpatient.',
    ),
  MLLP_PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65535)
    .default(2575)
    .describe('Port of the HL7 v2 MLLP listener (2575 is the port registered for HL7).'),
  MLLP_HOST: z.string().min(1).default('0.0.0.0').describe('Address the MLLP listener binds to.'),
  MLLP_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024)
    .describe(
      'Largest HL7 message accepted in one MLLP frame; a larger frame is discarded unanswered.',
    ),
  MLLP_TLS_CERT_FILE: z
    .string()
    .min(1)
    .optional()
    .describe(
      'PEM certificate (chain) of the MLLP listener; with MLLP_TLS_KEY_FILE the listener speaks MLLP over TLS only. Unset: plain TCP.',
    ),
  MLLP_TLS_KEY_FILE: z
    .string()
    .min(1)
    .optional()
    .describe('PEM private key of MLLP_TLS_CERT_FILE.'),
  HL7_MEMBER_ID_AUTHORITY: z
    .string()
    .min(1)
    .max(227)
    .default('CAREFLOW')
    .describe(
      "Assigning authority (PID-3 CX-4, first component) of the plan's member ids: the PID-3 repetition with it is the member id; other ids (a hospital's MRN) are ignored.",
    ),
  HL7_APPLICATION: z
    .string()
    .regex(/^[^|^~\\&\r\n]{1,227}$/)
    .default('CAREFLOW')
    .describe(
      'MSH-3 of the acknowledgments when the received MSH-5 (receiving application) is empty.',
    ),
};

export type InteropGatewayConfig = ConfigOf<typeof InteropGatewayConfigShape>;

export function loadInteropGatewayConfig(
  env: Record<string, string | undefined> = process.env,
): InteropGatewayConfig {
  return loadConfig(InteropGatewayConfigShape, env);
}
