import { ServiceUnavailableException } from '@nestjs/common';
import type { HealthCheckService } from '@nestjs/terminus';
import type { Response } from 'express';
import { HealthController } from './health.controller';
import type { ReadinessIndicators } from './health-indicators';

/** The readiness answer keeps its JSON shape over terminus's result, up or down. */
describe('readiness', () => {
  const indicators = {} as ReadinessIndicators;

  const answer = async (check: () => Promise<unknown>) => {
    const health = { check } as unknown as HealthCheckService;
    const sent: { status?: number; body?: unknown } = {};
    const response = {
      status(code: number) {
        sent.status = code;
        return this;
      },
      json(body: unknown) {
        sent.body = body;
        return this;
      },
    } as unknown as Response;
    await new HealthController(health, indicators).ready(response);
    return sent;
  };

  it('is 200 with every check up', async () => {
    const details = {
      database: { status: 'up' },
      kafka: { status: 'up' },
      consumers: { status: 'up' },
      jobs: { status: 'up' },
    };
    expect(await answer(async () => ({ status: 'ok', details }))).toEqual({
      status: 200,
      body: { status: 'up', checks: details },
    });
  });

  it('is 503 naming each check that is down and why', async () => {
    const details = {
      database: { status: 'down', error: 'connection refused' },
      kafka: { status: 'up' },
      consumers: { status: 'down', error: 'not in their group yet: case-management' },
      jobs: { status: 'up' },
    };
    const failed = async () => {
      throw new ServiceUnavailableException({ status: 'error', details });
    };
    expect(await answer(failed)).toEqual({
      status: 503,
      body: { status: 'down', checks: details },
    });
  });
});
