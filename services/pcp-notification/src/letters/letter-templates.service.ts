import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EntityManager } from 'typeorm';
import { WRITTEN_NOTIFICATION_KINDS } from '@careflow/contracts';

export type LetterKind = (typeof WRITTEN_NOTIFICATION_KINDS)[number];
export const LETTER_KINDS: readonly LetterKind[] = WRITTEN_NOTIFICATION_KINDS;

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

interface TemplateRow {
  kind: LetterKind;
  version: number;
  body: string;
  source: 'file' | 'admin';
  created_by: string;
  created_at: Date;
}

const toTemplate = (r: TemplateRow): LetterTemplate => ({
  kind: r.kind,
  version: r.version,
  body: r.body,
  source: r.source,
  createdBy: r.created_by,
  createdAt: r.created_at.toISOString(),
});

/**
 * Versioned letter templates in the database. The files in the service seed version 1 of a kind
 * that has none; after that the program changes letters with `PUT /letter-templates/{kind}`, each
 * save a new version, and every letter records the version it was made from.
 */
export class LetterTemplates {
  async seedFromFiles(manager: EntityManager, directory = TEMPLATE_DIRECTORY): Promise<void> {
    for (const kind of LETTER_KINDS) {
      const body = await readFile(join(directory, `${kind}.txt`), 'utf8');
      await manager.query(
        `INSERT INTO letter_templates (kind, version, body, source, created_by)
         SELECT $1, 1, $2, 'file', 'seed'
          WHERE NOT EXISTS (SELECT 1 FROM letter_templates WHERE kind = $1)
         ON CONFLICT DO NOTHING`,
        [kind, body],
      );
    }
  }

  async current(manager: EntityManager, kind: LetterKind): Promise<LetterTemplate> {
    const rows: TemplateRow[] = await manager.query(
      `SELECT kind, version, body, source, created_by, created_at FROM letter_templates
        WHERE kind = $1 ORDER BY version DESC LIMIT 1`,
      [kind],
    );
    const row = rows[0];
    // Seeded at start; a missing template is a transient state (retry), never a silent skip.
    if (!row) throw new Error(`no letter template for ${kind}`);
    return toTemplate(row);
  }

  async history(manager: EntityManager, kind: LetterKind): Promise<LetterTemplate[]> {
    const rows: TemplateRow[] = await manager.query(
      `SELECT kind, version, body, source, created_by, created_at FROM letter_templates
        WHERE kind = $1 ORDER BY version DESC LIMIT 50`,
      [kind],
    );
    return rows.map(toTemplate);
  }

  /** Saves a new version (serialised per kind by a transaction-level advisory lock). */
  async save(
    manager: EntityManager,
    kind: LetterKind,
    body: string,
    by: string,
  ): Promise<LetterTemplate> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`letter-template:${kind}`]);
    const rows: TemplateRow[] = await manager.query(
      `INSERT INTO letter_templates (kind, version, body, source, created_by)
       SELECT $1, COALESCE(MAX(version), 0) + 1, $2, 'admin', $3 FROM letter_templates WHERE kind = $1
       RETURNING kind, version, body, source, created_by, created_at`,
      [kind, body, by],
    );
    return toTemplate(rows[0]!);
  }
}
