import { z } from 'zod';
import {
  ReferenceFileError,
  parseJsonLines,
  readReferenceFile,
  referenceHeaderFields,
  shippedDataFile,
} from '../reference-files/json-lines';

const text = z.string().trim().min(1);

export const ndcReferenceHeaderSchema = z.strictObject({
  ...referenceHeaderFields,
  /** A sample file (a few illustrative rows): every reason built on it says so. */
  sample: z.boolean().default(false),
});

export const ndcReferenceRowSchema = z.strictObject({
  kind: z.literal('ndc'),
  /** NDC-11 (digits, or 5-4-2 with dashes) or a 10-digit NDC with its dashes (4-4-2, 5-3-2, 5-4-1). */
  ndc: text,
  /** Active ingredient, lower case (the program's classes list ingredients). */
  ingredient: text.transform((s) => s.toLowerCase()),
  /** Therapeutic class, e.g. "HMG-CoA reductase inhibitor (ATC C10AA)". */
  drugClass: text,
  /** Proprietary name and strength, for people reading the file. */
  product: text.optional(),
});

export type NdcReferenceHeader = z.output<typeof ndcReferenceHeaderSchema>;
export interface NdcReferenceEntry {
  ndc11: string;
  ingredient: string;
  drugClass: string;
  product?: string;
}

export interface NdcReference {
  readonly header: NdcReferenceHeader;
  readonly byNdc: ReadonlyMap<string, NdcReferenceEntry>;
  /** "<id> <version> (as of <asOf>)", with "SAMPLE" for a sample file. */
  readonly citation: string;
}

/**
 * An NDC as 11 digits (5-4-2): a dashed 10-digit NDC is padded in the segment that is short; an
 * 11-digit one is kept. An undashed 10-digit NDC is ambiguous (which segment to pad): null.
 */
export function normalizeNdc11(ndc: string): string | null {
  const trimmed = ndc.trim();
  const parts = trimmed.split('-');
  if (parts.length === 3 && parts.every((p) => /^\d+$/.test(p))) {
    const [labeler = '', product = '', pack = ''] = parts;
    if (labeler.length > 5 || product.length > 4 || pack.length > 2) return null;
    const ndc11 = `${labeler.padStart(5, '0')}${product.padStart(4, '0')}${pack.padStart(2, '0')}`;
    return labeler.length + product.length + pack.length >= 10 ? ndc11 : null;
  }
  return /^\d{11}$/.test(trimmed) ? trimmed : null;
}

/** Parses an NDC drug reference (JSON Lines); throws `ReferenceFileError` naming every bad line. */
export function parseNdcReference(contents: string, file: string): NdcReference {
  const { header, rows, issues } = parseJsonLines(
    contents,
    ndcReferenceHeaderSchema,
    ndcReferenceRowSchema,
  );
  const byNdc = new Map<string, NdcReferenceEntry>();
  const lineOf = new Map<string, number>();
  for (const { line, row } of rows) {
    const ndc11 = normalizeNdc11(row.ndc);
    if (ndc11 === null) {
      issues.push(`line ${line}: ndc: "${row.ndc}" is not an NDC-11 or a dashed 10-digit NDC`);
      continue;
    }
    const first = lineOf.get(ndc11);
    if (first !== undefined) {
      issues.push(`line ${line}: NDC ${ndc11} is already on line ${first}`);
      continue;
    }
    lineOf.set(ndc11, line);
    byNdc.set(ndc11, {
      ndc11,
      ingredient: row.ingredient,
      drugClass: row.drugClass,
      ...(row.product ? { product: row.product } : {}),
    });
  }
  if (issues.length > 0 || header === undefined) throw new ReferenceFileError(file, issues);
  return {
    header,
    byNdc,
    citation: `${header.sample ? 'SAMPLE ' : ''}${header.id} ${header.version} (as of ${header.asOf})`,
  };
}

export function loadNdcReferenceFile(path: string): NdcReference {
  return parseNdcReference(readReferenceFile(path), path);
}

/** The small, clearly labelled sample shipped with the library (not a complete reference). */
export const SAMPLE_NDC_REFERENCE_FILE = shippedDataFile('ndc-drug-reference.sample.jsonl');
