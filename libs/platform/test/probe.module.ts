import { Body, Controller, Get, Module, Post, type DynamicModule } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { z } from 'zod';
import { topics, type LabResultReported } from '@careflow/contracts';
import {
  OnEvent,
  RejectedEventError,
  type ConsumedEvent,
  type EventContext,
} from '@careflow/messaging';
import { CurrentPrincipal, Roles } from '../src/auth/auth.guard';
import type { Principal } from '../src/auth/principal';
import { loadConfig, commonConfigShape } from '../src/config/config';
import { PlatformModule } from '../src/bootstrap/platform.module';
import { ApiAnswer } from '../src/http/openapi-schema';
import { zodDto } from '../src/http/zod-validation.pipe';
import type { MigrationInterface, QueryRunner } from 'typeorm';

class ProbeTable1732000009999 implements MigrationInterface {
  name = 'ProbeTable1732000009999';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE handled (event_id text PRIMARY KEY, result_id text NOT NULL)`,
    );
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE handled`);
  }
}

class EchoBody extends zodDto(z.object({ count: z.number().int().min(1) })) {}
const echoAnswer = z.object({ count: z.number().int(), by: z.string() });

/** A minimal service: one event handler and two routes, to test the platform's wiring. */
@Controller()
class ProbeController {
  @OnEvent(topics.labResults)
  async onLab(
    @Payload() event: ConsumedEvent<LabResultReported>,
    @Ctx() context: EventContext,
  ): Promise<void> {
    if (event.data.resultId.startsWith('REJECT'))
      throw new RejectedEventError('the probe refuses this result');
    await context.unitOfWork.manager.query(
      `INSERT INTO handled (event_id, result_id) VALUES ($1, $2)`,
      [event.id, event.data.resultId],
    );
  }

  @Post('echo')
  @Roles('supervisor')
  @ApiAnswer(201, 'The count, and who sent it.', echoAnswer)
  echo(
    @Body() body: EchoBody,
    @CurrentPrincipal() principal: Principal,
  ): z.input<typeof echoAnswer> {
    const { count } = body;
    return { count, by: principal.id };
  }

  /** Answers outside its documented schema, as a defect would: an extra field or a wrong type. */
  @Post('echo-undocumented')
  @Roles('supervisor')
  @ApiAnswer(201, 'The count, and who sent it.', echoAnswer)
  echoUndocumented(@Body() body: EchoBody): unknown {
    return body.count === 1 ? { count: 1, by: 'x', extra: true } : { count: 'two', by: 'x' };
  }

  @Get('boom')
  @Roles('supervisor')
  boom(): never {
    throw new Error('something internal with a secret detail');
  }
}

@Module({})
export class ProbeModule {
  static register(
    schema = 'platform_probe',
    env: Record<string, string | undefined> = process.env,
  ): DynamicModule {
    const config = loadConfig(commonConfigShape, env);
    return {
      module: ProbeModule,
      imports: [
        PlatformModule.forService({
          serviceName: 'platform-probe',
          schema,
          config,
          migrations: [ProbeTable1732000009999],
        }),
      ],
      controllers: [ProbeController],
    };
  }
}
