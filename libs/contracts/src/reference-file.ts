import { z } from 'zod';
import { isIsoDate } from './calendar-date';

/**
 * A reference file an operator loads (drug classes by HCPCS code, drugs by NDC, the AHRQ DXCCSR
 * table) that does not validate: every problem, each with its line, so nothing is half-loaded.
 * Shared by the libraries that read such files (michigan-policy, ccm-criteria).
 */
export class ReferenceFileError extends Error {
  constructor(
    readonly file: string,
    readonly issues: readonly string[],
  ) {
    super(`${file} is not a valid reference file:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'ReferenceFileError';
  }
}

/** The header fields every reference file has (its `kind` is "header"). */
export const referenceHeaderFields = {
  kind: z.literal('header'),
  id: z.string().trim().min(1),
  version: z.string().trim().min(1),
  asOf: z.string().refine(isIsoDate, 'a date as YYYY-MM-DD'),
  source: z.string().trim().min(1),
  note: z.string().trim().min(1).optional(),
};
