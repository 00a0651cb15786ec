export * from './config/config';
export { JsonLogger, type LogLevel } from './logging/json-logger';
export { redact } from './logging/redact';
export * from './database/data-source';
export * from './auth/principal';
export * from './auth/tokens';
export * from './auth/auth-config';
export {
  AuthGuard,
  bearerTokenOf,
  Public,
  Roles,
  CurrentPrincipal,
  type AuthenticatedRequest,
} from './auth/auth.guard';
export * from './audit/audit.service';
export { AuditLogTable1732000000001 } from './audit/audit-log.migration';
export { ZodValidationPipe, zodDto, type ZodDto } from './http/zod-validation.pipe';
export { ApiAnswer, openApiSchemaOf } from './http/openapi-schema';
export { PlatformExceptionFilter } from './http/platform-exception.filter';
export { auditOrigin, traceparentOf, requestContextMiddleware } from './http/request-context';
export { HealthController } from './health/health.controller';
export {
  PlatformModule,
  PLATFORM_OPTIONS,
  CLOCK,
  type ServicePlatformOptions,
  type CommonConfig,
} from './bootstrap/platform.module';
export { startService, type StartServiceOptions } from './bootstrap/start-service';
export {
  startTestService,
  developmentTokenIssuer,
  type TestService,
  type TestTokenIssuer,
  type TestTokenOptions,
} from './testing/test-service';
export { lockMembers } from './database/member-locks';
export { returningRows, rowsOf } from './database/returning-rows';
export { PlatformMetrics } from './metrics/platform-metrics';
export {
  startTelemetry,
  stopTelemetry,
  tracingEnabled,
  messagingTracer,
  useTracerProvider,
  resetTracing,
} from './telemetry/telemetry';
export { telemetryConfigShape } from './telemetry/telemetry-config';
export { recordSpans, type SpanRecorder } from './testing/span-recorder';
