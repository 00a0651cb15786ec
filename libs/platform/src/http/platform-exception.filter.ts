import {
  ArgumentsHost,
  Catch,
  HttpException,
  HttpStatus,
  type ExceptionFilter,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { throwError, type Observable } from 'rxjs';
import type { JsonLogger } from '../logging/json-logger';
import { isUnavailable } from '../database/data-source';
import { errorFields } from '../logging/redact';
import { requestLogFields } from './request-context';
import { isUseCaseError, useCaseErrorBody } from '../use-case/command';

/**
 * Global on both sides. HTTP: every error becomes a JSON answer with a status that says whose
 * fault it is; unexpected ones are logged (class, message and stack frames) and answer 500 without
 * internals. Events: the original error is rethrown untouched, because the backbone decides from
 * its class whether to dead-letter or retry (Nest's default RPC filter would erase it).
 */
@Catch()
export class PlatformExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: JsonLogger) {}

  catch(exception: unknown, host: ArgumentsHost): Observable<never> | void {
    if (host.getType() !== 'http') return throwError(() => exception);
    const response = host.switchToHttp().getResponse<Response>();
    const request = host.switchToHttp().getRequest<Request>();
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const payload = typeof body === 'string' ? { message: body } : body;
      response.status(status).json({ statusCode: status, ...payload });
      return;
    }
    if (isUseCaseError(exception)) {
      response.status(exception.httpStatus).json(useCaseErrorBody(exception));
      return;
    }
    if (isBodyParserError(exception)) {
      response
        .status(exception.status)
        .json({ statusCode: exception.status, message: bodyParserMessage(exception) });
      return;
    }
    if (isUnavailable(exception)) {
      this.logger.warn('database unavailable during an HTTP request', requestLogFields(request));
      response.status(HttpStatus.SERVICE_UNAVAILABLE).setHeader('retry-after', '5').json({
        statusCode: 503,
        message: 'temporarily unavailable; nothing was changed, retry later',
      });
      return;
    }
    // The error's class, message and stack frames (see `errorFields`); a thrown non-Error only
    // by its type, as its text could be anything.
    this.logger.error('unhandled error in HTTP request', {
      ...requestLogFields(request),
      err: exception instanceof Error ? errorFields(exception) : { errorClass: typeof exception },
    });
    response
      .status(HttpStatus.INTERNAL_SERVER_ERROR)
      .json({ statusCode: 500, message: 'internal error; the request was not completed' });
  }
}

/**
 * body-parser's texts quote the body (`Unexpected token 'J', "John Doe, 1961-…" is not valid JSON`)
 * or a header: answer a fixed text per kind, with the position of a JSON syntax error.
 */
function bodyParserMessage(error: { type: string; message: string }): string {
  switch (error.type) {
    case 'entity.parse.failed': {
      const position = /position (\d+)/.exec(error.message)?.[1];
      return position === undefined
        ? 'malformed JSON body'
        : `malformed JSON body at position ${position}`;
    }
    case 'entity.too.large':
      return 'request body too large';
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return 'unsupported body encoding or charset';
    default:
      return 'unreadable request body';
  }
}

/** express.json() errors: malformed JSON (400) and oversized bodies (413). */
function isBodyParserError(
  error: unknown,
): error is { status: number; message: string; type: string } {
  return (
    typeof error === 'object' &&
    error !== null &&
    'type' in error &&
    'status' in error &&
    typeof (error as { status: unknown }).status === 'number' &&
    /^(entity|encoding|charset|request)\./.test(String((error as { type: unknown }).type))
  );
}
