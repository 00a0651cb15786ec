import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/auth.guard';
import { PlatformMetrics } from './platform-metrics';

/**
 * Prometheus metrics. Not behind user tokens: scrapers carry none. Deployments restrict the
 * route to the monitoring network (see the NetworkPolicies); no figure names a member.
 */
@ApiTags('metrics')
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(PlatformMetrics) private readonly metrics: PlatformMetrics) {}

  @Get()
  @ApiOperation({
    summary: 'Prometheus metrics of this service instance (text exposition format).',
  })
  @ApiProduces('text/plain')
  @ApiResponse({ status: 200, description: 'The metrics, text format 0.0.4.' })
  async scrape(@Res() response: Response): Promise<void> {
    const body = await this.metrics.registry.metrics();
    response.setHeader('content-type', this.metrics.registry.contentType);
    response.setHeader('cache-control', 'no-store');
    response.send(body);
  }
}
