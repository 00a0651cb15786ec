import { loadNdcReferenceFile, type NdcReference } from '@careflow/michigan-policy';

/**
 * The NDC drug reference named by `ADHERENCE_NDC_REFERENCE_FILE`, or null when the variable is
 * empty. Throws `ReferenceFileError` (every bad line) for a file that does not validate.
 */
export function ndcReferenceOf(file: string): NdcReference | null {
  return file === '' ? null : loadNdcReferenceFile(file);
}
