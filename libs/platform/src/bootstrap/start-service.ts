import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json } from 'express';
import { KafkaEventTransport, MessagingRuntime } from '@careflow/messaging';
import { describeRoutes, routesWithoutRule } from '../auth/route-rules';
import { AnswerCheckInterceptor } from '../http/answer-check.interceptor';
import { completeOpenApiDocument } from '../http/openapi-document';
import { PlatformExceptionFilter } from '../http/platform-exception.filter';
import { requestContextMiddleware } from '../http/request-context';
import { docsEnabled, hardenHttp } from '../http/hardening';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { JsonLogger } from '../logging/json-logger';
import { httpMetricsMiddleware } from '../metrics/http-metrics';
import { PlatformMetrics } from '../metrics/platform-metrics';
import { PLATFORM_OPTIONS, type ServicePlatformOptions } from './platform.module';

export interface StartServiceOptions {
  readonly module: Type<unknown> | DynamicModule;
  readonly title: string;
  readonly description: string;
  readonly port: number;
  readonly host?: string;
  /** Largest JSON body accepted; larger ones answer 413. */
  readonly bodyLimit?: string;
  /** Check each answer against its documented schema (integration tests). */
  readonly checkAnswers?: boolean;
  /**
   * A route with neither `@Public()` nor `@Roles(...)`: refuse to start (default), or only log
   * it loudly and serve it refused to everyone (403, audited), for tests of the guard's default deny.
   */
  readonly routeWithoutRule?: 'refuse-to-start' | 'log';
}

/**
 * Boots a hybrid Nest app: hardened HTTP (security headers, no-store, rate limits per principal)
 * with OpenAPI at /docs unless HTTP_DOCS turns it off, and the Kafka side on the backbone's
 * transport. Global pipe and filter apply to both sides (`inheritAppConfig`).
 */
export async function startService(options: StartServiceOptions): Promise<INestApplication> {
  // Until the module (and its configured logger) exists, Nest's own start-up messages and
  // errors go through a JSON logger too, never Nest's plain-text default.
  const level = process.env.LOG_LEVEL;
  const bootLogger = new JsonLogger(
    options.title
      .toLowerCase()
      .replace(/^careflow\s+/, '')
      .replace(/\s+/g, '-'),
    level === 'debug' || level === 'warn' || level === 'error' ? level : 'info',
  );
  const app = await NestFactory.create<NestExpressApplication>(options.module, {
    logger: bootLogger,
    bodyParser: false,
  });
  const logger = app.get(JsonLogger);
  app.useLogger(logger);
  await refuseRoutesWithoutRule(app, logger, options.routeWithoutRule ?? 'refuse-to-start');
  const { config } = app.get<ServicePlatformOptions>(PLATFORM_OPTIONS);
  hardenHttp(app, config);
  app.use(requestContextMiddleware);
  app.use(httpMetricsMiddleware(app.get(PlatformMetrics)));
  app.use(json({ limit: options.bodyLimit ?? '256kb' }));
  app.useGlobalPipes(new ZodValidationPipe());
  app.useGlobalFilters(new PlatformExceptionFilter(logger));
  if (options.checkAnswers)
    app.useGlobalInterceptors(new AnswerCheckInterceptor(app.get(Reflector)));
  if (docsEnabled(config)) {
    const document = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle(options.title)
        .setDescription(options.description)
        .setVersion('1')
        .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
        .addSecurityRequirements('bearer')
        .build(),
    );
    SwaggerModule.setup('docs', app, completeOpenApiDocument(document), {
      jsonDocumentUrl: 'docs/openapi.json',
    });
  }
  app.connectMicroservice(
    { strategy: new KafkaEventTransport(app.get(MessagingRuntime)) },
    { inheritAppConfig: true },
  );
  app.enableShutdownHooks();
  await app.init();
  await app.startAllMicroservices();
  await app.listen(options.port, options.host ?? '0.0.0.0');
  logger.info('service started', { port: options.port });
  return app;
}

/**
 * Default deny, made loud: a route with neither `@Public()` nor `@Roles(...)` would answer 403 to
 * everyone (the guard), so a service that has one is a defect and does not start; the error names
 * each such route.
 */
async function refuseRoutesWithoutRule(
  app: INestApplication,
  logger: JsonLogger,
  policy: 'refuse-to-start' | 'log',
): Promise<void> {
  const unruled = routesWithoutRule(app);
  if (unruled.length === 0) return;
  const message = `routes without an access rule (@Public() or @Roles(...)):\n${describeRoutes(unruled)}`;
  logger.error(message, { routes: unruled.map((r) => r.key) });
  if (policy === 'log') return;
  await app.close();
  throw new Error(message);
}
