import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import type { Response } from 'express';
import { z } from 'zod';
import { Public } from '../auth/auth.guard';
import { ApiAnswer, openApiSchemaOf } from '../http/openapi-schema';
import { ReadinessIndicators } from './health-indicators';

const checkResult = z.object({
  status: z.enum(['up', 'down']),
  error: z.string().optional().describe('Why it is down.'),
});
type CheckResult = z.input<typeof checkResult>;
const liveAnswer = z.object({ status: z.literal('up') });
const CHECKS = ['database', 'kafka', 'consumers', 'jobs'] as const;
const readinessSchema = openApiSchemaOf(
  z.object({
    status: z.enum(['up', 'down']),
    checks: z.object({
      database: checkResult,
      kafka: checkResult,
      consumers: checkResult,
      jobs: checkResult.describe("The service's job queue is started and its tables answer."),
    }),
  }),
);

@ApiTags('health')
@Public()
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(ReadinessIndicators) private readonly indicators: ReadinessIndicators,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'The process is up (no dependency is checked).' })
  @ApiAnswer(200, 'Up.', liveAnswer)
  live(): z.input<typeof liveAnswer> {
    return { status: 'up' };
  }

  @Get('ready')
  @ApiOperation({
    summary:
      'The database and Kafka answer, every consumer of the service is in its group and the job queue runs; 503 otherwise.',
  })
  @ApiResponse({ status: 200, description: 'Ready.', schema: readinessSchema })
  @ApiResponse({ status: 503, description: 'Not ready.', schema: readinessSchema })
  async ready(@Res() response: Response): Promise<void> {
    let result: HealthCheckResult;
    try {
      result = await this.health.check([
        () => this.indicators.database(),
        () => this.indicators.kafka(),
        () => this.indicators.consumers(),
        () => this.indicators.jobs(),
      ]);
    } catch (error) {
      // terminus answers a failed check as a 503 exception carrying the whole result.
      result = (error as { getResponse?: () => HealthCheckResult }).getResponse?.() ?? {
        status: 'error',
        details: {},
      };
    }
    const checks = Object.fromEntries(
      CHECKS.map((name): [string, CheckResult] => {
        const detail = result.details[name] as { status?: string; error?: unknown } | undefined;
        if (detail?.status === 'up') return [name, { status: 'up' }];
        const why = typeof detail?.error === 'string' ? detail.error : 'not checked';
        return [name, { status: 'down', error: why }];
      }),
    );
    const up = result.status === 'ok';
    response
      .status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
      .json({ status: up ? 'up' : 'down', checks });
  }
}
