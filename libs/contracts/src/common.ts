import { z } from 'zod';
import {
  email,
  identifier,
  label,
  npi,
  phone,
  postalAddress,
  publishedPostalAddress,
} from './primitives';

// Object shapes shared by several topics.

/** A case manager as the platform publishes them (always present; contact details null if unknown). */
export const caseManagerContact = z.object({
  id: identifier.describe('The case manager id; the `sub` of their access token.'),
  name: label(200),
  phone: phone.nullable(),
  email: email.nullable(),
});
export type CaseManagerContact = z.output<typeof caseManagerContact>;

/** A group {id, name}: any id, see KNOWN_GROUP_IDS for the ones with their own arrangements. */
export const groupRef = z.object({
  id: identifier.describe('Group id; see the known group ids with their own arrangements.'),
  name: label(200),
});
export type GroupRef = z.output<typeof groupRef>;

/** The member's primary care provider as received from enrollment (optional details may be absent). */
export const pcpFromEnrollment = z.object({
  npi,
  name: label(200),
  phone: phone.nullish(),
  fax: phone.nullish(),
  address: postalAddress.nullish(),
});

/** The primary care provider as the platform republishes it (every field present, null if unknown). */
export const primaryCareProvider = z.object({
  npi,
  name: label(200),
  phone: phone.nullable(),
  fax: phone.nullable(),
  address: publishedPostalAddress.nullable(),
});
export type PrimaryCareProvider = z.output<typeof primaryCareProvider>;
