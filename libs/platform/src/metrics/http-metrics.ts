import type { NextFunction, Request, Response } from 'express';
import type { PlatformMetrics } from './platform-metrics';

/**
 * Counts and times every HTTP answer by its route template (`/cases/:caseId`), never by the path
 * itself, which can carry ids. Unmatched paths share one label so scanners cannot grow the series.
 */
export function httpMetricsMiddleware(metrics: PlatformMetrics) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const started = performance.now();
    response.on('finish', () => {
      const template = (request.route as { path?: unknown } | undefined)?.path;
      const route = typeof template === 'string' ? `${request.baseUrl}${template}` : '(unmatched)';
      metrics.httpAnswered(
        request.method,
        route,
        response.statusCode,
        (performance.now() - started) / 1000,
      );
    });
    next();
  };
}
