import { Controller, Get, Inject, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { memberId, timestamp } from '@careflow/contracts';
import { CurrentPrincipal, Roles, type AuthenticatedRequest } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { ApiAnswer } from '../http/openapi-schema';
import { auditOrigin } from '../http/request-context';
import { zodDto } from '../http/zod-validation.pipe';
import { AuditLog } from './audit.service';

/** The longest period one report covers (164.528 asks for six years; page through them). */
const MAX_PERIOD_MS = 366 * 24 * 3_600_000;
const LIMIT = 1000;

class DisclosuresQuery extends zodDto(
  z
    .strictObject({
      memberId,
      from: timestamp.describe('Start of the period (inclusive), ISO 8601 with offset.'),
      to: timestamp.describe('End of the period (exclusive), ISO 8601 with offset.'),
    })
    .refine((q) => Date.parse(q.from) < Date.parse(q.to), {
      message: 'from must be before to',
      path: ['to'],
    })
    .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= MAX_PERIOD_MS, {
      message: 'the period may span at most 366 days',
      path: ['to'],
    }),
) {}

const disclosuresAnswer = z.object({
  memberId: z.string(),
  from: z.string(),
  to: z.string(),
  disclosures: z.array(
    z.object({
      at: z.string().describe('When (UTC).'),
      actorId: z.string().describe('Who: the token subject.'),
      actorRoles: z.array(z.string()),
      action: z.string().describe('What was done, e.g. coverage.read.'),
      resourceType: z.string(),
      resourceId: z.string().nullable(),
      outcome: z.string().describe('allowed, denied or not-found.'),
      clientIp: z.string().nullable(),
      requestId: z.string().nullable(),
    }),
  ),
  truncated: z.boolean().describe(`More than ${LIMIT} accesses: narrow the period.`),
});

/**
 * An accounting of disclosures (45 CFR 164.528): who read a member's data in this service during a
 * period, from the audit log. Auditors only; the report is itself audited.
 */
@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(@Inject(AuditLog) private readonly audit: AuditLog) {}

  @Get('disclosures')
  @Roles('auditor')
  @ApiOperation({ summary: "Who accessed a member's data in this service during a period." })
  @ApiAnswer(200, 'The accesses, oldest first.', disclosuresAnswer)
  async disclosures(
    @Query() query: DisclosuresQuery,
    @CurrentPrincipal() principal: Principal,
    @Req() request: AuthenticatedRequest,
  ): Promise<z.input<typeof disclosuresAnswer>> {
    const from = new Date(query.from);
    const to = new Date(query.to);
    const report = await this.audit.disclosures(query.memberId, from, to, LIMIT);
    await this.audit.record({
      actor: principal,
      action: 'audit.disclosures.read',
      resourceType: 'audit-log',
      resourceId: `${from.toISOString()}/${to.toISOString()}`,
      memberId: query.memberId,
      outcome: 'allowed',
      ...auditOrigin(request),
    });
    return { memberId: query.memberId, from: from.toISOString(), to: to.toISOString(), ...report };
  }
}
