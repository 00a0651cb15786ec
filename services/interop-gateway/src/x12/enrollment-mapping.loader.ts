import { readFileSync } from 'node:fs';
import { errorText, valueFreeErrorMap } from '@careflow/contracts';
import {
  DEFAULT_ENROLLMENT_MAPPING,
  enrollmentMappingSchema,
  type EnrollmentMapping,
} from '@careflow/interop-mapping';

/**
 * The 834 mapping table: ENROLLMENT_MAPPING_FILE when set (checked whole at start: a bad file
 * stops the service, naming the field), else the documented default.
 */
export function loadEnrollmentMapping(file: string | undefined): EnrollmentMapping {
  if (file === undefined) return DEFAULT_ENROLLMENT_MAPPING;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`ENROLLMENT_MAPPING_FILE cannot be read as JSON: ${errorText(error)}`);
  }
  const parsed = enrollmentMappingSchema.safeParse(json, { error: valueFreeErrorMap });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`ENROLLMENT_MAPPING_FILE is not a valid mapping: ${issues.join('; ')}`);
  }
  return parsed.data;
}
