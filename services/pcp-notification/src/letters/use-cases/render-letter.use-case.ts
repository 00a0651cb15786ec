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
   * Renders the queued letters not rendered yet, `batch` at a time, until none is left or one
   * fails (it is tried again at the delivery worker's next run); answers how many it rendered.
   */
  async renderQueued(batch: number): Promise<number> {
    let rendered = 0;
    for (;;) {
      const ids = await this.notifications.unrenderedQueuedLetters(this.dataSource.manager, batch);
      for (const notificationId of ids) {
        try {
          await this.execute({ notificationId });
          rendered += 1;
        } catch (error) {
          this.logger.error('letter rendering failed', { notificationId, ...describeError(error) });
          return rendered;
        }
      }
      if (ids.length < batch) return rendered;
    }
  }
}
