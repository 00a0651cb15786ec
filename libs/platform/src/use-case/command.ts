import type { z } from 'zod';
import { valueFreeErrorMap } from '@careflow/contracts';
import { InvalidEventError, RejectedEventError } from '@careflow/messaging';

/**
 * The errors a use case throws. One operation is reached from HTTP and from events alike, so its
 * errors are both: an HTTP status for the exception filter, and a permanent event error class
 * for the backbone (dead-letter, never retry). Messages name the rule, never a value (PHI).
 */

/**
 * The command breaks its schema: HTTP 400 (the issues listed in the body), event
 * `invalid-event` (the issues in the message, so the DLQ reason and the log name each field at
 * fault as the topic-contract check does).
 */
export class CommandValidationError extends InvalidEventError {
  readonly httpStatus = 400;
  constructor(
    /** The short form, without the issues: the HTTP answer's `message`. */
    readonly summary: string,
    issues: readonly string[] = [],
  ) {
    super(issues.length > 0 ? `${summary}: ${issues.join('; ')}` : summary, issues);
  }
}

/** The operation names something that does not exist (or the caller may not see): HTTP 404. */
export class ResourceNotFoundError extends RejectedEventError {
  readonly httpStatus = 404;
  constructor(
    message: string,
    readonly code = 'not-found',
  ) {
    super(message);
  }
}

/** The operation is not allowed in the resource's current state: HTTP 409, with a stable code. */
export class OperationConflictError extends RejectedEventError {
  readonly httpStatus = 409;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type UseCaseError = CommandValidationError | ResourceNotFoundError | OperationConflictError;

export function isUseCaseError(error: unknown): error is UseCaseError {
  return (
    error instanceof CommandValidationError ||
    error instanceof ResourceNotFoundError ||
    error instanceof OperationConflictError
  );
}

/**
 * Validates a use case's command against its schema (a command validates itself before the
 * operation runs, whoever called it): the parsed value, or a `CommandValidationError` naming each
 * field at fault and the rule it breaks.
 */
export function parseCommand<TSchema extends z.ZodType>(
  schema: TSchema,
  input: unknown,
  name = 'command',
): z.output<TSchema> {
  const result = schema.safeParse(input, { error: valueFreeErrorMap });
  if (result.success) return result.data;
  const issues = result.error.issues
    .slice(0, 20)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new CommandValidationError(`invalid ${name}`, issues);
}

/** The JSON answer of a use-case error (the exception filter's body). */
export function useCaseErrorBody(error: UseCaseError): Record<string, unknown> {
  if (error instanceof CommandValidationError)
    return {
      statusCode: 400,
      message: error.summary,
      issues: error.issues.map((issue) => {
        const at = issue.indexOf(': ');
        return at < 0
          ? { path: '(root)', message: issue }
          : { path: issue.slice(0, at), message: issue.slice(at + 2) };
      }),
    };
  return { statusCode: error.httpStatus, error: error.code, message: error.message };
}
