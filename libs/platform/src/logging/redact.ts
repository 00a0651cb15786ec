/**
 * Field names whose values are PHI or could be: they never reach a log line, however deep they
 * sit in the fields object. Ids (member id, claim id, NPI) are not PHI on their own and stay, so
 * operators can trace a message.
 */
const PHI_KEYS = new Set(
  [
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
  ].map((k) => k.toLowerCase()),
);

const REDACTED = '[redacted]';
const MAX_DEPTH = 6;

export function redact(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH) return '[truncated]';
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (value instanceof Error) return { errorClass: value.name, message: value.message };
  const result: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    result[key] = PHI_KEYS.has(key.toLowerCase()) ? REDACTED : redact(inner, depth + 1);
  }
  return result;
}
