import {
  Body,
  ConflictException,
  Controller,
  HttpCode,
  Inject,
  Post,
  Req,
  UnprocessableEntityException,
} from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { ccmReferralSubmittedData } from '@careflow/contracts';
import { MessagingRuntime } from '@careflow/messaging';
import {
  ApiAnswer,
  AuditLog,
  auditOrigin,
  CurrentPrincipal,
  Roles,
  seesMember,
  zodDto,
  traceparentOf,
  type AuthenticatedRequest,
  type Principal,
} from '@careflow/platform';
import { actorOf, CASES_TABLE } from '../common/actor';
import { referralAnswer, type ReferralAnswer } from './referral-answer';
import {
  ReferMember,
  ReferralConflictError,
  ReferralRefusedError,
  type ReferralOutcome,
} from './use-cases/refer-member.use-case';

class ReferralBody extends zodDto(ccmReferralSubmittedData) {}

/** `POST /referrals`: the same fields as a `ccm.referrals.v1` event. */
@ApiTags('referrals')
@Controller('referrals')
export class ReferralsController {
  constructor(
    @Inject(MessagingRuntime) private readonly messaging: MessagingRuntime,
    @Inject(ReferMember) private readonly referMember: ReferMember,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  @Post()
  @ApiAnswer(201, 'What the referral did.', referralAnswer)
  @ApiUnprocessableEntityResponse({
    description:
      'The referral is refused: a provider referral from a provider who is not credentialed.',
  })
  @ApiConflictResponse({
    description:
      'The referral id was already submitted by someone else (or for another member); nothing of that referral is told.',
  })
  @HttpCode(201)
  @Roles('case-manager', 'supervisor', 'admin', 'integrator')
  @ApiOperation({
    summary:
      'Submits a referral: it opens a case for review and phone assessment, with the evaluation attached.',
  })
  async submit(
    @Body() body: ReferralBody,
    @CurrentPrincipal() principal: Principal,
    @Req() request: AuthenticatedRequest,
  ): Promise<ReferralAnswer> {
    const referral = body;
    let outcome: ReferralOutcome;
    try {
      outcome = await this.messaging.transaction(
        (uow) =>
          this.referMember.execute(uow, {
            referral,
            via: {
              channel: 'http',
              trigger: { source: 'http:POST /referrals', eventId: referral.referralId },
              actor: actorOf(principal),
            },
          }),
        traceparentOf(request),
      );
    } catch (error) {
      if (error instanceof ReferralRefusedError)
        throw new UnprocessableEntityException(error.message);
      if (error instanceof ReferralConflictError) {
        await this.recordAudit(principal, request, referral.referralId, null, 'denied');
        throw new ConflictException(error.message);
      }
      throw error;
    }
    // What the referral led to (a case, the criteria met, whether coverage is in force) is member
    // data: only a caller who sees the member (caseload rule) learns it, so a referral cannot be
    // used to probe members outside one's caseload.
    const visible = await seesMember(
      this.dataSource.manager,
      CASES_TABLE,
      principal,
      outcome.memberId,
    );
    await this.recordAudit(principal, request, outcome.referralId, outcome.memberId, 'allowed');
    if (!visible) {
      return { referralId: outcome.referralId, status: 'received', duplicate: outcome.duplicate };
    }
    return outcome;
  }

  private async recordAudit(
    principal: Principal,
    request: AuthenticatedRequest,
    referralId: string,
    memberId: string | null,
    outcome: 'allowed' | 'denied',
  ): Promise<void> {
    await this.audit.record({
      actor: principal,
      action: 'referral.submit',
      resourceType: 'referral',
      resourceId: referralId,
      memberId,
      outcome,
      ...auditOrigin(request),
    });
  }
}
