/**
 * Reference tables an operator can replace without a code change (the AHRQ DXCCSR table, the CMS
 * planned readmission tables): UTF-8 text, gzipped or not. Line 1 a JSON header (`kind: "header"`,
 * `id`, `version`, `asOf`, `source`, optional `note`), line 2 the tab-separated column names, then
 * one tab-separated row per line. A malformed file fails whole (`ReferenceFileError`), every bad
 * line named, so nothing is half-loaded.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import { ReferenceFileError, errorText, referenceHeaderFields } from '@careflow/contracts';

const headerSchema = z.strictObject(referenceHeaderFields);

export type ReferenceTableHeader = z.output<typeof headerSchema>;

/** A wholly wrong file says enough in its first problems. */
const MAX_ISSUES = 50;

/**
 * Parses the header and the column names, then hands each row's cells (already checked to be as
 * many as the columns) to `onRow`, which stores it or returns what is wrong with it. Returns the
 * header; throws `ReferenceFileError` with every problem.
 */
export function parseTsvReference(
  text: string,
  file: string,
  columns: readonly string[],
  onRow: (cells: string[], line: number) => string | null,
): ReferenceTableHeader {
  const issues: string[] = [];
  const lines = text.split(/\r?\n/);
  let header: ReferenceTableHeader | undefined;
  try {
    const parsed = headerSchema.safeParse(JSON.parse(lines[0] ?? ''));
    if (parsed.success) header = parsed.data;
    else issues.push(`line 1 (header): ${z.prettifyError(parsed.error).replace(/\n/g, ' ')}`);
  } catch {
    issues.push('line 1 (header): not a JSON object');
  }
  const names = columns.join('\t');
  if ((lines[1] ?? '').trim() !== names)
    issues.push(`line 2: expected the column names "${names.replace(/\t/g, '<TAB>')}"`);
  let rows = 0;
  for (let i = 2; i < lines.length && issues.length < MAX_ISSUES; i += 1) {
    const raw = lines[i] ?? '';
    if (raw.trim() === '') continue;
    const cells = raw.split('\t');
    const issue =
      cells.length === columns.length
        ? onRow(cells, i + 1)
        : `expected ${columns.length} tab-separated columns, found ${cells.length}`;
    if (issue !== null) issues.push(`line ${i + 1}: ${issue}`);
    else rows += 1;
  }
  if (issues.length === 0 && rows === 0) issues.push('the table has no rows');
  if (issues.length > 0 || header === undefined) throw new ReferenceFileError(file, issues);
  return header;
}

/** "<id> <version> (as of <asOf>)", for evidence and reasons. */
export function citationOf(header: ReferenceTableHeader): string {
  return `${header.id} ${header.version} (as of ${header.asOf})`;
}

/** The text of a table file, gunzipped when it is gzip; unreadable is a `ReferenceFileError`. */
export function readTableFile(file: string): string {
  try {
    const bytes = readFileSync(file);
    const gzip = bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
    return (gzip ? gunzipSync(bytes) : bytes).toString('utf8');
  } catch (error) {
    throw new ReferenceFileError(file, [`cannot be read: ${errorText(error)}`]);
  }
}

/** A file shipped in the library's `data/` folder (the same path from `src/` and `dist/`). */
export function shippedTableFile(name: string): string {
  return join(__dirname, '..', '..', 'data', name);
}

/**
 * Loads a table once per path (the service's config validation and every evaluation share it);
 * an empty path is the shipped file.
 */
export function tableCache<T>(shipped: string, parse: (text: string, file: string) => T) {
  const loaded = new Map<string, T>();
  return (path = ''): T => {
    const file = path.trim() === '' ? shipped : path.trim();
    const cached = loaded.get(file);
    if (cached !== undefined) return cached;
    const table = parse(readTableFile(file), file);
    loaded.set(file, table);
    return table;
  };
}
