import { z } from 'zod';
import {
  booleanFlag,
  commaSeparated,
  commonConfigShape,
  loadConfig,
  type ConfigOf,
} from '@careflow/platform';

/** Issuer (JWT iss) → JWK Set URL of each trusted CDS client. */
const trustedClientsSchema = z.record(z.string().min(1).max(500), z.url());
export type TrustedCdsClients = z.output<typeof trustedClientsSchema>;

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
  HL7_INPATIENT_CLASSES: z
    .string()
    .regex(/^[A-Z](,[A-Z])*$/)
    .default('I')
    .transform((value) => value.split(','))
    .describe(
      'PV1-2 patient classes (HL7 table 0004) that make an ADT A01, A03, A11 or A13 a hospital stay, comma-separated; other classes (E emergency, O outpatient) are acknowledged and not published. An empty PV1-2 counts as inpatient.',
    ),
  HL7_APPLICATION: z
    .string()
    .regex(/^[^|^~\\&\r\n]{1,227}$/)
    .default('CAREFLOW')
    .describe(
      'MSH-3 of the acknowledgments when the received MSH-5 (receiving application) is empty.',
    ),
  CRD_TRUSTED_CLIENTS: z
    .string()
    .default('{}')
    .transform((text, ctx) => {
      try {
        return trustedClientsSchema.parse(JSON.parse(text));
      } catch {
        ctx.addIssue({
          code: 'custom',
          message: 'a JSON object mapping each CDS client issuer (iss) to its JWK Set URL',
        });
        return z.NEVER;
      }
    })
    .describe(
      'CDS Hooks clients (EHRs) allowed to call /cds-services: a JSON object mapping each issuer (the JWT iss) to the https URL of its JWK Set, e.g. {"https://ehr.example.org":"https://ehr.example.org/.well-known/jwks.json"}. A JWT whose jku header names another URL is refused. Empty: no client is trusted.',
    ),
  CRD_SERVICE_BASE_URL: z
    .url()
    .default('http://127.0.0.1:3005')
    .transform((u) => u.replace(/\/+$/, ''))
    .describe(
      'The base URL EHRs call this service at: the JWT aud must be <base>/cds-services (discovery) or <base>/cds-services/<service id> (CDS Hooks 2.0, "Trusting CDS Clients").',
    ),
  CRD_MAX_TOKEN_LIFETIME_SECONDS: z.coerce
    .number()
    .int()
    .min(10)
    .max(3600)
    .default(300)
    .describe(
      'Longest accepted lifetime of a CDS client JWT (exp - iat, and exp from now): five minutes as CDS Hooks best practice advises.',
    ),
  CRD_JWKS_CACHE_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(10 * 60 * 1000)
    .describe(
      "How long a client's JWK Set is kept before it is fetched again (a key id not in the cached set fetches it at once, at most every 30 s).",
    ),
  CRD_PAYER_LABEL: z
    .string()
    .min(1)
    .max(200)
    .default('Blue Cross Blue Shield of Michigan')
    .describe(
      "Card.source.label: the insurer named on the member's card (CRD resp-4). Default: the plan whose document the routing policy versions (mi-um-2025.1, mi-um-2025.2) read.",
    ),
  CRD_DEFAULT_PROVIDER_STATE: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .default('MI')
    .describe(
      "The ordering provider's state when the request does not carry it (prefetch practitioner without an address state); the routing policy treats out-of-state providers apart. Said in the decision's reasons when used.",
    ),
  CRD_MEMBER_ID_SYSTEMS: commaSeparated
    .default([])
    .describe(
      "Identifier systems of the plan's member ids in Coverage.identifier or Patient.identifier (type MB); empty: any identifier of type MB, then Coverage.subscriberId.",
    ),
  CRD_ROUTING_CARD: booleanFlag
    .default(true)
    .describe(
      'Whether a card repeats the coverage-information in words (vendor, how to submit, reasons) by default; a client turns it off or on per request with the configuration option pa-routing-card. CRD itself asks for the system action only (resp-12).',
    ),
  DRUG_CLASS_REFERENCE_FILE: z
    .string()
    .default('')
    .describe(
      "The HCPCS drug class reference the CRD routing classifies drugs with; empty: the one shipped with @careflow/michigan-policy. Set it to authorization-routing's DRUG_CLASS_REFERENCE_FILE so both decide alike.",
    ),
};

export type InteropGatewayConfig = ConfigOf<typeof InteropGatewayConfigShape>;

export function loadInteropGatewayConfig(
  env: Record<string, string | undefined> = process.env,
): InteropGatewayConfig {
  return loadConfig(InteropGatewayConfigShape, env);
}
