import type { LoggerService } from '@nestjs/common';
import type { MessagingLogger } from '@careflow/messaging';
import { redact } from './redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * One JSON object per line on stdout. Structured fields pass through `redact`, so a PHI field
 * name never carries its value into a log, whoever wrote the call. Request-scoped fields (request
 * id, trace id) are passed by the caller, not carried by an AsyncLocalStorage: on Node 20 a store
 * in use runs a hook on every promise of the process, the event path's included (about 8% of a
 * routing request's allocations).
 */
export class JsonLogger implements LoggerService, MessagingLogger {
  constructor(
    private readonly service: string,
    private readonly level: LogLevel = 'info',
    private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  ) {}

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
    if (RANK[level] < RANK[this.level]) return;
    const line: Record<string, unknown> = {
      time: new Date().toISOString(),
      level,
      service: this.service,
      msg: message instanceof Error ? message.message : String(message),
    };
    // Nest passes its context name (a string) as the second argument.
    if (typeof fields === 'string') line['context'] = fields;
    else if (fields !== null && typeof fields === 'object') Object.assign(line, redact(fields));
    this.write(JSON.stringify(line));
  }
}
