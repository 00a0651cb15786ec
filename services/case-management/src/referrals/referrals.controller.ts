import {
  Body,
  Controller,
  HttpCode,
  Inject,
  Post,
  Req,
  UnprocessableEntityException,
} from '@nestjs/common';
import { ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { ccmReferralSubmittedData } from '@careflow/contracts';
import { MessagingRuntime } from '@careflow/messaging';
import {
  ApiAnswer,
  AuditLog,
  auditOrigin,
  CurrentPrincipal,
  hasRole,
  Roles,
  zodDto,
  traceparentOf,
  type AuthenticatedRequest,
  type Principal,
} from '@careflow/platform';
import { actorOf } from '../common/actor';
import { referralAnswer, type ReferralAnswer } from './referral-answer';
import { ReferralRefusedError, Referrals, type ReferralOutcome } from './referrals.service';

class ReferralBody extends zodDto(ccmReferralSubmittedData) {}

/** `POST /referrals`: the same fields as a `ccm.referrals.v1` event. */
@ApiTags('referrals')
@Controller('referrals')
export class ReferralsController {
  constructor(
    @Inject(MessagingRuntime) private readonly messaging: MessagingRuntime,
    @Inject(Referrals) private readonly referrals: Referrals,
    @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  @Post()
  @ApiAnswer(201, 'What the referral did.', referralAnswer)
  @ApiUnprocessableEntityResponse({
    description:
      'The referral is refused: a provider referral from a provider who is not credentialed.',
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
          this.referrals.submit(uow, referral, {
            channel: 'http',
            trigger: { source: 'http:POST /referrals', eventId: referral.referralId },
            actor: actorOf(principal),
          }),
        traceparentOf(request),
      );
    } catch (error) {
      if (error instanceof ReferralRefusedError)
        throw new UnprocessableEntityException(error.message);
      throw error;
    }
    // Integrators submit referrals but see no member data in return.
    if (!hasRole(principal, 'case-manager', 'supervisor', 'admin')) {
      return {
        referralId: outcome.referralId,
        status: outcome.status,
        duplicate: outcome.duplicate,
      };
    }
    await this.audit.record({
      actor: principal,
      action: 'referral.submit',
      resourceType: 'referral',
      resourceId: outcome.referralId,
      memberId: outcome.memberId,
      outcome: 'allowed',
      ...auditOrigin(request),
    });
    return outcome;
  }
}
