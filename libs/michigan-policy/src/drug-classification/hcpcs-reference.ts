import { z } from 'zod';
import { DRUG_CATEGORIES, type DrugCategory } from '../reference-values';
import {
  ReferenceFileError,
  parseJsonLines,
  readReferenceFile,
  referenceHeaderFields,
  shippedDataFile,
  type ReferenceHeader,
} from '../reference-files/json-lines';

const text = z.string().trim().min(1);
const hcpcs = z
  .string()
  .transform((c) => c.trim().toUpperCase())
  .pipe(z.string().regex(/^[A-V]\d{4}$/, 'a HCPCS Level II code (a letter A–V and four digits)'));
/** An ICD-10-CM code or category prefix, without the dot (C00, D49, Z5111). */
const icdPrefix = z
  .string()
  .transform((c) => c.trim().toUpperCase().replace('.', ''))
  .pipe(z.string().regex(/^[A-Z]\d[0-9A-Z]{1,5}$/, 'an ICD-10-CM code or category, e.g. C00'));
const category = z.enum(DRUG_CATEGORIES);
const oncologyCategory = z.enum(['medical-oncology', 'supportive-care']);

export const hcpcsReferenceHeaderSchema = z.strictObject({
  ...referenceHeaderFields,
});

export const hcpcsReferenceRowSchema = z.discriminatedUnion('kind', [
  /** A published code range whose every code has one category (J9000–J9999). */
  z.strictObject({
    kind: z.literal('range'),
    id: text,
    from: hcpcs,
    to: hcpcs,
    category,
    title: text,
    source: text,
  }),
  /** One code of one category. */
  z.strictObject({
    kind: z.literal('code'),
    code: hcpcs,
    name: text,
    category,
    drugClass: text,
    source: text.optional(),
  }),
  /** A code billed for cancer and for other uses: the request's diagnoses decide. */
  z.strictObject({
    kind: z.literal('dual-use'),
    code: hcpcs,
    name: text,
    oncologyCategory,
    drugClass: text,
    otherUses: text,
    source: text.optional(),
  }),
  /** A biosimilar's code, classified by its reference product (FDA Purple Book). */
  z.strictObject({
    kind: z.literal('biosimilar'),
    code: hcpcs,
    name: text,
    referenceProduct: text.transform((s) => s.toLowerCase()),
  }),
  /** A reference product's core nonproprietary name and class; `otherUses` makes it dual-use. */
  z.strictObject({
    kind: z.literal('reference-product'),
    name: text.transform((s) => s.toLowerCase()),
    brand: text,
    category,
    drugClass: text,
    otherUses: text.optional(),
    source: text,
  }),
  /** The range of biosimilar codes: a code in it not listed is a biosimilar of unknown product. */
  z.strictObject({
    kind: z.literal('biosimilar-range'),
    id: text,
    from: hcpcs,
    to: hcpcs,
    title: text,
    source: text,
  }),
  /** A not-otherwise-classified code: the code alone does not identify the drug. */
  z.strictObject({ kind: z.literal('noc'), code: hcpcs, name: text }),
  /** Diagnoses that make a dual-use drug oncology or supportive care (ICD-10-CM prefixes). */
  z.strictObject({
    kind: z.literal('cancer-diagnosis'),
    id: text,
    from: icdPrefix,
    to: icdPrefix,
    title: text,
    source: text,
  }),
]);

export type HcpcsReferenceHeader = z.output<typeof hcpcsReferenceHeaderSchema> & ReferenceHeader;
export type HcpcsReferenceRow = z.output<typeof hcpcsReferenceRowSchema>;
type RowOf<K extends HcpcsReferenceRow['kind']> = Extract<HcpcsReferenceRow, { kind: K }>;

/** A validated, indexed reference: what `classifyDrug` reads. */
export interface HcpcsReference {
  readonly header: HcpcsReferenceHeader;
  readonly ranges: readonly RowOf<'range'>[];
  readonly codes: ReadonlyMap<string, RowOf<'code'>>;
  readonly dualUse: ReadonlyMap<string, RowOf<'dual-use'>>;
  readonly biosimilars: ReadonlyMap<string, RowOf<'biosimilar'>>;
  readonly referenceProducts: ReadonlyMap<string, RowOf<'reference-product'>>;
  readonly biosimilarRanges: readonly RowOf<'biosimilar-range'>[];
  readonly noc: ReadonlyMap<string, RowOf<'noc'>>;
  readonly cancerDiagnoses: readonly RowOf<'cancer-diagnosis'>[];
  /** "<id> <version> (as of <asOf>)", quoted in every classification's source. */
  readonly citation: string;
}

/**
 * Parses and cross-checks a reference file (JSON Lines; see the README for the format). Throws
 * `ReferenceFileError` listing every problem with its line; nothing is half-loaded.
 */
export function parseHcpcsReference(contents: string, file: string): HcpcsReference {
  const { header, rows, issues } = parseJsonLines(
    contents,
    hcpcsReferenceHeaderSchema,
    hcpcsReferenceRowSchema,
  );
  const ranges: RowOf<'range'>[] = [];
  const codes = new Map<string, RowOf<'code'>>();
  const dualUse = new Map<string, RowOf<'dual-use'>>();
  const biosimilars = new Map<string, RowOf<'biosimilar'>>();
  const referenceProducts = new Map<string, RowOf<'reference-product'>>();
  const biosimilarRanges: RowOf<'biosimilar-range'>[] = [];
  const noc = new Map<string, RowOf<'noc'>>();
  const cancerDiagnoses: RowOf<'cancer-diagnosis'>[] = [];
  const codeLine = new Map<string, number>();
  const claim = (code: string, line: number): void => {
    const first = codeLine.get(code);
    if (first !== undefined) issues.push(`line ${line}: code ${code} is already on line ${first}`);
    else codeLine.set(code, line);
  };
  const ordered = (from: string, to: string, line: number): void => {
    if (from.length !== to.length || to < from)
      issues.push(`line ${line}: "to" ${to} must not come before "from" ${from} (same length)`);
  };
  for (const { line, row } of rows) {
    switch (row.kind) {
      case 'range':
        ordered(row.from, row.to, line);
        ranges.push(row);
        break;
      case 'code':
        claim(row.code, line);
        codes.set(row.code, row);
        break;
      case 'dual-use':
        claim(row.code, line);
        dualUse.set(row.code, row);
        break;
      case 'biosimilar':
        claim(row.code, line);
        biosimilars.set(row.code, row);
        break;
      case 'reference-product':
        if (referenceProducts.has(row.name))
          issues.push(`line ${line}: reference product ${row.name} is listed twice`);
        referenceProducts.set(row.name, row);
        break;
      case 'biosimilar-range':
        ordered(row.from, row.to, line);
        biosimilarRanges.push(row);
        break;
      case 'noc':
        claim(row.code, line);
        noc.set(row.code, row);
        break;
      case 'cancer-diagnosis':
        ordered(row.from, row.to, line);
        cancerDiagnoses.push(row);
        break;
    }
  }
  for (const { line, row } of rows) {
    if (row.kind === 'biosimilar' && !referenceProducts.has(row.referenceProduct))
      issues.push(`line ${line}: reference product "${row.referenceProduct}" has no row`);
  }
  const needsDiagnoses =
    dualUse.size > 0 || [...referenceProducts.values()].some((p) => p.otherUses !== undefined);
  if (needsDiagnoses && cancerDiagnoses.length === 0)
    issues.push('dual-use drugs need at least one cancer-diagnosis row');
  if (issues.length > 0 || header === undefined) throw new ReferenceFileError(file, issues);
  return {
    header,
    ranges,
    codes,
    dualUse,
    biosimilars,
    referenceProducts,
    biosimilarRanges,
    noc,
    cancerDiagnoses,
    citation: `${header.id} ${header.version} (as of ${header.asOf})`,
  };
}

/** Reads and parses a reference file from disk (an operator's newer file). */
export function loadHcpcsReferenceFile(path: string): HcpcsReference {
  return parseHcpcsReference(readReferenceFile(path), path);
}

/** The reference shipped with the library (`data/hcpcs-drug-classes.jsonl`). */
export const BUILT_IN_HCPCS_REFERENCE_FILE = shippedDataFile('hcpcs-drug-classes.jsonl');

let builtIn: HcpcsReference | undefined;

/** The shipped reference, read and validated once. */
export function builtInHcpcsReference(): HcpcsReference {
  builtIn ??= loadHcpcsReferenceFile(BUILT_IN_HCPCS_REFERENCE_FILE);
  return builtIn;
}

/** Whether an ICD-10-CM code falls in one of the reference's cancer-diagnosis ranges. */
export function isCancerDiagnosis(reference: HcpcsReference, code: string): boolean {
  const c = code.trim().toUpperCase().replace('.', '');
  return reference.cancerDiagnoses.some((r) => {
    const head = c.slice(0, r.from.length);
    return head.length === r.from.length && head >= r.from && head <= r.to;
  });
}

export type { DrugCategory };
