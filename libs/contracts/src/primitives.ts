import { z } from 'zod';
import { isIsoDate } from './calendar-date';

// The building blocks of every event schema. Each one is bounded (a maximum length, a maximum
// number of items, or a fixed shape) so that hostile input is rejected before it reaches a service.

/** `YYYY-MM-DD` that is a real calendar date (2025-02-30 is rejected). */
export const isoDate = z
  .string()
  .max(10)
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine(isIsoDate, 'a real calendar date');

/** RFC 3339 timestamp with offset. */
export const timestamp = z.iso.datetime({ offset: true }).max(40);

export const memberId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash or underscore');

/** National Provider Identifier: ten digits. */
export const npi = z
  .string()
  .max(10)
  .regex(/^\d{10}$/, 'a 10-digit NPI');

/** ICD-10-CM, with or without the dot (E11.9 or E119). */
export const icd10cm = z
  .string()
  .max(8)
  .regex(/^[A-TV-Z][0-9][0-9A-Z](\.?[0-9A-Z]{1,4})?$/i, 'an ICD-10-CM code');

/** ICD-10-PCS procedure code: seven characters, digits and letters other than I and O. */
export const icd10pcs = z
  .string()
  .max(7)
  .regex(/^[0-9A-HJ-NP-Z]{7}$/i, 'a 7-character ICD-10-PCS code');

/** CPT (five digits, or four digits and a letter) or HCPCS Level II (a letter and four digits). */
export const procedureCode = z
  .string()
  .max(5)
  .regex(/^[0-9A-Z]{5}$/i, 'a 5-character CPT or HCPCS code');

/** HCPCS Level II code, e.g. J9035. */
export const hcpcs = z
  .string()
  .max(5)
  .regex(/^[A-V]\d{4}$/i, 'a HCPCS Level II code (a letter and four digits)');

/** National Drug Code: 11 digits, or 10 digits in one of the hyphenated 4-4-2, 5-3-2, 5-4-1 forms. */
export const ndc = z
  .string()
  .max(13)
  .regex(
    /^(\d{11}|\d{4}-\d{4}-\d{2}|\d{5}-\d{3}-\d{2}|\d{5}-\d{4}-\d{1,2})$/,
    'an NDC (11 digits, or hyphenated 4-4-2, 5-3-2, 5-4-1 or 5-4-2)',
  );

/** MS-DRG: three digits. */
export const msDrg = z
  .string()
  .max(3)
  .regex(/^\d{3}$/, 'a 3-digit MS-DRG');

/** LOINC code: up to seven digits, a dash and a check digit (e.g. 4548-4). */
export const loinc = z
  .string()
  .max(10)
  .regex(/^\d{1,8}-\d$/, 'a LOINC code such as 4548-4');

/** Two-letter US state or territory code (postal abbreviation). */
export const usState = z
  .string()
  .max(2)
  .regex(/^[A-Z]{2}$/, 'a two-letter US state code');

/** An identifier issued by some system: visible ASCII, no spaces. */
export const identifier = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[\x21-\x7E]+$/, 'visible ASCII characters without spaces');

/** A short label: a name, a title. Never empty. */
export const label = (max = 200) => z.string().min(1).max(max);

/** Free text (a reason, instructions, a clinical note). */
export const text = (max = 2000) => z.string().max(max);

export const phone = z
  .string()
  .max(32)
  .regex(
    /^\+?[0-9 ().-]{7,20}(\s*(x|ext\.?)\s*\d{1,6})?$/i,
    'a phone number such as 313-555-0100 or +1 (313) 555-0100 x12',
  );

export const email = z.email().max(254);

/** Absolute http(s) URL, or a path on the platform's own HTTP API (starting with `/`). */
export const url = z
  .string()
  .max(2000)
  .regex(/^(https?:\/\/[^\s]+|\/[^\s]*)$/, 'an http(s) URL or an absolute path');

/** A list of at most `max` items. */
export const list = <T extends z.ZodType>(item: T, max: number) => z.array(item).max(max);

/** Postal address (as on an 834 N3/N4 segment). */
export const postalAddress = z.object({
  line1: label(200),
  line2: z.string().max(200).nullish(),
  city: label(100),
  state: usState,
  postalCode: z
    .string()
    .max(10)
    .regex(/^\d{5}(-\d{4})?$/, 'a ZIP code (12345 or 12345-6789)'),
});
export type PostalAddress = z.output<typeof postalAddress>;

/** The same address as the platform republishes it: every field present, null where unknown. */
export const publishedPostalAddress = postalAddress.extend({
  line2: z.string().max(200).nullable(),
});
export type PublishedPostalAddress = z.output<typeof publishedPostalAddress>;
