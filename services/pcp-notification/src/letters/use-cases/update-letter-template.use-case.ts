import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import {
  AuditLog,
  CommandValidationError,
  parseCommand,
  type AuditOrigin,
  type Principal,
} from '@careflow/platform';
import { LETTER_KINDS, type LetterKind, type LetterTemplate } from '../letter-template';
import { LetterTemplateRepository } from '../letter-template.repository';
import { MAX_TEMPLATE_LENGTH, templateProblems } from '../template';

/** The new text of a template (the HTTP body). */
export const letterTemplateBody = z
  .object({
    body: z
      .string()
      .max(MAX_TEMPLATE_LENGTH)
      .describe('The template text: `# ` headings, `- ` bullets, `{{field}}` placeholders.'),
  })
  .strict();
export const updateLetterTemplateCommand = letterTemplateBody
  .extend({ kind: z.enum(LETTER_KINDS as [LetterKind, ...LetterKind[]]) })
  .strict();
export type UpdateLetterTemplateCommand = z.input<typeof updateLetterTemplateCommand>;

/**
 * Saves a new version of a letter template; letters issued from then on use it. A template that
 * uses an unknown field or breaks the markup is refused with each problem (400). The version and
 * its audit entry (`letter-template.save`: who saved which version; the entry's time is when)
 * commit in one transaction.
 */
@Injectable()
export class UpdateLetterTemplateUseCase {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(LetterTemplateRepository) private readonly templates: LetterTemplateRepository,
    @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  async execute(
    input: UpdateLetterTemplateCommand,
    savedBy: Principal,
    origin: AuditOrigin = {},
  ): Promise<LetterTemplate> {
    const { kind, body } = parseCommand(
      updateLetterTemplateCommand,
      input,
      'update letter template',
    );
    const problems = templateProblems(body);
    if (problems.length > 0)
      throw new CommandValidationError(
        'invalid template',
        problems.map((problem) => `body: ${problem}`),
      );
    return this.dataSource.transaction(async (manager) => {
      const saved = await this.templates.save(manager, kind, body, savedBy.id);
      await this.audit.record(
        {
          actor: savedBy,
          action: 'letter-template.save',
          resourceType: 'letter-template',
          resourceId: `${kind}@${saved.version}`,
          outcome: 'allowed',
          ...origin,
        },
        manager,
      );
      return saved;
    });
  }
}
