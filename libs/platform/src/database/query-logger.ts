import type { Logger as TypeOrmLogger } from 'typeorm';
import { valueFreeMessage } from '@careflow/messaging';

/** Where failed queries are reported (the service's JsonLogger). */
export interface QueryErrorSink {
  error(message: string, fields?: unknown): void;
}

const MAX_SQL = 300;

/**
 * TypeORM's own loggers print a failing query with its PARAMETERS, which carry member profiles,
 * names and diagnosis codes: PHI in the logs whenever the database goes away mid-write. This one
 * reports a failed query as one JSON line with the SQL text (placeholders only, truncated) and the
 * error's class, code and message; the parameters never reach a log.
 */
export class ParameterFreeQueryLogger implements TypeOrmLogger {
  constructor(
    private readonly sink: QueryErrorSink = {
      error: (message, fields) =>
        process.stdout.write(
          `${JSON.stringify({ time: new Date().toISOString(), level: 'error', msg: message, ...(fields as object) })}\n`,
        ),
    },
  ) {}

  logQueryError(error: string | Error, query: string): void {
    const e = typeof error === 'string' ? new Error(error) : error;
    this.sink.error('query failed', {
      sql: query.replace(/\s+/g, ' ').trim().slice(0, MAX_SQL),
      errorClass: e.name,
      code: (e as { code?: unknown }).code,
      // PostgreSQL quotes the value it refused (`invalid input syntax for type date: "…"`).
      error: valueFreeMessage(e).slice(0, 300),
    });
  }

  logQuery(): void {}

  logQuerySlow(): void {}

  logSchemaBuild(): void {}

  logMigration(): void {}

  log(): void {}
}
