import { valueFreeMessage } from '@careflow/messaging';
/**
 * Field names whose values are PHI or could be: they never reach a log line, however deep they
 * sit in the fields object. Ids (member id, claim id, NPI) are not PHI on their own and stay, so
 * operators can trace a message.
 */
export const PHI_FIELD_NAMES: readonly string[] = [
  'firstName',
  'lastName',
  'name',
  'birthDate',
  'dateOfBirth',
  'diagnosisCodes',
  'diagnoses',
  'diagnosis',
  'principalDiagnosis',
  'icd10PcsCodes',
  'procedureCodes',
  'summary',
  'notes',
  'reason',
  'address',
  'phone',
  'fax',
  'email',
  'data',
  'value',
  'body',
  'problems',
  'drugName',
];

const PHI_KEYS = new Set(PHI_FIELD_NAMES.map((k) => k.toLowerCase()));

export const REDACTED = '[redacted]';
const MAX_DEPTH = 6;

export function redact(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH) return '[truncated]';
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (value instanceof Error) return errorFields(value);
  const result: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    result[key] = PHI_KEYS.has(key.toLowerCase()) ? REDACTED : redact(inner, depth + 1);
  }
  return result;
}

/**
 * An error as a log field: its class, its message (PHI-free by construction: validation and
 * parse messages name fields, never values) and its stack frames. The stack's first line repeats
 * the message and is left out; the frames are code locations only.
 */
export function errorFields(error: Error): {
  errorClass: string;
  message: string;
  stack?: string[];
} {
  const frames = error.stack
    ?.split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('at '));
  return {
    errorClass: error.name,
    // Error texts can quote what failed (a JSON parse, a database constraint): value-free only.
    message: valueFreeMessage(error),
    ...(frames && frames.length > 0 ? { stack: frames } : {}),
  };
}
