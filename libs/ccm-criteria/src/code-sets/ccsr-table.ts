/**
 * The AHRQ HCUP CCSR for ICD-10-CM diagnoses (DXCCSR) as a reference table: every ICD-10-CM code
 * with all its CCSR categories and its inpatient default category. An operator can replace it
 * with a newer DXCCSR release without a code change (`CCSR_DX_FILE` of case-management); the
 * shipped table is DXCCSR v2024.1 (`data/ahrq-dxccsr-v2024.1.tsv.gz`, provenance in
 * `data/README.md`). Columns: the code without its dot (`I110`), its inpatient default CCSR
 * category or empty (AHRQ assigns none to a code that is not acceptable as a principal
 * diagnosis), every CCSR category of the code, space-separated. File format: `tsv-reference.ts`.
 */
import {
  citationOf,
  parseTsvReference,
  shippedTableFile,
  tableCache,
  type ReferenceTableHeader,
} from './tsv-reference';

export interface CcsrTable {
  readonly header: ReferenceTableHeader;
  /** "<id> <version> (as of <asOf>)", for evidence and reasons. */
  readonly citation: string;
  /** Number of ICD-10-CM codes in the table. */
  readonly size: number;
  /** Every CCSR category of a dot-less code; null when the code is not in the table. */
  categoriesOf(code: string): readonly string[] | null;
  /** The inpatient default category of a code; null when absent or AHRQ assigns none. */
  defaultInpatientOf(code: string): string | null;
}

export const CCSR_COLUMNS = ['code', 'defaultInpatient', 'categories'] as const;
const ICD10CM = /^[A-Z][0-9][0-9A-Z]{1,5}$/;
const CATEGORY = /^[A-Z]{3}[0-9]{3}$/;

interface Entry {
  categories: readonly string[];
  defaultInpatient: string | null;
}

/** Parses a DXCCSR table; throws `ReferenceFileError` naming every bad line. */
export function parseCcsrTable(text: string, file: string): CcsrTable {
  const entries = new Map<string, Entry>();
  const lineOf = new Map<string, number>();
  // About 75,000 codes share some 1,400 distinct rows (default and categories): each distinct row
  // is one shared Entry, not one per code (the table was about 20 MB of the service's live heap).
  const shared = new Map<string, Entry>();
  const header = parseTsvReference(
    text,
    file,
    CCSR_COLUMNS,
    ([code = '', dflt = '', cats = ''], line) => {
      if (!ICD10CM.test(code)) return `code "${code}" is not a dot-less ICD-10-CM code`;
      const categories = cats.split(' ');
      const bad = categories.find((c) => !CATEGORY.test(c));
      if (bad !== undefined) return `category "${bad}" is not a CCSR category (ABC123)`;
      if (dflt !== '' && !categories.includes(dflt))
        return `default category "${dflt}" is not one of the code's categories`;
      const first = lineOf.get(code);
      if (first !== undefined) return `code ${code} is already on line ${first}`;
      lineOf.set(code, line);
      const key = `${dflt}\t${cats}`;
      let entry = shared.get(key);
      if (entry === undefined) {
        entry = { categories, defaultInpatient: dflt === '' ? null : dflt };
        shared.set(key, entry);
      }
      entries.set(code, entry);
      return null;
    },
  );
  return ccsrTableOf(header, entries);
}

/**
 * The table over its entries, built outside `parseCcsrTable`: closures made there would share its
 * scope and keep the parse's own maps (`lineOf`, `shared`) alive as long as the table.
 */
function ccsrTableOf(header: ReferenceTableHeader, entries: ReadonlyMap<string, Entry>): CcsrTable {
  return {
    header,
    citation: citationOf(header),
    size: entries.size,
    categoriesOf: (code) => entries.get(code)?.categories ?? null,
    defaultInpatientOf: (code) => entries.get(code)?.defaultInpatient ?? null,
  };
}

/** The shipped table: AHRQ DXCCSR v2024.1. */
export const SHIPPED_CCSR_TABLE_FILE = shippedTableFile('ahrq-dxccsr-v2024.1.tsv.gz');

/** Reads and validates a DXCCSR table, once per path; empty path: the shipped table. */
export const loadCcsrTable = tableCache(SHIPPED_CCSR_TABLE_FILE, parseCcsrTable);
