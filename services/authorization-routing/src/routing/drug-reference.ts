import {
  builtInHcpcsReference,
  loadHcpcsReferenceFile,
  type HcpcsReference,
} from '@careflow/michigan-policy';

/**
 * The drug class reference named by `DRUG_CLASS_REFERENCE_FILE`, or the one shipped with
 * @careflow/michigan-policy when the variable is empty. Throws `ReferenceFileError` (every bad
 * line) for a file that does not validate.
 */
export function drugClassReferenceOf(file: string): HcpcsReference {
  return file === '' ? builtInHcpcsReference() : loadHcpcsReferenceFile(file);
}
