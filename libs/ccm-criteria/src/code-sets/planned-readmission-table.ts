/**
 * The CMS Planned Readmission Algorithm v4.0 tables as a reference table (shipped:
 * `data/cms-planned-readmission-v4.0-2019.tsv.gz`, the 2019 Hospital-Wide Readmission measure's
 * ICD-10 tables PR.1–PR.4 with their CCS categories expanded to codes; provenance in
 * `data/README.md`). Columns: the code system (`ICD-10-CM`, `ICD-10-PCS`), the dot-less code and
 * its class: a diagnosis is `always-planned` (PR.2), `acute` (PR.4) or `not-acute`; a procedure
 * is `always-planned` (PR.1) or `potentially-planned` (PR.3). A code in no row is unclassified.
 * File format: `tsv-reference.ts`.
 */
import {
  citationOf,
  parseTsvReference,
  shippedTableFile,
  tableCache,
  type ReferenceTableHeader,
} from './tsv-reference';

export const DIAGNOSIS_CLASSES = ['always-planned', 'acute', 'not-acute'] as const;
export type PlannedDiagnosisClass = (typeof DIAGNOSIS_CLASSES)[number];
export const PROCEDURE_CLASSES = ['always-planned', 'potentially-planned'] as const;
export type PlannedProcedureClass = (typeof PROCEDURE_CLASSES)[number];

export interface PlannedReadmissionTable {
  readonly header: ReferenceTableHeader;
  readonly citation: string;
  /** The class of a principal diagnosis (dot-less ICD-10-CM); null when the tables lack it. */
  diagnosisClass(code: string): PlannedDiagnosisClass | null;
  /** The class of an ICD-10-PCS procedure; null when it is in neither PR.1 nor PR.3. */
  procedureClass(code: string): PlannedProcedureClass | null;
}

export const PLANNED_READMISSION_COLUMNS = ['system', 'code', 'class'] as const;
const CODE = /^[A-Z0-9]{3,7}$/;

const CLASSES: Record<string, readonly string[]> = {
  'ICD-10-CM': DIAGNOSIS_CLASSES,
  'ICD-10-PCS': PROCEDURE_CLASSES,
};

/** Stores one row in its system's map, or says what is wrong with it. */
function addRow(
  byCode: Map<string, Map<string, string>>,
  [system = '', code = '', cls = '']: string[],
) {
  const classes = CLASSES[system];
  const codes = byCode.get(system);
  if (classes === undefined || codes === undefined)
    return `system "${system}" is not ${Object.keys(CLASSES).join(' or ')}`;
  if (!CODE.test(code)) return `code "${code}" is not a dot-less ICD-10 code`;
  // The constant, not the cell: a cell of 13 characters or more is a slice that would keep the
  // whole file's text alive, and each shorter one is a copy of its own.
  const known = classes.find((c) => c === cls);
  if (known === undefined) return `class "${cls}" is not one of ${classes.join(', ')}`;
  if (codes.has(code)) return `${system} ${code} is listed twice`;
  codes.set(code, known);
  return null;
}

/** Parses planned readmission tables; throws `ReferenceFileError` naming every bad line. */
export function parsePlannedReadmissionTable(text: string, file: string): PlannedReadmissionTable {
  const byCode = new Map(Object.keys(CLASSES).map((system) => [system, new Map<string, string>()]));
  const header = parseTsvReference(text, file, PLANNED_READMISSION_COLUMNS, (cells) =>
    addRow(byCode, cells),
  );
  return tableOf(
    header,
    packedClassOf(byCode.get('ICD-10-CM')!, DIAGNOSIS_CLASSES),
    packedClassOf(byCode.get('ICD-10-PCS')!, PROCEDURE_CLASSES),
  );
}

/**
 * The table over its packed lookups, built outside the parse: closures made there would share its
 * scope and keep the parse's maps (`byCode`) alive as long as the table.
 */
function tableOf(
  header: ReferenceTableHeader,
  diagnosisClass: (code: string) => string | null,
  procedureClass: (code: string) => string | null,
): PlannedReadmissionTable {
  return {
    header,
    citation: citationOf(header),
    diagnosisClass: (code) => diagnosisClass(code) as PlannedDiagnosisClass | null,
    procedureClass: (code) => procedureClass(code) as PlannedProcedureClass | null,
  };
}

/** The longest code the tables hold (`CODE`): each code takes this many characters, padded. */
const CODE_WIDTH = 7;

/**
 * A code's class by binary search in one string of the sorted codes, each padded with spaces to
 * CODE_WIDTH (a space sorts before every code character, so the padded order is the codes' order),
 * and one byte per code for its class. The service holds the tables for its life: 111,000 codes as
 * map entries were 8 MB of its heap, packed they are under 1 MB. A code that is no valid table
 * code (`CODE`) is in no row, as before.
 */
function packedClassOf(
  codes: ReadonlyMap<string, string>,
  classes: readonly string[],
): (code: string) => string | null {
  const sorted = [...codes.keys()].sort();
  const classIndex = new Uint8Array(sorted.length);
  for (let i = 0; i < sorted.length; i++) classIndex[i] = classes.indexOf(codes.get(sorted[i]!)!);
  return searchOf(sorted.map((c) => c.padEnd(CODE_WIDTH, ' ')).join(''), classIndex, classes);
}

/** The lookup over packed codes, in a scope of its own (not holding the codes' map). */
function searchOf(
  text: string,
  classIndex: Uint8Array,
  classes: readonly string[],
): (code: string) => string | null {
  const count = classIndex.length;
  return (code) => {
    if (!CODE.test(code)) return null;
    const key = code.padEnd(CODE_WIDTH, ' ');
    let lo = 0;
    let hi = count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const probe = text.slice(mid * CODE_WIDTH, (mid + 1) * CODE_WIDTH);
      if (probe === key) return classes[classIndex[mid]!] ?? null;
      if (probe < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return null;
  };
}

/** The shipped tables: CMS PRA v4.0, 2019 HWR ICD-10 tables. */
export const SHIPPED_PLANNED_READMISSION_FILE = shippedTableFile(
  'cms-planned-readmission-v4.0-2019.tsv.gz',
);

/** Reads and validates planned readmission tables, once per path; empty path: the shipped ones. */
export const loadPlannedReadmissionTable = tableCache(
  SHIPPED_PLANNED_READMISSION_FILE,
  parsePlannedReadmissionTable,
);
