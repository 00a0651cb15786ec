import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { LetterKind, LetterTemplate } from './letter-template';

interface TemplateRow {
  kind: LetterKind;
  version: number;
  body: string;
  source: 'file' | 'admin';
  created_by: string;
  created_at: Date;
}

const COLUMNS = 'kind, version, body, source, created_by, created_at';

const toTemplate = (r: TemplateRow): LetterTemplate => ({
  kind: r.kind,
  version: r.version,
  body: r.body,
  source: r.source,
  createdBy: r.created_by,
  createdAt: r.created_at.toISOString(),
});

/** Versioned letter templates (`letter_templates`); a version never changes once saved. */
@Injectable()
export class LetterTemplateRepository {
  /** Stores `body` as version 1 of a kind that has no version yet. */
  async seed(manager: EntityManager, kind: LetterKind, body: string): Promise<void> {
    await manager.query(
      `INSERT INTO letter_templates (kind, version, body, source, created_by)
       SELECT $1, 1, $2, 'file', 'seed'
        WHERE NOT EXISTS (SELECT 1 FROM letter_templates WHERE kind = $1)
       ON CONFLICT DO NOTHING`,
      [kind, body],
    );
  }

  async current(manager: EntityManager, kind: LetterKind): Promise<LetterTemplate> {
    const rows: TemplateRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM letter_templates WHERE kind = $1 ORDER BY version DESC LIMIT 1`,
      [kind],
    );
    const row = rows[0];
    // Seeded at start; a missing template is a transient state (retry), never a silent skip.
    if (!row) throw new Error(`no letter template for ${kind}`);
    return toTemplate(row);
  }

  async version(
    manager: EntityManager,
    kind: LetterKind,
    version: number,
  ): Promise<LetterTemplate> {
    const rows: TemplateRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM letter_templates WHERE kind = $1 AND version = $2`,
      [kind, version],
    );
    const row = rows[0];
    if (!row) throw new Error(`no letter template ${kind} v${version}`);
    return toTemplate(row);
  }

  async history(manager: EntityManager, kind: LetterKind): Promise<LetterTemplate[]> {
    const rows: TemplateRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM letter_templates WHERE kind = $1 ORDER BY version DESC LIMIT 50`,
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
       RETURNING ${COLUMNS}`,
      [kind, body, by],
    );
    return toTemplate(rows[0]!);
  }
}
