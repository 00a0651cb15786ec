import { join } from 'node:path';
import { WRITTEN_NOTIFICATION_KINDS } from '@careflow/contracts';

export type LetterKind = (typeof WRITTEN_NOTIFICATION_KINDS)[number];
export const LETTER_KINDS: readonly LetterKind[] = WRITTEN_NOTIFICATION_KINDS;

/**
 * A version of a letter template. The files in the service seed version 1 of a kind that has
 * none; after that the program changes letters with `PUT /letter-templates/{kind}`, each save a
 * new version, and every letter records the version it was made from.
 */
export interface LetterTemplate {
  readonly kind: LetterKind;
  readonly version: number;
  readonly body: string;
  readonly source: 'file' | 'admin';
  readonly createdBy: string;
  readonly createdAt: string;
}

/** The files the templates start from: `services/pcp-notification/templates/<kind>.txt`. */
export const TEMPLATE_DIRECTORY = join(__dirname, '..', '..', 'templates');
