/**
 * How the consumer treats a failure decides whether a message can ever be lost, so the classes
 * are few and explicit: a *permanent* failure is a property of the message (it will fail the same
 * way forever) and goes to the dead-letter topic; anything else is presumed *transient* (database
 * down, broker hiccup) and is retried with backoff without moving the offset.
 */
export abstract class PermanentEventError extends Error {
  abstract readonly errorClass: string;
}

/** The bytes are not a CloudEvent we can read: bad JSON, missing attributes, unknown mode. */
export class UndecodableEventError extends PermanentEventError {
  readonly errorClass = 'undecodable-event';
  override readonly name = 'UndecodableEventError';
}

/** A readable CloudEvent whose `type` or `data` breaks the topic's contract. */
export class InvalidEventError extends PermanentEventError {
  readonly errorClass = 'invalid-event';
  override readonly name = 'InvalidEventError';
  constructor(
    message: string,
    readonly issues: readonly string[] = [],
  ) {
    super(message);
  }
}

/** A valid event that the domain refuses (e.g. a case for an unknown member). */
export class RejectedEventError extends PermanentEventError {
  readonly errorClass = 'rejected-event';
  override readonly name = 'RejectedEventError';
}

/**
 * An event the service itself was about to publish breaks its topic's contract. Retrying would
 * fail the same way forever, so the triggering event goes to the DLQ with this reason.
 */
export class OutputContractError extends PermanentEventError {
  readonly errorClass = 'output-contract-violation';
  override readonly name = 'OutputContractError';
}

export function isPermanent(error: unknown): error is PermanentEventError {
  return error instanceof PermanentEventError;
}

export function describeError(error: unknown): { errorClass: string; message: string } {
  if (error instanceof PermanentEventError)
    return { errorClass: error.errorClass, message: error.message };
  if (error instanceof Error) return { errorClass: error.name, message: error.message };
  return { errorClass: 'unknown', message: String(error) };
}
