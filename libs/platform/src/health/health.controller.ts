import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { describeError, MessagingRuntime } from '@careflow/messaging';
import { z } from 'zod';
import { Public } from '../auth/auth.guard';
import { ApiAnswer, openApiSchemaOf } from '../http/openapi-schema';

const checkResult = z.object({
  status: z.enum(['up', 'down']),
  error: z.string().optional().describe('Why it is down.'),
});
type CheckResult = z.input<typeof checkResult>;
const liveAnswer = z.object({ status: z.literal('up') });
const readinessSchema = openApiSchemaOf(
  z.object({
    status: z.enum(['up', 'down']),
    checks: z.object({ database: checkResult, kafka: checkResult, consumers: checkResult }),
  }),
);

@ApiTags('health')
@Public()
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(MessagingRuntime) private readonly messaging: MessagingRuntime,
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
      'The database and Kafka answer and every consumer of the service is in its group; 503 otherwise.',
  })
  @ApiResponse({ status: 200, description: 'Ready.', schema: readinessSchema })
  @ApiResponse({ status: 503, description: 'Not ready.', schema: readinessSchema })
  async ready(@Res() response: Response): Promise<void> {
    const [database, kafka] = await Promise.all([
      check(async () => {
        await this.dataSource.query('SELECT 1');
      }),
      check(() => this.messaging.checkBroker()),
    ]);
    const notJoined = this.messaging.groupsNotJoined;
    const consumers: CheckResult =
      notJoined.length === 0
        ? { status: 'up' }
        : { status: 'down', error: `not in their group yet: ${notJoined.join(', ')}` };
    const up = database.status === 'up' && kafka.status === 'up' && consumers.status === 'up';
    response
      .status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
      .json({ status: up ? 'up' : 'down', checks: { database, kafka, consumers } });
  }
}

async function check(probe: () => Promise<void>): Promise<CheckResult> {
  try {
    await probe();
    return { status: 'up' };
  } catch (error) {
    return { status: 'down', error: describeError(error).message };
  }
}
