export * from './config/config';
export { checkTopicDurability } from './config/kafka-connection';
export { kafkaConnectionFromEnv } from '@careflow/messaging';
export { JsonLogger, type LogLevel } from './logging/json-logger';
export { redact } from './logging/redact';
export * from './database/data-source';
export {
  openServiceDatabase,
  connectServiceRoles,
  serviceRoleOptionsOf,
  databaseOf,
  withLogin,
  type ServiceRoleOptions,
} from './database/open-service-database';
export {
  serviceRoles,
  provisionServiceRoles,
  grantApplicationRole,
  type ServiceRoles,
} from './database/roles';
export * from './auth/principal';
export * from './auth/caseload';
export * from './auth/tokens';
export * from './auth/auth-config';
export {
  AuthGuard,
  auditRefusal,
  bearerTokenOf,
  ExternallyAuthenticated,
  Public,
  Roles,
  CurrentPrincipal,
  type AuthenticatedRequest,
} from './auth/auth.guard';
export {
  registeredRoutes,
  routesWithoutRule,
  describeRoutes,
  type RegisteredRoute,
} from './auth/route-rules';
export * from './audit/audit.service';
export { auditedRead, type AuditedRead, type AuditOrigin } from './audit/audited-read';
export { AuditLogTable1732000000001 } from './audit/audit-log.migration';
export { AuditChain1796600000000 } from './audit/audit-chain.migration';
export { AuditChainPerStatement1797400000000 } from './audit/audit-chain-per-statement.migration';
export {
  verifyAuditChain,
  chainedAuditSchemas,
  canonicalAuditRow,
  auditRowHash,
  type ChainReport,
  type ChainAnchor,
} from './audit/audit-chain';
export {
  CommandValidationError,
  ResourceNotFoundError,
  OperationConflictError,
  isUseCaseError,
  parseCommand,
  type UseCaseError,
} from './use-case/command';
export { ZodValidationPipe, zodDto, type ZodDto } from './http/zod-validation.pipe';
export { ApiAnswer, openApiSchemaOf } from './http/openapi-schema';
export { PlatformExceptionFilter } from './http/platform-exception.filter';
export { auditOrigin, traceparentOf, requestContextMiddleware } from './http/request-context';
export { corsAllowlist, corsOriginsSetting } from './http/cors-allowlist';
export { HealthController } from './health/health.controller';
export { JobQueue, type JobQueueSettings } from './jobs/job-queue';
export {
  maintainTables,
  AUTOVACUUM_DEFAULTS,
  type TableMaintenanceMode,
  type TableMaintenanceRun,
} from './database/table-maintenance';
export {
  TABLE_MAINTENANCE_JOB,
  TableMaintenanceQueue1797500000000,
} from './database/table-maintenance.migration';
export { type JobDefinition, type JobRun } from './jobs/job-definition';
export {
  JobQueueTables1797200000000,
  createJobQueues,
  INBOX_PRUNE_JOB,
} from './jobs/job-queue.migration';
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
export {
  DevelopmentTokenClient,
  identityProviderTokenIssuer,
  type IdentityProviderLocation,
} from './testing/identity-provider';
export {
  checkAuthorizationMatrix,
  MEMBER_OBJECT_PARAMS,
  documentedOperations,
  principalWithRole,
  type DocumentedOperation,
  type MatrixOptions,
  type MatrixReport,
  type RouteFixture,
} from './testing/authorization-matrix';
export { lockMembers } from './database/member-locks';
export { memberCases, seesMember, caseloadHoldersOf } from './database/caseload-reads';
export { returningRows, rowsOf } from './database/returning-rows';
export { PlatformMetrics } from './metrics/platform-metrics';
export {
  BUSINESS_METRICS,
  businessCounter,
  businessGauges,
  type GaugeReading,
} from './metrics/business-metrics';
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
export { scrapeMetric } from './testing/scrape-metric';
export {
  PAGE_STYLE,
  SIGN_IN_SCRIPT,
  pageCspOf,
  webConfigAnswer,
  webConfigOf,
  webSignInConfigShape,
  type WebSignInConfig,
} from './web/web-sign-in';
export {
  CHROMIUM_OPTIONS,
  developmentPassword,
  launchChromium,
  requireBrowserAndIdentityProvider,
  signInAs,
  startSignIn,
} from './testing/browser';
export {
  LiveStreamHub,
  sseMessage,
  type LiveStreamClient,
  type LiveStreamDependencies,
  type LiveStreamSettings,
  type PushAnnounced,
} from './live/live-stream-hub';
export { StreamTickets, streamTicket, type RedeemedTicket } from './live/stream-tickets';
export { StreamTicketRepository, type StoredTicket } from './live/stream-ticket.repository';
export { createStreamTicketsTable, dropStreamTicketsTable } from './live/stream-tickets.migration';
export { liveStreamVariables } from './live/live-stream-config';
