import type { LoggerService } from '@nestjs/common';
import { context, trace } from '@opentelemetry/api';
import pino, { type Logger } from 'pino';
import type { MessagingLogger } from '@careflow/messaging';
import { errorFields, PHI_FIELD_NAMES, REDACTED, redact } from './redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * The field names pino itself blanks, at the top level and one level down: a second line of
 * defence for fields that never pass through `redact` (bindings, mixins). pino's paths have a
 * fixed depth, so `redact` (any depth, any case) stays the first.
 */
const PINO_REDACT_PATHS = PHI_FIELD_NAMES.flatMap((name) => [name, `*.${name}`]);

/**
 * The active span's ids, so a log line can be found from its trace and back. Without tracing
 * there is no context manager and no span: one lookup that finds nothing. A new object per line,
 * as pino merges the line's fields into what the mixin returns.
 */
function traceFields(): Record<string, string> {
  const span = trace.getSpan(context.active());
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}

/**
 * One JSON object per line on stdout (pino). Structured fields pass through `redact`, so a PHI
 * field name never carries its value into a log, whoever wrote the call; errors keep their class,
 * message and stack frames. Request-scoped fields (request id) are passed by the caller, not
 * carried by an AsyncLocalStorage: on Node 20 a store in use runs a hook on every promise of the
 * process, the event path's included (about 8% of a routing request's allocations). Trace ids
 * come from OpenTelemetry's context, which holds a store only when tracing is on.
 */
export class JsonLogger implements LoggerService, MessagingLogger {
  private readonly pino: Logger;

  constructor(
    service: string,
    level: LogLevel = 'info',
    write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  ) {
    this.pino = pino(
      {
        level,
        base: { service },
        messageKey: 'msg',
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
        redact: { paths: PINO_REDACT_PATHS, censor: REDACTED },
        mixin: traceFields,
      },
      { write: (chunk: string) => write(chunk.endsWith('\n') ? chunk.slice(0, -1) : chunk) },
    );
  }

  debug(message: unknown, fields?: unknown): void {
    this.emit('debug', message, fields);
  }

  info(message: unknown, fields?: unknown): void {
    this.emit('info', message, fields);
  }

  log(message: unknown, fields?: unknown): void {
    this.emit('info', message, fields);
  }

  warn(message: unknown, fields?: unknown): void {
    this.emit('warn', message, fields);
  }

  error(message: unknown, fields?: unknown): void {
    this.emit('error', message, fields);
  }

  verbose(message: unknown, fields?: unknown): void {
    this.emit('debug', message, fields);
  }

  private emit(level: LogLevel, message: unknown, fields: unknown): void {
    if (!this.pino.isLevelEnabled(level)) return;
    let line: Record<string, unknown> = {};
    // Nest passes its context name (a string) as the second argument.
    if (typeof fields === 'string') line['context'] = fields;
    else if (fields !== null && typeof fields === 'object')
      line = redact(fields) as Record<string, unknown>;
    if (message instanceof Error) {
      line['err'] = errorFields(message);
      this.pino[level](line, message.message);
    } else {
      this.pino[level](line, String(message));
    }
  }
}
