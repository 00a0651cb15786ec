import { ValidationError as CloudEventsValidationError } from 'cloudevents';

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

/**
 * An error's class and a message fit for logs and DLQ headers. The platform's own permanent errors
 * are built without input values; any other message is made value-free (see `valueFreeMessage`).
 */
export function describeError(error: unknown): { errorClass: string; message: string } {
  if (error instanceof PermanentEventError)
    return { errorClass: error.errorClass, message: error.message };
  if (error instanceof Error) return { errorClass: error.name, message: valueFreeMessage(error) };
  return { errorClass: 'unknown', message: 'a non-error value was thrown' };
}

const SQLSTATE = /^[0-9A-Z]{5}$/;
const QUOTED = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g;

/**
 * The text of an error that may quote the input it failed on (and so carry PHI), without the
 * input: V8's `JSON.parse` quotes the text (`Unexpected token 'J', "John Doe" is not valid JSON`),
 * PostgreSQL quotes the value (`invalid input syntax for type date: "1961-04-12"`), the
 * cloudevents SDK prints attribute values. Kept: the class, the position, the rule broken.
 */
export function valueFreeMessage(error: Error): string {
  if (error instanceof SyntaxError) {
    const position = /position (\d+)/.exec(error.message)?.[1];
    return position === undefined ? 'malformed JSON' : `malformed JSON at position ${position}`;
  }
  const code = (error as { code?: unknown }).code;
  const text = error.message.replace(QUOTED, '"…"');
  if (typeof code === 'string' && SQLSTATE.test(code)) {
    // A PostgreSQL message puts the offending value after the last colon when it is not quoted.
    return `${text.split(':')[0]!.trim()} (SQLSTATE ${code})`;
  }
  if (error instanceof CloudEventsValidationError) return cloudEventsValidationText(error);
  return text;
}

/** The cloudevents SDK's ValidationError: its first words and the JSON-schema rules broken. */
function cloudEventsValidationText(error: CloudEventsValidationError): string {
  const head = error.message.split(/[:\n]/)[0]!.replace(QUOTED, '"…"').trim();
  const rules = ((error.errors ?? []) as unknown[])
    .filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null)
    .map((e) => {
      const path = typeof e['instancePath'] === 'string' ? e['instancePath'] : '';
      const keyword = typeof e['keyword'] === 'string' ? e['keyword'] : 'invalid';
      return `${path || '(event)'} ${keyword}`;
    })
    .slice(0, 5);
  return rules.length > 0 ? `${head} (${rules.join(', ')})` : head;
}
