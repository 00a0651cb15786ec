import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { identifier } from '@careflow/contracts';
import { describeError } from '@careflow/messaging';
import { JsonLogger, parseCommand } from '@careflow/platform';
import { NotificationRepository } from '../../notifications/notification.repository';
import { fromStoredLetterFacts, letterValues, type LetterFacts } from '../letter-content';
import type { LetterTemplate } from '../letter-template';
import { renderLetterPdf } from '../letter-pdf';
import { LetterTemplateRepository } from '../letter-template.repository';
import { fillTemplate, parseBlocks } from '../template';

export const renderLetterCommand = z.object({ notificationId: identifier }).strict();
export type RenderLetterCommand = z.input<typeof renderLetterCommand>;

const TITLES = {
  'enrollment-notice': 'Notice of enrollment in complex case management',
  'clinical-status-update': 'Clinical status update',
} as const;

/** A letter as the PCP receives it: the template filled with the facts; `label` in the footer. */
export function letterPdfOf(
  facts: LetterFacts,
  template: LetterTemplate,
  label: string,
): Promise<Buffer> {
  return renderLetterPdf({
    blocks: parseBlocks(fillTemplate(template.body, letterValues(facts))),
    title: TITLES[template.kind],
    footer: `${label} · template ${template.kind} v${template.version}`,
    createdAt: facts.date,
  });
}

/**
 * A letter's PDF, rendered from committed data outside any transaction: the facts and template
 * version recorded when the letter was issued. The first rendering stored is the letter (a second,
 * racing one is dropped), so the PCP, the download and the archive all see the same document.
 * Answers null for a notification without a letter.
 */
@Injectable()
export class RenderLetterUseCase {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(NotificationRepository) private readonly notifications: NotificationRepository,
    @Inject(LetterTemplateRepository) private readonly templates: LetterTemplateRepository,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  async execute(input: RenderLetterCommand): Promise<Buffer | null> {
    const { notificationId } = parseCommand(renderLetterCommand, input, 'render letter');
    const manager = this.dataSource.manager;
    const letter = await this.notifications.letterToRender(manager, notificationId);
    if (!letter) return null;
    if (letter.pdf) return letter.pdf;
    if (!letter.facts) return null;
    const facts = fromStoredLetterFacts(letter.facts);
    const template = await this.templates.version(manager, letter.kind, letter.templateVersion);
    const pdf = await letterPdfOf(facts, template, notificationId);
    return this.notifications.storeLetterPdf(manager, notificationId, pdf);
  }

  /**
   * Renders the queued letters not rendered yet, `batch` at a time (one read of the letters and
   * their templates, one write of the PDFs per batch), until none is left or one fails (it is
   * tried again at the delivery worker's next run); answers how many it rendered.
   */
  async renderQueued(batch: number): Promise<number> {
    const manager = this.dataSource.manager;
    const templates = new Map<string, LetterTemplate>();
    let rendered = 0;
    for (;;) {
      const letters = await this.notifications.unrenderedQueuedLetters(manager, batch);
      const pdfs: { notificationId: string; pdf: Buffer }[] = [];
      let failed = false;
      for (const letter of letters) {
        try {
          const key = `${letter.kind}@${letter.templateVersion}`;
          let template = templates.get(key);
          if (!template) {
            template = await this.templates.version(manager, letter.kind, letter.templateVersion);
            templates.set(key, template);
          }
          const facts = fromStoredLetterFacts(letter.facts!);
          pdfs.push({
            notificationId: letter.notificationId,
            pdf: await letterPdfOf(facts, template, letter.notificationId),
          });
        } catch (error) {
          this.logger.error('letter rendering failed', {
            notificationId: letter.notificationId,
            ...describeError(error),
          });
          failed = true;
          break;
        }
      }
      await this.notifications.storeLetterPdfs(manager, pdfs);
      rendered += pdfs.length;
      if (failed || letters.length < batch) return rendered;
    }
  }
}
