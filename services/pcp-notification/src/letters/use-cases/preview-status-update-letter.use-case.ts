import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { identifier, type Clock } from '@careflow/contracts';
import { CLOCK, OperationConflictError, parseCommand } from '@careflow/platform';
import { CaseRepository, type CaseProjection } from '../../cases/case.repository';
import { PcpOutreach } from '../../notifications/pcp-outreach';
import { LetterTemplateRepository } from '../letter-template.repository';
import { letterPdfOf } from './render-letter.use-case';

/** The status update as the case manager would send it (the HTTP body, less the actor). */
export const statusUpdateDraft = z
  .object({
    caseId: identifier,
    summary: z.string().min(1).max(10000),
    conditionChanged: z.boolean(),
  })
  .strict();
export const previewStatusUpdateLetterCommand = statusUpdateDraft
  .extend({ recordedBy: z.object({ id: z.string().min(1), name: z.string().min(1) }) })
  .strict();
export type PreviewStatusUpdateLetterCommand = z.input<typeof previewStatusUpdateLetterCommand>;

/** How the caller reads the case: the controller checks the caseload and audits the read. */
export type CaseAccess = (
  caseId: string,
  load: () => Promise<CaseProjection | null>,
) => Promise<CaseProjection>;

/**
 * The clinical status update letter a draft would send the PCP, rendered now from the current
 * template, the PCP on file and the member and case facts, exactly as IssueStatusUpdateNotices
 * records them when case-management publishes the update (the footer says PREVIEW in place of a
 * notification id). Reads only: nothing is recorded, published or sent.
 */
@Injectable()
export class PreviewStatusUpdateLetterUseCase {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CaseRepository) private readonly cases: CaseRepository,
    @Inject(LetterTemplateRepository) private readonly templates: LetterTemplateRepository,
    @Inject(PcpOutreach) private readonly outreach: PcpOutreach,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(input: PreviewStatusUpdateLetterCommand, access: CaseAccess): Promise<Buffer> {
    const command = parseCommand(
      previewStatusUpdateLetterCommand,
      input,
      'preview status update letter',
    );
    const manager = this.dataSource.manager;
    const found = await access(command.caseId, () => this.cases.byId(manager, command.caseId));
    if (found.status !== 'enrolled')
      throw new OperationConflictError(
        'case-not-enrolled',
        'status updates are for enrolled cases',
      );
    const { pcp, span } = await this.outreach.currentPcp(manager, found.memberId);
    if (!pcp)
      throw new OperationConflictError(
        'pcp-missing',
        'coverage names no primary care provider: a status update would send no letter',
      );
    const now = this.clock.now();
    const facts = await this.outreach.letterFacts(
      manager,
      {
        case: found,
        memberId: found.memberId,
        caseId: found.caseId,
        pcp,
        span,
        caseManager: found.caseManager,
        update: {
          summary: command.summary,
          recordedAt: now.toISOString(),
          recordedBy: command.recordedBy.name,
          conditionChanged: command.conditionChanged,
        },
      },
      now,
    );
    const template = await this.templates.current(manager, 'clinical-status-update');
    return letterPdfOf(facts, template, 'PREVIEW, not sent');
  }
}
