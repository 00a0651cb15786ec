import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ReferenceFileError, errorText } from '@careflow/contracts';

/**
 * A reference file an operator loads (drug classes by HCPCS code, drugs by NDC): JSON Lines, the
 * first non-blank line a header object with the file's source and date, then one row object per
 * line. Blank lines and lines starting with `#` are ignored. One bad line fails the whole file, so
 * nothing is half-loaded, and every problem is reported with its line number.
 */
export { ReferenceFileError, referenceHeaderFields } from '@careflow/contracts';

/** The file's header: where its rows come from and how current they are. */
export interface ReferenceHeader {
  id: string;
  version: string;
  /** YYYY-MM-DD: the date of the published sources the rows were curated from. */
  asOf: string;
  source: string;
}

export interface ParsedLines<H, R> {
  /** undefined when the header is missing or invalid (then `issues` says why). */
  header: H | undefined;
  rows: { line: number; row: R }[];
  /** Every problem, `line N: …`; the caller adds its cross-row checks and throws if any. */
  issues: string[];
}

/** Cap on reported issues: a wholly wrong file says enough in its first problems. */
const MAX_ISSUES = 50;

function describe(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.length > 0 ? `${i.path.join('.')}: ` : ''}${i.message}`);
}

export function parseJsonLines<H, R>(
  text: string,
  headerSchema: z.ZodType<H>,
  rowSchema: z.ZodType<R>,
): ParsedLines<H, R> {
  const issues: string[] = [];
  let header: H | undefined;
  const rows: ParsedLines<H, R>['rows'] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length && issues.length < MAX_ISSUES; i += 1) {
    const raw = (lines[i] ?? '').trim();
    if (raw === '' || raw.startsWith('#')) continue;
    const line = i + 1;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      issues.push(`line ${line}: not a JSON object`);
      continue;
    }
    if (header === undefined) {
      const parsed = headerSchema.safeParse(value);
      if (!parsed.success) {
        for (const d of describe(parsed.error)) issues.push(`line ${line} (header): ${d}`);
        break; // rows cannot be trusted without their header
      }
      header = parsed.data;
      continue;
    }
    const parsed = rowSchema.safeParse(value);
    if (parsed.success) rows.push({ line, row: parsed.data });
    else for (const d of describe(parsed.error)) issues.push(`line ${line}: ${d}`);
  }
  if (header === undefined && issues.length === 0) issues.push('the file has no header line');
  return { header, rows, issues };
}

/** The text of a reference file; a file that cannot be read is a `ReferenceFileError` too. */
export function readReferenceFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ReferenceFileError(path, [`cannot be read: ${errorText(error)}`]);
  }
}

/** A file shipped in the library's `data/` folder (the same path from `src/` and `dist/`). */
export function shippedDataFile(name: string): string {
  return join(__dirname, '..', '..', 'data', name);
}
